"""The catalogue in a real browser: facets, counts, URL state, full-text search, keyboard use."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from generator.model import CEFR_ORDER, Catalogue, Offer
from tests.support import TODAY


def visible_ids(page) -> set[str]:
    return set(page.eval_on_selector_all(".iq-card:not([hidden])", "els => els.map(e => e.dataset.id)"))


def open_group(page, param: str) -> None:
    """Less used facet groups start collapsed: open one as a user would, by its summary."""
    if not page.eval_on_selector(f'details[data-group="{param}"]', "d => d.open"):
        page.click(f'details[data-group="{param}"] > summary')


def count_of(page, param: str, value: str) -> int:
    text = page.text_content(f'[data-count-for="{param}:{value}"]')
    return int(text.strip("()"))


def test_all_listed_offers_without_filters(page, site_url: str, example_catalogue: Catalogue) -> None:
    page.goto(site_url + "angebote/")
    assert visible_ids(page) == {o.id for o in example_catalogue.listed()}
    assert not visible_ids(page) & {o.id for o in example_catalogue.expired()}


def test_state_filter_narrows_and_counts_match_python(page, site_url: str, example_catalogue: Catalogue) -> None:
    listed = example_catalogue.listed()
    state = max({s for o in listed for s in o.states}, key=lambda s: sum(s in o.states for o in listed))
    page.goto(site_url + "angebote/")
    page.check(f"#f-land-{state}")
    in_state = [o for o in listed if state in o.states]
    assert visible_ids(page) == {o.id for o in in_state}
    # Counts in other groups: offers of this state that also have the option.
    kinds = {o.kind for o in listed}
    for kind in kinds:
        assert count_of(page, "art", kind) == sum(o.kind == kind for o in in_state), kind
    # Counts inside the ticked group ignore that group (OR semantics): all listed offers per state.
    for other in {s for o in listed for s in o.states}:
        assert count_of(page, "land", other) == sum(other in o.states for o in listed), other
    assert page.text_content("#iq-status").startswith(f"{len(in_state)} von {len(listed)}")


def test_level_start_and_support_filters_combine(page, site_url: str, example_catalogue: Catalogue) -> None:
    listed = example_catalogue.listed()
    page.goto(site_url + "angebote/")
    page.select_option("#iq-niveau", "B1")
    page.select_option("#iq-beginn", "6")
    open_group(page, "kosten")
    page.check("#f-kosten-free")

    def starts_within(o: Offer) -> bool:
        limit = date(2027, 5, 22)
        return o.rolling_start or any(TODAY <= r.start <= limit and r.data.get("status") != "cancelled" for r in o.runs)

    want = {
        o.id
        for o in listed
        if CEFR_ORDER.index(o.german_level) <= CEFR_ORDER.index("B1")
        and starts_within(o)
        and o.data["costs"]["free_of_charge"]
    }
    assert want, "fixture should leave some offers"
    assert visible_ids(page) == want
    expected_childcare = sum(
        o.id in want and o.data["support"].get("childcare") in ("provided", "children_welcome") for o in listed
    )
    if page.locator("#f-hilfe-childcare").count():
        assert count_of(page, "hilfe", "childcare") == expected_childcare
        open_group(page, "hilfe")
        page.check("#f-hilfe-childcare")
        assert len(visible_ids(page)) == expected_childcare


def test_url_state_round_trips(browser, page, site_url: str) -> None:
    page.goto(site_url + "angebote/")
    page.check("#f-art-compensation_measure")
    page.check("#f-art-bridge_measure")
    page.select_option("#iq-niveau", "B2")
    page.select_option("#iq-beginn", "12")
    query = page.url.split("?", 1)[1]
    assert "art=compensation_measure" in query and "art=bridge_measure" in query and "niveau=B2" in query
    shown = visible_ids(page)
    other = browser.new_context().new_page()
    try:
        other.goto(page.url)
        assert other.is_checked("#f-art-compensation_measure") and other.is_checked("#f-art-bridge_measure")
        assert other.input_value("#iq-niveau") == "B2" and other.input_value("#iq-beginn") == "12"
        assert visible_ids(other) == shown
    finally:
        other.context.close()


def unique_description_word(catalogue: Catalogue) -> tuple[str, Offer]:
    """A long word that occurs in exactly one listed offer's description and nowhere else."""
    listed = catalogue.listed()
    texts = {o.id: o.path.read_text(encoding="utf-8").casefold() for o in catalogue.offers}
    texts.update(
        {f"provider:{p.id}": p.path.read_text(encoding="utf-8").casefold() for p in catalogue.providers.values()}
    )
    for offer in listed:
        for word in sorted(set(re.findall(r"[A-Za-zÄÖÜäöüß]{11,}", offer.data["description"]))):
            stem = word.casefold()[:8]
            if all(stem not in text for key, text in texts.items() if key != offer.id):
                return word, offer
    raise AssertionError("no unique word found")


