"""Check one loaded file against its JSON Schema and say what is wrong in plain German."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from generator.german_format import de_date
from generator.problems import Problem, field_path
from generator.schema import OFFER_SCHEMA, SchemaSet, labels_of
from generator.yaml_loader import LoadedYaml

_TYPE_NAMES = {
    "string": "ein Text",
    "integer": "eine ganze Zahl",
    "number": "eine Zahl",
    "boolean": "true oder false",
    "array": "eine Liste (Einträge mit „- “ je Zeile)",
    "object": "eine Gruppe von Feldern (eingerückt, „name: wert“)",
    "null": "kein Wert",
}
_YES_NO = {
    "yes": True,
    "no": False,
    "ja": True,
    "nein": False,
    "on": True,
    "off": False,
    "y": True,
    "n": False,
    "wahr": True,
    "falsch": False,
    "j": True,
}


def coerce_plain_numbers(loaded: LoadedYaml, schemas: SchemaSet, name: str) -> None:
    """Read unquoted numbers back as text where the schema wants text.

    ``postal_code: 10115`` or ``kldb: 81302`` are numbers to YAML but text to the author; the
    source text (leading zeros included) is what they meant.
    """
    for vpath, source in loaded.texts.items():
        sub = schemas.find(name, vpath)
        if sub is not None and sub.get("type") == "string":
            _set(loaded.data, vpath, source)


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def validate_against_schema(loaded: LoadedYaml, schemas: SchemaSet, name: str) -> list[Problem]:
    """All schema problems of one file, each with line, column, field path and a hint.

    The fast validator's verdict is the verdict: a file it rejects is never valid, even when the
    detailed validator (whose errors give the better messages) finds nothing. Every rule the
    fast one saw broken and the detailed one did not is reported from the fast one's own error.
    """
    coerce_plain_numbers(loaded, schemas, name)
    if schemas.is_valid(name, loaded.data):
        return []
    errors: list[Any] = list(schemas.validator(name).iter_errors(loaded.data))
    seen = {(tuple(e.absolute_path), e.validator) for e in errors}
    fast = schemas.fast_errors(name, loaded.data)
    missed = [_FastError.of(e, schemas, name) for e in fast if (tuple(e.instance_path), e.kind.name) not in seen]
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for error in errors + missed:
        problem = _to_problem(error, loaded, schemas, name)
        if isinstance(error, _FastError):
            problem = replace(problem, hint=_join(problem.hint, f"(Regel im Schema: „{error.validator}“)"))
        # pattern and format often both reject one value: say it once per field
        key = (problem.field, "shape" if problem.code in _SHAPE_CODES else problem.code)
        if key not in reported:
            reported.add(key)
            problems.append(problem)
    if not problems:  # the fast validator rejected without saying where: still not valid
        problems.append(
            Problem(
                file=loaded.path,
                line=1,
                column=1,
                field="",
                message="Die Datei passt nicht zum Schema.",
                hint="Bitte die Datei mit der Vorlage vergleichen.",
                code="schema.unknown",
            )
        )
    return problems


_LINE_BREAKS = set("\n\r\u2028\u2029\x85\x0b\x0c")
_SHAPE_CODES = {"schema.pattern", "schema.format", "schema.minLength", "schema.empty"}


@dataclass(frozen=True)
class _FastError:
    """A jsonschema_rs error in the shape ``_to_problem`` reads from jsonschema's errors."""

    absolute_path: tuple[str | int, ...]
    validator: str
    validator_value: Any
    schema: dict[str, Any]
    instance: Any

    @classmethod
    def of(cls, error: Any, schemas: SchemaSet, name: str) -> _FastError:
        path = tuple(error.instance_path)
        keyword = error.kind.name
        schema = schemas.find(name, path) or {}
        value = [error.kind.as_dict().get("property")] if keyword == "required" else schema.get(keyword)
        return cls(path, keyword, value, schema, error.instance)

    @property
    def message(self) -> str:
        return f"„{_show(self.instance)}“ verletzt die Regel „{self.validator}“."


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class _Error:
    """One schema error as the keyword handlers read it (jsonschema's or a _FastError)."""

    error: Any
    path: tuple[str | int, ...]
    keyword: str
    schema: dict[str, Any]
    instance: Any
    schemas: SchemaSet
    name: str

    @property
    def value(self) -> Any:
        """The keyword's value in the schema (``minLength: 3`` → 3)."""
        return self.error.validator_value

    def description(self, path: tuple[str | int, ...] | None = None, *, fallback: bool = True) -> str:
        """The schema's description of the field at ``path`` (default: the error's field).

        Errors can point at paths the schema does not know (that is often the error), so this
        looks up leniently; ``fallback`` uses the failing subschema when the path is unknown.
        """
        found = self.schemas.find(self.name, self.path if path is None else path)
        return (found or (self.schema if fallback else {})).get("description", "")


