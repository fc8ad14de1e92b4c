"""Each broken offer in tests/data/invalid/ yields exactly the German report in <case>.expected.txt.

A case may yield only warnings (``kommentar-im-titel``: the file is valid, but YAML read less
than the author wrote); every case yields at least one problem.

The expected files were read and judged as a QTV staff member would read them; when a message
is improved on purpose, regenerate with
``for f in tests/data/invalid/*.yaml; do .venv/bin/offers --offers-dir tests/data/catalogue validate $f > ${f%.yaml}.expected.txt; done``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalogue_loader import check_catalogue
from generator.report import render_text
from tests.support import FIXTURE_CATALOGUE as CATALOGUE
from tests.support import ROOT, TODAY

INVALID = sorted((ROOT / "tests" / "data" / "invalid").glob("*.yaml"))


def test_fixture_catalogue_is_valid() -> None:
    result = check_catalogue(CATALOGUE, TODAY)
    assert result.problems == []
    assert len(result.offers) == 1 and len(result.providers) == 1


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_offer_reports_expected_message(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = check_catalogue(CATALOGUE, TODAY, only=[case.relative_to(ROOT)])
    assert result.problems, "a fixture must produce at least one problem"
    expected = case.with_suffix(".expected.txt").read_text(encoding="utf-8")
    assert render_text(result.problems, result.files_checked) + "\n" == expected


def test_every_invalid_case_names_file_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for case in INVALID:
        for problem in check_catalogue(CATALOGUE, TODAY, only=[case]).problems:
            assert problem.file == case
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message and problem.message[0].isupper()


def test_yaml_warnings_of_a_provider_file_are_reported(tmp_path: Path) -> None:
    """The `` #`` warning reaches the report for provider files too, not only for offers."""
    import shutil

    catalogue = tmp_path / "offers"
    shutil.copytree(CATALOGUE, catalogue)
    provider = catalogue / "providers" / "iq-test-projekt.yaml"
    text = provider.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("name: "))
    provider.write_text(text.replace(line, line + " #2 Dresden", 1), encoding="utf-8")
    result = check_catalogue(catalogue, TODAY)
    assert not result.errors
    [warning] = result.warnings
    assert (warning.file, warning.field, warning.code) == (provider, "name", "yaml-comment")
    assert "„#2 Dresden“" in warning.message
