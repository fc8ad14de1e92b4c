"""The schemas themselves: valid, documented in German, closed, and their examples validate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, schema_set

NAMES = [OFFER_SCHEMA, PROVIDER_SCHEMA]


def _objects(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}/{i}")


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_against_its_metaschema(name: str) -> None:
    doc = schema_set().documents[name]
    jsonschema.Draft202012Validator.check_schema(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$id"].endswith(f"/{name}")
    assert re.fullmatch(r"\d+\.\d+\.\d+", doc["version"]), "schemas carry a semantic version"


@pytest.mark.parametrize("name", NAMES)
def test_examples_validate(name: str) -> None:
    doc = schema_set().documents[name]
    assert doc["examples"]
    for example in doc["examples"]:
        assert list(schema_set().validator(name).iter_errors(example)) == []


@pytest.mark.parametrize("name", NAMES)
def test_every_object_is_closed_and_every_property_labelled(name: str) -> None:
    doc = schema_set().documents[name]
    for where, obj in _objects(doc):
        assert obj.get("additionalProperties") is False, where
        for prop, sub in obj["properties"].items():
            resolved, _ = schema_set().resolve(sub, doc["$id"])  # a $ref inherits its target's labels
            assert resolved.get("title"), f"{where}/{prop} has no German title"
            assert resolved.get("description"), f"{where}/{prop} has no description"


def test_labelled_enums_have_labels() -> None:
    labels = schema_set().enum_labels(OFFER_SCHEMA, ("kind",))
    assert set(labels) == {
        "compensation_measure",
        "adaptation_qualification",
        "bridge_measure",
        "external_exam_preparation",
        "job_related_german",
        "other",
    }
    assert labels["bridge_measure"] == "Brückenmaßnahme (akademische Berufe)"
    assert schema_set().enum_labels(OFFER_SCHEMA, ("format", "places", 0, "state"))["NW"] == "Nordrhein-Westfalen"


def test_teaching_languages_are_exactly_kursnet_codes() -> None:
    from tests.conftest import ROOT

    dat = ROOT.parent / "shared" / "kursnet" / "wertebereiche" / "unterrichtssprache.dat"
    if not dat.exists():
        pytest.skip("shared/kursnet is not beside the repo")
    codes = {line.split("|")[0] for line in dat.read_text(encoding="utf-8").splitlines() if "|" in line}
    assert set(schema_set().enum_labels(OFFER_SCHEMA, ("language", "instruction_languages", 0))) == codes
