"""Value formats KURSNET expects: phone notation, Berlin-time dates, duration classes, lengths, codes.

Shared by the mapping (which converts and cuts) and the pre-flight check (which warns at the
YAML line before anything is cut), so both always agree on what will happen to a value. Pure
Python: ``offers validate`` runs the pre-flight check and must not load lxml for it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from generator.dates import add_months

BERLIN = ZoneInfo("Europe/Berlin")

# KURSNET field lengths (characters, not bytes) that the mapping has to respect.
MAX_NAME = 30  # ADDRESS/LOCATION NAME, CONTACT FIRST_NAME/LAST_NAME
MAX_STREET = 30
MAX_CITY = 36
MAX_ZIP = 14
MAX_PHONE = 30
MAX_TITLE = 255
MAX_KEYWORD = 255
MAX_KEYWORDS = 30
MAX_EXAM_TITLE = 255
MAX_INSTRUCTION_REMARKS = 2000
MAX_TEACHING_LANGUAGES_REMARKS = 256
MAX_REQUIREMENTS = 10000
MAX_DESCRIPTION = 30000
MAX_TARGET_GROUP = 4000
MAX_PRICE_REMARKS = 2000
MAX_FUNDING_REMARKS = 2000
MAX_DATE_REMARKS = 4000
MAX_URL = 255
MAX_CATALOG_ID = 50
MAX_PRODUCT_ID = 255
MAX_FEATURE_NAME = 60

# format.mode -> unterrichtsform.dat code (INSTRUCTION_FORM), unless the author names one.
INSTRUCTION_FORM = {"in_person": 101, "online_live": 201, "self_paced": 204, "blended": 301}

_SEPARATORS = re.compile(r"[\s/().\-]+")


def kursnet_phone(raw: str) -> str | None:
    """``+49 30 1234567`` / ``030 1234567`` → ``+49.30.1234567``; None if the parts are unclear.

    KURSNET validates ``+<country>.<area code>.<number>``. The area code can only be told apart
    from the number when the author separated them (space, slash, hyphen, brackets).
    """
    text = raw.strip().replace("(0)", " ")
    international = text.startswith(("+", "00"))
    if text.startswith("00"):
        text = text[2:]
    groups = [g for g in _SEPARATORS.split(text.lstrip("+")) if g]
    if not groups or not all(g.isdigit() for g in groups):
        return None
    if international:
        if len(groups) >= 3:
            country, area, rest = groups[0], groups[1], groups[2:]
        elif len(groups) == 2 and groups[0].startswith("49") and len(groups[0]) > 2:
            country, area, rest = "49", groups[0][2:], groups[1:]  # "+4930 1234567"
        else:
            return None
    else:
        if len(groups) < 2 or not groups[0].startswith("0") or len(groups[0]) < 2:
            return None
        country, area, rest = "49", groups[0], groups[1:]
    area = area.lstrip("0")
    number = "".join(rest)
    if not (1 <= len(country) <= 3 and 1 <= len(area) <= 5 and number):
        return None
    result = f"+{country}.{area}.{number}"
    return result if len(result) <= MAX_PHONE else None


def berlin_datetime(day: date, at: time = time(0, 0)) -> str:
    """xsd:dateTime with the Europe/Berlin offset valid on that day, e.g. 2027-07-01T00:00:00+02:00."""
    return datetime.combine(day, at, tzinfo=BERLIN).isoformat(timespec="seconds")


def berlin_date(day: date) -> str:
    """xsd:date with the Berlin offset of that day, as the BA writes it: 2026-01-15+01:00."""
    return day.isoformat() + berlin_datetime(day)[-6:]


def berlin_timestamp(moment: datetime) -> str:
    """An aware moment (the build time) in Berlin local time with offset."""
    return moment.astimezone(BERLIN).replace(microsecond=0).isoformat(timespec="seconds")


_MONTH_CLASSES = ((1, 3), (3, 4), (6, 5), (12, 6), (24, 7), (36, 8))


def duration_class(start: date, end: date) -> int:
    """Code from dauerklassen.dat for a period (1 = up to 3 days … 9 = more than 3 years)."""
    days = (end - start).days + 1
    if days <= 3:
        return 1
    if days <= 7:
        return 2
    for months, code in _MONTH_CLASSES:
        if end < add_months(start, months):
            return code
    return 9


def duration_class_months(months: float) -> int:
    """Duration class from a length in months (rolling-start offers have no dates)."""
    days = months * 30.44
    if days <= 3:
        return 1
    if days <= 7:
        return 2
    for limit, code in _MONTH_CLASSES:
        if months <= limit:
            return code
    return 9


_TITLE_WORD = re.compile(r"^(Prof|Dr|PD|Dipl|Mag)\b.*\.$|^(Prof|Dr)\.?-?\w*\.$")


def split_name(full: str) -> tuple[str, str, str]:
    """'Dr. Markus Hellwig' → ('Dr.', 'Markus', 'Hellwig'): academic title, first names, last name.

    KURSNET has separate fields; the last word is taken as the last name (a guess that is right
    for most names; particles like 'von' end up in the first names).
    """
    words = full.split()
    titles: list[str] = []
    while len(words) > 1 and (_TITLE_WORD.match(words[0]) or (titles and re.match(r"^[a-z.]+\.$", words[0]))):
        titles.append(words.pop(0))
    if not words:
        return " ".join(titles), "", ""
    return " ".join(titles), " ".join(words[:-1]), words[-1]


def cut(text: str, limit: int) -> str:
    """Text shortened to ``limit`` characters (KURSNET counts characters, not bytes)."""
    return text if len(text) <= limit else text[:limit].rstrip()


def instruction_form(data: dict[str, Any]) -> int:
    """INSTRUCTION_FORM code: the author's ``kursnet.instruction_form`` or derived from format.mode."""
    override = (data.get("kursnet") or {}).get("instruction_form")
    return int(override) if override is not None else INSTRUCTION_FORM[data["format"]["mode"]]
