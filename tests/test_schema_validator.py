"""Suggestions for wrong enum values: by the code's spelling and by the German label."""

from __future__ import annotations

import pytest

from generator.schema import OFFER_SCHEMA, schema_set
from generator.schema_validator import _suggest


@pytest.mark.parametrize(
    ("path", "written", "meant"),
    [
        (("format", "mode"), "in_persn", "in_person"),  # typo in the code
        (("format", "mode"), "präsenz", "in_person"),  # a word of the label „in Präsenz“
        (("format", "mode"), "Selbstlernen", "self_paced"),
        (("kind",), "externenpruefung", "external_exam_preparation"),
        (("kind",), "Mentoring", "other"),  # „Sonstige Qualifizierung (z. B. Mentoring)“
        (("format", "places", 0, "state"), "Sachsen", "SN"),  # the state's name instead of its code
        (("schedule", "patterns", 0), "Wochenende", "weekend"),  # not block_seminar, whose label also says it
        (("language", "german_level_required"), "b1", "B1"),
        (("language", "german_level_required"), "keine", "none"),
        (("language", "instruction_languages", 0), "Englisch", "eng"),
    ],
)
def test_suggests_what_the_author_meant(path: tuple, written: str, meant: str) -> None:
    assert _suggest(written, schema_set().enum_labels(OFFER_SCHEMA, path)) == [meant]


def test_no_wild_guesses() -> None:
    assert _suggest("ja", schema_set().enum_labels(OFFER_SCHEMA, ("support", "childcare"))) == []
