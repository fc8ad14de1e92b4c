"""Catalogue facets in Python: tokens, matching rules, counts, and the server-rendered cards."""

from __future__ import annotations

import re
from datetime import date

from generator.dates import add_months
from generator.model import CEFR_ORDER, Catalogue
from generator.site.catalogue import Selection, catalogue_body_html, facets, matches, matches_start

TODAY = date(2026, 11, 22)


def test_cards_are_exactly_the_listed_offers(example_catalogue: Catalogue) -> None:
    html = catalogue_body_html(example_catalogue)
    ids = re.findall(r'data-id="([^"]+)"', html)
    assert sorted(ids) == sorted(o.id for o in example_catalogue.listed())
    for offer in example_catalogue.expired():
        assert offer.id not in ids


def test_state_facet_counts_use_offer_states(example_catalogue: Catalogue) -> None:
    html = catalogue_body_html(example_catalogue)
    for state in {s for o in example_catalogue.listed() for s in o.states}:
        expected = sum(state in o.states for o in example_catalogue.listed())
        assert f'data-count-for="land:{state}">({expected})<' in html


def test_level_filter_shows_offers_at_or_below(example_catalogue: Catalogue) -> None:
    for level in CEFR_ORDER:
        got = {o.id for o in example_catalogue.listed() if matches(o, Selection(level=level), TODAY)}
        want = {o.id for o in example_catalogue.listed()
                if CEFR_ORDER.index(o.german_level) <= CEFR_ORDER.index(level)}
        assert got == want


def test_or_inside_group_and_across_groups(example_catalogue: Catalogue) -> None:
    listed = example_catalogue.listed()
    sel = Selection(checked={"land": {"BE", "SN"}, "lernform": {"blended"}})
    got = {o.id for o in listed if matches(o, sel, TODAY)}
    want = {o.id for o in listed if ({"BE", "SN"} & set(o.states)) and o.data["format"]["mode"] == "blended"}
    assert got == want and got


def test_start_window(example_catalogue: Catalogue) -> None:
    rolling = [o for o in example_catalogue.listed() if o.rolling_start]
    assert rolling and all(matches_start(o, "3", TODAY) and matches_start(o, "jederzeit", TODAY) for o in rolling)
    fixed = [o for o in example_catalogue.listed() if not o.rolling_start]
    for o in fixed:
        soon = any(TODAY <= r.start <= add_months(TODAY, 6) for r in o.runs)
        assert matches_start(o, "6", TODAY) == soon
        assert not matches_start(o, "jederzeit", TODAY)


def test_facet_labels_come_from_schema() -> None:
    by_param = {f.param: f for f in facets()}
    assert by_param["art"].options["bridge_measure"] == "Brückenmaßnahme (akademische Berufe)"
    assert by_param["land"].options["BE"] == "Berlin"
    assert by_param["berufsbegleitend"].options["during_work"] == "während der Arbeitszeit (Freistellung)"


def test_add_months_clamps() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 22), 3) == date(2027, 2, 22)
    assert add_months(date(2026, 11, 22), 12) == date(2027, 11, 22)
