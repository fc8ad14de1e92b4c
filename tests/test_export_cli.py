"""``offers export``: the real console script writes feeds, takes site_url from mkdocs.yml and
leaves an existing output folder untouched when the catalogue is invalid."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.feeds import FEED_MODULES
from generator.site_config import DEFAULT_SITE_URL, site_url_from_mkdocs
from tests.conftest import run_offers
from tests.support import ROOT

HAS_KURSNET = (ROOT / "generator" / "feeds" / "kursnet_feed.py").exists()
MY_FEEDS = ["json", "csv", "xlsx", "ics", "jsonld", "atom"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _export_args(offers: Path, out: Path) -> list[str]:
    feeds = ["all"] if HAS_KURSNET else MY_FEEDS
    return ["--offers-dir", str(offers), "export", *feeds, "--out", str(out)]


def test_export_writes_every_feed(tmp_path: Path, offers_copy: Path) -> None:
    out = tmp_path / "site" / "feeds"
    result = run_offers(*_export_args(offers_copy, out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("offers.json", "offers.csv", "offers.ics", "offers.jsonld", "offers.atom"):
        assert (out / name).stat().st_size > 0
        assert str(out / name) in result.stdout
    assert list((out / "ics").glob("*.ics"))
    data = json.loads((out / "offers.json").read_bytes())
    assert data["schema"] == f"{DEFAULT_SITE_URL}schema/offer.schema.json"  # no mkdocs.yml in tmp_path
    first = _snapshot(out)
    again = run_offers(*_export_args(offers_copy, out), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _snapshot(out) == first, "two exports of the same input must be byte-identical"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".feeds-")], "temporary folder left behind"


@pytest.mark.skipif(not HAS_KURSNET, reason="KURSNET writer not there yet")
def test_export_all_includes_kursnet(tmp_path: Path, offers_copy: Path) -> None:
    out = tmp_path / "feeds"
    result = run_offers("--offers-dir", str(offers_copy), "export", "all", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = set(_snapshot(out))
    assert {"offers.json", "offers.csv", "offers.ics", "offers.jsonld", "offers.atom"} <= written
    assert any(name.startswith("kursnet/") for name in written), sorted(written)
    assert set(FEED_MODULES) == {"kursnet", *MY_FEEDS}


def test_site_url_from_mkdocs_yml(tmp_path: Path, offers_copy: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nsite_url: https://angebote.example.org/\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  token: !ENV [SOME_TOKEN, 'x']\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_offers("--offers-dir", str(offers_copy), "export", "json", "atom", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "offers.json").read_bytes())
    assert data["schema"] == "https://angebote.example.org/schema/offer.schema.json"
    assert data["offers"][0]["url"].startswith("https://angebote.example.org/angebote/")
    assert b'href="https://angebote.example.org/feeds/offers.atom"' in (out / "offers.atom").read_bytes()
    explicit = run_offers(
        "--offers-dir",
        str(offers_copy),
        "export",
        "json",
        "--out",
        str(out),
        "--site-url",
        "https://vorschau.example/",
        cwd=tmp_path,
    )
    assert explicit.returncode == 0, explicit.stderr
    assert json.loads((out / "offers.json").read_bytes())["site_url"] == "https://vorschau.example/"


def test_site_url_reader_tolerates_bad_files(tmp_path: Path) -> None:
    assert site_url_from_mkdocs(tmp_path / "missing.yml") is None
    bad = tmp_path / "bad.yml"
    bad.write_text("site_url: [unclosed\n", encoding="utf-8")
    assert site_url_from_mkdocs(bad) is None
    bad.write_text("- a list\n", encoding="utf-8")
    assert site_url_from_mkdocs(bad) is None


def test_invalid_catalogue_leaves_output_untouched(tmp_path: Path, offers_copy: Path) -> None:
    out = tmp_path / "feeds"
    ok = run_offers(*_export_args(offers_copy, out), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    before = _snapshot(out)
    source = offers_copy / "aerztinnen-kenntnispruefung-kompaktseminar.yaml"
    text = source.read_text(encoding="utf-8").replace("kind: compensation_measure", "kind: kaffeekranz")
    source.write_text(text, encoding="utf-8")
    (offers_copy / "neu-kaputt.yaml").write_text("id: neu-kaputt\ntitle: [\n", encoding="utf-8")
    failed = run_offers(*_export_args(offers_copy, out), cwd=tmp_path)
    assert failed.returncode == 1
    assert "Fehler" in failed.stderr and "kind" in failed.stderr and "neu-kaputt.yaml" in failed.stderr
    assert failed.stdout == ""
    assert _snapshot(out) == before
    shutil.rmtree(out)
    failed_fresh = run_offers(*_export_args(offers_copy, out), cwd=tmp_path)
    assert failed_fresh.returncode == 1 and not out.exists()


def test_write_atomically_removes_only_files_it_wrote_before(tmp_path: Path) -> None:
    from generator.feeds import write_atomically

    out = tmp_path / "feeds"
    write_atomically({"a.txt": b"1", "ics/old.ics": b"x"}, out)
    (out / "kursnet").mkdir()
    (out / "kursnet" / "state.seq.json").write_text("{}")  # someone else's file
    write_atomically({"a.txt": b"2"}, out)
    assert (out / "a.txt").read_bytes() == b"2"
    assert not (out / "ics" / "old.ics").exists()
    assert (out / "kursnet" / "state.seq.json").exists()
