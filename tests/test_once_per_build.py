"""Work a build does once: which offers are listed (fixed by ``today``) and every label lookup.

Both used to be repeated for every page, facet and feed (``listed()`` 14 times per build, a
schema walk per label per offer). These tests count the real calls during a whole generate step,
so a change that brings the repetition back fails here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from generator.labels import Labels, _labels_of
from generator.model import Catalogue, Offer
from generator.schema import SchemaSet
from generator.site.site_files import build_site_content
from tests.support import SITE_URL, TODAY


def test_listed_is_decided_once_per_build(example_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    original = Offer.is_listed

    def counting(self: Offer, today: Any) -> bool:
        asked.append(self.id)
        return original(self, today)

    monkeypatch.setattr(Offer, "is_listed", counting)
    catalogue = Catalogue(offers=list(example_catalogue.offers), providers=example_catalogue.providers, today=TODAY)
    assert sorted(asked) == sorted(o.id for o in catalogue.offers)  # once each, when the catalogue is made
    asked.clear()
    content = build_site_content(catalogue, SITE_URL)
    assert asked == []  # pages, catalogue, facets and every feed reuse that answer
    listed = [o for o in catalogue.offers if original(o, TODAY)]
    assert catalogue.listed() == listed and 0 < len(listed) < len(catalogue.offers)
    assert all(catalogue.is_listed(o) == (o in listed) for o in catalogue.offers)
    assert sorted(page.path for page in content.stamped) == sorted(f"angebote/{o.id}/" for o in catalogue)


def test_a_catalogue_cannot_change_its_day(example_catalogue: Catalogue) -> None:
    with pytest.raises(AttributeError):
        example_catalogue.today = TODAY  # type: ignore[misc]
    example_catalogue.listed().clear()  # callers get a copy
    assert example_catalogue.listed()


def test_each_label_is_looked_up_in_the_schema_once_per_build(
    example_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: Counter[tuple[str, str, tuple[Any, ...]]] = Counter()
    title, enum_labels = SchemaSet.title, SchemaSet.enum_labels

    def counting_title(self: SchemaSet, name: str, path: tuple[Any, ...]) -> str:
        asked["title", name, tuple(path)] += 1
        return title(self, name, path)

    def counting_enum(self: SchemaSet, name: str, path: tuple[Any, ...]) -> dict[Any, str]:
        asked["enum", name, tuple(path)] += 1
        return enum_labels(self, name, path)

    monkeypatch.setattr(SchemaSet, "title", counting_title)
    monkeypatch.setattr(SchemaSet, "enum_labels", counting_enum)
    _labels_of.cache_clear()  # a fresh process: no label known yet
    try:
        build_site_content(example_catalogue, SITE_URL)
    finally:
        _labels_of.cache_clear()
    repeated = {key: n for key, n in asked.items() if n > 1}
    assert asked and not repeated, f"asked the schema more than once: {repeated}"


def test_labels_fall_back_to_the_raw_value() -> None:
    from generator.schema import schema_set

    lab = Labels(schema_set())
    assert lab.value(("kind",), "bridge_measure") != "bridge_measure"  # a German label
    assert lab.value(("kind",), "no_such_kind") == "no_such_kind"
    assert lab.provider_value(("address", "state"), "BE") == "Berlin"


def test_each_offers_json_ld_is_built_once_for_head_and_feed(
    example_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.feeds.jsonld_feed as jsonld_feed

    built: Counter[str] = Counter()
    original = jsonld_feed._course

    def counting(ctx: Any, offer: Offer) -> dict[str, Any]:
        built[offer.id] += 1
        return original(ctx, offer)

    monkeypatch.setattr(jsonld_feed, "_course", counting)
    content = build_site_content(example_catalogue, SITE_URL)
    listed = {o.id for o in example_catalogue.listed()}
    assert set(built) == listed and set(built.values()) == {1}
    assert all('"@context"' in p.head for p in content.stamped if p.path.split("/")[1] in listed)