@dataclass(frozen=True)
class _Finding:
    """What a keyword handler makes of an error; ``_to_problem`` adds title, position and file."""

    message: str
    hint: str = ""
    shown: tuple[str | int, ...] | None = None  # the field named; default the error's path
    code: str = ""  # default the keyword
    at_key: bool = False  # point at the key (an unknown field), not at its value
    at: tuple[str | int, ...] | None = None  # where to point instead (a missing field: its parent)
    titled: bool = True  # prefix the message with the field's German title


def _empty(e: _Error) -> _Finding:
    return _Finding("Das Feld ist noch leer.", e.description(), code="empty")


def _line_break(e: _Error) -> _Finding:
    # a block scalar (``postal_code: |`` and the value on the next line) keeps its line break
    key = e.path[-1] if e.path and isinstance(e.path[-1], str) else "feld"
    return _Finding(
        f"„{_show(e.instance)}“ enthält einen Zeilenumbruch; hier ist nur eine Zeile erlaubt.",
        f"Den Wert direkt hinter den Doppelpunkt in dieselbe Zeile schreiben, z. B. {key}: "
        f'"{" ".join(e.instance.split())}" (ohne „|“ oder „>“).',
    )


def _is_blank(e: _Error) -> bool:
    return isinstance(e.instance, str) and not e.instance.strip()


def _has_line_break(e: _Error) -> bool:
    return isinstance(e.instance, str) and bool(_LINE_BREAKS & set(e.instance))


def _required(e: _Error) -> _Finding:
    missing = next((k for k in e.value if isinstance(e.instance, dict) and k not in e.instance), "")
    title = (e.schemas.find(e.name, (*e.path, missing)) or {}).get("title", "")
    label = f"„{missing}“" + (f" ({title})" if title else "")
    where = f" in „{field_path(e.path)}“" if e.path else ""
    return _Finding(
        f"Das Pflichtfeld {label} fehlt{where}.",
        e.description((*e.path, missing), fallback=False),
        shown=(*e.path, missing),
        at=e.path,
        titled=False,
    )


def _additional_properties(e: _Error) -> _Finding:
    allowed = list(e.schema.get("properties", {}))
    extra = [k for k in e.instance if k not in allowed] if isinstance(e.instance, dict) else []
    key = extra[0] if extra else ""
    where = f" in „{field_path(e.path)}“" if e.path else ""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return _Finding(
        f"Das Feld „{key}“ gibt es hier nicht{where}.",
        f"Meinten Sie „{close[0]}“?" if close else "Erlaubt sind: " + ", ".join(allowed) + ".",
        shown=(*e.path, key),
        at_key=True,
    )


def _enum(e: _Error) -> _Finding | None:
    labels = labels_of(e.schema)
    if not labels:
        return None
    close = _suggest(str(e.instance), labels)
    allowed = "; ".join(f"{v} ({lbl})" if str(v) != lbl else str(v) for v, lbl in labels.items())
    return _Finding(
        f"„{_show(e.instance)}“ ist hier kein erlaubter Wert.",
        (f"Meinten Sie „{close[0]}“? " if close else "") + f"Erlaubt: {allowed}.",
    )


def _type(e: _Error) -> _Finding:
    expected: list[str] = e.value if isinstance(e.value, list) else [e.value]
    expected_text = " oder ".join(_TYPE_NAMES.get(t, t) for t in expected)
    message = f"Erwartet wird {expected_text}, gefunden: „{_show(e.instance)}“."
    if "boolean" in expected and isinstance(e.instance, str) and e.instance.lower() in _YES_NO:
        meant = "true" if _YES_NO[e.instance.lower()] else "false"
        return _Finding(message, f"Für Ja/Nein-Felder bitte true oder false schreiben (hier vermutlich {meant}).")
    if "array" in expected and not isinstance(e.instance, list):
        return _Finding(message, "Jeden Eintrag in eine eigene Zeile schreiben, eingerückt und mit „- “ davor.")
    return _Finding(message, e.description(fallback=False))


def _format(e: _Error) -> _Finding:
    if _is_blank(e):
        return _empty(e)
    if _has_line_break(e):
        return _line_break(e)
    if e.value == "date":
        return _Finding(
            f"„{_show(e.instance)}“ ist kein gültiges Datum.",
            "Datum in der Form JJJJ-MM-TT schreiben, z. B. 2027-03-01 (und prüfen, ob es den Tag gibt).",
        )
    if e.value == "email":
        return _Finding(
            f"„{_show(e.instance)}“ ist keine gültige E-Mail-Adresse.",
            "Die Adresse so schreiben, wie sie im E-Mail-Programm steht, z. B. kontakt@traeger.de "
            "(ohne Umlaute, ohne zwei Punkte hintereinander).",
        )
    return _Finding(f"„{_show(e.instance)}“ ist keine gültige Angabe ({e.value}).", e.schema.get("description", ""))


