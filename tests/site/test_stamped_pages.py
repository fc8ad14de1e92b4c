"""Offer pages filled into one rendered prototype must be the pages the renderer would have drawn."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.catalogue_loader import load_catalogue
from generator.render import renderer
from generator.site.offer_page import render_offer_page
from generator.site.site_files import feed_context
from generator.site.stamped_pages import (
    MARKERS,
    PROTOTYPE_DIR,
    Prototype,
    StampedPage,
    StampError,
    stamp_pages,
)
from generator.site_config import read_site_config
from generator.source_tree import generate_sources, write_tree
from tests.support import site_project


def _normal(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, dict[str, str]]:
    """A real MkDocs render of the generated tree, with two offers also rendered the classic way."""
    mp = pytest.MonkeyPatch()
    mp.setenv("OFFERS_TODAY", "2026-11-22")
    tmp = tmp_path_factory.mktemp("stamp")
    config = read_site_config(site_project(tmp))
    catalogue = load_catalogue(config.offers_dir)
    sources = generate_sources(catalogue, config)
    ctx = feed_context(catalogue, config.site_url)
    classic: dict[str, str] = {}
    expired = next(o for o in catalogue.offers if not catalogue.is_listed(o))
    for offer in (catalogue.listed()[0], expired):
        page = next(p for p in sources.stamped if p.path == f"angebote/{offer.id}/")
        src = f"angebote/klassisch-{offer.id}.md"  # same folder as the stamped page
        sources.pages[src] = render_offer_page(
            offer, ctx.offer_url(offer), catalogue.today, head=page.head, listed=catalogue.is_listed(offer)
        )
        classic[offer.id] = src
    site = renderer("mkdocs")(write_tree(sources, config, tmp / "tree"))
    mp.undo()
    return site, sources, classic


def test_a_stamped_page_is_the_page_the_renderer_draws(rendered: tuple[Path, object, dict[str, str]]) -> None:
    site, sources, classic = rendered
    prototype = Prototype.parse((site / PROTOTYPE_DIR / "index.html").read_text(encoding="utf-8"))
    for offer_id, src in classic.items():
        drawn = (site / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        page = next(p for p in sources.stamped if p.path == f"angebote/{offer_id}/")  # type: ignore[attr-defined]
        stamped = prototype.fill(page)
        # The only difference allowed: the classic page's own address.
        drawn = drawn.replace(f"angebote/klassisch-{offer_id}/", f"angebote/{offer_id}/")
        assert _normal(stamped) == _normal(drawn)
        assert page.title in stamped and "iqstampmark" not in stamped


def test_stamping_writes_every_page_fixes_the_sitemap_and_drops_the_prototype(
    rendered: tuple[Path, object, dict[str, str]], tmp_path: Path
) -> None:
    site, sources, _ = rendered
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    pages = sources.stamped  # type: ignore[attr-defined]
    assert isinstance(stamp_pages(copy, pages), Prototype) and len(pages) > 10
    assert not (copy / PROTOTYPE_DIR).exists()
    for page in pages:
        html = (copy / page.path / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="https://iq-angebote.example/{page.path}">' in html
        assert page.body.decode() in html
    sitemap = (copy / "sitemap.xml").read_text(encoding="utf-8")
    assert PROTOTYPE_DIR not in sitemap
    assert all(f"<loc>https://iq-angebote.example/{p.path}</loc>" in sitemap for p in pages)
    assert sitemap.count("<url>") == sitemap.count("</url>")


def test_offer_text_that_looks_like_a_marker_stays_text() -> None:
    html = f'<title>{MARKERS["title"]}</title><meta content="{MARKERS["description"]}">{MARKERS["head"]}'
    html += f"<a href='/{PROTOTYPE_DIR}/'></a><p>{MARKERS['body']}</p>"
    page = StampedPage(
        path="angebote/x/", title=MARKERS["body"], description="d", head="", body=f"<p>{PROTOTYPE_DIR}/</p>".encode()
    )
    out = Prototype.parse(html).fill(page)
    assert (
        out == f"<title>{MARKERS['body']}</title><meta content=\"d\"><a href='/angebote/x/'></a><p>{PROTOTYPE_DIR}/</p>"
    )


def test_a_prototype_without_its_markers_is_refused_in_german(tmp_path: Path) -> None:
    (tmp_path / PROTOTYPE_DIR).mkdir(parents=True)
    (tmp_path / PROTOTYPE_DIR / "index.html").write_text("<html><title>x</title></html>", encoding="utf-8")
    with pytest.raises(StampError, match="Platzhalter"):
        stamp_pages(tmp_path, [])
    with pytest.raises(StampError, match="nicht geschrieben"):
        stamp_pages(tmp_path / "leer", [])
