"""The search's data: the synonym file QTV staff extend, its schema, and the JSON shipped to the browser."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.model import Catalogue
from generator.site.search_data import (
    SEARCH_DATA_URI,
    SYNONYMS_FILE,
    TERMS_URI,
    SearchDataError,
    Synonyms,
    load_synonyms,
    occupation_words,
    pack_pages,
    search_assets,
    synonym_groups,
    write_page_map,
)


def test_the_repository_synonym_file_is_valid_and_useful() -> None:
    synonyms = load_synonyms(SYNONYMS_FILE)
    assert len(synonyms.groups) >= 10
    terms = {t.casefold() for _, group in synonyms.groups for t in group}
    assert {"krankenschwester", "pflegefachkraft", "erzieher", "kita"} <= terms
    # A word in two groups would make the expansion depend on the order of the file.
    listed = [t.casefold() for _, group in synonyms.groups for t in group]
    assert len(listed) == len(set(listed)), sorted({t for t in listed if listed.count(t) > 1})
    assert {"z", "b", "do", "und", "über"} <= set(synonyms.stop_words)
    # Stop words must never swallow a word that is also a synonym.
    assert not terms & set(synonyms.stop_words)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("groups:\n  - terms: [Pflege]\nstop_words: []\n", 2, "mindestens zwei"),
        ("groups:\n  - terms: [Pflege, Kranken*schwester]\nstop_words: []\n", 2, "kein zulässiges Wort"),
        ("groups:\n  - kldb: 8130\n    terms: [Pflege, Pflegekraft]\nstop_words: []\n", 2, "Falsche Art"),
        ("groups: []\nstop_words: [Und]\n", 2, "kein zulässiges Wort"),
        ("groups: []\n", 1, "Pflichtfeld"),
        ("groups: []\nstop_words: []\nsynonyme: []\n", 1, "Unbekanntes Feld"),
        ("groups: [\n", 2, ""),
    ],
)
def test_a_broken_synonym_file_is_refused_in_german_with_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SearchDataError) as err:
        load_synonyms(path)
    message = str(err.value)
    assert str(path) in message and f"Zeile {line}" in message
    assert words in message


def test_a_missing_synonym_file_means_no_synonyms(tmp_path: Path) -> None:
    assert load_synonyms(tmp_path / "none.yaml") == Synonyms(groups=(), stop_words=())


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Pflegefachfrau/Pflegefachmann", ["Pflegefachfrau", "Pflegefachmann"]),
        ("Betriebswirt/Betriebswirtin (Hochschule)", ["Betriebswirt", "Betriebswirtin"]),
        ("Elektroniker/Elektronikerin – Energie- und Gebäudetechnik", ["Elektroniker", "Elektronikerin"]),
        ("Kaufmann/Kauffrau für Büromanagement", ["Kaufmann", "Kauffrau"]),
        ("Fachkraft für Lagerlogistik", []),  # too general to stand for warehouse work
        ("Koch/Köchin", ["Koch", "Köchin"]),
    ],
)
def test_occupation_words(name: str, words: list[str]) -> None:
    assert occupation_words(name) == words


def test_groups_are_completed_by_kldb_code(example_catalogue: Catalogue) -> None:
    synonyms = Synonyms(
        groups=(("81302", ("Krankenschwester", "Pflegekraft")), (None, ("Tandem", "Mentoring"))), stop_words=()
    )
    groups = synonym_groups(example_catalogue, synonyms)
    assert groups[0][:2] == ["Krankenschwester", "Pflegekraft"]
    assert {"Pflegefachfrau", "Pflegefachmann"} <= set(groups[0])
    assert groups[1] == ["Tandem", "Mentoring"]


def test_assets_carry_groups_stop_words_and_suggestions(example_catalogue: Catalogue) -> None:
    synonyms = Synonyms(
        groups=((None, ("Dolmetscher", "Sprachmittler")), (None, ("Kita", "Kindergarten"))), stop_words=("und",)
    )
    assets = search_assets(example_catalogue, synonyms)
    data = json.loads(assets[SEARCH_DATA_URI])
    assert data == {"groups": [["Dolmetscher", "Sprachmittler"], ["Kita", "Kindergarten"]], "stop_words": ["und"]}
    terms = json.loads(assets[TERMS_URI])
    assert "Tandem" in terms and "Kenntnisprüfung" in terms
    # Synonyms are suggested only where the catalogue has a word of their group.
    assert "Kindergarten" in terms and "Dolmetscher" not in terms
    expired = [o for o in example_catalogue.offers if o not in example_catalogue.listed()]
    assert expired and "Maurer" not in terms  # the Maurer offer has expired


def fragment(offer_id: str) -> bytes:
    body = json.dumps({"url": f"/angebote/{offer_id}/", "filters": {"angebot": [offer_id]}, "content": "x"})
    return gzip.compress(b"pagefind_dcd" + body.encode())


def test_page_map_lists_pagefind_ids_in_offer_id_order(tmp_path: Path) -> None:
    (tmp_path / "pagefind" / "fragment").mkdir(parents=True)
    for page, offer in (("de_b2", "zeta"), ("de_a1", "alpha"), ("de_c3", "mitte")):
        (tmp_path / "pagefind" / "fragment" / f"{page}.pf_fragment").write_bytes(fragment(offer))
    data_file = tmp_path / SEARCH_DATA_URI
    data_file.parent.mkdir(parents=True)
    data_file.write_text('{"groups": [], "stop_words": []}', encoding="utf-8")
    write_page_map(tmp_path)
    # Ids not of Pagefind's usual shape are written out.
    assert json.loads(data_file.read_text(encoding="utf-8"))["pages"] == "de_a1 de_c3 de_b2"


def test_usual_page_ids_are_packed_five_letters_each() -> None:
    packed = pack_pages(["de_0000000", "de_fffffff", "de_0a1b2c3"])
    assert packed["page_prefix"] == "de_" and len(packed["pages_packed"]) == 15
    # Unpacking as search.js does gives the ids back.
    abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    text = packed["pages_packed"]
    numbers = [sum(abc.index(c) << (6 * (4 - k)) for k, c in enumerate(text[i : i + 5])) for i in range(0, 15, 5)]
    assert [f"de_{n:07x}" for n in numbers] == ["de_0000000", "de_fffffff", "de_0a1b2c3"]
    assert pack_pages(["de_0000000", "en_0000001"]) == {"pages": "de_0000000 en_0000001"}


def test_page_map_without_search_data_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "pagefind" / "fragment").mkdir(parents=True)
    write_page_map(tmp_path)
    assert not (tmp_path / SEARCH_DATA_URI).exists()
