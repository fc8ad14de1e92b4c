"""The built page "Felder und erlaubte Werte" and the preview notice, as a browser shows them."""

from __future__ import annotations

import json
import shutil
from html import unescape
from pathlib import Path

import pytest

from generator.problems import Problem
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SCHEMA_DIR, schema_set
from generator.site.field_reference import fields
from generator.site.preview_notice import mark_site, notice_html
from tests.site.test_field_reference import labelled_values

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe(page, only_wcag: bool = False) -> None:
    """axe-core on the page: every rule, or (``only_wcag``) the WCAG 2.1 A/AA rules the house requires."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    options: dict[str, object] = {"resultTypes": ["violations"]}
    if only_wcag:
        options["runOnly"] = {"type": "tag", "values": WCAG_21_AA}
    results = axe_module.Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()


def test_field_reference_page_lists_everything_and_passes_axe(
    page, site_url: str, built_site: Path, artifacts: Path
) -> None:
    html = (built_site / "felder" / "index.html").read_text(encoding="utf-8")
    page.goto(site_url + "felder/")
    page.wait_for_load_state("networkidle")
    shown = page.inner_text("article")
    schemas = schema_set(SCHEMA_DIR)
    for name in (OFFER_SCHEMA, PROVIDER_SCHEMA):
        for row in fields(schemas, name):
            assert row.path in shown, row.path  # the <wbr> break points do not split the text
            assert row.title in shown
        for value, label in labelled_values(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))):
            assert (json.dumps(value) if isinstance(value, bool) else str(value)) in shown and label in unescape(html)
    # The guide's navigation reaches the page, and a row can be linked to.
    page.goto(site_url + "angebot-eintragen/")
    assert page.locator('nav a[href$="felder/"]').count() >= 1
    page.goto(site_url + "felder/#feld-format-places-state")
    assert page.locator("#feld-format-places-state").is_visible()
    page.screenshot(path=str(artifacts / "felder-und-erlaubte-werte.png"))
    page.goto(site_url + "felder/")
    page.wait_for_load_state("networkidle")
    _axe(page)


def test_preview_notice_is_visible_and_accessible(
    page, built_site: Path, serve_dir, tmp_path: Path, artifacts: Path
) -> None:
    """The notice mkdocs serve puts on every page while an offer is broken (see test_mkdocs_serve_errors)."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    problem = Problem(
        Path("offers/pflege.yaml").resolve(),
        14,
        7,
        "kind",
        "Art der Qualifizierung: „erfunden“ ist hier kein erlaubter Wert.",
        "Erlaubt: compensation_measure, …",
    )
    mark_site(site, notice_html([problem], Path.cwd()))
    with serve_dir(site) as url:
        page.goto(url + "angebote/")
        page.wait_for_load_state("networkidle")
        notice = page.locator("#iq-vorschau-hinweis")
        assert notice.is_visible() and "offers/pflege.yaml, Zeile 14" in notice.inner_text()
        page.screenshot(path=str(artifacts / "vorschau-hinweis.png"))
        _axe(page)


def test_guide_leads_through_both_paths_and_its_links_resolve(page, site_url: str, artifacts: Path) -> None:
    page.goto(site_url + "angebot-eintragen/")
    page.wait_for_load_state("networkidle")
    text = page.inner_text("article")
    # Form first, then the GitHub web editor step by step, the checks and the review, then the typical errors.
    order = [
        "Weg 1: Im Formular",
        "Weg 2: Im Browser mit dem GitHub-Editor",
        "Fork this repository",
        "Propose changes",
        "Create pull request",
        "Die Prüfung lesen",
        "Summary",
        "Files changed",
        "Was die Durchsicht tut",
        "Weg 3: Auf dem eigenen Rechner",
        ".venv/bin/offers new",
        "Typische Fehler",
    ]
    at = 0
    for part in order:  # each one after the one before
        at = text.find(part, at)
        assert at != -1, f"{part!r} missing or out of order"
    assert "Keine Bildschirmfotos von GitHub" in text
    # Every in-page anchor exists, and the reference page is linked.
    for href in page.eval_on_selector_all("article a[href^='#']", "els => els.map(e => e.getAttribute('href'))"):
        assert page.locator(href).count() == 1, href
    assert page.locator("article a[href$='felder/']").count() >= 2
    page.screenshot(path=str(artifacts / "anleitung-angebot-eintragen.png"), full_page=True)
    # WCAG rules only: the theme's copy buttons on code blocks (content.code.copy) sit in unlabelled
    # <nav> elements, which axe's best-practice rule landmark-unique reports on every page with code.
    _axe(page, only_wcag=True)
