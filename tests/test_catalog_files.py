"""Nothing disappears unannounced: files that are not read, folders without offers, offers that
left the catalogue since the last build, and provider errors reported once where they are."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.catalogue_changes import gone_offers, previous_listing
from generator.catalogue_loader import check_catalogue, load_catalogue
from generator.cli import main
from tests.support import TODAY
from tests.test_mkdocs_build import mkdocs_build, write_project

OFFER = "mentoring-tandem-fachkraefte"  # provider iq-hh-tandem, rolling start
PROVIDER = "iq-be-anerkennung-gesundheit"  # three offers in the example catalogue


def _problems_about(offers: Path, path: Path) -> list:
    return [p for p in check_catalogue(offers, TODAY).problems if p.file == path]


# --- files that are not read ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "words"),
    [
        ("{id}.yaml.txt", "{id}.yaml", "Windows"),
        ("{id}.YAML", "{id}.yaml", "klein geschrieben"),
        ("{id}.Yml", "{id}.yml", "klein geschrieben"),
        ("{id}.yaml~", "{id}.yaml", "Sicherungskopie"),
        ("{id}.yaml.bak", "{id}.yaml", "Sicherungskopie"),
        (".{id}.yaml.swp", "{id}.yaml", "Editor"),
        ("#{id}.yaml#", "{id}.yaml", "Editor"),
        (".{id}.yaml", "{id}.yaml", "versteckte Datei"),
        ("{id}.txt", "{id}.yaml", "keine Angebotsdatei"),
    ],
)
def test_a_misnamed_offer_file_is_named_in_a_warning(
    offers_copy: Path, name: str, target: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    renamed = offers_copy / name.format(id=OFFER)
    (offers_copy / f"{OFFER}.yaml").rename(renamed)
    result = check_catalogue(offers_copy, TODAY)
    notes = [p for p in result.problems if p.file == renamed]
    assert len(notes) == 1 and notes[0].severity == "warning", result.problems
    text = notes[0].message + " " + notes[0].hint
    assert f"„{target.format(id=OFFER)}“" in text and words in text and "nicht gelesen" in text
    assert OFFER not in {ly.data["id"] for ly in result.offers}
    assert main(["--offers-dir", str(offers_copy), "validate"]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert f"{renamed.name}: Warnung: " in out and "Warnung" in out.splitlines()[-1]


def test_machine_formats_report_an_unread_file_without_a_line(
    offers_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    renamed = offers_copy / f"{OFFER}.yaml.txt"
    (offers_copy / f"{OFFER}.yaml").rename(renamed)
    assert main(["--offers-dir", str(offers_copy), "validate", "--format", "json"]) == 0
    [entry] = [p for p in json.loads(capsys.readouterr().out)["problems"] if p["file"].endswith(renamed.name)]
    assert entry["severity"] == "warning" and entry["line"] == 0 and entry["code"] == "unread"
    assert main(["--offers-dir", str(offers_copy), "validate", "--format", "github"]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if renamed.name in line]
    assert line.startswith(f"::warning file={os.path.relpath(renamed)},title=") and ",line=" not in line


def test_sub_folders_and_other_files_in_providers_are_named(offers_copy: Path) -> None:
    archive = offers_copy / "archiv"
    archive.mkdir()
    shutil.move(offers_copy / f"{OFFER}.yaml", archive / f"{OFFER}.yaml")
    old = offers_copy / "providers" / "alt"
    old.mkdir()
    readme = offers_copy / "providers" / "LIESMICH.txt"
    readme.write_text("Projekte\n", encoding="utf-8")
    result = check_catalogue(offers_copy, TODAY)
    by_file = {p.file: p for p in result.problems if p.code == "unread"}
    assert "Unterordner „archiv“" in by_file[archive].message and "offers" in by_file[archive].hint
    assert "Unterordner „alt“" in by_file[old].message
    assert "keine Projektdatei" in by_file[readme].message and "„LIESMICH.yaml“" in by_file[readme].hint
    assert all(p.severity == "warning" for p in by_file.values())


def test_hidden_tool_files_are_ignored_silently(offers_copy: Path) -> None:
    """.gitkeep/.DS_Store/.git and macOS' ._x.yaml twins never hold an offer and no author made them."""
    before = check_catalogue(offers_copy, TODAY).problems
    for name in (".gitkeep", ".DS_Store", f"._{OFFER}.yaml"):
        (offers_copy / name).write_bytes(b"\x00\x05\x16\x07")
    (offers_copy / ".git").mkdir()
    (offers_copy / "providers" / ".gitkeep").write_text("", encoding="utf-8")
    assert check_catalogue(offers_copy, TODAY).problems == before


