"""Extra <head> content: JSON-LD cannot break out of its script element; feed links are escaped."""

from __future__ import annotations

import json

import pytest

from generator.feeds import FeedContext, build_time
from generator.model import Catalog
from generator.site import head


def test_jsonld_cannot_close_script(monkeypatch: pytest.MonkeyPatch, example_catalog: Catalog) -> None:
    offer = example_catalog.listed()[0]
    monkeypatch.setattr(head, "_optional",
                        lambda module, name: (lambda ctx, o: {"name": "</script><script>alert(1)</script>"}))
    ctx = FeedContext(example_catalog, "https://iq-angebote.example/", build_time())
    html = head.jsonld_script(ctx, offer)
    inner = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "</script" not in inner.lower()
    assert json.loads(inner)["name"] == "</script><script>alert(1)</script>"


def test_alternate_links_from_feed_tuples(monkeypatch: pytest.MonkeyPatch, example_catalog: Catalog) -> None:
    monkeypatch.setattr(head, "_optional",
                        lambda module, name: (lambda ctx: [("text/csv", 'Tabelle "CSV" <alle>', "https://x.example/feeds/a.csv")]))
    html = head.alternate_links(FeedContext(example_catalog, "https://x.example/", build_time()))
    assert html == ('<link rel="alternate feed" type="text/csv" href="https://x.example/feeds/a.csv" '
                    'title="Tabelle &#34;CSV&#34; &lt;alle&gt;">')


def test_missing_feed_module_gives_empty_head(monkeypatch: pytest.MonkeyPatch, example_catalog: Catalog) -> None:
    monkeypatch.setattr(head, "_optional", lambda module, name: None)
    ctx = FeedContext(example_catalog, "https://x.example/", build_time())
    assert head.jsonld_script(ctx, example_catalog.offers[0]) == "" and head.alternate_links(ctx) == ""
