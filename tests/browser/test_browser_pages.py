"""Offer page, print handout, accessibility (axe-core) and privacy (no third-party requests)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.german_format import de_date
from generator.model import Catalogue

OFFER_ID = "pflegefachkraefte-kenntnispruefung-berufsbegleitend"


def test_offer_page_shows_key_facts(page, site_url: str, example_catalogue: Catalogue) -> None:
    offer = example_catalogue.by_id[OFFER_ID]
    page.goto(site_url + f"angebote/{OFFER_ID}/")
    assert page.text_content("h1").strip() == offer.title
    glance = page.locator("section.iq-glance")
    text = glance.inner_text()
    assert "Auf einen Blick" in text
    assert "Ausgleichsmaßnahme (reglementierte Berufe)" in text
    next_run = offer.next_run(example_catalogue.today)
    assert next_run is not None
    assert de_date(next_run.start) in text
    assert "B1" in text and "Kostenfrei" in text
    assert glance.locator('a[href^="tel:"]').count() >= 1 and glance.locator('a[href^="mailto:"]').count() >= 1
    # The glance box is the first section of the body.
    first = page.eval_on_selector(".iq-offer section", "s => s.className")
    assert "iq-glance" in first
    assert "Teilnehmer*innen" in page.inner_text(".iq-description")
    assert page.get_attribute("html", "lang") == "de"
    if importlib.util.find_spec("generator.feeds.jsonld_feed"):
        assert page.locator('head script[type="application/ld+json"]').count() == 1


def test_expired_offer_shows_notice(page, site_url: str, example_catalogue: Catalogue) -> None:
    expired = example_catalogue.expired()[0]
    page.goto(site_url + f"angebote/{expired.id}/")
    assert "Dieses Angebot wird nicht mehr angeboten" in page.inner_text(".iq-expired")
    assert page.locator('meta[name="robots"][content="noindex"]').count() == 1


def test_print_is_one_a4_page(page, site_url: str, artifacts: Path) -> None:
    page.goto(site_url + f"angebote/{OFFER_ID}/")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    (artifacts / "offer-print.pdf").write_bytes(pdf)
    assert pages == 1, f"handout has {pages} pages"
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-singlefile",
                str(artifacts / "offer-print.pdf"),
                str(artifacts / "offer-print"),
            ],
            check=True,
            timeout=60,
        )
        assert (artifacts / "offer-print.png").stat().st_size > 10_000
    page.emulate_media(media="print")
    assert page.locator(".iq-print-link svg").is_visible()
    assert f"angebote/{OFFER_ID}/" in page.inner_text(".iq-print-url")
    assert not page.locator(".md-header").is_visible()


def test_every_example_offer_prints_on_one_page(page, site_url: str, example_catalogue: Catalogue) -> None:
    too_long = {}
    for offer in example_catalogue.offers:
        page.goto(site_url + f"angebote/{offer.id}/")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4")))
        if pages != 1:
            too_long[offer.id] = pages
    assert not too_long


@pytest.mark.parametrize("path", ["", "angebote/?land=BE&lernform=blended&niveau=B1&q=Pflege", f"angebote/{OFFER_ID}/"])
def test_axe_finds_no_violations(page, site_url: str, path: str) -> None:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    results = axe_module.Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_no_request_leaves_the_origin(page, site_url: str) -> None:
    origin = urlsplit(site_url).netloc
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    for path in ["", "angebote/?q=Pflege&land=BE", f"angebote/{OFFER_ID}/", "impressum/"]:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    page.fill("#iq-q", "Kenntnisprüfung") if "angebote/?" in page.url else None
    foreign = [u for u in seen if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != origin]
    assert seen and not foreign, foreign


def test_screenshots(page, site_url: str, artifacts: Path) -> None:
    page.goto(site_url)
    page.screenshot(path=str(artifacts / "home.png"))
    page.goto(site_url + f"angebote/{OFFER_ID}/")
    page.screenshot(path=str(artifacts / "offer.png"), full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "angebote/?zeit=evening")
    page.screenshot(path=str(artifacts / "catalogue-mobile.png"))
    assert (artifacts / "home.png").stat().st_size > 5_000
