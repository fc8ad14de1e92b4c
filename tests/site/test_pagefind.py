"""Pagefind in shards: the merged index is the index one run over all pages writes."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.site import pagefind as pf
from generator.site.search_data import SEARCH_DATA_URI

PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>Menü Startseite</nav><h1>{title}</h1>
<div data-pagefind-body data-pagefind-filter="angebot:{id}">
<p data-pagefind-weight="2">{summary}</p>
<h2 id="beschreibung">Beschreibung</h2><p>{text}</p>
<dd data-pagefind-weight="5">{occupation}</dd>
</div></body></html>"""

OFFERS = [
    (
        "pflege-a",
        "Anpassungslehrgang Pflege",
        "Prüfungsvorbereitung für Pflegefachkräfte",
        "Praxisphase im Krankenhaus",
        "Pflegefachfrau",
    ),
    (
        "pflege-b",
        "Kenntnisprüfung Pflege Leipzig",
        "Vorbereitung auf die Kenntnisprüfung",
        "Fallarbeit und Übungen",
        "Pflegefachmann",
    ),
    (
        "it-a",
        "Brückenmaßnahme IT",
        "Einstieg in den IT-Arbeitsmarkt",
        "Projektarbeit mit Café-Runde",
        "Fachinformatiker",
    ),
    ("it-b", "IT-Weiterbildung Köln", "Cloud und Netzwerke", "Onlinemodul, Abendkurs", "Fachinformatikerin"),
    (
        "arzt-a",
        "Kenntnisprüfung Ärzt*innen",
        "Vier Kompaktwochen über neun Monate",
        "Fachgespräch und Simulation",
        "Ärztin",
    ),
    ("arzt-b", "Fachsprachprüfung Medizin", "Fachsprache für Ärzt*innen", "Sprachcoaching, Lerngruppe", "Arzt"),
    ("erz-a", "Anerkennung Erzieher*innen", "Weg zur staatlichen Anerkennung", "Praxisphase in der Kita", "Erzieherin"),
]


def make_site(root: Path) -> Path:
    site = root / "site"
    for offer_id, title, summary, text, occupation in OFFERS:
        page = site / "angebote" / offer_id / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            PAGE.format(id=offer_id, title=title, summary=summary, text=text, occupation=occupation), encoding="utf-8"
        )
    # A page without a marked body: not indexed, in a single run as in shards.
    (site / "index.html").write_text(
        '<!doctype html><html lang="de"><body><h1>Start</h1><p>Startseite Willkommen</p></body></html>',
        encoding="utf-8",
    )
    (site / SEARCH_DATA_URI).parent.mkdir(parents=True)
    (site / SEARCH_DATA_URI).write_text('{"groups":[],"stop_words":[]}', encoding="utf-8")
    return site


