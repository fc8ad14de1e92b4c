"""CSV for German Excel: ``offers.csv``, one row per upcoming run of every listed offer.

Made so that a double click opens it correctly in Excel with German settings: UTF-8 with a
byte order mark (else Excel guesses Windows-1252 and breaks umlauts), ``;`` as separator, CRLF
line ends, dates as TT.MM.JJJJ, decimal comma, ``ja``/``nein`` for yes/no and the schema's
German labels for coded values. Column headers are the schema's field titles, so a renamed
label changes here too. An offer without upcoming runs (rolling start) has one row with
empty run columns. Rows and columns come from ``offer_table`` (shared with ``offers.xlsx``);
this module only writes their typed values as German text.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or
a tab / carriage return, which some programs strip first) as a formula. Such text cells get a
leading apostrophe (``'=…``), which Excel shows as text and does not evaluate. The numbers
and dates written here never start with those characters, so they are unaffected.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from generator.feeds import FeedContext
from generator.feeds.offer_table import Column, Value, columns, rows
from generator.german_format import de_date, de_decimal, yes_no

FILE_NAME = "offers.csv"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would evaluate as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def optional(format_value: Callable[[Any], str], value: Any) -> str:
    """A formatted cell, or an empty one where the offer states nothing."""
    return "" if value is None or value == "" else format_value(value)


def cell_text(column: Column, value: Value) -> str:
    """A typed table value as the CSV writes it: German dates, decimal comma, ``ja``/``nein``."""
    if column.kind == "date":
        return optional(de_date, value)
    if column.kind in ("number", "euro"):
        return optional(de_decimal, value)
    if column.kind == "yes_no":
        return optional(yes_no, value)
    return optional(str, value)


def render(ctx: FeedContext) -> bytes:
    cols = columns(ctx)
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    out.writerow([neutralise(c.header) for c in cols])
    for offer, run in rows(ctx):
        out.writerow([neutralise(cell_text(c, c.value(offer, run)).replace("\r\n", "\n")) for c in cols])
    return buffer.getvalue().encode("utf-8-sig")


def write(ctx: FeedContext) -> dict[str, bytes]:
    return {FILE_NAME: render(ctx)}
