"""CODEOWNERS follows the owners: of the provider files, and the committed one is never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.catalogue_loader import check_catalogue
from generator.cli.codeowners_command import fallback_from_config
from generator.codeowners import CodeownersError, codeowners_text, ownerships
from tests.conftest import run_offers
from tests.support import OFFERS, ROOT, TODAY

COMMITTED = ROOT / ".github" / "CODEOWNERS"


def test_committed_codeowners_is_up_to_date() -> None:
    fallback = fallback_from_config(ROOT / "mkdocs.yml")
    assert fallback, "mkdocs.yml names the editorial team under extra.betreiber.github"
    expected = codeowners_text(OFFERS, ROOT, fallback)
    assert COMMITTED.read_text(encoding="utf-8") == expected, (
        ".github/CODEOWNERS is out of date: run `.venv/bin/offers codeowners` and commit it"
    )


def test_every_example_provider_names_owners_and_every_offer_is_owned() -> None:
    owned = ownerships(OFFERS, ROOT)
    assert len(owned) == len(list((OFFERS / "providers").glob("*.yaml")))
    offer_files = {f"offers/{p.name}" for p in OFFERS.glob("*.yaml")}
    listed = {str(f) for o in owned for f in o.files if not str(f).startswith("offers/providers/")}
    assert listed == offer_files


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(OFFERS, root / "katalog")
    return root


def test_lines_follow_the_provider_an_offer_names(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    offers = root / "katalog"
    # Move one offer to another project and take the owners away from a third project.
    moved = offers / "maurer-anpassungsqualifizierung.yaml"
    moved.write_text(
        moved.read_text(encoding="utf-8").replace(
            "provider: iq-by-handwerk-anerkannt", "provider: iq-sn-handwerk-technik"
        ),
        encoding="utf-8",
    )
    hh = offers / "providers" / "iq-hh-tandem.yaml"
    hh.write_text(hh.read_text(encoding="utf-8").split("owners:")[0], encoding="utf-8")
    broken = offers / "kaputt.yaml"
    broken.write_text("id: kaputt\nprovider: iq-sn-handwerk-technik\ntitle: [offen\n", encoding="utf-8")
    text = codeowners_text(offers, root, ("@redaktion", "@zweite"))
    lines = text.splitlines()
    rules = [line for line in lines if line and not line.startswith("#")]
    assert rules[0] == "* @redaktion @zweite"  # first: GitHub lets the last matching line win
    assert "/katalog/maurer-anpassungsqualifizierung.yaml @thomas-richter-sbz" in rules
    assert not any("maurer" in r and "@elif-yildiz" in r for r in rules)
    assert not any("mentoring-tandem" in r or "iq-hh-tandem" in r for r in rules)  # no owners: the fallback
    assert not any("kaputt" in r for r in rules)  # an unreadable offer is not guessed
    assert all(r.startswith(("* ", "/katalog/")) for r in rules)


def test_no_fallback_is_refused_in_german(tmp_path: Path) -> None:
    with pytest.raises(CodeownersError, match="Redaktion"):
        codeowners_text(OFFERS, ROOT, ())


def test_a_catalogue_outside_the_repository_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeownersError, match="liegt nicht im Repository"):
        codeowners_text(OFFERS, tmp_path, ("@redaktion",))


def test_cli_writes_checks_and_reports_stale(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "mkdocs.yml").write_text('extra:\n  betreiber:\n    github: "@iq/redaktion"\n', encoding="utf-8")
    args = ("--offers-dir", str(root / "katalog"), "codeowners", "--root", str(root))
    stale = run_offers(*args, "--check")
    assert stale.returncode == 1 and "offers codeowners" in stale.stderr
    written = run_offers(*args)
    assert written.returncode == 0, written.stderr
    text = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "* @iq/redaktion" in text and "/katalog/providers/iq-bw-medkompakt.yaml @markus-hellwig" in text
    assert run_offers(*args, "--check").returncode == 0
    provider = root / "katalog" / "providers" / "iq-bw-medkompakt.yaml"
    provider.write_text(provider.read_text(encoding="utf-8").replace("@markus-hellwig", "@anna-neu"), encoding="utf-8")
    assert run_offers(*args, "--check").returncode == 1
    (root / "mkdocs.yml").unlink()
    missing = run_offers(*args)
    assert missing.returncode == 2 and "extra: betreiber: github:" in missing.stderr


@pytest.mark.parametrize(
    ("owner", "valid"),
    [
        ("@aylin-demir", True),
        ("@iq-netzwerk-berlin/pflege-plus", True),
        ("aylin-demir", False),  # without @
        ("@aylin demir", False),
        ("@-aylin", False),
        ("@" + "a" * 40, False),  # GitHub user names have at most 39 characters
        ("@org/", False),
    ],
)
def test_schema_checks_owner_names(tmp_path: Path, owner: str, valid: bool) -> None:
    catalogue = tmp_path / "offers"
    shutil.copytree(OFFERS, catalogue)
    provider = catalogue / "providers" / "iq-bw-medkompakt.yaml"
    provider.write_text(
        provider.read_text(encoding="utf-8").replace('"@markus-hellwig"', f'"{owner}"'), encoding="utf-8"
    )
    result = check_catalogue(catalogue, TODAY, only=[provider])
    errors = [p for p in result.errors if p.field.startswith("owners")]
    assert (not errors) is valid, [p.message for p in result.errors]
    if not valid:
        assert "GitHub-Benutzername mit @" in errors[0].hint
