"""The Land of a place must agree with its postal code (vendored per-code table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalogue_loader import check_catalogue
from generator.postcode_states import STATES_FILE, postcode_states, states_of
from tests.support import TODAY

DRESDEN_OFFER = "elektroniker-energie-gebaeudetechnik-anpassung"  # a place in 01127 Dresden (SN)


def test_table_covers_germany_with_valid_codes() -> None:
    table = postcode_states()
    assert len(table) > 8000
    lands = {s for states in table.values() for s in states}
    assert lands == {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
    assert all(len(code) == 5 and code.isdigit() for code in table)
    assert (STATES_FILE.parent / "postcodes-de-states.SOURCE.md").is_file()


@pytest.mark.parametrize(
    ("code", "states"),
    [
        ("10117", ("BE",)),  # Berlin Mitte
        ("01127", ("SN",)),  # Dresden
        ("01945", ("BB",)),  # Brandenburg between Saxon codes: ranges would be wrong here
        ("04109", ("SN",)),  # Leipzig
        ("99084", ("TH",)),  # Erfurt
        ("80331", ("BY",)),  # München
        ("19273", ("MV", "NI")),  # one code, two Länder
        (" 10117 ", ("BE",)),
        ("00000", ()),
        ("1011", ()),
    ],
)
def test_states_of(code: str, states: tuple[str, ...]) -> None:
    assert states_of(code) == states


def _state_warnings(result: object, field_start: str) -> list:
    return [p for p in result.problems if p.code == "postcode" and p.field.startswith(field_start)]  # type: ignore[attr-defined]


def test_a_dresden_place_marked_berlin_is_named(offers_copy: Path) -> None:
    path = offers_copy / f"{DRESDEN_OFFER}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "state: SN" in text
    path.write_text(text.replace("state: SN", "state: BE", 1), encoding="utf-8")
    result = check_catalogue(offers_copy, TODAY, only=[path])
    found = _state_warnings(result, "format.places")
    assert len(found) == 1 and not found[0].is_error
    assert found[0].message == (
        "Die Postleitzahl 01127 liegt in Sachsen (SN), als Bundesland steht hier aber Berlin (BE)."
    )
    assert found[0].hint.startswith("state: SN schreiben") and found[0].line > 0


def test_unknown_codes_and_border_codes_are_not_reported(offers_copy: Path) -> None:
    path = offers_copy / f"{DRESDEN_OFFER}.yaml"
    text = path.read_text(encoding="utf-8")
    for code, state in (("00000", "SN"), ("19273", "NI"), ("19273", "MV")):
        path.write_text(text.replace('"01127"', f'"{code}"', 1).replace("state: SN", f"state: {state}", 1))
        assert not _state_warnings(check_catalogue(offers_copy, TODAY, only=[path]), "format.places"), code


def test_provider_address_is_checked_too(offers_copy: Path) -> None:
    path = offers_copy / "providers" / "iq-sn-handwerk-technik.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  state: SN", "  state: TH", 1), encoding="utf-8")
    found = _state_warnings(check_catalogue(offers_copy, TODAY, only=[path]), "address")
    assert [p.field for p in found] == ["address.state"]


def test_examples_agree_with_the_table(example_catalogue: object) -> None:
    assert not [p for p in example_catalogue.warnings if p.code == "postcode"]  # type: ignore[attr-defined]
