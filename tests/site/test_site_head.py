"""Extra <head> content: JSON-LD cannot break out of its script element; feed links are escaped."""

from __future__ import annotations

import json

import pytest

from generator.feeds import FeedContext, build_time
from generator.model import Catalogue
from generator.site import head


def test_jsonld_cannot_close_script_or_open_a_comment(
    monkeypatch: pytest.MonkeyPatch, example_catalogue: Catalogue
) -> None:
    offer = example_catalogue.listed()[0]
    evil = "</script><script>alert(1)</script><!--"
    monkeypatch.setattr(head, "offer_jsonld", lambda ctx, o: {"name": evil})
    ctx = FeedContext(example_catalogue, "https://iq-angebote.example/", build_time())
    html = head.jsonld_script(ctx, offer)
    inner = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner
    assert json.loads(inner)["name"] == evil


def test_real_jsonld_of_an_offer_parses(example_catalogue: Catalogue) -> None:
    offer = example_catalogue.listed()[0]
    ctx = FeedContext(example_catalogue, "https://iq-angebote.example/", build_time())
    inner = head.jsonld_script(ctx, offer).removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    data = json.loads(inner)
    assert data["@type"] == "Course" and data["name"] == offer.title


def test_alternate_links_are_escaped(monkeypatch: pytest.MonkeyPatch, example_catalogue: Catalogue) -> None:
    monkeypatch.setattr(
        head, "feed_links", lambda ctx: [("text/csv", 'Tabelle "CSV" <alle>', "https://x.example/feeds/a.csv")]
    )
    html = head.alternate_links(FeedContext(example_catalogue, "https://x.example/", build_time()))
    assert html == (
        '<link rel="alternate feed" type="text/csv" href="https://x.example/feeds/a.csv" '
        'title="Tabelle &#34;CSV&#34; &lt;alle&gt;">'
    )
