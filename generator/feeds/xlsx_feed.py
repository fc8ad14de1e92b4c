"""Excel workbook for advisers: ``offers.xlsx``, the same table as ``offers.csv`` with typed cells.

The CSV has to be opened the right way to keep postal codes such as 01127 and dates intact; this
file cannot be opened wrongly. Postal codes and ids are text cells (a leading zero stays),
dates are real dates shown as TT.MM.JJJJ (they sort and filter as dates), hours, seats and
prices are numbers, yes/no fields read ``ja``/``nein`` as on the site. The header row is
frozen and has a filter, columns have a width that fits their content, and the addresses of
the offer page and the application are links. Rows and columns come from ``offer_table``, so
the two spreadsheet feeds always agree.

Text is written as text cell by cell, never as a formula (openpyxl would take a title starting
with ``=`` for one), so the CSV's apostrophe guard is not needed here: a cell shows exactly
what the offer says.

Byte-stable: openpyxl stamps the document properties and every zip entry with the clock; both
are set to the feed's build time instead, so two builds of the same input give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from generator.feeds import FeedContext
from generator.feeds.offer_table import Column, Value, columns, rows
from generator.german_format import de_decimal, yes_no

FILE_NAME = "offers.xlsx"
SHEET_TITLE = "Angebote"
DATE_FORMAT = "DD.MM.YYYY"
EURO_FORMAT = '#,##0.00 "€"'
MIN_WIDTH, MAX_WIDTH = 8, 50
FILTER_BUTTON = 3  # characters the filter arrow of a header cell covers
ZIP_EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)  # zip timestamps cannot go further back


def _put(cell: Cell, column: Column, value: Value) -> None:
    """Write one typed value; text is forced to stay text (never a formula)."""
    if column.kind == "yes_no":
        cell.value = yes_no(value)
    else:
        cell.value = value
    if column.kind == "date":
        cell.number_format = DATE_FORMAT
    elif column.kind == "euro":
        cell.number_format = EURO_FORMAT
    elif column.kind == "link":
        cell.hyperlink = str(value)
        cell.style = "Hyperlink"
    if isinstance(cell.value, str):
        cell.data_type = "s"


def _shown_length(column: Column, value: Value) -> int:
    """Roughly how many characters the cell shows (for the column width)."""
    if column.kind == "date":
        return len("TT.MM.JJJJ")
    if column.kind in ("number", "euro") and isinstance(value, int | float):
        return len(de_decimal(value)) + (5 if column.kind == "euro" else 0)
    if column.kind == "yes_no":
        return len(yes_no(value))
    return max((len(line) for line in str(value).splitlines()), default=0)


def workbook(ctx: FeedContext) -> Workbook:
    """The workbook in memory: header, one row per run, widths, frozen header, filter."""
    cols = columns(ctx)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = SHEET_TITLE
    widths = [len(c.header) + FILTER_BUTTON for c in cols]
    bold = Font(name=DEFAULT_FONT.name, size=DEFAULT_FONT.sz, family=DEFAULT_FONT.family, bold=True)  # else a serif
    for index, column in enumerate(cols, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.data_type = "s"
        cell.font = bold
    for row_index, (offer, run) in enumerate(rows(ctx), start=2):
        for index, column in enumerate(cols, start=1):
            value = column.value(offer, run)
            if value is None:
                continue
            target = sheet.cell(row=row_index, column=index)
            assert isinstance(target, Cell)  # a fresh sheet has no merged cells
            _put(target, column, value)
            widths[index - 1] = max(widths[index - 1], _shown_length(column, value) + 1)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{sheet.max_row}"
    sheet.print_title_rows = "1:1"  # the header on every printed page
    when = ctx.build_time.astimezone(UTC).replace(tzinfo=None)
    props = book.properties
    props.title, props.creator, props.language = "IQ-Angebote", "IQ-Angebotskatalog", "de-DE"
    props.created = props.modified = when
    return book


def _stamped(archive: bytes, when: datetime) -> bytes:
    """The same zip with every entry dated ``when`` (openpyxl dates them with the clock)."""
    stamp = max(when.astimezone(UTC), ZIP_EARLIEST).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, on every platform
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info))
    return out.getvalue()


def render(ctx: FeedContext) -> bytes:
    buffer = io.BytesIO()
    # ExcelWriter instead of Workbook.save: save() would overwrite the modified time with the clock.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook(ctx), archive).save()
    return _stamped(buffer.getvalue(), ctx.build_time)


def write(ctx: FeedContext) -> dict[str, bytes]:
    return {FILE_NAME: render(ctx)}
