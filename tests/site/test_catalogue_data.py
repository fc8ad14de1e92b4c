"""The catalogue's data file, card files and no-JS list pages against the Python reference ``matches``.

The browser filters on ``assets/data/katalog.json``: here the file is decoded and filtered the way
catalogue.js does it (per distinct value, then per row), and the result must be exactly the
offers ``matches`` lets through, for several selections, on the example catalogue and on a
generated one of 260 offers (several list pages, several id shards).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from generator.catalogue_loader import load_catalogue
from generator.dates import add_months
from generator.model import CEFR_ORDER, Catalogue
from generator.postcodes import centroid, distance_km
from generator.site.catalogue import (
    CARDS_DIR,
    CARDS_PER_PAGE,
    CATALOGUE_SRC_URI,
    DATA_URI,
    PLACES_URI,
    TITLES_URI,
    Selection,
    card,
    catalogue_assets,
    catalogue_pages,
    decode_column,
    decode_ints,
    encode_column,
    encode_ints,
    facets,
    id_shard,
    list_page_uri,
    matches,
    ordered,
)
from tests.support import TODAY


@pytest.fixture(scope="module")
def generated_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    from benchmarks.search_at_scale import generate_catalogue

    target = tmp_path_factory.mktemp("generated") / "offers"
    generate_catalogue(target, 260)
    return load_catalogue(target, TODAY)


def decoded(catalogue: Catalogue) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The data file with the places' column (a file of its own) merged in, and all assets."""
    assets = catalogue_assets(catalogue)
    return {**json.loads(assets[DATA_URI]), **json.loads(assets[PLACES_URI])}, assets


def rows_matching(index: dict[str, Any], sel: Selection) -> list[int]:
    """What catalogue.js computes (evaluate), from the data file alone."""
    columns = {param: decode_column(col) for param, col in index["facets"].items()}
    levels = decode_column(index["level"])
    first_start = decode_column(index["start"])
    rolling = decode_column(index["rolling"])
    geo = decode_column(index["geo"])
    combine = {f.param: f.combine for f in facets()}
    until = (add_months(TODAY, int(sel.start)) - TODAY).days if sel.start not in ("", "jederzeit") else 0
    level = CEFR_ORDER.index(sel.level) if sel.level else -1
    out = []
    for row in range(index["n"]):
        if level >= 0 and levels[row] > level:
            continue
        if sel.start == "jederzeit" and not rolling[row]:
            continue
        window = sel.start not in ("", "jederzeit") and not rolling[row]
        if window and (first_start[row] is None or first_start[row] > until):
            continue
        places = geo[row]
        near = (
            places is None
            or sel.origin is None
            or any(distance_km(sel.origin, (p[0], p[1])) <= sel.radius_km for p in places)
        )
        if not near:
            continue
        ok = True
        for param, wanted in sel.checked.items():
            have = set(columns[param][row])
            if wanted and (not wanted <= have if combine[param] == "all" else not wanted & have):
                ok = False
        if ok:
            out.append(row)
    return out


SELECTIONS = [
    Selection(),
    Selection(checked={"land": {"BE", "SN"}}),
    Selection(checked={"land": {"BE"}, "lernform": {"blended"}}),
    Selection(checked={"hilfe": {"childcare", "mentoring"}}),
    Selection(checked={"hilfe": {"childcare"}, "art": {"bridge_measure", "compensation_measure"}}),
    Selection(level="B1", start="6", checked={"kosten": {"free"}}),
    Selection(start="jederzeit"),
    Selection(start="3", checked={"zeit": {"evening"}}),
    Selection(origin=centroid("04109"), radius_km=50),
    Selection(origin=centroid("04109"), radius_km=200, level="B2"),
    Selection(origin=centroid("10117"), radius_km=25, checked={"berufsbegleitend": {"outside_work"}}),
]


@pytest.mark.parametrize("which", ["example", "generated"])
def test_data_file_filters_like_matches(which: str, example_catalogue: Catalogue, request) -> None:
    catalogue = example_catalogue if which == "example" else request.getfixturevalue("generated_catalogue")
    index, _ = decoded(catalogue)
    offers = ordered(catalogue)
    assert index["n"] == len(offers) == len(catalogue.listed())
    sizes = set()
    for sel in SELECTIONS:
        want = [row for row, o in enumerate(offers) if matches(o, sel, TODAY)]
        assert rows_matching(index, sel) == want, sel
        sizes.add(len(want))
    assert len(sizes) > 4, "the selections should tell offers apart"


