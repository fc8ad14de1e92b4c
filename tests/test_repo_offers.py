"""The example catalogue in offers/ is valid and covers what DOMAIN.md asks an offer to express."""

from __future__ import annotations

from collections import Counter

from generator.catalogue_loader import check_catalogue
from generator.model import Catalogue
from tests.support import OFFERS, TODAY


def test_every_offer_and_provider_validates() -> None:
    result = check_catalogue(OFFERS, TODAY)
    assert result.errors == [], "\n".join(f"{p.file}:{p.line} {p.message}" for p in result.errors)
    assert len(result.offers) >= 15
    assert len(result.providers) >= 8


def test_examples_cover_the_domain(example_catalogue: Catalogue) -> None:
    offers = example_catalogue.offers

    def values(get):
        return Counter(v for o in offers for v in get(o))

    assert set(values(lambda o: [o.kind])) == {
        "compensation_measure",
        "adaptation_qualification",
        "bridge_measure",
        "external_exam_preparation",
        "job_related_german",
        "other",
    }
    assert set(values(lambda o: [o["format"]["mode"]])) == {"in_person", "online_live", "self_paced", "blended"}
    assert {"during_work", "outside_work"} <= set(values(lambda o: [o["schedule"].get("learning_time")]))
    assert {"compact_seminar", "block_seminar"} <= set(values(lambda o: o["schedule"]["patterns"]))
    assert {"individual", "group"} <= set(values(lambda o: [o["format"]["setting"]]))
    assert any(o.rolling_start for o in offers) and any(o.runs for o in offers)
    assert any(e for o in offers for r in o.runs for e in r.data.get("exams", []))
    assert any(o["support"]["childcare"] in ("provided", "children_welcome") for o in offers)
    assert any(o["profession"]["regulated"] and "health" in o["profession"]["fields"] for o in offers)
    assert any("crafts_construction" in o["profession"]["fields"] for o in offers)
    assert len({s for o in offers for s in o.states}) >= 8
    assert any("*innen" in o["description"] for o in offers)


def test_example_catalogue_has_expired_and_listed_offers(example_catalogue: Catalogue) -> None:
    assert example_catalogue.expired(), "one example should have ended, so expiry is exercised"
    assert len(example_catalogue.listed()) >= 14
