"""Pre-flight check for KURSNET: what the export would cut, drop or refuse, at the YAML line.

The export never fails on a long place name – it cuts it to KURSNET's 30 characters – but the
author should know before the offer goes out, and should see it where she can fix it. The
conversions and limits are the ones the mapping uses (``generator.kursnet.values``), so the
warning says exactly what will be sent. Code-list mismatches would stop the export; they are
errors here.
"""

from __future__ import annotations

from typing import Any

from generator.kursnet import codelists
from generator.kursnet.latin9 import describe, outside_latin9
from generator.kursnet.values import (
    INSTRUCTION_FORM,
    MAX_CITY,
    MAX_EXAM_TITLE,
    MAX_NAME,
    MAX_STREET,
    cut,
    instruction_form,
    kursnet_phone,
    split_name,
)
from generator.problems import Problem, field_path
from generator.yaml_loader import LoadedYaml

CODE = "kursnet"


class _Collector:
    def __init__(self, loaded: LoadedYaml):
        self.loaded = loaded
        self.problems: list[Problem] = []

    def add(
        self,
        path: tuple[str | int, ...],
        message: str,
        hint: str = "",
        severity: str = "warning",
        field: tuple[str | int, ...] | None = None,
    ) -> None:
        pos = self.loaded.position_of(path)
        self.problems.append(
            Problem(
                file=self.loaded.path,
                line=pos.line,
                column=pos.column,
                field=field_path(field or path),
                message=message,
                hint=hint,
                severity=severity,
                code=CODE,
            )
        )


def check_offer_for_kursnet(loaded: LoadedYaml, provider_data: dict[str, Any] | None) -> list[Problem]:
    """KURSNET findings for one schema-valid offer whose provider sends to KURSNET."""
    data = loaded.data
    if not isinstance(data, dict) or not provider_data or not provider_data.get("kursnet"):
        return []
    if (data.get("kursnet") or {}).get("export") is False:
        return []
    c = _Collector(loaded)
    _places(c, data)
    _contact(c, data)
    _codes(c, data)
    _latin9(c, data)
    exam = (data.get("outcome") or {}).get("exam") or {}
    if len(exam.get("name", "")) > MAX_EXAM_TITLE:
        c.add(
            ("outcome", "exam", "name"),
            f"Der Name der Prüfung ist länger als {MAX_EXAM_TITLE} Zeichen und wird für KURSNET gekürzt.",
        )
    if not (data.get("kursnet") or {}).get("systematik_code"):
        # Missing field: point at the kursnet block if there is one, else at the offer's id.
        c.add(
            ("kursnet",) if data.get("kursnet") else ("id",),
            "Für KURSNET fehlt die Position in der Kurssystematik (kursnet.systematik_code).",
            'Die Position steht im KURSNET-Konto oder in der Kurssystematik der BA, z. B. "C 2180-20-10".',
            field=("kursnet", "systematik_code"),
        )
    return c.problems


def _too_long(c: _Collector, path: tuple[str | int, ...], value: str, limit: int, what: str) -> None:
    if len(value) > limit:
        c.add(
            path,
            f"{what} hat {len(value)} Zeichen; KURSNET erlaubt {limit}. Gesendet wird „{cut(value, limit)}“.",
            f"Bitte auf höchstens {limit} Zeichen kürzen (z. B. Abkürzungen verwenden)"
            + (" oder einen Kurznamen (short_name) angeben." if path[-1] == "name" else "."),
        )


def _places(c: _Collector, data: dict[str, Any]) -> None:
    for i, place in enumerate(data.get("format", {}).get("places", [])):
        here = ("format", "places", i)
        if "short_name" not in place:
            _too_long(c, (*here, "name"), place.get("name", ""), MAX_NAME, "Der Name des Lernorts")
        _too_long(c, (*here, "street"), place.get("street", ""), MAX_STREET, "Die Straße des Lernorts")
        _too_long(c, (*here, "city"), place.get("city", ""), MAX_CITY, "Der Ort des Lernorts")


def _phone(c: _Collector, path: tuple[str | int, ...], value: str | None) -> None:
    if value and kursnet_phone(value) is None:
        c.add(
            path,
            f"Die Telefonnummer „{value}“ lässt sich nicht in die KURSNET-Schreibweise "
            "(+49.30.1234567) umwandeln und wird nicht übermittelt.",
            'Vorwahl und Rufnummer mit Leerzeichen trennen, z. B. "+49 30 1234567" oder "030 1234567".',
        )


