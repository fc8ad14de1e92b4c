"""All offer pages of one build: from the cache where nothing changed, computed (on both cores) where it did.

An offer page's body depends only on the offer, its project, the day (upcoming runs, expiry),
whether it is listed, its address and the code; its QR code only on its address. Both are cached
by a hash of exactly that (``generator.build_cache``), so a build after a one-offer edit
renders one body, and a build on a new day re-renders bodies but draws no QR code again.
Misses are computed in worker processes when there are enough of them to pay for the fork.
"""

from __future__ import annotations

import importlib.metadata
import multiprocessing
import os
from collections.abc import Callable
from datetime import date
from typing import Any

from generator.build_cache import BuildCache, content_key
from generator.feeds import FeedContext
from generator.model import Catalogue, Offer
from generator.site.head import jsonld_script
from generator.site.offer_page import offer_body_html, stamped_offer_page
from generator.site.qr import page_qr
from generator.site.search_terms import preload_splitter
from generator.progress import tick
from generator.site.stamped_pages import StampedPage

# Below this many misses a worker pool costs more than it saves (fork + pickling results).
PARALLEL_FROM = 64
# The only code a QR code depends on (besides segno's version).
QR_CODE = ("site/qr.py",)


def offer_head(ctx: FeedContext, offer: Offer, listed: bool) -> str:
    head = jsonld_script(ctx, offer) if listed else ""
    if not listed:
        head = '<meta name="robots" content="noindex">\n' + head
    return head


def _in_workers(func: Callable[[Any], bytes], items: list[Any]) -> list[bytes]:
    """``func`` over ``items``, on every core when it pays off (fork: workers share the loaded catalogue).

    Reports each result to the progress display (``tick``); the first call (QR codes) also tells it
    how much work there is.
    """
    cores = os.cpu_count() or 1
    results: list[bytes] = []
    if len(items) < PARALLEL_FROM or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            results.append(func(item))
            tick()
        return results
    with multiprocessing.get_context("fork").Pool(min(cores, 4)) as pool:
        for result in pool.imap(func, items, chunksize=max(1, min(50, len(items) // (cores * 8)))):
            results.append(result)
            tick()
    return results


# The workers read the build's inputs from these module globals, set before the fork; passing
# the catalogue with every task would pickle it thousands of times.
_JOB: dict[str, Any] = {}


def _qr_job(url: str) -> bytes:
    return page_qr(url).encode("utf-8")


def _body_job(offer_id: str) -> bytes:
    ctx: FeedContext = _JOB["ctx"]
    offer = _JOB["offers"][offer_id]
    url = ctx.offer_url(offer)
    return offer_body_html(
        offer,
        url,
        ctx.catalogue.today,
        listed=ctx.catalogue.is_listed(offer),
        lab=ctx.labels,
        qr=_JOB["qr"][url],
    ).encode("utf-8")


def body_key(offer: Offer, url: str, today: date, listed: bool) -> str:
    return content_key("offer-body", offer.id, offer.data, offer.provider.data, url, today, listed)


def offer_pages(ctx: FeedContext, cache: BuildCache) -> list[StampedPage]:
    """Every offer's page (expired ones too: old links and printed QR codes keep working)."""
    catalogue: Catalogue = ctx.catalogue
    offers = list(catalogue.offers)
    urls = {offer.id: ctx.offer_url(offer) for offer in offers}
    segno_version = importlib.metadata.version("segno")
    qr_keys = {url: content_key("qr", url, segno_version, code=QR_CODE) for url in urls.values()}
    body_keys = {
        offer.id: body_key(offer, urls[offer.id], catalogue.today, catalogue.is_listed(offer)) for offer in offers
    }
    bodies = cache.get_many("offer-body", body_keys.values())
    todo = [offer.id for offer in offers if body_keys[offer.id] not in bodies]
    # QR codes are needed only for the pages to render; each missing one is drawn once.
    qr_needed = {urls[offer_id]: qr_keys[urls[offer_id]] for offer_id in todo}
    qr_found = cache.get_many("qr", qr_needed.values())
    qr_todo = [url for url, key in qr_needed.items() if key not in qr_found]
    tick(0, total=len(qr_todo) + len(todo))
    if todo:
        qr = cache.computed(
            "qr", qr_needed, lambda missing: dict(zip(missing, _in_workers(_qr_job, missing), strict=True))
        )
        if len(todo) >= PARALLEL_FROM:
            preload_splitter()  # once here, shared by the forked workers, instead of once in each
        _JOB.update(ctx=ctx, offers={o.id: o for o in offers}, qr={u: v.decode("utf-8") for u, v in qr.items()})
        try:
            fresh = dict(zip(todo, _in_workers(_body_job, todo), strict=True))
        finally:
            _JOB.clear()
        cache.put_many("offer-body", {body_keys[offer_id]: fresh[offer_id] for offer_id in todo})
        cache.keep_only("offer-body", body_keys.values())  # yesterday's pages are not needed again
        bodies.update({body_keys[offer_id]: fresh[offer_id] for offer_id in todo})
    return [
        stamped_offer_page(
            offer, bodies[body_keys[offer.id]], offer_head(ctx, offer, catalogue.is_listed(offer))
        )
        for offer in offers
    ]
