"""Catalogue facets in Python: tokens, matching rules, counts, and the server-rendered cards."""

from __future__ import annotations

import re
from datetime import date

from generator.dates import add_months
from generator.model import CEFR_ORDER, Catalogue
from generator.site.catalogue import Selection, catalogue_body_html, facets, matches, matches_start
from tests.support import TODAY


def test_cards_are_exactly_the_listed_offers(example_catalogue: Catalogue) -> None:
    html = catalogue_body_html(example_catalogue)  # fewer than 50: all on the catalogue page itself
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
        want = {o.id for o in example_catalogue.listed() if CEFR_ORDER.index(o.german_level) <= CEFR_ORDER.index(level)}
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


LEIPZIG = "04109"


def test_distance_filter_leipzig_50_km(example_catalogue: Catalogue) -> None:
    """A client in Leipzig with 50 km: the Leipzig offers and every online offer, no Berlin one."""
    from generator.postcodes import centroid
    from generator.site.catalogue import is_online

    listed = example_catalogue.listed()
    sel = Selection(origin=centroid(LEIPZIG), radius_km=50)
    got = {o.id for o in listed if matches(o, sel, TODAY)}
    in_leipzig = {o.id for o in listed if any(p["city"] == "Leipzig" for p in o.places)}
    in_berlin = {o.id for o in listed if o.places and all(p["city"] == "Berlin" for p in o.places)}
    online = {o.id for o in listed if is_online(o)}
    assert in_leipzig and in_berlin and online
    assert in_leipzig | online <= got
    assert not got & (in_berlin - online)
    # Dresden is 100 km away: the radius decides, and a larger one brings Berlin (149 km) in.
    wider = {o.id for o in listed if matches(o, Selection(origin=centroid(LEIPZIG), radius_km=200), TODAY)}
    assert in_berlin <= wider


def test_data_carries_place_centroids_and_cards_the_deciding_facts(example_catalogue: Catalogue) -> None:
    import json

    from generator.postcodes import centroid
    from generator.site.catalogue import PLACES_URI, catalogue_assets, decode_column, is_online, ordered

    geo = decode_column(json.loads(catalogue_assets(example_catalogue)[PLACES_URI])["geo"])
    for offer, points in zip(ordered(example_catalogue), geo, strict=True):
        if is_online(offer):
            assert points is None
            continue
        point = centroid(str(offer.places[0]["postal_code"]))
        assert point is not None, offer.id
        assert [round(point[0], 3), round(point[1], 3)] in points
    html = catalogue_body_html(example_catalogue)
    for label in ("Zeitmuster", "Dauer und Umfang", "Nächster Beginn", "Abschluss", "Deutschniveau bei Beginn"):
        assert html.count(f"<dt>{label}</dt>") == len(example_catalogue.listed()), label


def test_card_names_the_application_deadline_of_the_next_run(example_catalogue: Catalogue) -> None:
    from generator.german_format import de_date
    from generator.labels import labels
    from generator.site.catalogue import start_text

    offer = example_catalogue.by_id["pflegefachkraefte-kenntnispruefung-berufsbegleitend"]
    run = offer.next_run(TODAY)
    assert run is not None and run.application_deadline is not None
    text = start_text(offer, TODAY, labels())
    assert text.startswith(de_date(run.start)) and f"Anmeldung bis {de_date(run.application_deadline)}" in text


def test_without_javascript_no_filter_controls_are_usable() -> None:
    """The form and the tools are marked iq-needs-js (hidden without the script), the note says why."""
    from generator.catalogue_loader import load_catalogue
    from tests.conftest import OFFERS

    html = catalogue_body_html(load_catalogue(OFFERS, TODAY))
    assert re.search(r'<form class="iq-filters iq-needs-js"', html)
    assert 'class="iq-toolbar__tools iq-needs-js"' in html
    assert "<noscript>" in html and "brauchen JavaScript" in html
