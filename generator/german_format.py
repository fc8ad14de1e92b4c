"""German ways of writing values: dates, numbers, money, months, yes/no. No locale settings needed.

The offer page, the catalogue, the CSV, the calendars, JSON-LD and the KURSNET file all write a
date as ``01.02.2027`` and a number with a decimal comma; they all call this module, so the
forms cannot drift apart between the site and a feed.
"""

from __future__ import annotations

from datetime import date

from generator.dates import as_date

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
YES, NO = "ja", "nein"


def de_date(value: date | str) -> str:
    """``01.02.2027``: the form advisers and clients read without thinking (always four-digit years)."""
    day = as_date(value)
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def de_date_long(value: date | str) -> str:
    """``Mo, 01.02.2027`` for session and exam dates, where the weekday matters for shift plans."""
    day = as_date(value)
    return f"{WEEKDAYS[day.weekday()]}, {de_date(day)}"


def de_period(start: date | str, end: date | str) -> str:
    """``01.02.2027 bis 30.06.2027``: a run's dates as pages and calendar entries write them."""
    return f"{de_date(start)} bis {de_date(end)}"


def de_number(value: float | int) -> str:
    """``8``, ``7,5``, ``7,33``: for people, so at most two decimals, a decimal comma, no ``.0``."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def de_decimal(value: float | int) -> str:
    """``160``, ``2,75``, ``7,333333``: for spreadsheets, so every digit the offer file has."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", ",")


def de_euro(value: float | int) -> str:
    """``1.250 €`` or ``99,50 €``."""
    if float(value).is_integer():
        return f"{int(value):,d} €".replace(",", ".")
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents} €"


def months_text(value: float | int) -> str:
    """``1 Monat``, ``10 Monate``, ``0,5 Monate``."""
    return f"{de_number(value)} {'Monat' if value == 1 else 'Monate'}"


def yes_no(value: object) -> str:
    """``ja`` or ``nein`` for a yes/no field."""
    return YES if value else NO
