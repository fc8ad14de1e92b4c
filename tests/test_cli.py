"""The ``offers`` console script as a user runs it: a real subprocess, real exit codes and output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.conftest import run_in_pty, run_offers
from tests.support import FIXTURE_CATALOGUE as CATALOGUE
from tests.support import ROOT

BROKEN = ROOT / "tests" / "data" / "invalid" / "tippfehler-lernform.yaml"


def test_validate_example_catalogue_exits_0_with_summary() -> None:
    result = run_offers("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Dateien geprüft: keine Fehler" in result.stdout.splitlines()[-1]


def test_validate_errors_exit_1_and_name_file_line_field() -> None:
    result = run_offers("--offers-dir", str(CATALOGUE), "validate", str(BROKEN.relative_to(ROOT)))
    assert result.returncode == 1
    assert "tests/data/invalid/tippfehler-lernform.yaml:14:9: Fehler [format.mode]" in result.stdout
    assert "Meinten Sie „in_person“?" in result.stdout


def test_validate_usage_errors_exit_2() -> None:
    assert run_offers("validate", "gibt-es-nicht.yaml").returncode == 2
    assert run_offers("validate", "--format", "xml").returncode == 2
    assert run_offers().returncode == 2


def test_json_format(tmp_path: Path) -> None:
    result = run_offers("--offers-dir", str(CATALOGUE), "validate", "--format", "json", str(BROKEN))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1 and report["files_checked"] == 1
    problem = report["problems"][0]
    assert (problem["line"], problem["column"], problem["field"], problem["severity"]) == (
        14,
        9,
        "format.mode",
        "error",
    )


def test_github_format_annotates_file_and_line() -> None:
    result = run_offers("--offers-dir", str(CATALOGUE), "validate", "--format", "github", str(BROKEN.relative_to(ROOT)))
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        "::error file=tests/data/invalid/tippfehler-lernform.yaml,line=14,col=9,title=format.mode::"
    )
    assert "%0AMeinten Sie" in first  # the hint travels in the same annotation


def test_warnings_do_not_fail(offers_copy: Path) -> None:
    result = run_offers("--offers-dir", str(offers_copy), "validate", "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 0
    assert report["errors"] == 0 and report["warnings"] >= 1
    assert {p["code"] for p in report["problems"]} >= {"expired", "review"}


def test_new_creates_commented_file_and_never_overwrites(offers_copy: Path) -> None:
    args = (
        "--offers-dir",
        str(offers_copy),
        "new",
        "--provider",
        "iq-sn-handwerk-technik",
        "--id",
        "neues-angebot",
        "--title",
        "Neues Angebot",
        "--kind",
        "bridge_measure",
        "--mode",
        "blended",
        "--no-input",
    )
    created = run_offers(*args)
    assert created.returncode == 0, created.stderr
    path = offers_copy / "neues-angebot.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/offer.schema.json\n")
    assert 'kind: "bridge_measure"  # Art der Qualifizierung' in text
    again = run_offers(*args)
    assert again.returncode == 1 and "nicht überschrieben" in again.stderr
    assert path.read_text(encoding="utf-8") == text
    # The template is valid YAML but deliberately incomplete: the validator lists what to fill in.
    check = run_offers("--offers-dir", str(offers_copy), "validate", str(path))
    assert check.returncode == 1
    assert "[summary]: Kurzbeschreibung: Das Feld ist noch leer." in check.stdout


def test_new_refuses_unknown_provider_and_bad_id(offers_copy: Path) -> None:
    bad_provider = run_offers(
        "--offers-dir", str(offers_copy), "new", "--provider", "gibt-es-nicht", "--id", "x-y", "--no-input"
    )
    assert bad_provider.returncode == 2 and "gibt es nicht" in bad_provider.stderr
    bad_id = run_offers(
        "--offers-dir",
        str(offers_copy),
        "new",
        "--provider",
        "iq-sn-handwerk-technik",
        "--id",
        "Mit Leerzeichen",
        "--no-input",
    )
    assert bad_id.returncode == 2 and "keine gültige Kennung" in bad_id.stderr


def test_new_prompts_in_a_terminal_when_flags_are_missing(offers_copy: Path) -> None:
    """Without a terminal, missing flags are a usage error (never a hanging prompt)."""
    result = run_offers("--offers-dir", str(offers_copy), "new", input="")
    assert result.returncode == 2 and "--id" in result.stderr


def test_new_asks_in_a_real_terminal(offers_copy: Path) -> None:
    """In a terminal, ``offers new`` asks for what the flags did not give (answered through a pty)."""
    exe = str(Path(sys.executable).parent / "offers")
    answers = ["iq-sn-handwerk-technik", "pty-angebot", "Angebot aus dem Terminal", "other", "online_live"]
    code, text = run_in_pty([exe, "--offers-dir", str(offers_copy), "new"], answers)
    assert code == 0, text
    assert "Art der Qualifizierung" in text and "Sonstige Qualifizierung (z. B. Mentoring)" in text
    created = (offers_copy / "pty-angebot.yaml").read_text(encoding="utf-8")
    assert (
        'kind: "other"' in created
        and 'mode: "online_live"' in created
        and 'title: "Angebot aus dem Terminal"' in created
    )


def test_usage_errors_are_german() -> None:
    result = run_offers("vaidate")
    assert result.returncode == 2
    assert "offers: Fehler: Angabe BEFEHL: ungültige Auswahl: 'vaidate'" in result.stderr
    assert result.stderr.startswith("Aufruf: offers")


def test_a_file_is_checked_against_its_own_catalogue(tmp_path: Path) -> None:
    """From any folder: an offer file finds the providers beside it; a provider file is a provider."""
    offer = CATALOGUE / "basis-angebot.yaml"
    provider = CATALOGUE / "providers" / "iq-test-projekt.yaml"
    for path in (offer, provider):
        result = run_offers("validate", str(path), cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip().endswith("1 Datei geprüft: alles in Ordnung.")
    lonely = tmp_path / "einzeln.yaml"
    lonely.write_text(offer.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_offers("validate", str(lonely), cwd=tmp_path)
    assert result.returncode == 2 and "--offers-dir" in result.stderr
