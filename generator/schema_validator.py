"""Check one loaded file against its JSON Schema and say what is wrong in plain German."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

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
        sub = schemas.subschema(name, vpath)
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
        schema = schemas.subschema(name, path) or {}
        value = [error.kind.as_dict().get("property")] if keyword == "required" else schema.get(keyword)
        return cls(path, keyword, value, schema, error.instance)

    @property
    def message(self) -> str:
        return f"„{_show(self.instance)}“ verletzt die Regel „{self.validator}“."


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _to_problem(error: Any, loaded: LoadedYaml, schemas: SchemaSet, name: str) -> Problem:
    """``error``: a jsonschema ValidationError or a _FastError (same attributes)."""
    path = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    hint = ""
    use_key_position = False

    if isinstance(instance, str) and not instance.strip() and kind in ("minLength", "pattern", "format"):
        shown = path
        kind = "empty"
        message = "Das Feld ist noch leer."
        hint = (schemas.subschema(name, path) or schema).get("description", "")
    elif kind == "required":
        missing = next((k for k in error.validator_value if isinstance(instance, dict) and k not in instance), "")
        title = schemas.title(name, (*path, missing))
        label = f"„{missing}“" + (f" ({title})" if title else "")
        where = f" in „{field_path(path)}“" if path else ""
        message = f"Das Pflichtfeld {label} fehlt{where}."
        description = (schemas.subschema(name, (*path, missing)) or {}).get("description", "")
        hint = description
        shown = (*path, missing)
    elif kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed] if isinstance(instance, dict) else []
        key = extra[0] if extra else ""
        shown = (*path, key)
        use_key_position = True
        where = f" in „{field_path(path)}“" if path else ""
        message = f"Das Feld „{key}“ gibt es hier nicht{where}."
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"Meinten Sie „{close[0]}“?" if close else "Erlaubt sind: " + ", ".join(allowed) + "."
    elif kind in ("oneOf", "enum") and (labels := labels_of(schema)):
        shown = path
        message = f"„{_show(instance)}“ ist hier kein erlaubter Wert."
        close = _suggest(str(instance), labels)
        allowed = "; ".join(f"{v} ({lbl})" if str(v) != lbl else str(v) for v, lbl in labels.items())
        hint = (f"Meinten Sie „{close[0]}“? " if close else "") + f"Erlaubt: {allowed}."
    elif kind == "type":
        shown = path
        expected = error.validator_value
        expected_list = expected if isinstance(expected, list) else [expected]
        expected_text = " oder ".join(_TYPE_NAMES.get(t, t) for t in expected_list)
        message = f"Erwartet wird {expected_text}, gefunden: „{_show(instance)}“."
        if "boolean" in expected_list and isinstance(instance, str) and instance.lower() in _YES_NO:
            meant = "true" if _YES_NO[instance.lower()] else "false"
            hint = f"Für Ja/Nein-Felder bitte true oder false schreiben (hier vermutlich {meant})."
        elif "array" in expected_list and not isinstance(instance, list):
            hint = "Jeden Eintrag in eine eigene Zeile schreiben, eingerückt und mit „- “ davor."
        else:
            hint = (schemas.subschema(name, path) or {}).get("description", "")
    elif kind in ("format", "pattern") and isinstance(instance, str) and _LINE_BREAKS & set(instance):
        # a block scalar (``postal_code: |`` and the value on the next line) keeps its line break
        shown = path
        message = f"„{_show(instance)}“ enthält einen Zeilenumbruch; hier ist nur eine Zeile erlaubt."
        key = path[-1] if path and isinstance(path[-1], str) else "feld"
        hint = (
            f"Den Wert direkt hinter den Doppelpunkt in dieselbe Zeile schreiben, z. B. {key}: "
            f'"{" ".join(instance.split())}" (ohne „|“ oder „>“).'
        )
    elif kind == "format":
        shown = path
        if error.validator_value == "date":
            message = f"„{_show(instance)}“ ist kein gültiges Datum."
            hint = "Datum in der Form JJJJ-MM-TT schreiben, z. B. 2027-03-01 (und prüfen, ob es den Tag gibt)."
        elif error.validator_value == "email":
            message = f"„{_show(instance)}“ ist keine gültige E-Mail-Adresse."
            hint = "Die Adresse so schreiben, wie sie im E-Mail-Programm steht, z. B. kontakt@traeger.de (ohne Umlaute, ohne zwei Punkte hintereinander)."
        else:
            message = f"„{_show(instance)}“ ist keine gültige Angabe ({error.validator_value})."
            hint = schema.get("description", "")
    elif kind == "pattern" and (day := _iso_date(instance, schema)):
        # a real calendar day outside the years every page and feed can show (e.g. 9999-12-31)
        shown = path
        message = f"Das Datum {day.day:02d}.{day.month:02d}.{day.year:04d} liegt außerhalb des erlaubten Zeitraums."
        hint = schemas.documents[OFFER_SCHEMA]["$defs"]["date"]["description"]
    elif kind == "pattern":
        shown = path
        message = f"„{_show(instance)}“ hat nicht die erwartete Form."
        hint = (schemas.subschema(name, path) or schema).get("description", "")
    elif kind in ("minLength", "maxLength"):
        shown = path
        n = len(instance) if isinstance(instance, str) else 0
        if kind == "minLength":
            message = f"Der Text ist zu kurz ({n} Zeichen, nötig sind mindestens {error.validator_value})."
        else:
            message = f"Der Text ist zu lang ({n} Zeichen, erlaubt sind höchstens {error.validator_value})."
        hint = (schemas.subschema(name, path) or schema).get("description", "")
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        shown = path
        relation = {
            "minimum": "mindestens",
            "maximum": "höchstens",
            "exclusiveMinimum": "größer als",
            "exclusiveMaximum": "kleiner als",
        }[kind]
        message = f"Die Zahl {_show(instance)} ist nicht erlaubt: sie muss {relation} {error.validator_value} sein."
        hint = (schemas.subschema(name, path) or schema).get("description", "")
    elif kind in ("minItems", "maxItems"):
        shown = path
        n = len(instance) if isinstance(instance, list) else 0
        relation = "mindestens" if kind == "minItems" else "höchstens"
        message = f"Die Liste hat {n} Einträge, erlaubt sind {relation} {error.validator_value}."
        hint = (schemas.subschema(name, path) or schema).get("description", "")
    elif kind == "uniqueItems":
        shown = path
        message = "Die Liste enthält einen Eintrag doppelt."
        hint = "Jeden Wert nur einmal aufführen."
    else:
        shown = path
        message = f"Die Angabe passt nicht zum Schema: {error.message}"
    title = schemas.title(name, shown) if shown else ""
    if title and kind not in ("required",):
        message = f"{title}: {message}"
    position = loaded.key_positions.get(shown) if use_key_position else None
    position = position or loaded.position_of(shown if kind != "required" else path)
    return Problem(
        file=loaded.path,
        line=position.line,
        column=position.column,
        field=field_path(shown),
        message=message,
        hint=hint,
        code=f"schema.{kind}",
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
