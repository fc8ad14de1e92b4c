"""Everything the plugin adds to a site besides hand-written pages, as plain path → content maps.

The plugin only wraps these in MkDocs ``File`` objects; a test (or another generator) can call
them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.feeds import FEEDS_DIR, FeedContext, build_time, render_feeds
from generator.feeds.kursnet_feed import skip_message
from generator.model import Catalogue, Offer
from generator.schema import SCHEMA_DIR
from generator.site.catalogue import catalogue_assets, catalogue_pages
from generator.site.head import alternate_links, jsonld_script
from generator.site.offer_page import offer_src_uri, render_offer_page
from generator.site.search_data import search_assets

SCHEMA_SITE_DIR = "schema"


@dataclass(frozen=True)
class SiteContent:
    """The generated part of one build."""

    pages: dict[str, str]  # src_uri → Markdown with front matter (page-head data in ``iq_head``)
    assets: dict[str, bytes]  # site path → bytes (feeds, schemas)
    alternates: str  # <link rel="alternate"> for every page, published as ``extra.iq_alternates``


def feed_context(catalogue: Catalogue, site_url: str) -> FeedContext:
    return FeedContext(catalogue=catalogue, site_url=site_url, build_time=build_time())


def kursnet_skip_message(catalogue: Catalogue) -> str:
    """One line naming the providers that get no KURSNET file (no account data), or ""."""
    return skip_message(catalogue) or ""


def offer_head(ctx: FeedContext, offer: Offer, listed: bool) -> str:
    head = jsonld_script(ctx, offer) if listed else ""
    if not listed:
        head = '<meta name="robots" content="noindex">\n' + head
    return head


def build_site_content(catalogue: Catalogue, site_url: str, schema_dir: Path = SCHEMA_DIR,
                       feed_names: list[str] | None = None) -> SiteContent:
    """Pages for every offer (expired ones too), the catalogue page, feeds and schema copies."""
    ctx = feed_context(catalogue, site_url)
    lab = ctx.labels  # one Labels for the pages and the feeds of this build
    pages: dict[str, str] = {}
    for offer in catalogue.offers:
        listed = catalogue.is_listed(offer)
        pages[offer_src_uri(offer.id)] = render_offer_page(offer, ctx.offer_url(offer), catalogue.today, lab=lab,
                                                           head=offer_head(ctx, offer, listed), listed=listed)
    pages.update(catalogue_pages(catalogue, lab))  # angebote/ and its no-JS list pages
    assets: dict[str, bytes] = {}
    for relative, content in render_feeds(ctx, feed_names).items():
        assets[f"{FEEDS_DIR}/{relative}"] = content
    for path in sorted(Path(schema_dir).glob("*.json")):
        assets[f"{SCHEMA_SITE_DIR}/{path.name}"] = path.read_bytes()
    assets.update(catalogue_assets(catalogue, lab))  # data file, cards, postcode table
    assets.update(search_assets(catalogue))  # synonyms, stop words and suggestions of the search
    return SiteContent(pages=pages, assets=assets, alternates=alternate_links(ctx))

