"""Check one loaded file against its JSON Schema and say what is wrong in plain German."""

from __future__ import annotations

import difflib
from typing import Any

import jsonschema

from generator.problems import Problem, field_path
from generator.schema import SchemaSet, labels_of
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
_YES_NO = {"yes": True, "no": False, "ja": True, "nein": False, "on": True, "off": False,
           "y": True, "n": False, "wahr": True, "falsch": False, "j": True}


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
    """All schema problems of one file, each with line, column, field path and a hint."""
    coerce_plain_numbers(loaded, schemas, name)
    if schemas.is_valid(name, loaded.data):
        return []
    validator = schemas.validator(name)
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for error in validator.iter_errors(loaded.data):
        problem = _to_problem(error, loaded, schemas, name)
        # pattern and format often both reject one value: say it once per field
        key = (problem.field, "shape" if problem.code in _SHAPE_CODES else problem.code)
        if key not in reported:
            reported.add(key)
            problems.append(problem)
    return problems


_SHAPE_CODES = {"schema.pattern", "schema.format", "schema.minLength", "schema.empty"}


def _to_problem(error: jsonschema.ValidationError, loaded: LoadedYaml, schemas: SchemaSet, name: str) -> Problem:
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
        title = schemas.title(name, path + (missing,))
        label = f"„{missing}“" + (f" ({title})" if title else "")
        where = f" in „{field_path(path)}“" if path else ""
        message = f"Das Pflichtfeld {label} fehlt{where}."
        description = (schemas.subschema(name, path + (missing,)) or {}).get("description", "")
        hint = description
        shown = path + (missing,)
    elif kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed] if isinstance(instance, dict) else []
        key = extra[0] if extra else ""
        shown = path + (key,)
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
    elif kind == "format":
        shown = path
        if error.validator_value == "date":
            message = f"„{_show(instance)}“ ist kein gültiges Datum."
            hint = "Datum in der Form JJJJ-MM-TT schreiben, z. B. 2027-03-01 (und prüfen, ob es den Tag gibt)."
        else:
            message = f"„{_show(instance)}“ ist keine gültige Angabe ({error.validator_value})."
            hint = schema.get("description", "")
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
        relation = {"minimum": "mindestens", "maximum": "höchstens",
                    "exclusiveMinimum": "größer als", "exclusiveMaximum": "kleiner als"}[kind]
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
    return Problem(file=loaded.path, line=position.line, column=position.column,
                   field=field_path(shown), message=message, hint=hint, code=f"schema.{kind}")


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
    return text if len(text) <= 60 else text[:57] + "…"
