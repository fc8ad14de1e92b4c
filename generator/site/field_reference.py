"""The page "Felder und erlaubte Werte": every field of the offer and provider schemas, generated.

A QTV person writing YAML needs the field names, which are required, what a value looks like,
and the codes behind the German labels (``blended`` for "Blended Learning …"). All of it is in
the schemas, which are also what the validator, the form editor and the pages use; generating the
page from them at every build means it cannot drift from what is checked.

Walked the way a file is written: ``format.places[].state`` is the ``state`` of any entry of the
list ``places`` in ``format``. The page is Markdown with HTML tables (one per top-level field),
so both renderers show it the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SchemaSet, labels_of

FIELD_REFERENCE_SRC = "felder.md"
TITLE = "Felder und erlaubte Werte"
_FORMATS = {
    "date": "Datum (JJJJ-MM-TT)",
    "email": "E-Mail-Adresse",
    "uri": "Internetadresse",
    "time": "Uhrzeit (HH:MM)",
}
_TYPES = {
    "string": "Text",
    "integer": "ganze Zahl",
    "number": "Zahl",
    "boolean": "ja/nein: <code>true</code> oder <code>false</code>",
    "object": "Abschnitt mit Unterfeldern",
    "array": "Liste",
}


@dataclass(frozen=True)
class FieldRow:
    """One field as the page lists it."""

    path: str  # as written in a file: runs[].start
    title: str
    description: str
    required: bool
    kind: str  # German, may hold <code>
    values: dict[Any, str]  # allowed value → German label (empty: free value)


def fields(schemas: SchemaSet, name: str) -> Iterator[FieldRow]:
    """Every field of one schema, depth first in schema order."""
    document = schemas.documents[name]
    root, base = schemas.resolve(document, document["$id"])
    yield from _walk(schemas, root, base, "")


def _walk(schemas: SchemaSet, schema: dict[str, Any], base: str, prefix: str) -> Iterator[FieldRow]:
    required = set(schema.get("required", ()))
    for key, raw in schema.get("properties", {}).items():
        field, field_base = schemas.resolve(raw, base)
        path = f"{prefix}{key}"
        items, items_base = (
            schemas.resolve(field["items"], field_base) if isinstance(field.get("items"), dict) else ({}, field_base)
        )
        values = labels_of(field) or labels_of(items)
        yield FieldRow(
            path=path,
            title=str(field.get("title", "")),
            description=str(field.get("description", "")),
            required=key in required,
            kind=_kind(field, items),
            values=values,
        )
        if "properties" in field:
            yield from _walk(schemas, field, field_base, f"{path}.")
        if "properties" in items:
            yield from _walk(schemas, items, items_base, f"{path}[].")


def _kind(field: dict[str, Any], items: dict[str, Any]) -> str:
    """Type, format, limits and pattern in German, e.g. "Text, 1 bis 120 Zeichen"."""
    if field.get("type") == "array" or items:
        count = _range(field.get("minItems"), field.get("maxItems"), "Eintrag", "Einträge")
        unique = ", jeder Wert nur einmal" if field.get("uniqueItems") else ""
        inner = _kind(items, {}) if items and "properties" not in items else "Einträge mit Unterfeldern"
        return f"Liste ({count}{unique}) – je Eintrag: {inner}"
    if labels_of(field):
        return "Auswahl: eines der Kürzel unten"
    types = field.get("type")
    names: list[str] = [str(t) for t in types] if isinstance(types, list) else [str(types)] if types else []
    parts = [" oder ".join(_TYPES.get(t, t) for t in names)] if names else []
    if "format" in field:
        parts.append(_FORMATS.get(field["format"], field["format"]))
    if "minLength" in field or "maxLength" in field:
        parts.append(_range(field.get("minLength"), field.get("maxLength"), "Zeichen", "Zeichen"))
    bounds = []
    if "minimum" in field:
        bounds.append(f"mindestens {field['minimum']}")
    if "exclusiveMinimum" in field:
        bounds.append(f"größer als {field['exclusiveMinimum']}")
    if "maximum" in field:
        bounds.append(f"höchstens {field['maximum']}")
    parts += bounds
    text = ", ".join(escape(p) if "<code>" not in p else p for p in parts if p)
    if "pattern" in field:
        text += f"; Muster: <code>{escape(field['pattern'])}</code>"
    examples = field.get("examples")
    if isinstance(examples, list) and examples and not isinstance(examples[0], dict | list):
        text += f"; z. B. <code>{escape(_yaml_value(examples[0]))}</code>"
    return text or "beliebig"


def _range(low: int | None, high: int | None, one: str, many: str) -> str:
    if low is not None and high is not None:
        return f"{low} {one if low == 1 else many}" if low == high else f"{low} bis {high} {many}"
    if low is not None:
        return f"mindestens {low} {one if low == 1 else many}"
    if high is not None:
        return f"höchstens {high} {one if high == 1 else many}"
    return "beliebig viele"


def _yaml_value(value: Any) -> str:
    """A value as it is written in a file: true/false, numbers and text as they are."""
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _table(rows: list[FieldRow], anchor: str) -> str:
    head = (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>'
        '<thead><tr><th scope="col">Feld</th><th scope="col">Bezeichnung und Erklärung</th>'
        '<th scope="col">Pflicht</th><th scope="col">Art des Werts</th><th scope="col">Erlaubte Werte</th></tr></thead>'
        "<tbody>"
    )
    body = []
    for row in rows:
        values = (
            "<br>".join(
                f"<code>{escape(_yaml_value(value))}</code> {escape(label)}"
                if label != str(value)
                else f"<code>{escape(_yaml_value(value))}</code>"
                for value, label in row.values.items()
            )
            or "frei"
        )
        # Long paths may break after a dot or a list mark, never inside a name.
        shown = escape(row.path).replace(".", ".<wbr>").replace("[]", "[]<wbr>")
        body.append(
            f'<tr id="{anchor}-{escape(_anchor(row.path))}"><th scope="row"><code>{shown}</code></th>'
            f"<td><strong>{escape(row.title)}</strong><br>{escape(' '.join(row.description.split()))}</td>"
            f"<td>{'ja' if row.required else 'nein'}</td><td>{row.kind}</td><td>{values}</td></tr>"
        )
    return head + "".join(body) + "</tbody></table></div></div>"


def _anchor(path: str) -> str:
    return path.replace("[]", "").replace(".", "-").replace("_", "-")


def _section(schemas: SchemaSet, name: str, heading: str, intro: str, anchor: str) -> str:
    """One schema's fields, a table per top-level field; rows get ids ``<anchor>-<path>`` to link to."""
    groups: dict[str, list[FieldRow]] = {}
    for row in fields(schemas, name):
        groups.setdefault(row.path.split(".")[0].split("[")[0], []).append(row)
    out = [f"## {heading}\n\n{intro}\n"]
    for top, rows in groups.items():
        heading = escape(rows[0].title).replace("*", "\\*").replace("_", "\\_")
        out.append(f"### {heading} (`{top}`)\n\n{_table(rows, anchor)}\n")
    return "\n".join(out)


