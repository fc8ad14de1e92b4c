"""The offer page at the moment of decision and its print handout (every run, exams, support), a
very long generated offer on at most two A4 pages, and axe-core on the new page types."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.german_format import de_date_long, de_period
from generator.model import Catalogue
from tests.browser.conftest import BUILD_DAY, ROOT
from tests.conftest import OFFERS, dates_as_text

TWO_RUNS = "pflegefachkraefte-kenntnispruefung-berufsbegleitend"


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_decision_box_and_contents_at_the_top(page, site_url: str, example_catalogue: Catalogue) -> None:
    offer = example_catalogue.by_id[TWO_RUNS]
    runs = offer.upcoming_runs(example_catalogue.today)
    page.goto(site_url + f"angebote/{TWO_RUNS}/")
    decide = page.locator(".iq-decide")
    box = decide.bounding_box()
    assert box is not None and box["y"] < 900  # on the first screen
    text = decide.inner_text()
    for run in runs:
        assert de_period(run.start, run.end) in text
    page.click(".iq-decide a:has-text('Jetzt anmelden')")
    assert page.url.endswith("#anmeldung")
    toc = page.eval_on_selector_all("nav.iq-toc a", "as => as.map(a => a.getAttribute('href'))")
    assert "#termine" in toc and "#anmeldung" in toc and "#unterstuetzung" in toc
    assert all(page.locator(href).count() == 1 for href in toc)  # every entry has its section


def test_print_of_an_offer_with_two_runs(page, site_url: str, example_catalogue: Catalogue, artifacts: Path) -> None:
    offer = example_catalogue.by_id[TWO_RUNS]
    runs = offer.upcoming_runs(example_catalogue.today)
    assert len(runs) == 2
    page.goto(site_url + f"angebote/{TWO_RUNS}/")
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / "offer-print-two-runs.pdf").write_bytes(pdf)
    assert pdf_pages(pdf) == 1
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile", str(artifacts / "offer-print-two-runs.pdf"),
             str(artifacts / "offer-print-two-runs")],
            check=True, timeout=60,
        )  # fmt: skip
    page.emulate_media(media="print")
    printed = page.inner_text(".iq-runs")
    for run in runs:
        assert de_period(run.start, run.end) in printed
        for exam in run.data.get("exams", []):
            assert de_date_long(exam["date"]) in printed and exam["title"] in printed
    assert page.locator(".iq-support").is_visible()
    assert "Kinderbetreuung" in page.inner_text(".iq-support")
    assert not page.locator(".iq-decide").is_visible() and not page.locator("nav.iq-toc").is_visible()


def long_offer(source: dict, runs: int = 4) -> dict:
    """The two-run example grown to a very long offer: four runs with every session and exam of
    the first, shifted a year each, twice the modules and a long description."""
    data = dates_as_text(source)
    first = data["runs"][0]

    def shift(iso: str, years: int) -> str:
        d = date.fromisoformat(iso)
        return d.replace(year=d.year + years).isoformat()

    grown = []
    for i in range(runs):
        run = {**first, "id": f"lauf-{i + 1}", "start": shift(first["start"], i), "end": shift(first["end"], i),
               "application_deadline": shift(first["application_deadline"], i)}  # fmt: skip
        run["sessions"] = [{**s, "date": shift(s["date"], i)} for s in first.get("sessions", [])]
        run["exams"] = [{**e, "date": shift(e["date"], i)} for e in first.get("exams", [])]
        grown.append(run)
    data["runs"] = grown
    data["modules"] = [*data["modules"], *({**m, "title": m["title"] + " (Vertiefung)"} for m in data["modules"])]
    data["description"] = "\n\n".join([data["description"]] * 6)
    data["schedule"]["total_hours"] = sum(m.get("hours", 0) for m in data["modules"])
    return data


@pytest.fixture(scope="module")
def long_offer_site(tmp_path_factory: pytest.TempPathFactory, serve_dir):
    tmp = tmp_path_factory.mktemp("long-offer")
    offers = tmp / "offers"
    shutil.copytree(OFFERS, offers)
    source = yaml.safe_load((offers / f"{TWO_RUNS}.yaml").read_text(encoding="utf-8"))
    (offers / f"{TWO_RUNS}.yaml").write_text(
        yaml.safe_dump(long_offer(source), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    # The project's settings with this offers folder (as the 130-offer fixture of the catalogue tests does).
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(ROOT / "docs"), site_dir=str(tmp / "site"))
    # The form editor's Decap files come from this checkout's npm install (the guide names the repo).
    config["extra"]["admin"]["bundle"] = str(ROOT / "admin" / "node_modules" / "decap-cms" / "dist")
    config["theme"]["custom_dir"] = str(ROOT / "site_template")
    config["plugins"] = [{"iq-offers": {"offers_dir": str(offers), "search": False}}]
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(tmp / "mkdocs.yml")],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "OFFERS_TODAY": BUILD_DAY, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    with serve_dir(tmp / "site") as url:
        yield url


def test_a_very_long_offer_prints_on_two_pages_at_most(page, long_offer_site: str, artifacts: Path) -> None:
    page.goto(long_offer_site + f"angebote/{TWO_RUNS}/")
    assert page.locator(".iq-run").count() == 4
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / "offer-print-long.pdf").write_bytes(pdf)
    pages = pdf_pages(pdf)
    assert 1 < pages <= 2, pages  # longer than a page (the test means something), never three
    page.emulate_media(media="print")
    assert page.locator(".iq-run").nth(3).is_visible()


@pytest.mark.parametrize(
    "path",
    [
        "datenschutz/",
        "leichte-sprache/",
        "angebote/?plz=04109&umkreis=50&sortierung=entfernung&land=SN",
        "angebote/?beginn=jederzeit&lernform=in_person&niveau=A1",
        f"angebote/{TWO_RUNS}/",
    ],
)
def test_axe_finds_no_violations_on_the_new_views(page, site_url: str, path: str) -> None:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    results = axe_module.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_axe_on_the_merkliste_and_the_open_drawer(browser, site_url: str) -> None:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(site_url + "angebote/")
        page.evaluate(
            "ids => localStorage.setItem('iq-merkliste', JSON.stringify(ids))",
            [TWO_RUNS, "koch-externenpruefung-vorbereitung"],
        )
        page.goto(site_url + "angebote/#merkliste")
        page.wait_for_selector("table.iq-compare thead th")
        results = axe_module.Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        page.goto(site_url + "angebote/?land=BE")
        page.click(".iq-filter-toggle")
        results = axe_module.Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