def test_rows_are_the_default_order_and_rank_is_the_id_order(generated_catalogue: Catalogue) -> None:
    index, assets = decoded(generated_catalogue)
    offers = ordered(generated_catalogue)
    rank = decode_ints(index["rank"])
    by_rank = sorted(range(len(offers)), key=lambda row: rank[row])
    assert [offers[row].id for row in by_rank] == sorted(o.id for o in generated_catalogue.listed())
    assert json.loads(assets[TITLES_URI]) == [o.title for o in offers]


def test_card_files_hold_the_server_cards_and_the_id_shards_find_them(generated_catalogue: Catalogue) -> None:
    index, assets = decoded(generated_catalogue)
    offers = ordered(generated_catalogue)
    folder = f"{CARDS_DIR}/{index['version']}"
    from generator.labels import labels

    lab = labels()
    assert index["shards"] > 1
    for row, offer in enumerate(offers):
        got = json.loads(assets[f"{folder}/{row}.json"])
        server = card(offer, TODAY, lab)
        assert got["id"] == offer.id and got["t"] == offer.title and got["p"] == offer.provider.name
        assert list(zip(index["labels"], got["f"], strict=True)) == server["facts"]
        shard = json.loads(assets[f"{folder}/ids/{id_shard(offer.id, index['shards'])}.json"])
        assert shard[offer.id] == row
    files = [k for k in assets if k.startswith(folder + "/") and "/ids/" not in k]
    assert len(files) == len(offers)


def test_column_encoding_round_trips_across_widths() -> None:
    for numbers in ([0], [63], [64, 0, 5], [4095, 4096, 1], list(range(300))):
        assert decode_ints(encode_ints(numbers)) == numbers
    assert encode_ints([63])["w"] == 1 and encode_ints([64])["w"] == 2 and encode_ints([4096])["w"] == 3
    values = [["BE"], [], ["BE", "SN"], ["BE"], None, [[52.5, 13.4]]]
    column = encode_column(values)
    assert decode_column(column) == values and len(column["v"]) == 5


def test_a_changed_offer_gets_a_new_card_folder(example_catalogue: Catalogue, offers_copy: Path) -> None:
    """The card folder carries a content hash: a browser never mixes a cached data file with new cards."""
    index, _ = decoded(example_catalogue)
    path = next(
        p
        for p in sorted(offers_copy.glob("*.yaml"))
        if example_catalogue.by_id.get(p.stem) in ordered(example_catalogue)
    )
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "summary: Neu. ", 1), encoding="utf-8")
    changed, _ = decoded(load_catalogue(offers_copy, TODAY))
    assert changed["version"] != index["version"]


def card_ids(markdown: str) -> list[str]:
    return re.findall(r'<li class="iq-card" id="angebot-[^"]+" data-id="([^"]+)"', markdown)


def test_list_pages_reach_every_listed_offer_exactly_once(generated_catalogue: Catalogue) -> None:
    pages = catalogue_pages(generated_catalogue)
    offers = ordered(generated_catalogue)
    total_pages = -(-len(offers) // CARDS_PER_PAGE)
    assert len(pages) == total_pages > 3

    # Follow the navigation from the catalogue page, as a reader without JavaScript would.
    def url_of(src: str) -> str:
        return "angebote/" if src == CATALOGUE_SRC_URI else src.removesuffix(".md") + "/"

    by_url = {url_of(src): md for src, md in pages.items()}
    seen, queue, ids = set(), ["angebote/"], []
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        md = by_url[url]
        ids += card_ids(md)
        nav = md.split('<nav class="iq-pages"', 1)[1]
        for href in re.findall(r'href="([^"]+)"', nav):
            queue.append(urljoin("https://x/" + url, href).removeprefix("https://x/"))
    assert seen == set(by_url)
    assert len(ids) == len(set(ids)) and set(ids) == {o.id for o in offers}  # every listed offer, once
    in_page_order = [i for number in range(1, total_pages + 1) for i in card_ids(pages[list_page_uri(number)])]
    assert in_page_order == [o.id for o in offers]  # page after page in the default order
    # Links on list pages lead to the offer pages (two levels up).
    assert f'href="../../{offers[CARDS_PER_PAGE].id}/"' in by_url["angebote/seite/2/"]
    assert 'aria-current="page"><span class="iq-sr">Seite </span>2<' in by_url["angebote/seite/2/"]


def test_catalogue_page_size_does_not_grow_with_the_catalogue(
    example_catalogue: Catalogue, generated_catalogue: Catalogue
) -> None:
    small = catalogue_pages(example_catalogue)[CATALOGUE_SRC_URI]
    big = catalogue_pages(generated_catalogue)[CATALOGUE_SRC_URI]
    assert len(card_ids(big)) == CARDS_PER_PAGE
    assert "data-f=" not in big and "data-geo=" not in big
    # The example's 17 offers or 260: the page holds at most 50 cards, about 1.3 KB each.
    assert len(small.encode()) < len(big.encode()) < 150_000
