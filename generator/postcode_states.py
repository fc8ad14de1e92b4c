"""Which Bundesland a German postal code lies in, from the vendored ``data/postcodes-de-states.csv``.

Offline on purpose: ``offers validate`` and ``offers new`` run without network. The table is per
postal code, not per range: the first digits of a code do not follow Land borders (01941–01998
is Brandenburg between Saxon codes, 19273 is split between Lower Saxony and Mecklenburg). A
code whose area crosses a border lists every Land it touches. Source and licence (ODbL 1.0) are
in ``data/postcodes-de-states.SOURCE.md``; coordinates come from another source
(``generator.postcodes``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

STATES_FILE = Path(__file__).resolve().parent / "data" / "postcodes-de-states.csv"


@cache
def postcode_states() -> dict[str, tuple[str, ...]]:
    """Postal code → Land codes (BE, SN, …); read once per process (8,159 lines, a few ms)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in STATES_FILE.read_text(encoding="utf-8").splitlines()[1:]:
        code, states = line.split(",")
        out[code] = tuple(states.split())
    return out


def states_of(postal_code: str) -> tuple[str, ...]:
    """The Länder of a five-digit postal code; empty if the table does not know it."""
    return postcode_states().get(postal_code.strip(), ())