def _pattern(e: _Error) -> _Finding:
    if _is_blank(e):
        return _empty(e)
    if _has_line_break(e):
        return _line_break(e)
    if day := _iso_date(e.instance, e.schema):
        # a real calendar day outside the years every page and feed can show (e.g. 9999-12-31)
        return _Finding(
            f"Das Datum {de_date(day)} liegt außerhalb des erlaubten Zeitraums.",
            e.schemas.documents[OFFER_SCHEMA]["$defs"]["date"]["description"],
        )
    return _Finding(f"„{_show(e.instance)}“ hat nicht die erwartete Form.", e.description())


def _min_length(e: _Error) -> _Finding:
    if _is_blank(e):
        return _empty(e)
    n = len(e.instance) if isinstance(e.instance, str) else 0
    return _Finding(f"Der Text ist zu kurz ({n} Zeichen, nötig sind mindestens {e.value}).", e.description())


def _max_length(e: _Error) -> _Finding:
    n = len(e.instance) if isinstance(e.instance, str) else 0
    return _Finding(f"Der Text ist zu lang ({n} Zeichen, erlaubt sind höchstens {e.value}).", e.description())


_RELATIONS = {
    "minimum": "mindestens",
    "maximum": "höchstens",
    "exclusiveMinimum": "größer als",
    "exclusiveMaximum": "kleiner als",
}


def _bound(e: _Error) -> _Finding:
    return _Finding(
        f"Die Zahl {_show(e.instance)} ist nicht erlaubt: sie muss {_RELATIONS[e.keyword]} {e.value} sein.",
        e.description(),
    )


def _item_count(e: _Error) -> _Finding:
    n = len(e.instance) if isinstance(e.instance, list) else 0
    relation = "mindestens" if e.keyword == "minItems" else "höchstens"
    return _Finding(f"Die Liste hat {n} Einträge, erlaubt sind {relation} {e.value}.", e.description())


def _unique_items(e: _Error) -> _Finding:
    return _Finding("Die Liste enthält einen Eintrag doppelt.", "Jeden Wert nur einmal aufführen.")


def _other(e: _Error) -> _Finding:
    return _Finding(f"Die Angabe passt nicht zum Schema: {e.error.message}")


# JSON-Schema keyword → what it means in German; a handler may return None to leave it to _other.
_HANDLERS: dict[str, Callable[[_Error], _Finding | None]] = {
    "required": _required,
    "additionalProperties": _additional_properties,
    "oneOf": _enum,
    "enum": _enum,
    "type": _type,
    "format": _format,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minimum": _bound,
    "maximum": _bound,
    "exclusiveMinimum": _bound,
    "exclusiveMaximum": _bound,
    "minItems": _item_count,
    "maxItems": _item_count,
    "uniqueItems": _unique_items,
}


def _to_problem(error: Any, loaded: LoadedYaml, schemas: SchemaSet, name: str) -> Problem:
    """``error``: a jsonschema ValidationError or a _FastError (same attributes)."""
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    e = _Error(error, path, error.validator, schema, error.instance, schemas, name)
    handler = _HANDLERS.get(e.keyword)
    finding = (handler(e) if handler else None) or _other(e)
    shown = path if finding.shown is None else finding.shown
    message = finding.message
    title = (schemas.find(name, shown) or {}).get("title", "") if shown and finding.titled else ""
    if title:
        message = f"{title}: {message}"
    position = loaded.key_positions.get(shown) if finding.at_key else None
    position = position or loaded.position_of(shown if finding.at is None else finding.at)
    return Problem(
        file=loaded.path,
        line=position.line,
        column=position.column,
        field=field_path(shown),
        message=message,
        hint=finding.hint,
        code=f"schema.{finding.code or e.keyword}",
    )


def _iso_date(value: Any, schema: dict[str, Any]) -> date | None:
    if schema.get("format") != "date" or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _suggest(value: str, labels: dict[Any, str]) -> list[str]:
    """The allowed value the author probably meant, judged by its code and its German label.

    "in_persn" → in_person (spelling of the code), "Präsenz" → in_person (a word of the label
    „in Präsenz“), "b1" → B1 (case). Nothing is suggested when nothing is reasonably close.
    """
    wanted = value.casefold()

    def score(code: Any, label: str) -> float:
        label_cf = label.casefold()
        words = label_cf.replace("(", " ").replace(")", " ").replace(",", " ").split()
        if wanted == str(code).casefold():
            return 2.0
        label_ratio = difflib.SequenceMatcher(None, wanted, label_cf).ratio()
        if wanted in words:  # the shorter the label, the more this word is what it means
            return 1.0 + label_ratio
        return max(difflib.SequenceMatcher(None, wanted, str(code).casefold()).ratio(), label_ratio)

    best = max(labels.items(), key=lambda item: score(*item), default=None)
    return [str(best[0])] if best is not None and score(*best) >= 0.5 else []


def _show(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "(leer)"
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    text = str(value)
    text = text if len(text) <= 60 else text[:57] + "…"
    # a line break inside a quoted value would split the message; show it as a visible sign
    return "".join("↵" if ch in _LINE_BREAKS else ch for ch in text.replace("\r\n", "\n"))
