"""Relevance suite: what advisers type, searched in the built catalogue in Chromium.

Each query of ``tests/data/search_queries.yaml`` names the offers that must come first and the
ones that may follow; any other offer in the result list is unrelated and fails. The suite
prints precision and recall per query (``pytest -s``) and writes them to
``tests/artifacts/search-relevance.json``.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
import yaml

from generator.model import Catalogue

QUERIES_FILE = Path(__file__).resolve().parents[1] / "data" / "search_queries.yaml"
QUERIES = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]
# Done when the search has answered: not busy, and the note of search.js exists.
ANSWERED = "() => !document.querySelector('.iq-catalogue').hasAttribute('aria-busy') && document.getElementById('iq-search-note')"


@dataclass
class Row:
    query: str
    kind: str
    found: list[str]
    first: list[str]
    also: list[str]
    unrelated: list[str]
    precision: float
    recall: float
    note: str


def result_ids(page) -> list[str]:
    """Ids of the shown result cards, in the order shown."""
    return page.eval_on_selector_all("#iq-results .iq-card:not([hidden])", "els => els.map(e => e.dataset.id)")


def search(page, site_url: str, query: str) -> tuple[list[str], str]:
    page.goto(site_url + "angebote/?q=" + urllib.parse.quote(query))
    page.wait_for_function(ANSWERED, timeout=15000)
    return result_ids(page), (page.text_content("#iq-search-note") or "").strip()


def score(entry: dict, found: list[str], note: str) -> Row:
    first, also = entry["first"], entry.get("also", [])
    relevant = set(first) | set(also)
    unrelated = [i for i in found if i not in relevant]
    # Precision: share of shown offers that are relevant (an empty list is precise).
    precision = (len(found) - len(unrelated)) / len(found) if found else 1.0
    # Recall: share of the offers that must be found that are found (nothing to find: 1).
    recall = len(set(first) & set(found)) / len(first) if first else 1.0
    return Row(entry["q"], entry["kind"], found, first, also, unrelated, precision, recall, note)


@pytest.fixture(scope="module")
def rows(browser, site_url: str) -> list[Row]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    try:
        return [score(entry, *search(page, site_url, entry["q"])) for entry in QUERIES]
    finally:
        context.close()


def test_suite_is_large_and_names_listed_offers(example_catalogue: Catalogue) -> None:
    assert len(QUERIES) >= 40
    kinds = {q["kind"] for q in QUERIES}
    assert {"Synonym", "Tippfehler", "Umlaut", "Kompositum", "Stoppwort", "zwei Wörter", "Ort"} <= kinds
    listed = {o.id for o in example_catalogue.listed()}
    named = {i for q in QUERIES for i in q["first"] + q.get("also", [])}
    assert named <= listed, f"not listed on the build day: {sorted(named - listed)}"
    assert len({q["q"] for q in QUERIES}) == len(QUERIES), "a query appears twice"


def test_no_unrelated_offer_and_the_right_offers_first(rows: list[Row]) -> None:
    problems = []
    for row in rows:
        if row.unrelated:
            problems.append(f"{row.query!r}: unrelated {row.unrelated}")
        missing = set(row.first) - set(row.found)
        if missing:
            problems.append(f"{row.query!r}: missing {sorted(missing)}")
        elif set(row.found[: len(row.first)]) != set(row.first):
            problems.append(f"{row.query!r}: first {row.found[: len(row.first)]}, expected {row.first}")
    assert not problems, "\n".join(problems)


def test_report_precision_and_recall(rows: list[Row], artifacts: Path) -> None:
    width = max(len(r.query) for r in rows)
    print(f"\n{'Anfrage':{width}}  {'Art':13} Treffer  Präzision  Recall  Hinweis")
    for r in rows:
        print(f"{r.query:{width}}  {r.kind:13} {len(r.found):7}  {r.precision:9.2f}  {r.recall:6.2f}  {r.note[:70]}")
    precision = sum(r.precision for r in rows) / len(rows)
    recall = sum(r.recall for r in rows) / len(rows)
    print(f"Mittel über {len(rows)} Anfragen: Präzision {precision:.3f}, Recall {recall:.3f}")
    report = {"queries": len(rows), "precision": precision, "recall": recall, "rows": [asdict(r) for r in rows]}
    out = artifacts / "search-relevance.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert json.loads(out.read_text(encoding="utf-8"))["queries"] == len(QUERIES)
    assert precision == 1.0 and recall == 1.0


def test_stop_words_say_why_nothing_is_found(page, site_url: str) -> None:
    found, note = search(page, site_url, "z. B.")
    assert found == []
    assert "zu allgemein" in note and "„z“" in note
    assert page.locator("#iq-empty").is_visible()


def test_a_typo_is_corrected_and_said(page, site_url: str) -> None:
    found, note = search(page, site_url, "Pfelge")
    assert found and found[0] == "pflegefachkraefte-kenntnispruefung-berufsbegleitend"
    assert "Keine Treffer für „Pfelge“" in note and "„Pflege“" in note


def test_did_you_mean_offers_known_terms_and_searches_the_chosen_one(page, site_url: str, artifacts: Path) -> None:
    # Two letters swapped twice: too far to correct silently, near enough to suggest.
    found, note = search(page, site_url, "Tnadme")
    assert found == []
    assert "Meinten Sie" in note
    button = page.get_by_role("link", name="Tandem", exact=True)
    assert button.is_visible()
    page.screenshot(path=str(artifacts / "search-did-you-mean.png"), full_page=False)
    button.click()
    page.wait_for_function("() => document.getElementById('iq-q').value === 'Tandem'")
    page.wait_for_function(
        "() => document.querySelectorAll('#iq-results .iq-card:not([hidden])').length > 0", timeout=15000
    )
    assert result_ids(page)[0] == "mentoring-tandem-fachkraefte"
    assert "q=Tandem" in page.url


def test_search_ranks_by_relevance_not_by_date(rows: list[Row], page, site_url: str) -> None:
    """The issue's example: "Pflege" showed the nursing course third, in the order of the start dates."""
    page.goto(site_url + "angebote/")
    by_date = result_ids(page)
    pflege = next(r for r in rows if r.query == "Pflege")
    assert pflege.found[0] == "pflegefachkraefte-kenntnispruefung-berufsbegleitend"
    reordered = [r.query for r in rows if len(r.found) > 1 and r.found != [i for i in by_date if i in r.found]]
    assert reordered, "no result list differs from the start-date order"


