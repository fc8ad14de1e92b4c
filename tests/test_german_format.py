"""German forms of dates, numbers, money and yes/no: one module for the site and every feed."""

from __future__ import annotations

from datetime import date

from generator.dates import add_months, as_date
from generator.german_format import (
    de_date,
    de_date_long,
    de_decimal,
    de_euro,
    de_number,
    de_period,
    months_text,
    yes_no,
)


def test_dates_from_date_objects_and_iso_text() -> None:
    assert de_date(date(2027, 2, 1)) == de_date("2027-02-01") == "01.02.2027"
    assert de_date(date(999, 1, 2)) == "02.01.0999" and de_date("9999-12-31") == "31.12.9999"
    assert de_date_long("2027-02-01") == "Mo, 01.02.2027"
    assert de_period(date(2027, 2, 1), "2027-06-30") == "01.02.2027 bis 30.06.2027"
    assert as_date("2027-02-01") == date(2027, 2, 1)


def test_numbers_for_people_and_for_spreadsheets() -> None:
    assert de_number(8.0) == "8" and de_number(7.5) == "7,5" and de_number(22 / 3) == "7,33"
    assert de_decimal(160.0) == "160" and de_decimal(2.75) == "2,75" and de_decimal(22 / 3) == "7,333333333333333"
    assert de_euro(1250) == "1.250 €" and de_euro(99.5) == "99,50 €" and de_euro(12345.678) == "12.345,68 €"
    assert months_text(1) == "1 Monat" and months_text(0.5) == "0,5 Monate"
    assert yes_no(True) == "ja" and yes_no(False) == "nein"


def test_add_months_clamps_to_the_months_end() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 12) == date(2027, 12, 15)
