"""Offer → page rendering: escaping, gender stars, labels from the schema, past dates hidden."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, timedelta

import markdown
import pytest

from generator.german_format import de_date
from generator.labels import labels
from generator.model import Catalogue, Offer, Run
from generator.site.offer_page import (
    EXPIRED_NOTICE,
    glance_facts,
    offer_body_html,
    paragraphs,
    render_offer_page,
    tel_href,
)
from tests.support import TODAY

URL = "https://iq-angebote.example/angebote/x/"


def _with(offer: Offer, **changes: object) -> Offer:
    """A copy of an example offer with some top-level data fields replaced."""
    data = copy.deepcopy(offer.data)
    data.update(changes)
    return dataclasses.replace(offer, data=data)


def _to_html(page: str) -> str:
    """What MkDocs does with the generated file: strip front matter, run Python-Markdown."""
    body = page.split("\n---\n", 1)[1]
    return markdown.markdown(body, extensions=["admonition", "attr_list", "toc"])


@pytest.fixture
def pflege(example_catalogue: Catalogue) -> Offer:
    return example_catalogue.by_id["pflegefachkraefte-kenntnispruefung-berufsbegleitend"]


def test_gender_star_survives_markdown(pflege: Offer) -> None:
    text = "Unsere Teilnehmer*innen lernen mit Mentor*innen und Lernbegleiter*innen."
    html = _to_html(render_offer_page(_with(pflege, description=text), URL, TODAY))
    assert text in html
    assert "<em>" not in html


def test_html_in_yaml_is_shown_as_text(pflege: Offer) -> None:
    evil = '<script>alert(1)</script> <img src=x onerror="alert(2)"> **fett** [link](javascript:x)'
    html = _to_html(render_offer_page(_with(pflege, summary=evil, description=evil), URL, TODAY))
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "**fett** [link](javascript:x)" in html  # Markdown syntax from YAML is not interpreted


def test_glance_box_comes_first_with_schema_labels(pflege: Offer) -> None:
    lab = labels()
    html = offer_body_html(pflege, URL, TODAY, listed=True)
    assert html.index("Auf einen Blick") < html.index(lab.field("description"))
    facts = {f.key: (f.label, str(f.value)) for f in glance_facts(pflege, TODAY, lab)}
    assert facts["kind"] == ("Art der Qualifizierung", "Ausgleichsmaßnahme (reglementierte Berufe)")
    assert facts["start"][1] == "01.02.2027"
    assert facts["level"] == ("Deutschniveau bei Beginn", "B1")
    assert "außerhalb der Arbeitszeit" in facts["alongside"][1]
    assert "10 Monate" in facts["duration"][1] and "8 Stunden pro Woche" in facts["duration"][1]
    assert 'href="tel:+49301234567"' in facts["contact"][1]
    assert 'href="mailto:a.demir@bildungswerk-beispiel.example"' in facts["contact"][1]


def test_modules_are_an_ordered_sequence(pflege: Offer) -> None:
    html = offer_body_html(pflege, URL, TODAY, listed=True)
    assert '<ol class="iq-modules">' in html
    titles = [m["title"] for m in pflege.data["modules"]]
    positions = [html.index(t) for t in titles]
    assert positions == sorted(positions)
    assert f"Modul 1 von {len(titles)}" in html


def test_past_runs_and_sessions_are_hidden(pflege: Offer) -> None:
    later = date(2027, 3, 1)  # the first run's first sessions lie before this day
    html = offer_body_html(pflege, URL, later, listed=True)
    assert "Auftakttreffen" not in html  # session on 01.02.2027
    assert "Präsenzsamstag 2" in html  # 13.03.2027 is still ahead
    first, second = pflege.runs[0], pflege.runs[1]
    html = offer_body_html(pflege, URL, first.end + timedelta(days=1), listed=True)
    assert f"{de_date(first.start)} bis {de_date(first.end)}" not in html
    assert f"{de_date(second.start)} bis {de_date(second.end)}" in html


def test_offer_without_runs_or_places(pflege: Offer) -> None:
    data = copy.deepcopy(pflege.data)
    data["format"] = {"mode": "online_live", "setting": "group", "online_only": True, "region": ["BE", "BB"]}
    data.pop("runs")
    data.pop("modules")
    data["rolling_start"] = True
    offer = dataclasses.replace(pflege, data=data, runs=())
    html = offer_body_html(offer, URL, TODAY, listed=True)
    assert "Einstieg jederzeit" in html
    assert "Nur online" in html and "Berlin, Brandenburg" in html


def test_expired_offer_page_keeps_notice_and_leaves_search(example_catalogue: Catalogue) -> None:
    expired = example_catalogue.expired()[0]
    page = render_offer_page(expired, URL, TODAY)
    assert EXPIRED_NOTICE in page
    assert "data-pagefind-body" not in page
    assert "offer_listed: false" in page
    listed = example_catalogue.listed()[0]
    page = render_offer_page(listed, URL, TODAY)
    assert EXPIRED_NOTICE not in page and "data-pagefind-body" in page


def test_every_example_renders_without_blank_lines(example_catalogue: Catalogue) -> None:
    for offer in example_catalogue:
        body = offer_body_html(offer, URL, TODAY, listed=offer.is_listed(TODAY))
        assert "\n\n" not in body, offer.id  # a blank line would end the raw HTML block
        assert offer.title and offer.data["summary"].split()[0] in body


def test_helpers() -> None:
    assert tel_href("+49 (0)30 123-45 67") == "tel:+490301234567"
    assert paragraphs("a\nb\n\nc\n") == ["a b", "c"]


def test_run_dataclass_place_is_shown(pflege: Offer) -> None:
    run: Run = pflege.runs[0]
    html = offer_body_html(pflege, URL, TODAY, listed=True)
    assert run.place is not None and run.place["street"] in html


def test_places_of_single_dates_and_language_note_are_shown(pflege: Offer) -> None:
    run = pflege.runs[0]
    sessions = [dict(run.data["sessions"][0], location="Rathaus Mitte, Saal 2")]
    exams = [{"date": run.end.isoformat(), "title": "Kenntnisprüfung", "location": "Prüfungszentrum Süd"}]
    changed = dataclasses.replace(run, data={**run.data, "sessions": sessions, "exams": exams})
    data = copy.deepcopy(pflege.data)
    data["language"]["instruction_languages_note"] = "Fachbegriffe auch auf Arabisch"
    offer = dataclasses.replace(pflege, data=data, runs=(changed,))
    html = offer_body_html(offer, URL, TODAY, listed=True)
    assert "Rathaus Mitte, Saal 2" in html and "Kenntnisprüfung – Prüfungszentrum Süd" in html
    assert "Fachbegriffe auch auf Arabisch" in html