def _contact(c: _Collector, data: dict[str, Any]) -> None:
    person = (data.get("support") or {}).get("contact") or {}
    here = ("support", "contact")
    _phone(c, (*here, "phone"), person.get("phone"))
    _phone(c, (*here, "mobile"), person.get("mobile"))
    if not person.get("phone"):
        _phone(c, ("application", "phone"), (data.get("application") or {}).get("phone"))
    _, first, last = split_name(person.get("name", ""))
    if len(first) > MAX_NAME or len(last) > MAX_NAME:
        c.add(
            (*here, "name"),
            f"Vor- oder Nachname der Ansprechperson ist länger als {MAX_NAME} Zeichen und wird für KURSNET gekürzt.",
        )


def _codes(c: _Collector, data: dict[str, Any]) -> None:
    for i, code in enumerate((data.get("language") or {}).get("instruction_languages", [])):
        if not codelists.is_valid("unterrichtssprache", code):
            c.add(
                ("language", "instruction_languages", i),
                f"Die Unterrichtssprache „{code}“ steht nicht in der KURSNET-Liste; der Export würde scheitern.",
                severity="error",
            )
    mode = (data.get("format") or {}).get("mode")
    if mode in INSTRUCTION_FORM or (data.get("kursnet") or {}).get("instruction_form") is not None:
        code = instruction_form(data)
        if not codelists.is_valid("unterrichtsform", code):
            c.add(
                ("kursnet", "instruction_form"),
                f"Die Unterrichtsform „{code}“ steht nicht in der KURSNET-Liste; der Export würde scheitern.",
                severity="error",
            )


# Offer fields whose text goes into a KURSNET file ("*" = every item of a list).
KURSNET_TEXT_FIELDS: tuple[tuple[str, ...], ...] = (
    ("title",),
    ("description",),
    ("target_group",),
    ("keywords", "*"),
    ("application", "how"),
    ("support", "note"),
    ("support", "contact", "name"),
    ("support", "contact", "role"),
    ("support", "contact", "hours"),
    ("employer", "benefits"),
    ("employer", "note"),
    ("language", "german_level_note"),
    ("language", "instruction_languages_note"),
    ("requirements", "equipment"),
    ("requirements", "other", "*"),
    ("outcome", "title"),
    ("outcome", "description"),
    ("outcome", "exam", "name"),
    ("outcome", "exam", "timing"),
    ("outcome", "exam", "examiner"),
    ("schedule", "pattern_note"),
    ("format", "in_person_parts"),
    ("format", "places", "*", "name"),
    ("format", "places", "*", "short_name"),
    ("format", "places", "*", "street"),
    ("format", "places", "*", "city"),
    ("format", "places", "*", "note"),
    ("accessibility", "note"),
    ("costs", "note"),
    ("costs", "income_note"),
    ("modules", "*", "title"),
    ("modules", "*", "content"),
    ("modules", "*", "result"),
    ("runs", "*", "note"),
    ("runs", "*", "time_note"),
    ("runs", "*", "sessions", "*", "title"),
    ("runs", "*", "sessions", "*", "location"),
    ("runs", "*", "exams", "*", "title"),
    ("runs", "*", "exams", "*", "examiner"),
    ("runs", "*", "exams", "*", "location"),
    ("kursnet", "systematik_label"),
)


def _texts(value: Any, pattern: tuple[str, ...], here: tuple[str | int, ...] = ()) -> list[tuple[tuple, str]]:
    """(path, text) of every string the pattern reaches in the offer data."""
    if not pattern:
        return [(here, value)] if isinstance(value, str) else []
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        items = value if isinstance(value, list) else []
        return [found for i, item in enumerate(items) for found in _texts(item, rest, (*here, i))]
    if not isinstance(value, dict) or head not in value:
        return []
    return _texts(value[head], rest, (*here, head))


def _latin9(c: _Collector, data: dict[str, Any]) -> None:
    """Letters outside Latin-9 (other scripts, emoji) in KURSNET-bound text: kept as numeric
    references in the file; whether KURSNET shows them is not documented, so the author is told."""
    for pattern in KURSNET_TEXT_FIELDS:
        for path, text in _texts(data, pattern):
            chars = outside_latin9(text)
            if chars:
                c.add(
                    path,
                    f"Enthält Zeichen, die es in KURSNET-Dateien (ISO-8859-15) nicht gibt: {describe(chars)}. "
                    "Sie werden als Zeichenreferenz (z. B. &#1575;) gesendet; ob KURSNET sie anzeigt, ist nicht "
                    "bekannt.",
                    "Für KURSNET möglichst lateinische Schrift verwenden, Emoji weglassen; Namen in anderer "
                    "Schrift zusätzlich in lateinischer Umschrift angeben.",
                )
