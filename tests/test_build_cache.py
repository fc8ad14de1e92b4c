"""The content-hash build cache: only new work is done, and a broken cache only costs speed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import generator.site.offer_pages as offer_pages_module
from generator.build_cache import BuildCache, content_key, open_cache
from generator.model import Catalogue
from generator.site.offer_pages import offer_pages
from generator.site.site_files import feed_context
from tests.support import SITE_URL


def test_entries_survive_the_process_and_keys_follow_their_inputs(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    key = content_key("qr", "https://x.example/a/")
    cache.put_many("qr", {key: b"<svg/>"})
    cache.close()
    again = open_cache(tmp_path)
    assert again.get_many("qr", [key, content_key("qr", "https://x.example/b/")]) == {key: b"<svg/>"}
    assert (again.hits, again.misses) == (1, 1)
    assert content_key("qr", "u") != content_key("qr", "u", code=("site/qr.py",))  # code is part of the key
    assert content_key("offer-body", {"a": 1, "b": 2}) == content_key("offer-body", {"b": 2, "a": 1})


@pytest.mark.parametrize("broken", ["folder", "garbage"])
def test_a_cache_that_cannot_be_used_only_costs_speed(tmp_path: Path, broken: str) -> None:
    target = tmp_path / "cache.sqlite"
    if broken == "folder":
        target.mkdir()  # sqlite cannot open a folder
    else:
        target.write_bytes(b"this is not a database" * 100)
    cache = BuildCache(target)
    cache.put_many("qr", {"k": b"v"})
    assert cache.get_many("qr", ["k"]) == {"k": b"v"}  # kept in memory for this build


def test_a_second_build_renders_only_the_changed_offer(
    example_catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    drawn: list[str] = []
    body, qr = offer_pages_module.offer_body_html, offer_pages_module.page_qr

    def counting_body(offer, *args, **kwargs):
        rendered.append(offer.id)
        return body(offer, *args, **kwargs)

    def counting_qr(url: str) -> str:
        drawn.append(url)
        return qr(url)

    monkeypatch.setattr(offer_pages_module, "offer_body_html", counting_body)
    monkeypatch.setattr(offer_pages_module, "page_qr", counting_qr)
    monkeypatch.setattr(offer_pages_module, "PARALLEL_FROM", 10**6)  # count in this process
    cache = open_cache(tmp_path)
    first = offer_pages(feed_context(example_catalogue, SITE_URL), cache)
    assert len(rendered) == len(drawn) == len(example_catalogue.offers)
    rendered.clear()
    drawn.clear()
    assert offer_pages(feed_context(example_catalogue, SITE_URL), cache) == first
    assert rendered == [] and drawn == []
    # One offer's text changes: one body is rendered again, its QR code (same address) is not drawn.
    changed = example_catalogue.offers[3]
    data = {**changed.data, "summary": changed.data["summary"] + " Neu."}
    offers = [dataclasses.replace(o, data=data) if o is changed else o for o in example_catalogue.offers]
    edited = Catalogue(offers=offers, providers=example_catalogue.providers, today=example_catalogue.today)
    pages = offer_pages(feed_context(edited, SITE_URL), cache)
    assert rendered == [changed.id] and drawn == []
    assert [p.path for p in pages] == [p.path for p in first]
    assert next(p for p in pages if p.path == f"angebote/{changed.id}/").description.endswith("Neu.")


def test_keep_only_drops_entries_of_a_kind_that_are_not_current(tmp_path: Path) -> None:
    cache = open_cache(tmp_path)
    cache.put_many("offer-body", {"old": b"1", "new": b"2"})
    cache.put_many("qr", {"old": b"3"})
    cache.keep_only("offer-body", ["new"])
    assert cache.get_many("offer-body", ["old", "new"]) == {"new": b"2"}
    assert cache.get_many("qr", ["old"]) == {"old": b"3"}  # other kinds are untouched
