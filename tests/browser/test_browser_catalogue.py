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


def settled(page) -> None:
    """catalogue.js has shown the cards of the current filters (the list is not aria-busy)."""
    page.wait_for_function("() => !document.getElementById('iq-results')?.hasAttribute('aria-busy')", timeout=15000)


def visible_ids(page) -> set[str]:
    settled(page)
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


BIG = 320  # generated offers: several list pages, many pages of results, several id shards


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory, serve_dir) -> Iterator[tuple[str, Catalogue]]:
    """A catalogue of 320 generated offers (without search index) and its Python model."""
    import sys

    import yaml

    from benchmarks.search_at_scale import generate_catalogue
    from generator.catalogue_loader import load_catalogue

    root = Path(__file__).resolve().parents[2]
    tmp = tmp_path_factory.mktemp("big")
    generate_catalogue(tmp / "offers", BIG)
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
        yield url, load_catalogue(tmp / "offers", TODAY)


PAGE = 20  # cards catalogue.js shows at a time


def dom_ids(page) -> list[str]:
    """Every card in the DOM, shown or not, in order."""
    settled(page)
    return page.eval_on_selector_all(".iq-card", "els => els.map(e => e.dataset.id)")


def wait_for_status(page, text: str) -> None:
    """The status line says ``text`` and every card of the page is in the list (not aria-busy)."""
    try:
        page.wait_for_function(
            """t => document.getElementById('iq-status').textContent.includes(t)
                   && !document.getElementById('iq-results').hasAttribute('aria-busy')""",
            arg=text,
            timeout=15000,
        )
    except Exception as exc:
        status = page.text_content("#iq-status")
        busy = page.get_attribute("#iq-results", "aria-busy")
        raise AssertionError(f"waited for {text!r}; status {status!r}, aria-busy {busy!r}") from exc


def python_view(catalogue: Catalogue, sel) -> list[str]:
    from generator.site.catalogue import matches, ordered

    return [o.id for o in ordered(catalogue) if matches(o, sel, TODAY)]


def test_only_the_first_page_of_cards_is_in_the_dom(page, big_site) -> None:
    from generator.site.catalogue import ordered

    url, catalogue = big_site
    listed = ordered(catalogue)
    page.goto(url + "angebote/")
    assert dom_ids(page) == [o.id for o in listed[:PAGE]]
    assert f"die ersten {PAGE}" in page.text_content("#iq-status")
    assert not page.locator(".iq-pages").is_visible()  # the no-JS page navigation gives way to "more"
    more = page.locator(".iq-more")
    assert more.inner_text() == f"Weitere {PAGE} von {len(listed) - PAGE} Angeboten anzeigen"
    more.click()
    wait_for_status(page, f"die ersten {2 * PAGE}")
    assert dom_ids(page) == [o.id for o in listed[: 2 * PAGE]]
    focused = page.evaluate("() => document.activeElement.closest('.iq-card')?.dataset.id")
    assert focused == listed[PAGE].id  # focus moves to the first newly shown result
    # Beyond the server's 50 cards: the next pages come from the card files.
    more.click()
    wait_for_status(page, f"die ersten {3 * PAGE}")
    assert dom_ids(page) == [o.id for o in listed[: 3 * PAGE]]


def test_filters_counts_and_url_state_at_scale(browser, page, big_site) -> None:
    from generator.site.catalogue import Selection, facets, matches, ordered

    url, catalogue = big_site
    listed = ordered(catalogue)
    states = sorted({s for o in listed for s in o.states}, key=lambda s: -sum(s in o.states for o in listed))
    state = next(s for s in states if PAGE < sum(s in o.states for o in listed) < len(listed) / 2)
    page.goto(url + "angebote/")
    page.check(f"#f-land-{state}")
    sel = Selection(checked={"land": {state}})
    want = python_view(catalogue, sel)
    wait_for_status(page, f"{len(want)} von {len(listed)}")
    assert dom_ids(page) == want[:PAGE]
    assert f"land={state}" in page.url
    # Counts: other groups count within the state, the Länder ignore their own group (OR).
    groups = {f.param: f for f in facets()}
    for param in ("land", "art", "lernform"):
        for value in page.eval_on_selector_all(f'fieldset[data-param="{param}"] input', "els => els.map(e => e.value)"):
            expected = sum(
                matches(o, sel, TODAY, skip=param) and value in set(groups[param].values_of(o)) for o in listed
            )
            assert count_of(page, param, value) == expected, (param, value)
    # Level, start window and a second Land together; the link reproduces the view in a new tab.
    other_state = next(s for s in states if s != state)
    page.check(f"#f-land-{other_state}")
    page.select_option("#iq-niveau", "B1")
    page.select_option("#iq-beginn", "6")
    sel = Selection(checked={"land": {state, other_state}}, level="B1", start="6")
    want = python_view(catalogue, sel)
    wait_for_status(page, f"{len(want)} von {len(listed)}")
    assert dom_ids(page) == want[:PAGE]
    other = browser.new_context().new_page()
    try:
        other.goto(page.url)
        wait_for_status(other, f"{len(want)} von {len(listed)}")
        assert dom_ids(other) == want[:PAGE]
        assert other.input_value("#iq-niveau") == "B1" and other.is_checked(f"#f-land-{other_state}")
    finally:
        other.context.close()


