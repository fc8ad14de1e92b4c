"""Everything the plugin adds to a site besides hand-written pages, as plain path → content maps.

The plugin only wraps these in MkDocs ``File`` objects; a test (or another generator) can call
them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.build_cache import BuildCache
from generator.feeds import FEED_MODULES, FEEDS_DIR, FeedContext, build_time, render_feeds
from generator.feeds.kursnet_feed import skip_message
from generator.model import Catalogue
from generator.progress import section
from generator.schema import SCHEMA_DIR
from generator.site.catalogue import catalogue_assets, catalogue_pages
from generator.site.head import alternate_links
from generator.site.offer_page import OFFER_HIDE, OFFER_TEMPLATE
from generator.site.offer_pages import offer_pages
from generator.site.stamped_pages import PROTOTYPE_SRC, StampedPage, prototype_markdown
from generator.site.search_data import search_assets

SCHEMA_SITE_DIR = "schema"


@dataclass(frozen=True)
class SiteContent:
    """The generated part of one build."""

    pages: dict[str, str]  # src_uri → Markdown with front matter (page-head data in ``iq_head``)
    stamped: list[StampedPage]  # offer pages, made from the rendered prototype page (PROTOTYPE_SRC)
    assets: dict[str, bytes]  # site path → bytes (feeds, schemas)
    alternates: str  # <link rel="alternate"> for every page, published as ``extra.iq_alternates``


def feed_context(catalogue: Catalogue, site_url: str, cache: BuildCache | None = None) -> FeedContext:
    """The feeds' view of this build (``cache``: writers keep per-offer parts in its file)."""
    return FeedContext(
        catalogue=catalogue, site_url=site_url, build_time=build_time(), cache_path=cache.path if cache else None
    )


def kursnet_skip_message(catalogue: Catalogue) -> str:
    """One line naming the providers that get no KURSNET file (no account data), or ""."""
    return skip_message(catalogue) or ""


def build_site_content(
    catalogue: Catalogue,
    site_url: str,
    schema_dir: Path = SCHEMA_DIR,
    feed_names: list[str] | None = None,
    cache: BuildCache | None = None,
    with_feeds: bool = True,
) -> SiteContent:
    """Pages for every offer (expired ones too), the catalogue page, feeds and schema copies.

    ``cache``: results of earlier builds (default: none kept beyond this call). ``with_feeds=False``:
    the caller writes the feeds itself (``generator.site.feed_job``, in parallel).
    """
    ctx = feed_context(catalogue, site_url, cache)
    lab = ctx.labels  # one Labels for the pages and the feeds of this build
    with section("Angebotsseiten erzeugen", len(catalogue.offers)):
        stamped = offer_pages(ctx, cache or BuildCache(None))
    pages: dict[str, str] = {PROTOTYPE_SRC: prototype_markdown(OFFER_TEMPLATE, OFFER_HIDE)}
    pages.update(catalogue_pages(catalogue, lab))  # angebote/ and its no-JS list pages
    assets: dict[str, bytes] = {}
    if with_feeds:
        with section("Feeds erzeugen", len(feed_names or FEED_MODULES)):
            for relative, content in render_feeds(ctx, feed_names).items():
                assets[f"{FEEDS_DIR}/{relative}"] = content
    for path in sorted(Path(schema_dir).glob("*.json")):
        assets[f"{SCHEMA_SITE_DIR}/{path.name}"] = path.read_bytes()
    assets.update(catalogue_assets(catalogue, lab))  # data file, cards, postcode table
    assets.update(search_assets(catalogue))  # synonyms, stop words and suggestions of the search
    return SiteContent(pages=pages, stamped=stamped, assets=assets, alternates=alternate_links(ctx))
