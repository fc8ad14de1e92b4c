"""``offers.xlsx``: read back with openpyxl – typed cells, the CSV's rows and columns, frozen
header, filter, widths, links, no formulas, and the same bytes from one build to the next."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.feeds import FeedContext, csv_feed, render_feeds, xlsx_feed
from generator.feeds.offer_table import columns, rows
from generator.german_format import de_date, de_decimal
from generator.model import Catalogue
from tests.feeds.conftest import BUILD_TIME, edited_catalogue, make_context

ELEKTRO = "elektroniker-energie-gebaeudetechnik-anpassung"
KOCH = "koch-externenpruefung-vorbereitung"
ROLLING = "anlagenmechaniker-shk-betriebliche-anpassung"


def _sheet(content: bytes) -> Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Angebote"]
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    return sheet


def _columns(sheet: Worksheet) -> dict[str, int]:
    """Header → column number."""
    return {str(c.value): int(c.column or 0) for c in sheet[1]}


def _records(sheet: Worksheet) -> list[dict[str, Any]]:
    header = list(_columns(sheet))
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _csv_rows(ctx: FeedContext) -> list[list[str]]:
    text = csv_feed.write(ctx)["offers.csv"].decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _as_csv_text(value: Any) -> str:
    """An xlsx value written the way the CSV writes it (German date, decimal comma)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        assert value.time() == datetime.min.time(), value
        return de_date(value.date())
    if isinstance(value, bool):
        raise AssertionError("yes/no cells are the text ja/nein, not Excel booleans")
    if isinstance(value, int | float):
        return de_decimal(value)
    return str(value)


def test_typed_cells(ctx: FeedContext) -> None:
    sheet = _sheet(xlsx_feed.write(ctx)["offers.xlsx"])
    records = _records(sheet)
    offer = ctx.catalogue.by_id[ELEKTRO]
    dresden = next(r for r in records if r["Kennung des Angebots"] == ELEKTRO and r["Postleitzahl"] == "01127")
    leipzig = next(r for r in records if r["Kennung des Angebots"] == ELEKTRO and r["Ort"] == "Leipzig")
    assert leipzig["Postleitzahl"] == "04347"  # a leading zero survives: the cell is text
    assert dresden["Kennung der Durchführung"] == "2027-dresden"  # an id that looks like a date stays text
    assert dresden["Beginn"] == datetime(2027, 2, 4) and isinstance(dresden["Beginn"], datetime)
    assert dresden["Ende"] == datetime(2027, 9, 25)
    assert dresden["Anmeldeschluss"] == datetime(2027, 1, 15)
    assert dresden["Zuletzt geprüft"] == datetime.combine(offer.last_reviewed, datetime.min.time())
    assert dresden["Stunden pro Woche"] == 8 and dresden["Gesamtstunden"] == 256
    assert dresden["Plätze"] == 10
    assert dresden["Kostenfrei"] == "ja" and dresden["Nur online"] == "nein"
    koch = next(r for r in records if r["Kennung des Angebots"] == KOCH)
    assert koch["Preis in Euro"] == 150 and koch["Kostenfrei"] == "nein"
    rolling = [r for r in records if r["Kennung des Angebots"] == ROLLING]
    assert len(rolling) == 1 and rolling[0]["Beginn"] is None and rolling[0]["Postleitzahl"] is None

    cells = _columns(sheet)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == ELEKTRO and r[cells["Postleitzahl"] - 1].value)
    assert row[cells["Postleitzahl"] - 1].data_type == "s"
    assert row[cells["Beginn"] - 1].data_type == "d" and row[cells["Beginn"] - 1].number_format == "DD.MM.YYYY"
    assert row[cells["Stunden pro Woche"] - 1].data_type == "n"
    page = row[cells["Angebotsseite"] - 1]
    assert page.value == ctx.offer_url(offer) and page.hyperlink is not None
    assert page.hyperlink.target == ctx.offer_url(offer)


def test_same_rows_and_columns_as_the_csv(ctx: FeedContext) -> None:
    sheet = _sheet(xlsx_feed.write(ctx)["offers.xlsx"])
    table = _csv_rows(ctx)
    assert [c.value for c in sheet[1]] == table[0] == [c.header for c in columns(ctx)]
    assert sheet.max_row == len(table) == len(rows(ctx)) + 1
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(values) == len(table) - 1 > 10
    for cells, expected in zip(values, table[1:], strict=True):
        assert [_as_csv_text(v).replace("\r\n", "\n") for v in cells] == [csv_feed_unguarded(x) for x in expected]


def csv_feed_unguarded(text: str) -> str:
    """A CSV cell without the apostrophe the CSV puts before formula-like text."""
    return text[1:] if text.startswith("'") and text[1:].startswith(csv_feed.FORMULA_START) else text


