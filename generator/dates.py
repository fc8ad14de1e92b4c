"""Calendar helpers every layer needs: ISO dates from YAML, and "the same day N months later".

The offer files keep dates as ISO text (``2027-02-01``), so renderers meet both strings and
``date`` objects; and both the catalogue's start filter ("in the next 3 months") and KURSNET's
duration classes count calendar months. One definition each, so the site and the KURSNET file
can never disagree about where a month ends.
"""

from __future__ import annotations

import calendar
from datetime import date


def as_date(value: date | str) -> date:
    """A ``date`` from a date or its ISO text (as the offer files write it)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (31.01. + 1 month = 28./29.02.)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
