"""The catalogue at the moment of choosing: distance search, chips, drawer, no-JS view, Merkliste,
keyboard path to the first result, and the screenshots the issue asks for (tests/artifacts/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.model import Catalogue
from generator.postcodes import centroid
from generator.site.catalogue import Selection, is_online, matches
from tests.browser.test_browser_catalogue import TODAY, settled, visible_ids

LEIPZIG = "04109"
# Measured on the catalogue before this change (commit 8dc7ac7): Tab presses from page load to
# the first result link at 1366×768, with the results skip link hidden from 60em.
TABS_BEFORE = 69


def expected_near(catalogue: Catalogue, plz: str, km: int) -> set[str]:
    sel = Selection(origin=centroid(plz), radius_km=km)
    return {o.id for o in catalogue.listed() if matches(o, sel, TODAY)}


def wait_for_count(page, n: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('.iq-card:not([hidden])').length === n", arg=n, timeout=10000
    )


def test_client_in_leipzig_with_50_km(page, site_url: str, example_catalogue: Catalogue) -> None:
    listed = example_catalogue.listed()
    page.goto(site_url + "angebote/")
    page.fill("#iq-plz", LEIPZIG)
    want = expected_near(example_catalogue, LEIPZIG, 50)
    wait_for_count(page, len(want))
    shown = visible_ids(page)
    assert shown == want
    leipzig = {o.id for o in listed if any(p["city"] == "Leipzig" for p in o.places)}
    berlin = {o.id for o in listed if o.places and all(p["city"] == "Berlin" for p in o.places)}
    online = {o.id for o in listed if is_online(o)}
    assert leipzig and online and berlin
    assert leipzig | online <= shown and not shown & berlin
    assert "plz=04109" in page.url
    # Distances on the cards: a few km for Leipzig, "online" for online offers.
    for offer_id in leipzig:
        text = page.text_content(f'.iq-card[data-id="{offer_id}"] .iq-card__distance')
        assert text.startswith("ca. ") and int(text.split()[1]) < 15, text
    for offer_id in online:
        assert page.text_content(f'.iq-card[data-id="{offer_id}"] .iq-card__distance') == "online"
    # A wider radius brings Berlin in; the chip names radius and postcode.
    page.select_option("#iq-umkreis", "200")
    wait_for_count(page, len(expected_near(example_catalogue, LEIPZIG, 200)))
    assert berlin <= visible_ids(page)
    assert "200 km um 04109" in page.inner_text("#iq-chips")


def test_sort_by_distance_is_kept_in_the_url(browser, page, site_url: str, example_catalogue: Catalogue) -> None:
    page.goto(site_url + "angebote/?plz=04109&umkreis=200")
    wait_for_count(page, len(expected_near(example_catalogue, LEIPZIG, 200)))
    page.select_option("#iq-sort", "entfernung")
    page.wait_for_function("() => location.search.includes('sortierung=entfernung')")
    order = page.eval_on_selector_all(
        ".iq-card:not([hidden])", "els => els.map(e => e.querySelector('.iq-card__distance').textContent)"
    )
    km = [int(t.split()[1]) for t in order if t.startswith("ca. ")]
    assert km == sorted(km) and len(km) >= 3
    assert all(t == "online" for t in order[len(km) :])  # online offers after the places
    other = browser.new_context().new_page()
    try:
        other.goto(page.url)
        other.wait_for_function("() => document.querySelector('#iq-sort').value === 'entfernung'")
        settled(other)
        assert other.input_value("#iq-plz") == LEIPZIG and other.input_value("#iq-umkreis") == "200"
        assert (
            other.eval_on_selector_all(
                ".iq-card:not([hidden])", "els => els.map(e => e.querySelector('.iq-card__distance').textContent)"
            )
            == order
        )
    finally:
        other.context.close()


def test_unknown_postcode_is_named_and_filters_nothing(page, site_url: str, example_catalogue: Catalogue) -> None:
    page.goto(site_url + "angebote/")
    page.fill("#iq-plz", "00000")
    page.wait_for_selector("#iq-plz-error:not([hidden])")
    assert "00000 ist nicht bekannt" in page.text_content("#iq-plz-error")
    assert page.get_attribute("#iq-plz", "aria-invalid") == "true"
    assert len(visible_ids(page)) == len(example_catalogue.listed())


def test_postcode_table_loads_only_when_used(page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url + "angebote/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "postleitzahlen" in u]
    page.fill("#iq-plz", LEIPZIG)
    page.wait_for_selector(".iq-card__distance:text('online')")
    assert len([u for u in requested if "postleitzahlen" in u]) == 1


def test_chips_remove_filters_and_the_count_stays_in_view(page, site_url: str, example_catalogue: Catalogue) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(site_url + "angebote/?land=BE&niveau=B2")
    chips = page.locator("#iq-chips button")
    assert chips.count() == 2
    assert chips.nth(0).get_attribute("aria-label") == "Filter entfernen: Deutsch bis B2"
    before = len(visible_ids(page))
    page.click("#iq-chips button:has-text('Berlin')")
    assert not page.is_checked("#f-land-BE") and "land=BE" not in page.url
    assert len(visible_ids(page)) > before
    assert page.evaluate("() => document.activeElement.classList.contains('iq-chip')")
    # Scrolled to the last card: the count is still on screen (sticky toolbar).
    page.locator(".iq-card:not([hidden])").last.scroll_into_view_if_needed()
    box = page.locator("#iq-status").bounding_box()
    assert box is not None and 0 <= box["y"] < 768
    assert page.evaluate("() => window.scrollY") > 500


def test_no_more_button_without_more_results_and_an_empty_state(page, site_url: str) -> None:
    page.goto(site_url + "angebote/")
    assert not page.locator(".iq-more").is_visible()  # not "Weitere 0 von 0 Angeboten anzeigen"
    assert not page.locator("#iq-empty").is_visible()
    page.goto(site_url + "angebote/?beginn=jederzeit&lernform=in_person&niveau=A1")
    if visible_ids(page):
        pytest.skip("the example catalogue has an offer for this combination")
    assert page.locator("#iq-empty").is_visible()
    text = page.inner_text("#iq-empty")
    assert "Filter" in text and "Umkreis" in text
    assert page.locator("#iq-chips button").count() == 3


def test_small_screen_results_first_and_filters_in_a_drawer(browser, site_url: str, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(site_url + "angebote/?lernform=blended")
        first = page.locator(".iq-card:not([hidden])").first.bounding_box()
        assert first is not None and first["y"] < 844  # the first result is on the first screen
        assert not page.locator("#iq-q").is_visible()
        toggle = page.locator(".iq-filter-toggle")
        assert toggle.inner_text() == "Filter (1)" and toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert page.locator("#iq-q").is_visible() and toggle.get_attribute("aria-expanded") == "true"
        page.screenshot(path=str(artifacts / "catalogue-390-drawer.png"))
        page.check("#f-land-BE") if page.locator("#f-land-BE").count() else None
        page.keyboard.press("Escape")
        assert not page.locator("#iq-q").is_visible()
        assert page.evaluate("() => document.activeElement.classList.contains('iq-filter-toggle')")
    finally:
        context.close()


def test_without_javascript_the_full_list_and_no_dead_controls(browser, site_url: str, example_catalogue) -> None:
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(site_url + "angebote/?land=BE")
        assert page.locator(".iq-card:visible").count() == len(example_catalogue.listed())
        assert page.locator("#iq-filters").is_hidden()
        assert page.locator(".iq-filter-toggle, #iq-sort, .iq-mark").evaluate_all(
            "els => els.every(e => !e.offsetParent)"
        )
        assert page.locator(".iq-more").count() == 0
        visible_controls = page.eval_on_selector_all(
            ".iq-catalogue input, .iq-catalogue select, .iq-catalogue button",
            "els => els.filter(e => e.offsetParent).length",
        )
        assert visible_controls == 0
        assert "Filter" in page.content() and "brauchen JavaScript" in page.inner_text(".iq-catalogue")
    finally:
        context.close()


def tabs_to_first_result(page, *, use_skip_link: bool) -> int:
    """Tab presses until a result link has focus (Enter on the results skip link when asked)."""
    for presses in range(1, 151):
        page.keyboard.press("Tab")
        if use_skip_link and page.evaluate(
            "() => document.activeElement.getAttribute('href') === '#iq-results-heading'"
        ):
            page.keyboard.press("Enter")
            use_skip_link = False
        if page.evaluate("() => !!document.activeElement.closest('.iq-card')"):
            return presses
    raise AssertionError("no result reached with Tab")


def test_keyboard_reaches_the_first_result(page, site_url: str, artifacts: Path) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(site_url + "angebote/")
    first = page.evaluate("() => document.querySelector('.iq-card:not([hidden]) a').textContent")
    with_skip = tabs_to_first_result(page, use_skip_link=True)
    assert page.evaluate("() => document.activeElement.textContent") == first
    page.goto(site_url + "angebote/")
    plain = tabs_to_first_result(page, use_skip_link=False)
    # The first Tab shows "Zum Inhalt springen"; on the catalogue the second one skips to the results.
    page.goto(site_url + "angebote/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Zum Inhalt springen"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Zu den Ergebnissen springen"
    assert page.locator(".md-skip:focus").is_visible()
    (artifacts / "keyboard-tabs.json").write_text(
        json.dumps({"before": TABS_BEFORE, "after_with_skip_link": with_skip, "after_tab_only": plain}),
        encoding="utf-8",
    )
    assert with_skip <= 6, with_skip
    assert plain < TABS_BEFORE


@pytest.mark.parametrize(
    "path", ["", "angebote/", "angebote/pflegefachkraefte-kenntnispruefung-berufsbegleitend/", "impressum/"]
)
def test_every_page_has_a_working_skip_link(page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('md-skip')")
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert page.evaluate("t => !!document.querySelector(t)", target)
    assert page.evaluate("() => !document.activeElement.closest('.md-header, .md-tabs')")


MARKED = ("pflegefachkraefte-kenntnispruefung-berufsbegleitend", "deutsch-handwerk-technik-abendkurs")


def mark_two(page, site_url: str) -> None:
    page.goto(site_url + "angebote/?plz=04109&umkreis=200")
    page.wait_for_selector(".iq-card__distance:text('online')")
    for offer_id in MARKED:
        page.click(f'.iq-card[data-id="{offer_id}"] .iq-mark')
        assert page.get_attribute(f'.iq-card[data-id="{offer_id}"] .iq-mark', "aria-pressed") == "true"


def test_merkliste_compares_marked_offers(page, site_url: str, example_catalogue: Catalogue) -> None:
    mark_two(page, site_url)
    assert page.text_content("[data-merkliste-count]") == "2"
    page.click(".iq-merkliste-link")
    page.wait_for_selector("table.iq-compare thead th")  # built from the marked offers' card files
    table = page.locator("table.iq-compare")
    assert table.is_visible() and not page.locator("#iq-results").is_visible()
    heads = table.locator("thead th").all_inner_texts()
    assert heads == [example_catalogue.by_id[i].title for i in MARKED]
    rows = table.locator("tbody th[scope=row]").all_inner_texts()
    assert {"Nächster Beginn", "Zeitmuster", "Abschluss", "Entfernung", "Anbieter"} <= set(rows)
    # Kept in the browser: a reload shows the same list; the offer page knows it too.
    page.reload()
    page.wait_for_selector("table.iq-compare thead th")  # the cards of marked offers are fetched
    assert page.locator("table.iq-compare thead th").count() == 2
    page.goto(site_url + f"angebote/{MARKED[0]}/")
    assert page.get_attribute(".iq-decide .iq-mark", "aria-pressed") == "true"
    page.click(".iq-decide .iq-mark")
    page.goto(site_url + "angebote/#merkliste")
    page.wait_for_selector("table.iq-compare thead th")
    assert page.locator("table.iq-compare thead th").all_inner_texts() == [example_catalogue.by_id[MARKED[1]].title]
    page.click("[data-unmark]")
    page.wait_for_selector(".iq-merkliste__empty:not([hidden])")
    assert page.locator(".iq-merkliste__empty").is_visible()


@pytest.mark.parametrize(
    ("name", "viewport", "scale"),
    [
        ("1366", {"width": 1366, "height": 768}, 1),
        ("125", {"width": 1093, "height": 614}, 1.25),
        ("390", {"width": 390, "height": 844}, 1),
    ],
)
def test_screenshots_catalogue_and_merkliste(browser, site_url: str, artifacts: Path, name, viewport, scale) -> None:
    """1366×768, 125 % zoom on 1366×768 (a 1093 px wide CSS viewport) and a phone: look at them."""
    context = browser.new_context(viewport=viewport, device_scale_factor=scale, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(site_url + "angebote/?plz=04109&umkreis=100&zeit=evening&niveau=B1&sortierung=entfernung")
        page.wait_for_selector(".iq-card__distance:text('online')")
        page.screenshot(path=str(artifacts / f"catalogue-filters-{name}.png"))
        assert page.locator("#iq-chips button").count() == 3
        mark_two(page, site_url)
        page.goto(site_url + "angebote/#merkliste")
        page.wait_for_selector("table.iq-compare thead th")
        page.screenshot(path=str(artifacts / f"merkliste-{name}.png"))
        # Nothing is cut off: the table scrolls inside its region if it is wider than the screen.
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        # The main navigation is reachable: tabs on wide screens, the menu button otherwise.
        if page.locator(".md-tabs").is_visible():
            assert page.locator(".md-tabs__link:has-text('Datenschutz')").is_visible()
        else:
            page.click("label.md-header__button[for='__drawer']")
            page.wait_for_timeout(300)
            assert page.locator(".md-nav--primary a:has-text('Datenschutz')").first.is_visible()
    finally:
        context.close()


def test_merkliste_print_handout(page, site_url: str, artifacts: Path) -> None:
    import re

    mark_two(page, site_url)
    page.goto(site_url + "angebote/#merkliste")
    page.wait_for_selector("table.iq-compare thead th")
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / "merkliste-print.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    page.emulate_media(media="print")
    assert page.locator("table.iq-compare").is_visible()
    assert not page.locator(".iq-filters").is_visible() and not page.locator(".iq-merkliste__actions").is_visible()
