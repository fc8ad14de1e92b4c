"""The build pipeline (generate, then render): the same generated tree through MkDocs and Zensical.

Material for MkDocs reaches end of life in May 2027; these tests are the evidence that the
renderer is a replaceable last step: both renderers produce the same pages with the same key
content from one generated tree.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.catalogue_loader import load_catalogue
from generator.cli import main
from generator.site.stamped_pages import PROTOTYPE_SRC
from generator.site_build import BuildError, build_site
from generator.site_config import read_site_config
from generator.source_tree import generate_sources, write_tree
from tests.support import ROOT


def write_project(tmp: Path, offers: Path) -> Path:
    """A project folder like the repository: mkdocs.yml, docs/, site_template/, offers/, schema/."""
    project = tmp / "project"
    project.mkdir()
    shutil.copytree(offers, project / "offers")
    shutil.copytree(ROOT / "schema", project / "schema")
    shutil.copytree(ROOT / "site_template", project / "site_template")
    shutil.copytree(ROOT / "docs", project / "docs")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["betreiber"]["name"] = "Fachstelle <Test> & Co"
    if "admin" in config["extra"]:  # the form editor's Decap files come from this checkout's npm install
        config["extra"]["admin"]["bundle"] = str(ROOT / "admin" / "node_modules" / "decap-cms" / "dist")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project / "mkdocs.yml"


def pages_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def text_of(page: Path) -> str:
    """Visible text, whitespace collapsed (markup differs between renderers, the content must not)."""
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def jsonld_of(page: Path) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    return [json.loads(block) for block in found]


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """One project, built once with each renderer (module scope: the builds are the slow part)."""
    tmp = tmp_path_factory.mktemp("renderers")
    config = write_project(tmp, ROOT / "offers")
    mp = pytest.MonkeyPatch()
    mp.setenv("OFFERS_TODAY", "2026-11-22")
    mp.setenv("SOURCE_DATE_EPOCH", "1795000000")
    try:
        build_site(config, renderer_name="mkdocs", site_dir=tmp / "site-mkdocs")
        build_site(config, renderer_name="zensical", site_dir=tmp / "site-zensical")
    finally:
        mp.undo()
    return config, tmp / "site-mkdocs", tmp / "site-zensical"


def test_both_renderers_give_the_same_pages(both_sites: tuple[Path, Path, Path]) -> None:
    config, mk, zs = both_sites
    catalogue = load_catalogue(config.parent / "offers")
    assert pages_of(mk) == pages_of(zs)
    for offer in catalogue:
        assert f"angebote/{offer.id}/index.html" in pages_of(zs)
    # Feeds and schemas are static files of the generated tree: byte-identical in both sites.
    for folder in ("feeds", "schema"):
        assert digest(mk / folder) == digest(zs / folder)
        assert digest(mk / folder)


def test_offer_page_key_content_is_the_same(both_sites: tuple[Path, Path, Path]) -> None:
    config, mk, zs = both_sites
    catalogue = load_catalogue(config.parent / "offers")
    for offer in catalogue.listed():
        a, b = (site / "angebote" / offer.id / "index.html" for site in (mk, zs))
        for page in (a, b):
            text = page.read_text(encoding="utf-8")
            assert f"<title>{html.escape(offer.title, quote=False)}" in text
            assert "data-pagefind-body" in text
            assert 'rel="alternate feed"' in text
        assert jsonld_of(a) == jsonld_of(b) and jsonld_of(a)[0]["name"] == offer.title
        body_a = text_of(a).split("Auf einen Blick", 1)[1]
        body_b = text_of(b).split("Auf einen Blick", 1)[1]
        assert body_a[:3000] == body_b[:3000]


def test_expired_offer_page_is_noindex_in_both(both_sites: tuple[Path, Path, Path]) -> None:
    config, mk, zs = both_sites
    catalogue = load_catalogue(config.parent / "offers")
    expired = [o for o in catalogue if not o.is_listed(catalogue.today)]
    assert expired
    for site in (mk, zs):
        text = (site / "angebote" / expired[0].id / "index.html").read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex">' in text
        assert "data-pagefind-body" not in text


def test_catalogue_and_impressum_are_the_same(both_sites: tuple[Path, Path, Path]) -> None:
    config, mk, zs = both_sites
    listed = len(load_catalogue(config.parent / "offers").listed())
    for site in (mk, zs):
        catalogue = (site / "angebote" / "index.html").read_text(encoding="utf-8")
        assert catalogue.count('class="iq-card"') == listed
        assert "assets/javascripts/catalogue.js" in catalogue
        assert (site / "pagefind" / "pagefind.js").is_file()
        impressum = text_of(site / "impressum" / "index.html")
        assert "Fachstelle <Test> & Co" in impressum and "{{" not in impressum
        raw = (site / "impressum" / "index.html").read_text(encoding="utf-8")
        assert "Fachstelle &lt;Test&gt; &amp; Co" in raw  # filled and escaped once
    cards = [
        re.findall(r'data-id="([^"]+)"', (s / "angebote" / "index.html").read_text(encoding="utf-8")) for s in (mk, zs)
    ]
    assert cards[0] == cards[1]


def test_no_material_search_index_is_shipped(both_sites: tuple[Path, Path, Path]) -> None:
    _, mk, zs = both_sites
    for site in (mk, zs):
        assert not (site / "search" / "search_index.json").exists()
        assert not (site / "search.json").exists()


def test_generated_tree_names_no_plugin_and_is_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFERS_TODAY", "2026-11-22")
    config = read_site_config(write_project(tmp_path, ROOT / "offers"))
    catalogue = load_catalogue(config.offers_dir)
    tree_config = write_tree(generate_sources(catalogue, config), config, tmp_path / "tree")
    data = yaml.safe_load(tree_config.read_text(encoding="utf-8"))
    assert data["plugins"] == [] and data["docs_dir"] == "docs" and data["theme"]["custom_dir"] == "overrides"
    docs = tmp_path / "tree" / "docs"
    assert (docs / "angebote" / "index.md").is_file()
    # Offer pages are not in the tree: one prototype is, and every offer is filled into it after rendering.
    assert (docs / PROTOTYPE_SRC).is_file()
    assert not [o.id for o in catalogue if (docs / "angebote" / f"{o.id}.md").exists()]
    assert (docs / "feeds" / "offers.json").is_file() and (docs / "schema" / "offer.schema.json").is_file()
    assert "{{ extra" not in (docs / "impressum.md").read_text(encoding="utf-8")


def test_failed_build_keeps_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFERS_TODAY", "2026-11-22")
    config = write_project(tmp_path, ROOT / "offers")
    site = tmp_path / "site"
    build_site(config, site_dir=site, search=False)
    before = digest(site)
    broken = config.parent / "offers" / "koch-externenpruefung-vorbereitung.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: ", "kind: nonsense_", 1), encoding="utf-8")
    with pytest.raises(BuildError) as error:
        build_site(config, site_dir=site, search=False)
    assert "koch-externenpruefung-vorbereitung.yaml" in str(error.value)
    assert digest(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_cli_build_reports_stages_and_errors_in_german(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_project(tmp_path, ROOT / "offers")
    site = tmp_path / "out"
    assert main(["build", "--config", str(config), "--site-dir", str(site), "--no-search"]) == 0
    out, err = capsys.readouterr()
    assert "Website gebaut" in out and "Angebote laden und prüfen" in err
    assert (site / "index.html").is_file()
    missing = tmp_path / "nirgends.yml"
    assert main(["build", "--config", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert "fehlen" in err and "Traceback" not in err


def test_folders_of_many_generated_files_skip_the_renderer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Per-offer calendars (cards, …) go straight into the site; the renderer's tree never holds them."""
    import generator.source_tree as source_tree

    monkeypatch.setenv("OFFERS_TODAY", "2026-11-22")
    monkeypatch.setattr(source_tree, "BULK_FOLDER", 10)
    config_path = write_project(tmp_path, ROOT / "offers")
    config = read_site_config(config_path)
    sources = generate_sources(load_catalogue(config.offers_dir), config)
    bulk = source_tree.bulk_files(sources)
    assert any(path.startswith("feeds/ics/") for path in bulk)
    assert "feeds/offers.json" not in bulk and "impressum.md" not in bulk  # few per folder / hand-written
    tree = tmp_path / "tree"
    write_tree(sources, config, tree, bulk=False)
    assert not [path for path in bulk if (tree / "docs" / path).exists()]
    site = tmp_path / "site"
    build_site(config_path, site_dir=site, search=False)
    assert all((site / path).read_bytes() == data for path, data in bulk.items())


def test_a_failing_feed_fails_the_build_in_german_and_keeps_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Feeds are written by a second process; its error still stops the build before the swap."""
    import generator.feeds as feeds
    from generator.feed_error import FeedError

    monkeypatch.setenv("OFFERS_TODAY", "2026-11-22")
    config = write_project(tmp_path, ROOT / "offers")
    site = tmp_path / "site"
    build_site(config, site_dir=site, search=False)
    before = digest(site)

    def broken(ctx: object) -> dict[str, bytes]:
        raise FeedError("KURSNET: der Testfeed ist kaputt")

    monkeypatch.setattr(feeds, "writer", lambda name: broken)
    with pytest.raises(BuildError, match="der Testfeed ist kaputt"):
        build_site(config, site_dir=site, search=False)
    assert digest(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