def test_distance_sort_at_scale(page, big_site) -> None:
    from generator.postcodes import centroid
    from generator.site.catalogue import Selection, matches, offer_distance_km, ordered

    url, catalogue = big_site
    origin = centroid("04109")
    assert origin is not None
    sel = Selection(origin=origin, radius_km=100)
    near = [o for o in ordered(catalogue) if matches(o, sel, TODAY)]
    page.goto(url + "angebote/?plz=04109&umkreis=100&sortierung=entfernung")
    wait_for_status(page, f"{len(near)} von")

    def key(o):
        d = offer_distance_km(o, origin)
        return (d is None, d or 0)

    by_distance = sorted(near, key=key)  # stable: ties keep the default order
    assert dom_ids(page) == [o.id for o in by_distance[:PAGE]]
    first = page.text_content(".iq-card .iq-card__distance")
    assert first.startswith("ca. ") and first.endswith("km entfernt")


def card_facts_js() -> str:
    return """el => ({
      href: el.querySelector('.iq-card__title a').href,
      title: el.querySelector('.iq-card__title').textContent,
      summary: el.querySelector('.iq-card__summary').textContent,
      facts: [...el.querySelectorAll('.iq-card__facts > div')].map(d => [d.querySelector('dt').textContent, d.querySelector('dd').textContent]),
      provider: el.querySelector('.iq-card__provider').textContent,
      mark: [...el.querySelector('.iq-mark').attributes].filter(a => a.name !== 'aria-pressed').map(a => a.name + '=' + a.value).sort(),
      markLabel: el.querySelector('.iq-mark .iq-sr').textContent,
      classes: [...el.querySelectorAll('*')].map(e => e.tagName + '.' + e.className).join(' '),
    })"""


def test_cards_made_by_the_script_equal_the_no_js_cards(browser, page, big_site) -> None:
    from generator.site.catalogue import CARDS_PER_PAGE, ordered

    url, catalogue = big_site
    listed = ordered(catalogue)
    target = listed[CARDS_PER_PAGE + 3]  # on list page 2 only; the script fetches its card file
    page.goto(url + "angebote/?q=")
    page.evaluate("ids => localStorage.setItem('iq-merkliste', JSON.stringify(ids))", [target.id])
    page.goto(url + "angebote/#merkliste")
    page.wait_for_selector("table.iq-compare thead th")
    assert page.locator("table.iq-compare thead th").all_inner_texts() == [target.title]
    page.goto(url + "angebote/")
    for _ in range(3):
        page.click(".iq-more")
    page.wait_for_selector(f'.iq-card[data-id="{target.id}"]')
    scripted = page.eval_on_selector(f'.iq-card[data-id="{target.id}"]', card_facts_js())
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(url + "angebote/seite/2/")
        served = plain.eval_on_selector(f'.iq-card[data-id="{target.id}"]', card_facts_js())
    finally:
        context.close()
    assert scripted == served
    assert page.get_attribute(f'.iq-card[data-id="{target.id}"] .iq-mark', "aria-pressed") == "true"


def test_without_javascript_list_pages_reach_every_offer_once(browser, big_site) -> None:
    from generator.site.catalogue import CARDS_PER_PAGE, ordered

    url, catalogue = big_site
    pages = -(-len(catalogue.listed()) // CARDS_PER_PAGE)
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(url + "angebote/")
        seen: list[str] = []
        for number in range(1, 100):
            ids = page.eval_on_selector_all(".iq-card:visible", "els => els.map(e => e.dataset.id)")
            assert len(ids) == CARDS_PER_PAGE or not page.locator("a[rel=next]").count()
            seen += ids
            assert page.locator(".iq-pages").is_visible()
            assert page.text_content(".iq-pages__where") == f"Seite {number} von {pages}"
            if not page.locator("a[rel=next]").count():
                break
            page.click("a[rel=next]")
        assert seen == [o.id for o in ordered(catalogue)]
        # The last list page leads back to the search with filters.
        page.click("text=Zur Suche mit Filtern")
        page.wait_for_url("**/angebote/")
    finally:
        context.close()


@pytest.mark.parametrize(("name", "viewport"), [("desktop", (1366, 768)), ("phone", (390, 844))])
def test_screenshot_catalogue_at_scale(browser, big_site, artifacts: Path, name: str, viewport) -> None:
    url, _ = big_site
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(url + "angebote/?lernform=blended")
        wait_for_status(page, "von")
        page.screenshot(path=str(artifacts / f"catalogue-scale-{name}.png"))
        page.goto(url + "angebote/")
        page.locator(".iq-more").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"catalogue-scale-{name}-more.png"))
        assert page.locator(".iq-more").is_visible()
    finally:
        context.close()
