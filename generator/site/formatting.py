"""German formatting of dates, numbers and money for pages (no locale settings needed)."""

from __future__ import annotations

from datetime import date

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def de_date(value: date) -> str:
    """``01.02.2027``: the form advisers and clients read without thinking."""
    return value.strftime("%d.%m.%Y")


def de_date_long(value: date) -> str:
    """``Mo, 01.02.2027`` for session and exam dates, where the weekday matters for shift plans."""
    return f"{WEEKDAYS[value.weekday()]}, {de_date(value)}"


def de_number(value: float | int) -> str:
    """``8``, ``7,5``: no trailing ``.0`` and a decimal comma."""
    if float(value).is_integer():
        return f"{int(value):d}".replace(",", ".")
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def de_euro(value: float | int) -> str:
    """``1.250 €`` or ``99,50 €``."""
    if float(value).is_integer():
        return f"{int(value):,d} €".replace(",", ".")
    whole, cents = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents} €"


def months_text(value: float | int) -> str:
    """``1 Monat``, ``10 Monate``, ``0,5 Monate``."""
    return f"{de_number(value)} {'Monat' if value == 1 else 'Monate'}"


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (31.01. + 1 → 28./29.02.)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - unreachable
