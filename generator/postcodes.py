"""German postal codes and their centroids, from the vendored ``data/postcodes-de.csv``.

Offline on purpose: the build and the catalogue's distance search ("Umkreissuche") must not ask a
geocoding service. Source and licence of the data are in ``data/postcodes-de.SOURCE.md``. The
same file is published with the site, so the browser measures distances with the numbers the
build used for the offers' places.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

POSTCODES_FILE = Path(__file__).resolve().parent / "data" / "postcodes-de.csv"
EARTH_RADIUS_KM = 6371.0


@cache
def centroids() -> dict[str, tuple[float, float]]:
    """Postcode → (latitude, longitude); read once per process (8,000 lines, a few ms)."""
    out: dict[str, tuple[float, float]] = {}
    lines = POSTCODES_FILE.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        plz, lat, lon = line.split(",")
        out[plz] = (float(lat), float(lon))
    return out


def centroid(postal_code: str) -> tuple[float, float] | None:
    """The centroid of a five-digit postcode, or None for one the table does not know."""
    return centroids().get(postal_code.strip())


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine); the same formula runs in ``catalogue.js``."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
