"""The page "Felder und erlaubte Werte" lists every field and every allowed value of both schemas."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

import pytest

from generator.catalogue_loader import discover
from generator.model import Catalogue
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SCHEMA_DIR, schema_set
from generator.site.field_reference import FIELD_REFERENCE_SRC, field_reference_markdown, fields
from generator.site_config import read_site_config
from generator.source_tree import SourceTreeError, generate_sources
from generator.yaml_loader import load_yaml
from tests.conftest import ROOT


def leaf_paths(data: Any, prefix: str = "") -> set[str]:
    """Every field path an example file uses, lists written as ``[]`` (independent of the page's walker)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}{key}"
            found |= {path} | leaf_paths(value, f"{path}.")
    elif isinstance(data, list):
        for item in data:
            found |= leaf_paths(item, prefix[:-1] + "[].") if isinstance(item, dict) else set()
    return found


def property_names(node: Any) -> set[str]:
    """Every key of every ``properties`` object in a raw schema document."""
    if isinstance(node, dict):
        own = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
        return own.union(*(property_names(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(property_names(v) for v in node))
    return set()


def labelled_values(node: Any) -> list[tuple[Any, str]]:
    """Every ``const`` with its title and every plain ``enum`` value in a raw schema document."""
    if isinstance(node, dict):
        own = [(node["const"], node.get("title", "")) for _ in [0] if "const" in node]
        own += [(v, "") for v in node.get("enum", [])]
        return own + [pair for v in node.values() for pair in labelled_values(v)]
    if isinstance(node, list):
        return [pair for v in node for pair in labelled_values(v)]
    return []


@pytest.fixture(scope="module")
def page() -> str:
    return field_reference_markdown(schema_set(SCHEMA_DIR))


def _code(value: Any) -> str:
    return f"<code>{escape(json.dumps(value) if isinstance(value, bool) else str(value))}</code>"


def test_every_path_used_by_an_example_file_is_listed(page: str) -> None:
    offers, providers = discover(ROOT / "offers")
    listed = {r.path for r in fields(schema_set(SCHEMA_DIR), OFFER_SCHEMA)}
    listed_providers = {r.path for r in fields(schema_set(SCHEMA_DIR), PROVIDER_SCHEMA)}
    used = set().union(*(leaf_paths(load_yaml(p).data) for p in offers))
    used_providers = set().union(*(leaf_paths(load_yaml(p).data) for p in providers))
    assert used and used <= listed, used - listed
    assert used_providers and used_providers <= listed_providers, used_providers - listed_providers
    for path in used | used_providers:
        shown = escape(path).replace(".", ".<wbr>").replace("[]", "[]<wbr>")
        assert f'<th scope="row"><code>{shown}</code></th>' in page, path


def test_every_property_and_every_allowed_value_with_its_label(page: str) -> None:
    for name in (OFFER_SCHEMA, PROVIDER_SCHEMA):
        document = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        paths = {r.path.rsplit(".", 1)[-1].removesuffix("[]") for r in fields(schema_set(SCHEMA_DIR), name)}
        assert property_names(document) <= paths, property_names(document) - paths
        values = labelled_values(document)
        assert len(values) > 100 if name == OFFER_SCHEMA else values
        for value, label in values:
            expected = f"{_code(value)} {escape(label)}" if label and label != str(value) else _code(value)
            assert expected in page, (name, value, label)


def test_required_title_and_kind_per_field() -> None:
    rows = {r.path: r for r in fields(schema_set(SCHEMA_DIR), OFFER_SCHEMA)}
    assert rows["id"].required and not rows["keywords"].required
    assert rows["format.places[].state"].required and rows["format.places[].state"].title == "Bundesland"
    assert rows["format.places[].state"].values["SN"] == "Sachsen"
    assert rows["runs[].start"].kind.startswith("Text, Datum (JJJJ-MM-TT)")
    assert "größer als 0" in rows["schedule.total_hours"].kind
    assert rows["format.region"].kind.startswith("Liste (1 bis 16 Einträge, jeder Wert nur einmal)")
    assert "Muster: <code>^[0-9]{5}$</code>" in rows["format.places[].postal_code"].kind
    provider_rows = {r.path: r for r in fields(schema_set(SCHEMA_DIR), PROVIDER_SCHEMA)}
    assert provider_rows["address.state"].required and provider_rows["address.state"].values["BE"] == "Berlin"


def test_the_page_is_generated_for_every_site_and_never_overwrites_a_hand_written_one(
    tmp_path: Path, example_catalogue: Catalogue
) -> None:
    config = read_site_config(ROOT / "mkdocs.yml")
    sources = generate_sources(example_catalogue, config)
    assert FIELD_REFERENCE_SRC in sources.generated
    assert sources.pages[FIELD_REFERENCE_SRC].startswith("# Felder und erlaubte Werte")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / FIELD_REFERENCE_SRC).write_text("# eigene Seite\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\nsite_url: https://x.example/\ndocs_dir: {docs}\n", encoding="utf-8"
    )
    with pytest.raises(SourceTreeError, match=re.escape("felder.md gibt es schon; die Seite wird aus schema/ erzeugt")):
        generate_sources(example_catalogue, read_site_config(tmp_path / "mkdocs.yml"))