def test_frozen_header_filter_and_widths(ctx: FeedContext) -> None:
    sheet = _sheet(xlsx_feed.write(ctx)["offers.xlsx"])
    assert sheet.freeze_panes == "A2"
    last = get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    assert all(c.font.bold and c.font.name == sheet.cell(row=2, column=1).font.name for c in sheet[1])
    widths = {h: sheet.column_dimensions[get_column_letter(i)].width for h, i in _columns(sheet).items()}
    assert all(xlsx_feed.MIN_WIDTH <= w <= xlsx_feed.MAX_WIDTH for w in widths.values()), widths
    assert widths["Kurzbeschreibung"] == xlsx_feed.MAX_WIDTH  # long text is capped, not 300 characters wide
    assert widths["Beginn"] >= len("01.02.2027") and widths["Postleitzahl"] >= len("Postleitzahl")
    assert widths["Titel"] > widths["Beginn"]


def test_text_is_never_a_formula(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["title"] = '=HYPERLINK("http://evil.example";"klick")'
        data["summary"] = "+49 30 1234 – @SUMME(A1); Ärztinnen"
        data["runs"][0]["time_note"] = "-Mo und Di abends\nund samstags"
        data["costs"] = {"free_of_charge": False, "price_eur": 1250.5, "funding": ["iq"]}
        data["schedule"]["hours_per_week"] = 7.333333

    catalogue = edited_catalogue(tmp_path, {"aerztinnen-kenntnispruefung-kompaktseminar": edit})
    content = xlsx_feed.write(make_context(catalogue))["offers.xlsx"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    record = _records(_sheet(content))[0]
    assert record["Titel"] == '=HYPERLINK("http://evil.example";"klick")'
    assert record["Kurzbeschreibung"] == "+49 30 1234 – @SUMME(A1); Ärztinnen"
    assert record["Zeiten"] == "-Mo und Di abends\nund samstags"
    assert record["Preis in Euro"] == 1250.5 and record["Stunden pro Woche"] == 7.333333
    price = _sheet(content).cell(row=2, column=_columns(_sheet(content))["Preis in Euro"])
    assert price.number_format == xlsx_feed.EURO_FORMAT


def _entries(content: bytes) -> list[tuple[str, tuple[int, ...]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [(i.filename, i.date_time) for i in archive.infolist()]


def test_same_bytes_from_the_same_input(ctx: FeedContext, example_catalogue: Catalogue) -> None:
    first = xlsx_feed.write(ctx)["offers.xlsx"]
    again = xlsx_feed.write(make_context(example_catalogue))["offers.xlsx"]
    assert first == again
    # nothing from the clock: every zip entry and the document properties carry the build time
    assert {stamp for _, stamp in _entries(first)} == {(2026, 11, 20, 8, 0, 0)}
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.created == book.properties.modified == datetime(2026, 11, 20, 8, 0)
    assert datetime(2026, 11, 20, 8, 0, tzinfo=UTC) == BUILD_TIME

    later = FeedContext(
        catalogue=example_catalogue, site_url=ctx.site_url, build_time=datetime(2027, 3, 1, 12, 30, tzinfo=UTC)
    )
    moved = xlsx_feed.write(later)["offers.xlsx"]
    assert moved != first
    assert {stamp for _, stamp in _entries(moved)} == {(2027, 3, 1, 12, 30, 0)}
    assert openpyxl.load_workbook(io.BytesIO(moved)).properties.modified == datetime(2027, 3, 1, 12, 30)
    epoch = FeedContext(catalogue=example_catalogue, site_url=ctx.site_url, build_time=datetime(1970, 1, 1, tzinfo=UTC))
    assert {stamp for _, stamp in _entries(xlsx_feed.write(epoch)["offers.xlsx"])} == {(1980, 1, 1, 0, 0, 0)}


def test_in_the_registry_next_to_the_csv(ctx: FeedContext) -> None:
    files = render_feeds(ctx, ["csv", "xlsx"])
    assert list(files) == ["offers.csv", "offers.xlsx"]
    assert files["offers.xlsx"].startswith(b"PK\x03\x04")


def test_an_empty_catalogue_gives_a_header_only_sheet(tmp_path: Path) -> None:
    def withdraw(data: dict[str, Any]) -> None:
        data["publication"]["published_from"] = date(2026, 1, 1).isoformat()
        data["publication"]["published_until"] = date(2026, 1, 31).isoformat()

    catalogue = edited_catalogue(tmp_path, {KOCH: withdraw})
    sheet = _sheet(xlsx_feed.write(make_context(catalogue))["offers.xlsx"])
    assert sheet.max_row == 1 and sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}1"
