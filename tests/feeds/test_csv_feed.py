"""CSV for German Excel: BOM, ';', CRLF, German headers and labels, formula injection guard."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from generator.feeds import FeedContext
from generator.feeds.csv_feed import neutralise, optional, write
from generator.german_format import de_decimal
from generator.schema import OFFER_SCHEMA, schema_set
from tests.feeds.conftest import edited_catalogue, make_context

BOM = b"\xef\xbb\xbf"


def _table(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(BOM)
    text = content[len(BOM) :].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_format_for_german_excel(ctx: FeedContext) -> None:
    content = write(ctx)["offers.csv"]
    assert content.startswith(BOM)
    rows = _table(content)
    assert content.endswith(b"\r\n")
    assert content.count(b"\r\n") == len(rows) + 1  # CRLF ends records; line breaks in cells are LF
    header = content[len(BOM) :].split(b"\r\n", 1)[0].decode("utf-8")
    titles = schema_set()
    for path in [("id",), ("title",), ("kind",), ("runs", 0, "start"), ("runs", 0, "application_deadline")]:
        assert titles.title(OFFER_SCHEMA, path) in header.split(";")
    assert len(header.split(";")) == len(set(header.split(";"))), "headers must be unique"


def test_one_row_per_upcoming_run_and_one_for_offers_without(ctx: FeedContext) -> None:
    rows = _table(write(ctx)["offers.csv"])
    today = ctx.catalogue.today
    expected = []
    for offer in sorted(ctx.catalogue.listed(), key=lambda o: o.id):
        runs = offer.upcoming_runs(today)
        expected += [(offer.id, r.id) for r in runs] or [(offer.id, "")]
    assert [(r["Kennung des Angebots"], r["Kennung der Durchführung"]) for r in rows] == expected
    by_key = {(r["Kennung des Angebots"], r["Kennung der Durchführung"]): r for r in rows}
    offer = ctx.catalogue.by_id["aerztinnen-kenntnispruefung-kompaktseminar"]
    row = by_key[(offer.id, offer.runs[0].id)]
    assert row["Beginn"] == offer.runs[0].start.strftime("%d.%m.%Y")
    deadline = offer.runs[0].application_deadline
    assert deadline is not None
    assert row["Anmeldeschluss"] == deadline.strftime("%d.%m.%Y")
    assert row["Art der Qualifizierung"] == "Ausgleichsmaßnahme (reglementierte Berufe)"
    assert row["Kostenfrei"] == "ja" and row["Nur online"] == "nein"
    assert row["Stunden pro Woche"] == "4,5"
    assert row["Bundesland"] == "Baden-Württemberg"
    assert row["Angebotsseite"] == ctx.offer_url(offer)


def test_odd_text_and_formula_injection(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["title"] = '=HYPERLINK("http://evil.example";"klick")'
        data["summary"] = '@SUMME(A1) Ärztinnen; Übung "zitiert"'
        data["runs"][0]["time_note"] = "Mo; Di abends\nund samstags"

    catalogue = edited_catalogue(tmp_path, {"aerztinnen-kenntnispruefung-kompaktseminar": edit})
    rows = _table(write(make_context(catalogue))["offers.csv"])
    assert len(rows) == 1
    row = rows[0]
    assert row["Titel"] == '\'=HYPERLINK("http://evil.example";"klick")'
    assert row["Kurzbeschreibung"] == '\'@SUMME(A1) Ärztinnen; Übung "zitiert"'
    assert row["Zeiten"] == "Mo; Di abends\nund samstags"


def test_neutralise_and_numbers() -> None:
    for dangerous in ("=1+1", "+49 30 1", "-2", "@x", "\tx", "\rx"):
        assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("Köln") == "Köln"
    assert de_decimal(160.0) == "160" and de_decimal(2.75) == "2,75" and optional(de_decimal, None) == ""


def test_two_renders_are_byte_identical(ctx: FeedContext) -> None:
    assert write(ctx) == write(make_context(ctx.catalogue))