def decoded(bundle: Path) -> dict[str, Any]:
    """The index with page numbers replaced by fragment names (a run's page order is arbitrary)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {"page_count": {lang: info["page_count"] for lang, info in entry["languages"].items()}}
    for lang, info in entry["languages"].items():
        meta = pf._read(bundle / f"pagefind.{info['hash']}.pf_meta")
        names = [page[0] for page in meta[1]]

        def pages(packed: list[Any], names: list[str] = names) -> list[Any]:
            number, out = 0, []
            for delta, locs, meta_locs in packed:
                number += delta
                out.append((names[number], locs, meta_locs))
            return sorted(out)

        words = {}
        for _, _, chunk in meta[2]:
            for word, packed, variants in pf._read(bundle / "index" / f"{chunk}.pf_index")[0]:
                words[word] = (pages(packed), sorted((form, pages(p)) for form, p in variants))
        out[lang] = {
            "pages": sorted(map(tuple, meta[1])),
            "chunks": [tuple(c[:2]) for c in meta[2]],
            "fields": meta[5],
            "words": words,
            "filters": {
                name: sorted(
                    (v, sorted(names[p] for p in ps)) for v, ps in pf._read(bundle / "filter" / f"{h}.pf_filter")[1]
                )
                for name, h in meta[3]
            },
        }
    out["fragments"] = {p.name: gzip.decompress(p.read_bytes()) for p in (bundle / "fragment").iterdir()}
    return out


def test_shards_merge_into_the_index_of_one_run(tmp_path: Path) -> None:
    single = make_site(tmp_path / "one")
    sharded = make_site(tmp_path / "shards")
    pf.run_pagefind(single)  # 7 pages ≤ SHARD_PAGES: one run, as before
    log = pf.run_pagefind(sharded, shard_pages=3)
    parts = pf.shards(pf.indexed_pages(sharded), 3)
    assert len(parts) >= 2 and log.startswith(f"{len(parts)} Teile")
    one, merged = decoded(single / "pagefind"), decoded(sharded / "pagefind")
    assert merged["page_count"] == {"de": len(OFFERS)}
    assert "willkommen" not in merged["de"]["words"]  # the unmarked page stays out
    assert [form for form, _ in merged["de"]["words"]["arzt"][1]] == ["ärzt"], "diacritic variants are kept"
    assert one == merged
    # The page map is written from the merged fragments.
    data = json.loads((sharded / SEARCH_DATA_URI).read_text(encoding="utf-8"))
    assert data.get("pages_packed") or data.get("pages")
    assert not list(sharded.parent.glob(".pagefind-*")), "the work folder is removed"


def test_unchanged_shards_are_reused_and_the_index_stays_that_of_one_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    site = make_site(tmp_path / "a")
    pf.run_pagefind(site, shard_pages=3, cache_dir=cache)
    first = decoded(site / "pagefind")
    parts = pf.shards(pf.indexed_pages(site), 3)
    assert len(list(cache.iterdir())) == len(parts)
    again = make_site(tmp_path / "b")  # the same pages, built again
    log = pf.run_pagefind(again, shard_pages=3, cache_dir=cache)
    assert f"({len(parts)} unverändert übernommen)" in log and decoded(again / "pagefind") == first
    # One offer's text changes: only its shard is indexed again, and the result is a fresh run's.
    changed = make_site(tmp_path / "c")
    page = changed / "angebote" / "it-b" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Cloud", "Datenbanken"), encoding="utf-8")
    log = pf.run_pagefind(changed, shard_pages=3, cache_dir=cache)
    assert f"({len(parts) - 1} unverändert übernommen)" in log
    fresh = make_site(tmp_path / "d")
    (fresh / "angebote" / "it-b" / "index.html").write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    pf.run_pagefind(fresh)
    assert decoded(changed / "pagefind") == decoded(fresh / "pagefind")
    assert any(word.startswith("datenbank") for word in decoded(changed / "pagefind")["de"]["words"])
    assert len(list(cache.iterdir())) == len(parts)  # the replaced shard's old index is gone


def test_shards_follow_the_path_not_the_position() -> None:
    pages = [f"angebote/a{i:04d}/index.html" for i in range(2500)]
    before = pf.shards(pages, 1000)
    after = pf.shards([*pages[:10], "angebote/neu/index.html", *pages[10:]], 1000)
    assert len(before) == 3 and all(700 < len(s) < 1000 for s in before)
    changed = [s for s in after if s not in before]
    assert len(changed) == 1 and "angebote/neu/index.html" in changed[0]


def test_cbor_and_hash_reproduce_pagefinds_files(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    pf.run_pagefind(site)
    files = [*(site / "pagefind").glob("*.pf_meta"), *(site / "pagefind" / "index").iterdir()]
    for path in files:
        raw = gzip.decompress(path.read_bytes())[len(pf.SIGNATURE) :]
        assert pf._cbor(pf._read(path)) == raw, path.name
        name = path.name.removeprefix("pagefind.").split(".")[0]
        assert pf._full_hash(raw).startswith(name.removeprefix("de_")), path.name


def test_a_fragment_name_taken_by_another_shard_is_lengthened(tmp_path: Path) -> None:
    target = tmp_path / "target"
    (target / "fragment").mkdir(parents=True)
    taken: dict[str, str] = {}
    names = []
    for n, text in enumerate((b'{"url":"/a/"}', b'{"url":"/b/"}')):
        bundle = tmp_path / f"b{n}"
        (bundle / "fragment").mkdir(parents=True)
        (bundle / "fragment" / "de_1234567.pf_fragment").write_bytes(gzip.compress(pf.SIGNATURE + text))
        names.append(pf._place_fragment(bundle, "de_1234567", target, taken, "de"))
    assert names[0] == "de_1234567"
    assert names[1] != names[0] and len(names[1]) == len(names[0]) + 1
    assert sorted(p.name for p in (target / "fragment").iterdir()) == sorted(f"{n}.pf_fragment" for n in names)


def test_failure_is_reported_in_german(tmp_path: Path) -> None:
    with pytest.raises(pf.PagefindError, match="fehlgeschlagen"):
        pf._pagefind(["--site", str(tmp_path / "fehlt"), "--glob", "["], timeout=60)
    shutil.rmtree(tmp_path, ignore_errors=True)
