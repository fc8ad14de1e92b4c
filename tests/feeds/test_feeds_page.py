"""The "Daten & Feeds" page names every feed file, and builds under ``mkdocs build --strict``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.feeds import FEED_MODULES, FeedContext, alternate_links, render_feeds
from generator.schema import SCHEMA_DIR
from tests.support import ROOT

PAGE = ROOT / "docs" / "daten-und-feeds.md"
MY_FEEDS = ["json", "csv", "xlsx", "ics", "jsonld", "atom"]


def test_page_lists_every_catalogue_feed(ctx: FeedContext) -> None:
    text = PAGE.read_text(encoding="utf-8")
    files = render_feeds(ctx, MY_FEEDS)
    top_level = [name for name in files if "/" not in name]
    assert top_level, files.keys()
    for name in top_level:
        assert ctx.feed_url(name) in text, name
    assert "https://iq-angebote.example/feeds/ics/<Kennung des Angebots>.ics" in text
    assert "https://iq-angebote.example/feeds/kursnet/<Kennung des Projekts>.xml" in text
    for schema in sorted(SCHEMA_DIR.glob("*.json")):  # every schema the site publishes, the offers.json one too
        assert f"https://iq-angebote.example/schema/{schema.name}" in text, schema.name
    assert "offers-feed.schema.json" in {p.name for p in SCHEMA_DIR.glob("*.json")}
    for name in FEED_MODULES:  # `offers export` names
        assert f"`{name}`" in text, name


def test_alternate_links_point_to_written_feeds(ctx: FeedContext) -> None:
    files = render_feeds(ctx, MY_FEEDS)
    links = alternate_links(ctx)
    assert [mime for mime, _, _ in links] == ["application/atom+xml", "application/json", "text/calendar", "text/csv"]
    for _, title, href in links:
        assert title and href.startswith("https://iq-angebote.example/feeds/")
        assert href.removeprefix("https://iq-angebote.example/feeds/") in files


def test_no_relative_links_to_non_pages() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+)\)", text):
        assert target.startswith("https://") or target.endswith(".md"), target


def test_page_builds_in_strict_mode(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(PAGE, docs / PAGE.name)
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nsite_url: https://iq-angebote.example/\ntheme:\n  name: mkdocs\n"
        "nav:\n  - index.md\n  - daten-und-feeds.md\n",
        encoding="utf-8",
    )
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    html = (tmp_path / "site" / "daten-und-feeds" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://iq-angebote.example/feeds/offers.json"' in html
