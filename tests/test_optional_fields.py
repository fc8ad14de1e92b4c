"""Every optional field may be left out: the page and every feed still render.

Walks the offer schema for properties that are not required, removes each one from a rich
example offer, and renders what a build renders. Variants the validator rejects (a field that
is optional in the schema but required by a cross-check) must be rejected with a message, not
crash anything.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalogue_loader import check_catalogue, load_catalogue
from generator.feeds import FeedContext, build_time, render_feeds
from generator.schema import OFFER_SCHEMA, schema_set
from generator.site.catalogue import render_catalogue_page
from generator.site.offer_page import render_offer_page
from tests.conftest import dates_as_text
from tests.support import OFFERS, TODAY

RICH = [
    "pflegefachkraefte-kenntnispruefung-berufsbegleitend",
    "fachsprache-pflege-selbstlernkurs",
    "mentoring-tandem-fachkraefte",
]


def _optional_paths(data: Any, schema: dict[str, Any], base: str, path: tuple = ()) -> Iterator[tuple]:
    """Paths of optional properties that are present in ``data`` (list items: first item only)."""
    schema, base = schema_set().resolve(schema, base)
    if isinstance(data, dict) and schema.get("type") == "object":
        required = set(schema.get("required", []))
        for key, sub in schema["properties"].items():
            if key in data:
                if key not in required:
                    yield (*path, key)
                yield from _optional_paths(data[key], sub, base, (*path, key))
    elif isinstance(data, list) and data and isinstance(schema.get("items"), dict):
        yield from _optional_paths(data[0], schema["items"], base, (*path, 0))


def _variants() -> Iterator[tuple[str, tuple]]:
    doc = schema_set().documents[OFFER_SCHEMA]
    for offer_id in RICH:
        data = yaml.safe_load((OFFERS / f"{offer_id}.yaml").read_text(encoding="utf-8"))
        for path in _optional_paths(dates_as_text(data), doc, doc["$id"]):
            yield offer_id, path


VARIANTS = list(_variants())


def test_the_walk_finds_many_optional_fields() -> None:
    assert len(VARIANTS) > 60


@pytest.mark.parametrize(("offer_id", "path"), VARIANTS, ids=[f"{o}:{'.'.join(map(str, p))}" for o, p in VARIANTS])
def test_page_and_feeds_render_without_the_field(tmp_path: Path, offer_id: str, path: tuple) -> None:
    folder = tmp_path / "offers"
    shutil.copytree(OFFERS / "providers", folder / "providers")
    data = dates_as_text(yaml.safe_load((OFFERS / f"{offer_id}.yaml").read_text(encoding="utf-8")))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]
    (folder / f"{offer_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = check_catalogue(folder, TODAY)
    if result.errors:  # optional in the schema, required by a cross-check: must say so, not crash
        assert all(p.message for p in result.errors)
        return
    catalogue = load_catalogue(folder, TODAY)
    offer = catalogue.offers[0]
    ctx = FeedContext(catalogue=catalogue, site_url="https://iq-angebote.example/", build_time=build_time())
    page = render_offer_page(offer, ctx.offer_url(offer), TODAY)
    assert "<h2" in page and html.escape(offer.title) in page
    assert f'data-id="{offer.id}"' in render_catalogue_page(catalogue) or not offer.is_listed(TODAY)
    files = render_feeds(ctx)
    assert "offers.json" in files and "offers.csv" in files
    if offer.provider.kursnet and offer.data.get("kursnet", {}).get("export", True) and offer.is_listed(TODAY):
        assert f"kursnet/{offer.provider.id}.xml" in files
