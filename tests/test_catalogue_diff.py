"""The pull-request summary: offers added, changed, withdrawn; problems of the touched files; KURSNET projects."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.catalogue_diff import compare_folders, field_titles
from generator.cli.summary_command import md, render_markdown
from tests.conftest import run_offers
from tests.support import OFFERS, TODAY

MAURER = "maurer-anpassungsqualifizierung"  # project iq-by-handwerk-anerkannt (KURSNET access)
IT = "it-fachkraefte-brueckenmassnahme"  # project iq-nw-brueckenwerk


@pytest.fixture
def head(tmp_path: Path) -> Path:
    folder = tmp_path / "head" / "offers"
    shutil.copytree(OFFERS, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_identical_catalogues_have_no_changes() -> None:
    diff = compare_folders(OFFERS, OFFERS, TODAY)
    assert diff.is_empty and diff.affected_providers() == []
    assert "ändert kein Angebot und kein Projekt" in render_markdown(diff)


def test_added_changed_withdrawn_and_their_projects(head: Path) -> None:
    shutil.copy(head / f"{IT}.yaml", head / "it-neu.yaml")
    _edit(head / "it-neu.yaml", f"id: {IT}", "id: it-neu")
    maurer = head / f"{MAURER}.yaml"
    _edit(maurer, "total_hours: 300", "total_hours: 320")
    (head / "koch-externenpruefung-vorbereitung.yaml").unlink()
    # a comment-only edit changes no data and is not reported
    _edit(head / "mentoring-tandem-fachkraefte.yaml", "\n", "\n# nur ein Kommentar\n")
    diff = compare_folders(OFFERS, head, TODAY)
    assert [c.id for c in diff.added] == ["it-neu"] and diff.added[0].listed
    assert [c.id for c in diff.changed] == [MAURER]
    assert diff.changed[0].fields == ("schedule",)
    assert field_titles(diff.changed[0].fields) == ["Zeitmodell"]
    assert [c.id for c in diff.withdrawn] == ["koch-externenpruefung-vorbereitung"]
    assert diff.withdrawn[0].reason == "Die Datei wurde gelöscht."
    assert diff.affected_providers() == ["iq-by-handwerk-anerkannt", "iq-nw-brueckenwerk"]
    summary = render_markdown(diff, "https://example.org/artefakt/7")
    assert "### Neu (1)" in summary and "### Geändert (1)" in summary and "### Zurückgezogen (1)" in summary
    assert "mentoring" not in summary
    assert "[Vorschau der Website herunterladen](https://example.org/artefakt/7)" in summary


def test_an_offer_that_stops_being_listed_is_withdrawn_with_the_reason(head: Path) -> None:
    _edit(head / f"{IT}.yaml", "publication:\n", "publication:\n  published_until: '2026-11-20'\n")
    diff = compare_folders(OFFERS, head, TODAY)
    assert [c.id for c in diff.withdrawn] == [IT]
    assert "nicht mehr sichtbar" in diff.withdrawn[0].reason
    assert not diff.changed


def test_an_offer_broken_by_the_change_is_withdrawn_and_its_error_listed(head: Path) -> None:
    _edit(head / f"{IT}.yaml", "kind: ", "kind: gibt_es_nicht\n_alt: ")
    diff = compare_folders(OFFERS, head, TODAY)
    assert [c.id for c in diff.withdrawn] == [IT]
    assert "enthält jetzt Fehler" in diff.withdrawn[0].reason
    summary = render_markdown(diff)
    assert summary.startswith("## Angebote: Was diese Änderung bewirkt")
    assert "❌" in summary and "### Fehler in den geänderten Dateien" in summary
    assert f"{IT}.yaml`, Zeile" in summary


def test_moving_an_offer_to_another_project_delivers_both(head: Path) -> None:
    _edit(head / f"{MAURER}.yaml", "provider: iq-by-handwerk-anerkannt", "provider: iq-sn-handwerk-technik")
    diff = compare_folders(OFFERS, head, TODAY)
    assert diff.affected_providers() == ["iq-by-handwerk-anerkannt", "iq-sn-handwerk-technik"]


def test_a_changed_project_file_is_reported_and_delivered(head: Path) -> None:
    _edit(head / "providers" / "iq-sn-handwerk-technik.yaml", "hours: Mo–Fr", "hours: Mo–Sa")
    diff = compare_folders(OFFERS, head, TODAY)
    assert diff.providers_changed == frozenset({"iq-sn-handwerk-technik"})
    assert "**Geänderte Projektdateien:**" in render_markdown(diff)


def test_markdown_in_titles_is_shown_as_text() -> None:
    assert md("Pflege *plus* | <b>neu</b> [x](y)") == r"Pflege \*plus\* \| \<b\>neu\</b\> \[x\](y)"
    assert md("zwei\nZeilen") == "zwei Zeilen"


def test_cli_formats(head: Path, tmp_path: Path) -> None:
    _edit(head / f"{MAURER}.yaml", "total_hours: 300", "total_hours: 310")
    providers = run_offers("--offers-dir", str(head), "summary", "--base", str(OFFERS), "--format", "providers")
    assert providers.returncode == 0, providers.stderr
    assert providers.stdout == "iq-by-handwerk-anerkannt\n"
    as_json = json.loads(
        run_offers("--offers-dir", str(head), "summary", "--base", str(OFFERS), "--format", "json").stdout
    )
    assert [c["id"] for c in as_json["changed"]] == [MAURER]
    # a first pull request into an empty repository: every offer is new
    first = run_offers("--offers-dir", str(head), "summary", "--base", str(tmp_path / "gibt-es-nicht"))
    assert first.returncode == 0 and f"### Neu ({len(list(OFFERS.glob('*.yaml')))})" in first.stdout
