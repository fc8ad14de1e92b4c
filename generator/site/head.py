"""Extra ``<head>`` content: schema.org JSON-LD per offer and ``<link rel="alternate">`` to feeds."""

from __future__ import annotations

from markupsafe import Markup

from generator.feeds import FeedContext
from generator.feeds import alternate_links as feed_links
from generator.feeds.jsonld_feed import dumps_for_html, offer_jsonld
from generator.model import Offer


def jsonld_script(ctx: FeedContext, offer: Offer) -> str:
    """``<script type="application/ld+json">`` for an offer.

    ``dumps_for_html`` escapes ``<``, ``>`` and ``&`` inside the JSON, so no text from an offer
    can end the element or switch the HTML parser into a comment state.
    """
    return f'<script type="application/ld+json">{dumps_for_html(offer_jsonld(ctx, offer))}</script>'


def alternate_links(ctx: FeedContext) -> str:
    """``<link>`` elements for the catalogue-wide feeds."""
    # rel="alternate feed", not just "alternate": Material's bundle fetches <href>/../sitemap.xml
    # for every link[rel=alternate] (its language switcher), a needless off-page request.
    return "\n".join(
        str(Markup('<link rel="alternate feed" type="{}" href="{}" title="{}">').format(mime, href, title))
        for mime, title, href in feed_links(ctx)
    )
