"""Everything the plugin adds to a site besides hand-written pages, as plain path → content maps.

The plugin only wraps these in MkDocs ``File`` objects; a test (or another generator) can call
them directly.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from pathlib import Path

from generator.feeds import FEED_MODULES, FEEDS_DIR, FeedContext, build_time, render_feeds
from generator.model import Catalog, Offer
from generator.site.catalogue import CATALOGUE_SRC_URI, render_catalogue_page
from generator.site.head import alternate_links, jsonld_script
from generator.site.labels import labels
from generator.site.offer_page import offer_src_uri, render_offer_page

log = logging.getLogger(__name__)
SCHEMA_SITE_DIR = "schema"


@dataclass(frozen=True)
class SiteContent:
    """The generated part of one build."""

    pages: dict[str, str]  # src_uri → Markdown
    assets: dict[str, bytes]  # site path → bytes (feeds, schemas)
    heads: dict[str, str]  # src_uri → extra <head> HTML
    alternates: str  # <link rel="alternate"> for every page


def feed_context(catalog: Catalog, site_url: str) -> FeedContext:
    return FeedContext(catalog=catalog, site_url=site_url, build_time=build_time())


def available_feeds(names: list[str] | None = None) -> list[str]:
    """Feed names whose writer module exists (the feed writers are added one by one)."""
    out = []
    for name in names or list(FEED_MODULES):
        try:
            importlib.import_module(FEED_MODULES[name])
        except ModuleNotFoundError as exc:
            if exc.name != FEED_MODULES[name]:
                raise
            log.info("Feed %s übersprungen: Modul %s fehlt", name, FEED_MODULES[name])
            continue
        out.append(name)
    return out


def kursnet_skip_message(catalog: Catalog) -> str:
    """Why offers are left out of the KURSNET feed, if the KURSNET writer says so."""
    try:
        module = importlib.import_module(FEED_MODULES["kursnet"])
    except ModuleNotFoundError:
        return ""
    func = getattr(module, "skip_message", None)
    return (func(catalog) or "") if func else ""


def offer_head(ctx: FeedContext, offer: Offer, listed: bool) -> str:
    head = jsonld_script(ctx, offer) if listed else ""
    if not listed:
        head = '<meta name="robots" content="noindex">\n' + head
    return head


def build_site_content(catalog: Catalog, site_url: str, schema_dir: Path,
                       feed_names: list[str] | None = None) -> SiteContent:
    """Pages for every offer (expired ones too), the catalogue page, feeds and schema copies."""
    ctx = feed_context(catalog, site_url)
    lab = labels()
    pages: dict[str, str] = {}
    heads: dict[str, str] = {}
    for offer in catalog.offers:
        src = offer_src_uri(offer.id)
        pages[src] = render_offer_page(offer, ctx.offer_url(offer), catalog.today, lab=lab)
        heads[src] = offer_head(ctx, offer, offer.is_listed(catalog.today))
    pages[CATALOGUE_SRC_URI] = render_catalogue_page(catalog, lab)
    assets: dict[str, bytes] = {}
    names = available_feeds(feed_names)
    if names:
        for relative, content in render_feeds(ctx, names).items():
            assets[f"{FEEDS_DIR}/{relative}"] = content
    for path in sorted(Path(schema_dir).glob("*.json")):
        assets[f"{SCHEMA_SITE_DIR}/{path.name}"] = path.read_bytes()
    return SiteContent(pages=pages, assets=assets, heads=heads, alternates=alternate_links(ctx))