def test_full_text_search_finds_offer_by_description_word(page, site_url: str, example_catalogue: Catalogue) -> None:
    word, offer = unique_description_word(example_catalogue)
    page.goto(site_url + "angebote/")
    page.fill("#iq-q", word)
    page.wait_for_function("() => document.querySelectorAll('.iq-card:not([hidden])').length === 1", timeout=15000)
    assert visible_ids(page) == {offer.id}
    assert f"q={word}" in page.url
    # The search term in the URL reproduces the result.
    page.goto(page.url)
    page.wait_for_function("() => document.querySelectorAll('.iq-card:not([hidden])').length === 1", timeout=15000)
    assert visible_ids(page) == {offer.id}


def test_search_finds_the_inner_part_of_a_compound(page, site_url: str, example_catalogue: Catalogue) -> None:
    """ "Buchhaltung" must find "Finanzbuchhaltung": a word only reachable through compound splitting."""
    from generator.site.search_terms import compound_parts, offer_texts

    listed = example_catalogue.listed()
    words = {w.casefold() for o in listed for t in offer_texts(o.data) for w in re.findall(r"[A-Za-zÄÖÜäöüß]+", t)}
    for offer in listed:
        inner = [
            p
            for p in compound_parts(offer_texts(offer.data))
            if len(p) >= 7 and not any(w.startswith(p.casefold()) for w in words)
        ]
        if inner:
            break
    else:
        pytest.skip("no compound whose part occurs nowhere as a word of its own")
    expected = {o.id for o in listed if inner[0] in compound_parts(offer_texts(o.data))}
    page.goto(site_url + "angebote/")
    page.fill("#iq-q", inner[0])
    page.wait_for_function(
        """([ids, total]) => ids.every(id => document.querySelector(`.iq-card[data-id="${id}"]:not([hidden])`))
                   && document.querySelectorAll('.iq-card:not([hidden])').length < total""",
        arg=[sorted(expected), len(listed)],
        timeout=15000,
    )
    visible = visible_ids(page)
    assert expected <= visible, (inner[0], visible, expected)
    # Pagefind stems German words, so "Begriffen" also finds "Begriffe": every hit must share the stem.
    stem = inner[0].casefold()[:6]
    assert all(
        stem in " ".join(offer_texts(o.data) + compound_parts(offer_texts(o.data))).casefold()
        for o in listed
        if o.id in visible
    )


def test_keyboard_only_filtering(page, site_url: str, example_catalogue: Catalogue) -> None:
    page.goto(site_url + "angebote/")
    target = page.locator("fieldset.iq-facet input[type=checkbox]").first
    target_id = target.get_attribute("id")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == target_id:
            break
    else:
        pytest.fail("the first facet checkbox cannot be reached with Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "keyboard focus must be visible"
    page.keyboard.press("Space")
    assert page.is_checked(f"#{target_id}")
    param, value = target.get_attribute("name"), target.get_attribute("value")
    assert len(visible_ids(page)) == count_of(page, param, value) < len(example_catalogue.listed()) + 1
    # Legends name every group for screen readers.
    legends = page.eval_on_selector_all(
        "fieldset.iq-facet", "fs => fs.map(f => f.querySelector('legend')?.textContent)"
    )
    assert all(legends)


def test_screenshot_catalogue_with_filter(page, site_url: str, artifacts: Path) -> None:
    page.goto(site_url + "angebote/?lernform=blended&niveau=B1")
    page.screenshot(path=str(artifacts / "catalogue-filter.png"), full_page=False)
    assert visible_ids(page)


@pytest.fixture(scope="module")
def big_site_url(tmp_path_factory: pytest.TempPathFactory, serve_dir) -> Iterator[str]:
    """A catalogue of 130 generated offers (more than one page of results), without search index."""
    import sys

    import yaml

    from benchmarks.search_at_scale import generate_catalogue

    root = Path(__file__).resolve().parents[2]
    tmp = tmp_path_factory.mktemp("big")
    generate_catalogue(tmp / "offers", 130)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        docs_dir=str(root / "docs"),
        site_dir=str(tmp / "site"),
        validation={"nav": {"not_found": "info"}, "links": {"not_found": "info"}},
    )
    config["theme"]["custom_dir"] = str(root / "site_template")
    config["plugins"] = [{"iq-offers": {"offers_dir": str(tmp / "offers"), "search": False}}]
    # The form editor's Decap files come from this checkout's npm install (the guide names the repo).
    config["extra"]["admin"]["bundle"] = str(root / "admin" / "node_modules" / "decap-cms" / "dist")
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(tmp / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "OFFERS_TODAY": "2026-11-22", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    with serve_dir(tmp / "site") as url:
        yield url


def test_results_are_shown_in_pages_of_50(page, big_site_url: str) -> None:
    page.goto(big_site_url + "angebote/")
    total = page.locator(".iq-card").count()
    assert total > 100
    assert len(visible_ids(page)) == 50
    assert "die ersten 50" in page.text_content("#iq-status")
    page.click(".iq-more")
    assert len(visible_ids(page)) == 100
    focused = page.evaluate("() => document.activeElement.closest('.iq-card')?.dataset.id")
    order = page.eval_on_selector_all(".iq-card:not([hidden])", "els => els.map(e => e.dataset.id)")
    assert focused == order[50]  # focus moves to the first newly shown result
    open_group(page, "kosten")
    page.check("#f-kosten-free")  # a new filter starts again at the first page
    assert len(visible_ids(page)) <= 50