def test_search_results_can_be_sorted_by_start_instead(rows: list[Row], page, site_url: str) -> None:
    """While searching, the default order is "Relevanz"; "Beginn" re-sorts the same hits by start date
    and stays in the link."""
    page.goto(site_url + "angebote/")
    by_date = result_ids(page)
    assert page.eval_on_selector("#iq-sort", "s => s.options[s.selectedIndex].textContent") == "Beginn"
    query = next(r for r in rows if len(r.found) > 1 and r.found != [i for i in by_date if i in r.found])
    found, _ = search(page, site_url, query.query)
    assert found == query.found
    assert page.eval_on_selector("#iq-sort", "s => s.options[s.selectedIndex].textContent") == "Relevanz"
    page.select_option("#iq-sort", "beginn")
    page.wait_for_function("() => location.search.includes('sortierung=beginn')")
    assert result_ids(page) == [i for i in by_date if i in found]
    page.reload()
    page.wait_for_function(ANSWERED, timeout=15000)
    assert page.eval_on_selector("#iq-sort", "s => s.value") == "beginn"
    assert result_ids(page) == [i for i in by_date if i in found]


def test_synonym_hits_are_named(page, site_url: str, artifacts: Path) -> None:
    found, note = search(page, site_url, "Krankenschwester")
    assert found[0] == "pflegefachkraefte-kenntnispruefung-berufsbegleitend"
    assert note.startswith("Auch gefunden mit:") and "Pflegefachkraft" in note
    page.screenshot(path=str(artifacts / "search-synonym.png"), full_page=False)


def test_mere_mentions_are_held_back_and_can_be_shown(page, site_url: str, example_catalogue: Catalogue) -> None:
    found, note = search(page, site_url, "Fachsprache")
    assert found == ["fachsprache-pflege-selbstlernkurs"]
    assert "nur am Rande" in note
    mentioning = {
        o.id for o in example_catalogue.listed() if "fachsprach" in o.path.read_text(encoding="utf-8").casefold()
    }
    page.get_by_role("link", name="Auch diese zeigen").click()
    page.wait_for_function(
        "n => document.querySelectorAll('#iq-results .iq-card:not([hidden])').length === n",
        arg=len(mentioning),
        timeout=15000,
    )
    shown = result_ids(page)
    assert shown[0] == "fachsprache-pflege-selbstlernkurs" and set(shown) == mentioning
