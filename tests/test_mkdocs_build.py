"""Real ``mkdocs build`` runs of small fixture catalogues (subprocess, as a user runs it)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.catalogue_loader import load_catalogue
from tests.support import ROOT

MKDOCS = Path(sys.executable).parent / "mkdocs"


def write_project(tmp: Path, offers_dir: Path, *, search: bool = False) -> Path:
    """A minimal MkDocs project using the real theme overrides and the iq-offers plugin."""
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Start\n\n[Katalog](angebote/index.md)\n", encoding="utf-8")
    (docs / "impressum.md").write_text(
        "# Impressum\n\n{{ extra.betreiber.name }}, {{ extra.betreiber.ort }}\n", encoding="utf-8"
    )
    config = {
        "site_name": "Test",
        "site_url": "https://iq-angebote.example/",
        "docs_dir": str(docs),
        "site_dir": str(tmp / "site"),
        "theme": {"name": "material", "custom_dir": str(ROOT / "site_template"), "language": "de", "font": False},
        "nav": [{"Start": "index.md"}, {"Angebote": "angebote/index.md"}, {"Impressum": "impressum.md"}],
        "plugins": [{"iq-offers": {"offers_dir": str(offers_dir), "search": search}}],
        "extra": {"betreiber": {"name": "Fachstelle <Test>", "ort": "10117 Berlin"}},
    }
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def mkdocs_build(config: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(MKDOCS), "build", "-f", str(config), *extra],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_creates_offer_pages_catalogue_feeds_and_schema(tmp_path: Path, offers_copy: Path) -> None:
    config = write_project(tmp_path, offers_copy)
    proc = mkdocs_build(config, "--strict")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    catalogue = load_catalogue(offers_copy)
    for offer in catalogue:
        page = site / "angebote" / offer.id / "index.html"
        assert page.is_file(), offer.id
        html = page.read_text(encoding="utf-8")
        assert 'lang="de"' in html and "Auf einen Blick" in html
    catalogue_html = (site / "angebote" / "index.html").read_text(encoding="utf-8")
    assert catalogue_html.count('class="iq-card"') == len(catalogue.listed())
    assert (site / "schema" / "offer.schema.json").read_bytes() == (ROOT / "schema" / "offer.schema.json").read_bytes()
    assert any((site / "feeds").iterdir())
    impressum = (site / "impressum" / "index.html").read_text(encoding="utf-8")
    assert "Fachstelle &lt;Test&gt;, 10117 Berlin" in impressum  # filled from extra:, escaped
    assert "10117 Berlin" in impressum and "extra.betreiber" not in impressum
    # Offer pages are not in the nav: the home page links only the three nav entries.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"angebote/{catalogue.offers[0].id}/" not in home
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_invalid_offer_fails_with_report_and_keeps_previous_site(tmp_path: Path, offers_copy: Path) -> None:
    config = write_project(tmp_path, offers_copy)
    assert mkdocs_build(config).returncode == 0
    before = tree_digest(tmp_path / "site")
    victim = sorted(offers_copy.glob("*.yaml"))[0]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("kind: ", "kind: keine_art_", 1), encoding="utf-8")
    broken_provider = text.split("provider: ", 1)[1].split("\n", 1)[0]
    assert broken_provider
    proc = mkdocs_build(config)
    assert proc.returncode != 0
    assert victim.name in proc.stderr and "Fehler [kind]" in proc.stderr
    assert "Bitte die Fehler beheben." in proc.stderr  # the validator's full text report
    assert tree_digest(tmp_path / "site") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_expired_offer_keeps_page_but_leaves_catalogue_and_search(tmp_path: Path, offers_copy: Path) -> None:
    config = write_project(tmp_path, offers_copy, search=True)
    proc = mkdocs_build(config)
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    catalogue = load_catalogue(offers_copy)
    expired = catalogue.expired()
    assert expired, "the example catalogue should contain an expired offer"
    catalogue_html = (site / "angebote" / "index.html").read_text(encoding="utf-8")
    for offer in expired:
        html = (site / "angebote" / offer.id / "index.html").read_text(encoding="utf-8")
        assert "Dieses Angebot wird nicht mehr angeboten" in html
        assert '<meta name="robots" content="noindex">' in html
        assert "data-pagefind-body" not in html
        assert f'data-id="{offer.id}"' not in catalogue_html
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(catalogue.listed())


def test_missing_site_url_is_an_error(tmp_path: Path, offers_copy: Path) -> None:
    config = write_project(tmp_path, offers_copy)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    del data["site_url"]
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    proc = mkdocs_build(config)
    assert proc.returncode != 0 and "site_url" in proc.stderr


@pytest.mark.parametrize("name", ["index.md"])
def test_generated_page_may_not_shadow_docs(tmp_path: Path, offers_copy: Path, name: str) -> None:
    config = write_project(tmp_path, offers_copy)
    (tmp_path / "docs" / "angebote").mkdir()
    (tmp_path / "docs" / "angebote" / name).write_text("# Handgeschrieben\n", encoding="utf-8")
    proc = mkdocs_build(config)
    assert proc.returncode != 0 and "angebote/index.md" in proc.stderr


def test_markup_in_offer_texts_is_shown_as_text_everywhere(tmp_path: Path, offers_copy: Path) -> None:
    """Titles and summaries go into <title>, <h1>, the header and a meta attribute: none may run."""
    path = offers_copy / "mentoring-tandem-fachkraefte.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = "Tandem <script>alert(1)</script> & Co"
    data["summary"] = 'Kurz " onmouseover="alert(2) <img src=x onerror=alert(3)>'
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config = write_project(tmp_path, offers_copy)
    proc = mkdocs_build(config, "--strict")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site" / "angebote" / "mentoring-tandem-fachkraefte" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "<title>Tandem &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert 'onmouseover="alert(2)' not in page
    catalogue = (tmp_path / "site" / "angebote" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in catalogue and "<img src=x" not in catalogue