def field_reference_markdown(schemas: SchemaSet) -> str:
    """The whole page (Markdown with HTML tables), from both schemas."""
    offer_version = schemas.documents[OFFER_SCHEMA].get("version", "")
    provider_version = schemas.documents[PROVIDER_SCHEMA].get("version", "")
    intro = (
        f"# {TITLE}\n\n"
        "Diese Seite listet jedes Feld einer Angebotsdatei und einer Projektdatei: wie es in der Datei "
        "heißt, wie es auf der Website heißt, ob es angegeben werden muss, wie der Wert aussieht und "
        "welche Werte erlaubt sind. Sie wird bei jedem Bau der Website aus den Schemas erzeugt "
        f"(Angebote: Version {escape(str(offer_version))}, Projekte: Version {escape(str(provider_version))}) "
        "und stimmt deshalb immer mit der Prüfung überein.\n\n"
        "So lesen Sie die Tabellen:\n\n"
        "- **Feld** ist der Name in der Datei. Ein Punkt steht für „darin“: `format.mode` ist `mode` "
        "im Abschnitt `format`. `[]` steht für „jeder Eintrag der Liste“: `runs[].start` ist der "
        "Beginn jeder Durchführung.\n"
        "- **Pflicht: ja** heißt: Das Feld muss angegeben werden, sobald es den Abschnitt gibt, in dem "
        "es steht.\n"
        "- **Erlaubte Werte**: In die Datei schreiben Sie das Kürzel (zum Beispiel `blended`); die "
        "Website zeigt die Bezeichnung dahinter (zum Beispiel „Blended Learning“). Im Formular unter "
        "`/admin/` wählen Sie direkt die Bezeichnung.\n\n"
        "Meldet `offers validate` oder die Prüfung im Pull Request einen Fehler, nennt sie das Feld "
        "genau so wie die erste Spalte; suchen Sie es auf dieser Seite (Strg+F).\n"
    )
    return "\n".join(
        [
            intro,
            _section(
                schemas,
                OFFER_SCHEMA,
                "Angebotsdatei (offers/…yaml)",
                "Eine Datei je Angebot im Ordner `offers/`; der Dateiname ist die Kennung (`id`).",
                "feld",
            ),
            _section(
                schemas,
                PROVIDER_SCHEMA,
                "Projektdatei (offers/providers/…yaml)",
                "Eine Datei je Qualifizierungsprojekt im Ordner `offers/providers/`; Angebote nennen sie "
                "mit `provider`.",
                "projektfeld",
            ),
        ]
    )
