"""The form editor's config.yml against the schemas: a schema change cannot leave the form behind.

The expected widget of every field is worked out here from the schema on its own terms and
compared with what ``generator.admin_config`` generated, field path by field path, in both
directions (no schema field missing from the form, no form field the schema does not know).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.admin_config import AdminSettings, config_yaml, form_config, string_rule
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SCHEMA_DIR, SchemaSet, ecma_search, labels_of, schema_set
from generator.site.admin_files import AdminSetupError, admin_files, admin_settings
from tests.conftest import ROOT

TITLES: dict[tuple[str, Path_], str] = {}
SETTINGS = AdminSettings(repo="iq-netzwerk/iq-angebote", branch="main")
Path_ = tuple[str, ...]


def form_fields(fields: list[dict[str, Any]], prefix: Path_ = ()) -> dict[Path_, dict[str, Any]]:
    """Every field of the form by its data path (list items add no path part)."""
    found: dict[Path_, dict[str, Any]] = {}
    for field in fields:
        path = (*prefix, field["name"])
        found[path] = field
        found.update(form_fields(field.get("fields", []), path))
    return found


def expected(schemas: SchemaSet, name: str) -> dict[Path_, tuple[str, bool, dict[Any, str]]]:
    """Path → (widget, required in the form, options) from the schema alone; titles in ``TITLES``."""
    result: dict[Path_, tuple[str, bool, dict[Any, str]]] = {}

    def walk(schema: dict[str, Any], base: str, path: Path_, present: bool) -> None:
        required = set(schema.get("required", []))
        for key, raw in schema.get("properties", {}).items():
            sub, sub_base = schemas.resolve(raw, base)
            here = (*path, key)
            TITLES[name, here] = sub.get("title", key)
            needed = key in required and present
            options = labels_of(sub)
            if name == OFFER_SCHEMA and here == ("provider",):
                result[here] = ("relation", needed, {})
            elif options:
                result[here] = ("select", needed, options)
            elif sub.get("type") == "array":
                items, items_base = schemas.resolve(sub["items"], sub_base)
                if labels_of(items):
                    result[here] = ("select-multiple", needed, labels_of(items))
                elif items.get("type") == "object":
                    result[here] = ("list", needed, {})
                    walk(items, items_base, here, True)
                else:
                    result[here] = ("list", needed, {})
            elif sub.get("type") == "object":
                result[here] = ("object", needed, {})
                walk(sub, sub_base, here, needed)
            elif sub.get("type") == "boolean":
                result[here] = ("boolean", needed, {})
            elif sub.get("type") in ("number", "integer"):
                result[here] = ("number-" + sub["type"], needed, {})
            elif sub.get("format") == "date":
                result[here] = ("date", needed, {})
            else:
                result[here] = ("string", needed, {})

    document = schemas.documents[name]
    walk(document, document["$id"], (), True)
    return result


def _at(schemas: SchemaSet, name: str, path: Path_) -> dict[str, Any]:
    """The raw schema of a field path, list items stepped through."""
    schema, base = schemas.resolve(schemas.documents[name], schemas.documents[name]["$id"])
    for key in path:
        while schema.get("type") == "array":
            schema, base = schemas.resolve(schema["items"], base)
        schema, base = schemas.resolve(schema["properties"][key], base)
    return schema


def widget_of(field: dict[str, Any]) -> str:
    widget = field["widget"]
    if widget == "select" and field.get("multiple"):
        return "select-multiple"
    if widget == "number":
        return "number-" + {"int": "integer", "float": "number"}[field["value_type"]]
    if widget == "datetime":
        assert field["format"] == "YYYY-MM-DD" and field["time_format"] is False, field
        return "date"
    if widget == "text":
        return "string"
    return str(widget)


@pytest.mark.parametrize(("name", "collection"), [(OFFER_SCHEMA, "offers"), (PROVIDER_SCHEMA, "providers")])
def test_every_schema_field_is_in_the_form_with_its_widget_label_and_required_flag(name: str, collection: str) -> None:
    schemas = schema_set()
    config = form_config(SETTINGS, schemas)
    (fields,) = [c["fields"] for c in config["collections"] if c["name"] == collection]
    form = form_fields(fields)
    want = expected(schemas, name)
    assert set(form) == set(want)
    for path, (widget, required, options) in want.items():
        field = form[path]
        assert widget_of(field) == widget, path
        assert field["required"] is required, path
        assert field["label"] == TITLES[name, path], path
        assert (
            field.get("hint", "")
            .replace("Einschalten, wenn", "true, wenn")
            .startswith(
                schemas.resolve(_at(schemas, name, path), schemas.documents[name]["$id"])[0].get("description", "")[:20]
            )
        ), path
        if options:
            assert {o["value"]: o["label"] for o in field["options"]} == options, path


def test_form_saves_where_mkdocs_yml_says_in_german_with_the_editorial_workflow() -> None:
    config = form_config(SETTINGS)
    assert config["backend"] == {"name": "github", "repo": "iq-netzwerk/iq-angebote", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "de"
    assert "local_backend" not in config  # a published form never calls localhost
    local = form_config(AdminSettings(repo="a/b", local_backend="http://127.0.0.1:9/api/v1"))
    assert local["local_backend"] == {"url": "http://127.0.0.1:9/api/v1"}
    offers = config["collections"][0]
    assert (offers["folder"], offers["extension"], offers["format"], offers["slug"]) == (
        "offers",
        "yaml",
        "yaml",
        "{{id}}",
    )
    text = config_yaml(config)
    assert yaml.safe_load(text) == config
    assert text.startswith("# Erzeugt aus schema/")


def test_every_field_used_by_the_example_offers_is_in_the_form() -> None:
    form = form_fields(form_config(SETTINGS)["collections"][0]["fields"])

    def paths(value: Any, prefix: Path_ = ()) -> set[Path_]:
        if isinstance(value, dict):
            return {(*prefix, k) for k in value} | {p for k, v in value.items() for p in paths(v, (*prefix, k))}
        if isinstance(value, list):
            return {p for item in value for p in paths(item, prefix)}
        return set()

    used = set().union(*(paths(yaml.safe_load(f.read_text("utf-8"))) for f in (ROOT / "offers").glob("*.yaml")))
    assert len(used) > 100
    assert used <= set(form)


def test_patterns_and_lengths_are_checked_as_the_schema_checks_them() -> None:
    slug = schema_set().documents[OFFER_SCHEMA]["$defs"]["slug"]
    rule = string_rule(slug, slug["description"])
    assert rule is not None
    pattern, message = rule
    for good in ("abc", "pflege-anpassung-berlin", "a" * 80):
        assert ecma_search(pattern, good), good
    for bad in ("ab", "Pflege", "a--b", "a" * 81, "abc\n", "abc-"):
        assert not ecma_search(pattern, bad), bad
    assert message.startswith("Bitte in dieser Form eingeben: Kleinbuchstaben")
    assert "Mindestens 3 und höchstens 80 Zeichen." in message
    summary = {"type": "string", "minLength": 20, "maxLength": 400}
    pattern, message = string_rule(summary) or ("", "")
    assert ecma_search(pattern, "x" * 20) and ecma_search(pattern, "ü\n" * 200)
    assert not ecma_search(pattern, "x" * 19) and not ecma_search(pattern, "x" * 401)
    assert message == "Mindestens 20 und höchstens 400 Zeichen."
    form = form_fields(form_config(SETTINGS)["collections"][0]["fields"])
    postal = form[("format", "places", "postal_code")]
    assert postal["widget"] == "string" and ecma_search(postal["pattern"][0], "09111")
    assert not ecma_search(postal["pattern"][0], "9111")
    time = form[("runs", "sessions", "start_time")]
    assert time["widget"] == "string" and ecma_search(time["pattern"][0], "08:30")
    assert not ecma_search(time["pattern"][0], "24:00")


def test_a_new_schema_field_appears_in_the_form(tmp_path: Path) -> None:
    """The form follows the schema: a field added there is in the next generated form."""
    for path in SCHEMA_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    offer = json.loads((tmp_path / OFFER_SCHEMA).read_text("utf-8"))
    offer["properties"]["schedule"]["properties"]["night_shift"] = {
        "title": "Nachtschicht möglich",
        "description": "Art der Nachtschicht.",
        "oneOf": [{"const": "yes_paid", "title": "ja, bezahlt"}, {"const": "no", "title": "nein"}],
    }
    offer["properties"]["schedule"]["required"].append("night_shift")
    (tmp_path / OFFER_SCHEMA).write_text(json.dumps(offer), "utf-8")
    form = form_fields(form_config(SETTINGS, SchemaSet(tmp_path))["collections"][0]["fields"])
    field = form[("schedule", "night_shift")]
    assert field["widget"] == "select" and field["required"] is True and field["label"] == "Nachtschicht möglich"
    assert field["options"] == [{"label": "ja, bezahlt", "value": "yes_paid"}, {"label": "nein", "value": "no"}]


def test_optional_group_fields_are_optional_in_the_form_and_say_when_they_are_needed() -> None:
    form = form_fields(form_config(SETTINGS)["collections"][0]["fields"])
    name = form[("outcome", "exam", "name")]
    assert name["required"] is False
    assert name["hint"].endswith("Pflichtangabe, sobald dieser Abschnitt ausgefüllt wird.")
    assert form[("employer", "agreement_required")].get("default") is None
    assert form[("format", "online_only")]["default"] is False  # a required switch saves what it shows
    assert form[("format", "online_only")]["hint"].startswith("Einschalten, wenn")
    assert "min" not in form[("format", "places")] and form[("format", "places")]["default"] == []
    assert form[("profession", "fields")]["min"] == 1


def test_settings_from_mkdocs_yml_are_checked_in_german(tmp_path: Path) -> None:
    assert admin_settings({"repo": "a/b"}, "").branch == "main"
    proxy = admin_settings({"repo": "a/b", "oauth_proxy": "https://anmeldung.example.org/"}, "")
    assert form_config(proxy)["backend"]["base_url"] == "https://anmeldung.example.org"
    bad_proxy = {"repo": "a/b", "oauth_proxy": "http://anmeldung.example.org"}
    for bad in ({}, {"repo": "nur-name"}, {"repo": "a/b/c"}, {"repo": "a/b", "branch": ""}, "a/b", bad_proxy):
        with pytest.raises(AdminSetupError, match=r"mkdocs\.yml: extra\.admin"):
            admin_settings(bad, "")
    with pytest.raises(AdminSetupError, match="npm ci --prefix admin"):
        admin_files({"repo": "a/b", "bundle": "fehlt"}, tmp_path, "", "IQ")


def test_admin_files_are_the_page_the_generated_config_and_decap_itself() -> None:
    bundle = ROOT / "admin" / "node_modules" / "decap-cms" / "dist"
    if not (bundle / "decap-cms.js").is_file():
        pytest.skip("Decap fehlt (npm ci --prefix admin)")
    files = admin_files({"repo": "iq-netzwerk/iq-angebote"}, ROOT, "https://iq-angebote.example/", "IQ")
    page = files["admin/index.html"].decode()
    assert '<html lang="de">' in page and '<script src="decap-cms.js"></script>' in page
    assert "http" not in page  # nothing from elsewhere
    config = yaml.safe_load(files["admin/config.yml"])
    assert config == form_config(AdminSettings("iq-netzwerk/iq-angebote", site_url="https://iq-angebote.example/"))
    assert files["admin/decap-cms.js"] == (bundle / "decap-cms.js").read_bytes()
    assert not any(path.endswith(".map") for path in files)
