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


# --- one verdict: the fast validator decides, the detailed one explains -----------------------

import shutil  # noqa: E402
from functools import cached_property  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import jsonschema  # noqa: E402
import jsonschema_rs  # noqa: E402

from generator.catalogue_loader import check_catalogue  # noqa: E402
from generator.schema import SCHEMA_DIR, SchemaSet, ecma_search  # noqa: E402
from generator.schema_validator import validate_against_schema  # noqa: E402
from generator.yaml_loader import load_yaml  # noqa: E402
from tests.support import FIXTURE_CATALOGUE as CATALOGUE  # noqa: E402
from tests.support import TODAY  # noqa: E402

OFFER = "basis-angebot.yaml"


def _catalogue_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the fixture catalogue with one text replacement in its offer."""
    folder = tmp_path / "offers"
    shutil.copytree(CATALOGUE, folder)
    path = folder / OFFER
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _line_of(folder: Path, needle: str) -> int:
    lines = (folder / OFFER).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_block_scalar_postal_code_is_rejected_in_german(tmp_path: Path) -> None:
    folder = _catalogue_with(tmp_path, "postal_code: 01099", "postal_code: |\n        01099")
    errors = check_catalogue(folder, TODAY).errors
    assert len(errors) == 1
    problem = errors[0]
    assert problem.field == "format.places[0].postal_code"
    assert problem.line == _line_of(folder, "postal_code: |")
    assert problem.message == "Postleitzahl: „01099↵“ enthält einen Zeilenumbruch; hier ist nur eine Zeile erlaubt."
    assert 'postal_code: "01099"' in problem.hint


@pytest.mark.parametrize("value", ["2027-02-01\n", "١٠١١٧"])
def test_detailed_validator_reads_patterns_as_ecma_262(value: str) -> None:
    """Python's re would accept both for ^[0-9]{4}-… / \\d; JSON Schema's regular expressions do not."""
    assert not ecma_search(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value)
    assert not ecma_search(r"^\d{5}$", value)
    assert ecma_search(r"^\d{5}$", "10117") and ecma_search(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "2027-02-01")


@pytest.mark.parametrize(
    ("fmt", "values"),
    [
        ("date", ["2027-02-01", "2028-02-29", "2027-02-29", "2027-13-01", "0000-01-01", "2027-02-01\n", "27-02-01"]),
        (
            "email",
            [
                "a@traeger.de",
                "a..b@traeger.de",
                "müller@träger.de",
                ".a@traeger.de",
                "a@traeger.de\n",
                "a@-traeger.de",
                "a b@traeger.de",
                "a@traeger",
            ],
        ),
    ],
)
def test_formats_mean_the_same_in_both_validators(fmt: str, values: list[str]) -> None:
    detailed = getattr(schema_set().validator(OFFER_SCHEMA), "format_checker", None)
    fast = jsonschema_rs.validator_for({"format": fmt}, validate_formats=True)
    assert detailed is not None
    assert [detailed.conforms(v, fmt) for v in values] == [fast.is_valid(v) for v in values]


class _PythonReSchemas(SchemaSet):
    """The schemas with jsonschema's stock detailed validator (Python re, an ``@`` makes an email).

    It disagrees with the fast validator on purpose, as the detailed validator did before.
    """

    @cached_property
    def _validators(self) -> dict[str, Any]:
        cls = jsonschema.Draft202012Validator
        return {
            name: cls(doc, registry=self.registry, format_checker=cls.FORMAT_CHECKER)
            for name, doc in self.documents.items()
        }


@pytest.mark.parametrize(
    ("old", "new", "field", "rule", "at"),
    [
        (
            "postal_code: 01099",
            "postal_code: |\n        01099",
            "format.places[0].postal_code",
            "pattern",
            "postal_code: |",
        ),
        (
            "name: Test Person",
            "name: Test Person\n    email: t..person@traeger.de",
            "support.contact.email",
            "format",
            "email:",
        ),
    ],
)
def test_disagreement_is_an_error_naming_the_rule(
    tmp_path: Path, old: str, new: str, field: str, rule: str, at: str
) -> None:
    schemas = _PythonReSchemas(SCHEMA_DIR)
    folder = _catalogue_with(tmp_path, old, new)
    loaded = load_yaml(folder / OFFER)
    assert list(schemas.validator(OFFER_SCHEMA).iter_errors(loaded.data)) == [], "the disagreement is real"
    problems = validate_against_schema(loaded, schemas, OFFER_SCHEMA)
    assert [(p.field, p.code, p.severity) for p in problems] == [(field, f"schema.{rule}", "error")]
    assert problems[0].line == _line_of(folder, at)
    assert f"„{rule}“" in problems[0].hint
    assert problems[0].message[0].isupper() and "does not" not in problems[0].message


def test_rules_the_detailed_validator_reported_are_not_repeated(tmp_path: Path) -> None:
    folder = _catalogue_with(tmp_path, "postal_code: 01099", "postal_code: 1099")
    loaded = load_yaml(folder / OFFER)
    problems = validate_against_schema(loaded, schema_set(), OFFER_SCHEMA)
    assert [p.code for p in problems] == ["schema.pattern"]
    assert "Regel im Schema" not in problems[0].hint


@pytest.mark.parametrize(
    ("old", "new", "field", "shown"),
    [
        ("end: 2027-11-30", "end: 9999-12-31", "runs[0].end", "31.12.9999"),
        ("start: 2027-02-01", "start: 1999-12-31", "runs[0].start", "31.12.1999"),
        (
            "application_deadline: 2027-01-15",
            "application_deadline: 2101-01-01",
            "runs[0].application_deadline",
            "01.01.2101",
        ),
    ],
)
def test_dates_outside_2000_to_2100_are_rejected(tmp_path: Path, old: str, new: str, field: str, shown: str) -> None:
    folder = _catalogue_with(tmp_path, old, new)
    errors = check_catalogue(folder, TODAY).errors
    assert [p.field for p in errors] == [field]
    assert errors[0].message.endswith(f"Das Datum {shown} liegt außerhalb des erlaubten Zeitraums.")
    assert "2000 und 2100" in errors[0].hint


@pytest.mark.parametrize("day", ["2000-01-01", "2100-12-31"])
def test_first_and_last_allowed_day_validate(day: str) -> None:
    example = schema_set().documents[OFFER_SCHEMA]["examples"][0]
    offer = {**example, "runs": [{**example["runs"][0], "end": day, "start": day, "application_deadline": day}]}
    assert schema_set().is_valid(OFFER_SCHEMA, offer)
    assert list(schema_set().validator(OFFER_SCHEMA).iter_errors(offer)) == []
