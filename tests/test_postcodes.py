"""The vendored postcode centroids and the distance the catalogue filters by."""

from __future__ import annotations

import pytest

from generator.postcodes import POSTCODES_FILE, centroid, centroids, distance_km


def test_table_covers_germany_with_five_digit_codes() -> None:
    table = centroids()
    assert len(table) > 8000
    assert all(len(code) == 5 and code.isdigit() for code in table)
    for lat, lon in table.values():
        assert 47.2 < lat < 55.1 and 5.8 < lon < 15.1  # inside Germany's bounding box
    assert (POSTCODES_FILE.parent / "postcodes-de.SOURCE.md").read_text(encoding="utf-8").count("Licen") >= 1


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [("04109", "10117", 149), ("04109", "01067", 101), ("20095", "80331", 612), ("04109", "04109", 0)],
)
def test_distances_between_city_centres(a: str, b: str, km: float) -> None:
    pa, pb = centroid(a), centroid(b)
    assert pa is not None and pb is not None
    assert distance_km(pa, pb) == pytest.approx(km, abs=8)


def test_unknown_postcodes_are_none() -> None:
    assert centroid("00000") is None
    assert centroid("1234") is None
    assert centroid(" 04109 ") == centroid("04109")
