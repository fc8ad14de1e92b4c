"""The schema of ``offers.json`` itself: published with the site, named in the file, and every
``offers.json`` we build validates against it – while the offer and provider loaders ignore it."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from generator.feeds import FeedContext
from generator.feeds.json_feed import FEED_SCHEMA, feed_schema_version, write
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SCHEMA_DIR, SchemaSet, schema_set
from generator.site.site_files import build_site_content
from tests.feeds.conftest import edited_catalogue, make_context
from tests.support import SITE_URL

ROLLING = "anlagenmechaniker-shk-betriebliche-anpassung"


def _validator(documents: dict[str, bytes]) -> jsonschema.protocols.Validator:
    """A validator of the feed schema that resolves ``offer.schema.json`` etc. among ``documents``."""
    loaded = {name: json.loads(content) for name, content in documents.items()}
    registry: Registry = Registry().with_resources((doc["$id"], Resource.from_contents(doc)) for doc in loaded.values())
    return jsonschema.Draft202012Validator(
        loaded[FEED_SCHEMA], registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _repo_validator() -> jsonschema.protocols.Validator:
    return _validator({n: (SCHEMA_DIR / n).read_bytes() for n in (FEED_SCHEMA, OFFER_SCHEMA, PROVIDER_SCHEMA)})


def _errors(instance: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _repo_validator().iter_errors(instance)]


def test_offers_json_validates_and_names_its_schema(ctx: FeedContext) -> None:
    data = json.loads(write(ctx)["offers.json"])
    assert _errors(data) == []
    assert data["$schema"] == "https://iq-angebote.example/schema/offers-feed.schema.json"
    document = json.loads((SCHEMA_DIR / FEED_SCHEMA).read_text(encoding="utf-8"))
    assert data["feed_schema_version"] == document["version"] == feed_schema_version()
    assert data["offer_count"] == len(data["offers"]) > 5


def test_odd_catalogues_validate_too(tmp_path: Path) -> None:
    """Only a rolling start (next_start null), and a catalogue whose only offer has expired."""
    rolling = edited_catalogue(tmp_path / "rolling", {ROLLING: lambda data: None})
    data = json.loads(write(make_context(rolling))["offers.json"])
    assert [e["next_start"] for e in data["offers"]] == [None]
    assert _errors(data) == []

    def expire(data: dict[str, Any]) -> None:
        data["publication"]["published_from"] = date(2026, 1, 1).isoformat()
        data["publication"]["published_until"] = date(2026, 1, 31).isoformat()

    empty = json.loads(write(make_context(edited_catalogue(tmp_path / "empty", {ROLLING: expire})))["offers.json"])
    assert empty["offers"] == [] and empty["providers"] == {} and empty["offer_count"] == 0
    assert _errors(empty) == []


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def _drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return change


BREAKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "no offers": _drop(("offers",)),
    "unknown top-level key": _set(("generated_by",), "x"),
    "unknown key in an entry": _set(("offers", 0, "score"), 1),
    "next_start not a date": _set(("offers", 0, "next_start"), "bald"),
    "state not a Land": _set(("offers", 0, "states"), ["XX"]),
    "offer data without a title": _drop(("offers", 0, "data", "title")),
    "offer data with a bad postcode": _set(("offers", 0, "data", "format", "places"), [{"postal_code": "1127"}]),
    "provider keyed by a non-id": lambda data: data["providers"].update({"Kein Slug": {}}),
    "count as text": _set(("offer_count",), "20"),
    "version without minor": _set(("feed_schema_version",), "1"),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_the_schema_refuses_what_breaks_the_contract(ctx: FeedContext, name: str) -> None:
    data = copy.deepcopy(json.loads(write(ctx)["offers.json"]))
    BREAKS[name](data)
    assert _errors(data), f"the schema let through: {name}"


def test_published_with_the_site_and_valid_with_what_the_site_publishes(example_catalogue: Any) -> None:
    content = build_site_content(example_catalogue, SITE_URL, SCHEMA_DIR, feed_names=["json"])
    published = {p.removeprefix("schema/"): b for p, b in content.assets.items() if p.startswith("schema/")}
    assert set(published) >= {FEED_SCHEMA, OFFER_SCHEMA, PROVIDER_SCHEMA}
    assert published[FEED_SCHEMA] == (SCHEMA_DIR / FEED_SCHEMA).read_bytes()
    feed = json.loads(content.assets["feeds/offers.json"])
    assert feed["$schema"].removeprefix(SITE_URL) in content.assets  # the link resolves on the site
    errors = list(_validator(published).iter_errors(feed))
    assert errors == [], errors[:1]


def _titled(schema: Any, where: str = "") -> Iterator[str]:
    """Paths of properties (and $defs) that lack a German title or description."""
    if isinstance(schema, dict):
        for group in ("properties", "$defs"):
            for key, sub in schema.get(group, {}).items():
                if not (sub.get("title") and sub.get("description")):
                    yield f"{where}/{group}/{key}"
                yield from _titled(sub, f"{where}/{group}/{key}")
        for key in ("items", "additionalProperties"):
            yield from _titled(schema.get(key), f"{where}/{key}")


def test_the_schema_is_valid_versioned_and_german() -> None:
    document = json.loads((SCHEMA_DIR / FEED_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$id"] == "https://iq-angebote.example/schema/offers-feed.schema.json"
    assert re.fullmatch(r"\d+\.\d+\.\d+", document["version"])
    assert list(_titled(document)) == []
    assert re.search(r"[äöüß]", document["description"]), "descriptions are German"


def test_the_catalogue_schemas_are_still_exactly_offer_and_provider(tmp_path: Path) -> None:
    """SchemaSet loads the two catalogue schemas by name; a third file beside them changes nothing."""
    assert (SCHEMA_DIR / FEED_SCHEMA).exists()
    assert set(schema_set().documents) == {OFFER_SCHEMA, PROVIDER_SCHEMA}
    only_two = tmp_path / "schemas"
    only_two.mkdir()
    for name in (OFFER_SCHEMA, PROVIDER_SCHEMA):
        (only_two / name).write_bytes((SCHEMA_DIR / name).read_bytes())
    alone, beside = SchemaSet(only_two), schema_set()
    assert alone.documents == beside.documents
    assert alone.registry.contents(beside.documents[OFFER_SCHEMA]["$id"]) == beside.documents[OFFER_SCHEMA]
