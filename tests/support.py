"""Constants every test shares: where the repository is, the fixed build date, the site address.

One home, so a test cannot drift to its own idea of "today" or of the example catalogue. The
fixtures that use them live in ``tests/conftest.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFERS = ROOT / "offers"  # the example catalogue
FIXTURE_CATALOGUE = ROOT / "tests" / "data" / "catalogue"  # a small catalogue made for tests
TODAY = date(2026, 11, 22)  # every test builds as of this day (OFFERS_TODAY)
SOURCE_DATE_EPOCH = "1795000000"  # fixed build time for reproducible files
SITE_URL = "https://iq-angebote.example/"
