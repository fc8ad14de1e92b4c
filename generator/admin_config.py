"""The form editor's configuration (Decap CMS ``config.yml``), generated from the JSON Schemas.

QTV staff who never open YAML edit offers in a browser form at ``/admin/``. A hand-written form
would drift from the schema the first time a field is added, so every form field is derived here
from ``schema/``: the German ``title`` becomes the label, ``description`` the help text, labelled
enums (``oneOf`` of ``{const, title}``) become selects that show the label and store the code,
``format: date`` a date picker that stores ``JJJJ-MM-TT`` as text, arrays list widgets, objects
nested groups, ``required`` the form's required flag, and ``pattern``/``minLength``/``maxLength``
one regular expression with a German message. Postal codes, times and ids stay text fields.

What the form cannot express is still enforced where it always was: ``offers validate`` (locally
and on every pull request) checks the cross-field rules (dates in order, ``state`` against the
place, a run's place among ``format.places``), ``exclusiveMinimum`` and ``uniqueItems`` of lists
of objects. The form only keeps obvious mistakes from reaching a pull request.

Reads the schemas and nothing else, so it sits in the core layer; the site adds the bundle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SchemaSet, labels_of, schema_set

OFFERS_FOLDER = "offers"
PROVIDERS_FOLDER = "offers/providers"
# Strings that may be longer than this get a multi-line text box instead of a one-line input.
TEXT_AREA_FROM = 500
# Decap's date picker keeps dates as text in exactly the schema's form.
DATE_FORMAT = "YYYY-MM-DD"
# A relation the schema can only describe in words: an offer's provider is the id of a provider file.
RELATIONS: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {
    (OFFER_SCHEMA, ("provider",)): {
        "widget": "relation",
        "collection": "providers",
        "value_field": "id",
        "search_fields": ["name", "organisation", "id"],
        "display_fields": ["name"],
    }
}


@dataclass(frozen=True)
class AdminSettings:
    """Where the form saves: a GitHub repository and branch (``mkdocs.yml`` → ``extra.admin``).

    ``local_backend`` is Decap's own switch: ``True`` asks ``decap-server`` on localhost:8081, a
    URL asks that address; ``None`` leaves it out, so a published form never calls localhost.
    """

    repo: str
    branch: str = "main"
    site_url: str = ""
    local_backend: bool | str | None = None
    # Decap signs in to GitHub through an OAuth proxy (GitHub Pages cannot run one): its address.
    oauth_proxy: str = ""


def form_config(settings: AdminSettings, schemas: SchemaSet | None = None) -> dict[str, Any]:
    """The complete Decap CMS configuration: backend, German interface, editorial workflow, collections."""
    schemas = schemas or schema_set()
    config: dict[str, Any] = {
        "backend": {"name": "github", "repo": settings.repo, "branch": settings.branch},
    }
    if settings.oauth_proxy:
        config["backend"]["base_url"] = settings.oauth_proxy
    if settings.local_backend is True:
        config["local_backend"] = True
    elif settings.local_backend:
        config["local_backend"] = {"url": settings.local_backend}
    config.update(
        {
            # Every save becomes a branch and a pull request; nothing reaches the branch unreviewed.
            "publish_mode": "editorial_workflow",
            "locale": "de",
            "media_folder": "docs/assets/uploads",
            "slug": {"encoding": "ascii", "clean_accents": True},
        }
    )
    if settings.site_url:
        config["site_url"] = settings.site_url
        config["display_url"] = settings.site_url
    config["collections"] = [
        _collection(schemas, OFFER_SCHEMA, "offers", OFFERS_FOLDER, "Angebote", "Angebot", "{{title}}"),
        _collection(schemas, PROVIDER_SCHEMA, "providers", PROVIDERS_FOLDER, "Projekte (QTV)", "Projekt", "{{name}}"),
    ]
    return config


def config_yaml(config: dict[str, Any]) -> str:
    """``config.yml`` text; a header says where it comes from, so nobody edits the output."""
    header = "# Erzeugt aus schema/ von generator/admin_config.py – nicht von Hand ändern.\n"
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)


def _collection(
    schemas: SchemaSet, name: str, collection: str, folder: str, label: str, singular: str, summary: str
) -> dict[str, Any]:
    document = schemas.documents[name]
    root, base = schemas.resolve(document, document["$id"])
    return {
        "name": collection,
        "label": label,
        "label_singular": singular,
        "description": document.get("description", ""),
        "folder": folder,
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        "delete": False,
        "identifier_field": "id",
        # The file name is the id (the loader insists); ids are already lower-case ASCII.
        "slug": "{{id}}",
        "summary": summary,
        "editor": {"preview": False},
        "fields": _fields(schemas, name, root, base, (), True),
    }


def _fields(
    schemas: SchemaSet, name: str, schema: dict[str, Any], base: str, path: tuple[str, ...], present: bool
) -> list[dict[str, Any]]:
    """The form fields of an object's properties.

    ``present`` is False inside an optional group (e.g. ``outcome.exam``): Decap cannot say
    "required once the group is filled in" and would demand the group's required fields from
    every offer, so there they are optional in the form (their hint says when they are needed)
    and ``offers validate`` enforces the rule.
    """
    required = set(schema.get("required", []))
    return [
        _field(schemas, name, key, sub, base, (*path, key), key in required, present)
        for key, sub in schema.get("properties", {}).items()
    ]


def _field(
    schemas: SchemaSet,
    name: str,
    key: str,
    schema: dict[str, Any],
    base: str,
    path: tuple[str, ...],
    required: bool,
    present: bool,
) -> dict[str, Any]:
    # A shared definition's own description says what form the value takes (the field's own
    # description, which overrides it, says what it means): the former words a pattern's message.
    form = schemas.resolve({"$ref": schema["$ref"]}, base)[0] if "$ref" in schema else schema
    schema, base = schemas.resolve(schema, base)
    field: dict[str, Any] = {"name": key, "label": schema.get("title", key), "required": required and present}
    hint = schema.get("description", "")
    if required and not present:
        hint = f"{hint} Pflichtangabe, sobald dieser Abschnitt ausgefüllt wird.".strip()
    relation = RELATIONS.get((name, path))
    options = labels_of(schema)
    kind = schema.get("type")
    if relation is not None:
        field.update(relation)
    elif options:
        field.update({"widget": "select", "options": _options(options)})
    elif kind == "array":
        field.update(_array(schemas, name, schema, base, path, required and present))
    elif kind == "object":
        inner = _fields(schemas, name, schema, base, path, required and present)
        field.update({"widget": "object", "collapsed": False, "fields": inner})
    elif kind == "boolean":
        field["widget"] = "boolean"
        hint = _toggle_hint(hint)
        if required and present:
            # An untouched switch shows "off"; without a default Decap would save nothing and
            # then call the field missing, so a required switch saves what it shows.
            field["default"] = False
    elif kind in ("number", "integer"):
        field.update(_number(schema, kind))
    elif schema.get("format") == "date":
        field.update({"widget": "datetime", "format": DATE_FORMAT, "date_format": "DD.MM.YYYY", "time_format": False})
    else:
        field.update(_string(schema, form.get("description", "")))
    if hint:
        field["hint"] = hint
    return field


def _options(options: dict[Any, str]) -> list[dict[str, Any]]:
    return [{"label": label, "value": value} for value, label in options.items()]


def _array(
    schemas: SchemaSet, name: str, schema: dict[str, Any], base: str, path: tuple[str, ...], required: bool
) -> dict[str, Any]:
    items, items_base = schemas.resolve(schema.get("items", {}), base)
    bounds = {"max": schema["maxItems"]} if "maxItems" in schema else {}
    # Decap fills a list up to ``min`` with empty items, even an optional list nobody opened (an
    # offer without places would get one empty place); so ``min`` only where the list is needed.
    if required and "minItems" in schema:
        bounds["min"] = schema["minItems"]
    options = labels_of(items)
    if options:
        return {"widget": "select", "multiple": True, "options": _options(options), **bounds}
    if items.get("type") == "object":
        # A list item exists only once someone adds it, so its required fields are required.
        fields = _fields(schemas, name, items, items_base, path, True)
        first = next((f["name"] for f in fields if f["name"] in ("title", "name", "id", "date")), fields[0]["name"])
        return {
            "widget": "list",
            # Without it Decap starts the list with one item made of its fields' defaults (a
            # place with "barrier-free: no") that nobody asked for.
            "default": [],
            "label_singular": items.get("title", ""),
            "collapsed": True,
            "summary": "{{fields." + first + "}}",
            "fields": fields,
            **bounds,
        }
    item = _field(schemas, name, "item", items, items_base, path, True, True)
    item.pop("name")
    return {"widget": "list", "field": {"name": "item", **item}, **bounds}


def _number(schema: dict[str, Any], kind: str) -> dict[str, Any]:
    field: dict[str, Any] = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
    if "minimum" in schema:
        field["min"] = schema["minimum"]
    if "maximum" in schema:
        field["max"] = schema["maximum"]
    field["step"] = 1 if kind == "integer" else 0.5
    return field


def _string(schema: dict[str, Any], form: str) -> dict[str, Any]:
    longest = schema.get("maxLength")
    field: dict[str, Any] = {"widget": "text" if isinstance(longest, int) and longest > TEXT_AREA_FROM else "string"}
    rule = string_rule(schema, form)
    if rule is not None:
        field["pattern"] = list(rule)
    return field


def string_rule(schema: dict[str, Any], form: str = "") -> tuple[str, str] | None:
    """One ECMA-262 expression (and its German message) for a string's pattern and length limits.

    Decap checks one ``pattern`` per field; a length limit becomes a look-ahead in front of the
    schema's own pattern, so a field with both is checked for both.
    """
    pattern = schema.get("pattern")
    shortest = schema.get("minLength")
    longest = schema.get("maxLength")
    if pattern is None and not shortest and longest is None:
        return None
    parts = []
    if shortest or longest is not None:
        parts.append("(?=^[\\s\\S]{" + str(shortest or 0) + "," + ("" if longest is None else str(longest)) + "}$)")
    parts.append(pattern if pattern is not None else "")
    message = []
    if pattern is not None:
        message.append(f"Bitte in dieser Form eingeben: {form or schema.get('description', '')}")
    if shortest and shortest > 1 and longest is not None:
        message.append(f"Mindestens {shortest} und höchstens {longest} Zeichen.")
    elif longest is not None:
        message.append(f"Höchstens {longest} Zeichen.")
    return "".join(parts), " ".join(message)


_TRUE_WHEN = re.compile(r"^true, wenn ")


def _toggle_hint(hint: str) -> str:
    """Schema help says "true, wenn …" (written for YAML); on a switch that reads "Einschalten, wenn …"."""
    return _TRUE_WHEN.sub("Einschalten, wenn ", hint)