def test_a_dangling_link_is_named(offers_copy: Path) -> None:
    link = offers_copy / "verschoben.yaml"
    link.symlink_to(offers_copy / "gibt-es-nicht.yaml")
    [note] = _problems_about(offers_copy, link)
    assert "ins Leere" in note.message and note.severity == "warning"


def test_a_named_file_that_the_build_would_skip_gets_a_warning(
    offers_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upper = offers_copy / f"{OFFER}.YAML"
    (offers_copy / f"{OFFER}.yaml").rename(upper)
    assert main(["validate", str(upper)]) == 0
    out = capsys.readouterr().out
    assert f"„{OFFER}.yaml“" in out and "nicht gelesen" in out and "1 Datei geprüft" in out


# --- a path without offers ---------------------------------------------------------------------


def test_empty_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "leer"
    empty.mkdir()
    assert main(["validate", str(empty)]) == 1
    out = capsys.readouterr().out
    assert "keine Angebotsdatei" in out and "alles in Ordnung" not in out and "Fehler" in out


def test_etc_is_not_a_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    """The tester's case: `offers validate /etc` said "0 Dateien geprüft: alles in Ordnung"."""
    assert main(["validate", "/etc"]) == 1
    out = capsys.readouterr().out
    assert "keine Angebotsdatei" in out and "andere Dateien oder Ordner" in out
    assert "alles in Ordnung" not in out
    assert len(out.splitlines()) == 3  # one error with its hint and the summary, not 200 warnings


def test_only_misnamed_offers_and_providers(tmp_path: Path, offers_copy: Path) -> None:
    folder = tmp_path / "katalog"
    (folder / "providers").mkdir(parents=True)
    shutil.copy(offers_copy / "providers" / "iq-hh-tandem.yaml", folder / "providers")
    shutil.copy(offers_copy / f"{OFFER}.yaml", folder / f"{OFFER}.yaml.txt")
    (folder / "notizen.docx").write_bytes(b"PK")
    problems = check_catalogue(folder, TODAY).problems
    assert [(p.file.name, p.severity) for p in problems] == [("katalog", "error"), (f"{OFFER}.yaml.txt", "warning")]
    assert "eine andere Datei" in problems[0].message
    with pytest.raises(Exception) as failed:
        load_catalogue(folder, TODAY)
    assert "1 Fehler" in str(failed.value)


# --- provider errors reported once -------------------------------------------------------------


def _offers_of(offers: Path, provider: str) -> list[Path]:
    return sorted(p for p in offers.glob("*.yaml") if f"provider: {provider}\n" in p.read_text(encoding="utf-8"))


def _break_yaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: ", 'name: "nicht geschlossen\n', 1), encoding="utf-8")


@pytest.mark.parametrize("damage", ["yaml", "schema", "id"])
def test_a_broken_provider_is_reported_once_at_its_own_file(
    offers_copy: Path, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    provider_file = offers_copy / "providers" / f"{PROVIDER}.yaml"
    text = provider_file.read_text(encoding="utf-8")
    if damage == "yaml":
        _break_yaml(provider_file)
    elif damage == "schema":
        provider_file.write_text(text.replace("organisation:", "organisaton:", 1), encoding="utf-8")
    else:
        provider_file.write_text(text.replace(f"id: {PROVIDER}", "id: iq-be-anderer-name", 1), encoding="utf-8")
    assert len(_offers_of(offers_copy, PROVIDER)) >= 2
    result = check_catalogue(offers_copy, TODAY)
    assert result.errors and {p.file for p in result.errors} == {provider_file}
    assert not [p for p in result.problems if p.file != provider_file and p.field == "provider"]
    assert main(["--offers-dir", str(offers_copy), "validate"]) == 1
    out = capsys.readouterr().out
    assert "gibt es nicht in offers/providers" not in out
    assert {line.split(":")[0] for line in out.splitlines() if ": Fehler" in line} == {os.path.relpath(provider_file)}


def test_validating_one_offer_of_a_broken_provider_shows_the_provider_error_once(
    offers_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    provider_file = offers_copy / "providers" / f"{PROVIDER}.yaml"
    _break_yaml(provider_file)
    offers = _offers_of(offers_copy, PROVIDER)
    assert main(["validate", *map(str, offers[:2])]) == 1  # the offers cannot be built: not green
    out = capsys.readouterr().out
    assert out.count(f"providers/{PROVIDER}.yaml:") == 1, out
    assert "gibt es nicht in offers/providers" not in out and "Meinten Sie" not in out
    assert "2 Dateien geprüft: 1 Fehler" in out


def test_an_unknown_provider_is_still_an_error_with_a_suggestion(offers_copy: Path) -> None:
    offer = _offers_of(offers_copy, PROVIDER)[0]
    offer.write_text(
        offer.read_text(encoding="utf-8").replace(f"provider: {PROVIDER}", "provider: iq-be-anerkennung", 1),
        encoding="utf-8",
    )
    [error] = [p for p in check_catalogue(offers_copy, TODAY).errors if p.field == "provider"]
    assert "gibt es nicht" in error.message and f"„{PROVIDER}“" in error.hint


# --- offers that left the catalogue since the last build -------------------------------------------


def _export(offers: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--offers-dir", str(offers), "export", "json", "csv", "--out", str(out)]) == 0
    return capsys.readouterr().err


def test_export_lists_offers_that_left_the_catalogue_with_the_reason(
    tmp_path: Path, offers_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "feeds"
    assert "Nicht mehr im Katalog" not in _export(offers_copy, out, capsys)  # first export: nothing to compare
    before = {o["id"] for o in json.loads((out / "offers.json").read_text(encoding="utf-8"))["offers"]}
    deleted, hidden, withdrawn = "erzieherinnen-anpassungslehrgang", "physiotherapie-anpassungslehrgang", OFFER
    renamed, new_id = "koch-externenpruefung-vorbereitung", "koch-externenpruefung"
    (offers_copy / f"{deleted}.yaml").unlink()
    (offers_copy / f"{hidden}.yaml").rename(offers_copy / f"{hidden}.yaml.txt")
    path = offers_copy / f"{withdrawn}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  published_from: 2026-09-01\n", "  published_from: 2026-09-01\n  published_until: 2027-01-31\n"
        ),
        encoding="utf-8",
    )
    text = (offers_copy / f"{renamed}.yaml").read_text(encoding="utf-8")
    (offers_copy / f"{renamed}.yaml").unlink()
    (offers_copy / f"{new_id}.yaml").write_text(text.replace(f"id: {renamed}\n", f"id: {new_id}\n"), encoding="utf-8")
    later = date(2027, 7, 5)  # time passes: some last runs end
    monkeypatch.setenv("OFFERS_TODAY", later.isoformat())
    err = _export(offers_copy, out, capsys)
    after = {o["id"] for o in json.loads((out / "offers.json").read_text(encoding="utf-8"))["offers"]}
    catalogue = load_catalogue(offers_copy, later)
    expired = sorted(o.id for o in catalogue.offers if o.id in before and o.is_expired(later) and o.id != withdrawn)
    assert expired, "the later date must let at least one offer expire"
    lines = {
        line.split(":")[1].strip().split(" ")[0]: line
        for line in err.splitlines()
        if line.startswith("Nicht mehr im Katalog:")
    }
    assert set(lines) == before - after  # exactly the offers that left, each once
    assert "gibt es nicht mehr" in lines[deleted]
    assert f"heißt jetzt „{hidden}.yaml.txt“" in lines[hidden]
    assert "Veröffentlichung endete am 31.01.2027" in lines[withdrawn]
    assert f"„{new_id}“ mit demselben Titel" in lines[renamed]
    for offer_id in expired:
        last_end = max(r.end for r in catalogue.by_id[offer_id].runs)
        assert f"letzte Durchführung endete am {last_end:%d.%m.%Y}" in lines[offer_id]


def test_gone_offers_without_a_record_or_with_a_foreign_file(tmp_path: Path, example_catalogue) -> None:
    assert previous_listing(tmp_path) is None
    (tmp_path / "offers.json").write_text("[1, 2]", encoding="utf-8")
    assert previous_listing(tmp_path) is None
    (tmp_path / "offers.json").write_text("{kaputt", encoding="utf-8")
    assert previous_listing(tmp_path) is None
    listed = {o.id: o.title for o in example_catalogue.listed()}
    assert gone_offers(listed, example_catalogue, tmp_path) == []


def test_mkdocs_build_log_lists_a_deleted_offer(tmp_path: Path, offers_copy: Path) -> None:
    config = write_project(tmp_path, offers_copy)
    first = mkdocs_build(config)
    assert first.returncode == 0, first.stderr
    assert "Nicht mehr im Katalog" not in first.stderr
    (offers_copy / f"{OFFER}.yaml").unlink()
    second = mkdocs_build(config)
    assert second.returncode == 0, second.stderr
    assert f"Nicht mehr im Katalog: {OFFER} („" in second.stderr
    assert f"Die Datei „{OFFER}.yaml“ gibt es nicht mehr" in second.stderr
    third = mkdocs_build(config)  # reported once: the new record no longer lists it
    assert third.returncode == 0 and "Nicht mehr im Katalog" not in third.stderr
