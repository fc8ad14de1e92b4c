"""Every offer the schema accepts can be built: generated offers go through loader, checks, pages and feeds.

Offers (and their provider) are generated from the JSON Schemas with hypothesis-jsonschema, so
every value is one the schema accepts: year 2000 and 2100, 20,000-character descriptions, 0.001
hours, every enum value. Cross-field rules that a schema cannot express (end after start, places
that exist, …) are then repaired deterministically, so that nearly every example passes
``offers validate``; what passes must render: the offer page, the catalogue page and every feed,
and each feed must still be valid (KURSNET against the XSD, iCalendar parsed back, CSV with the
same number of columns in every row, JSON and Atom parsed).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from lxml import etree

from generator.catalogue_loader import check_catalogue, load_catalogue
from generator.feeds import FEED_MODULES, FeedContext, build_time, writer
from generator.kursnet import xsd
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SCHEMA_DIR, schema_set
from generator.site.catalogue import CATALOGUE_SRC_URI
from generator.site.site_files import build_site_content
from tests.support import SITE_URL, TODAY

# What the YAML loader refuses before the schema sees it (control and invisible format
# characters, unusual spaces and line separators) and what UTF-8 cannot hold (surrogates): not
# something an accepted offer can contain. Plain spaces and line breaks stay.
_REFUSED: tuple[Any, ...] = ("Cc", "Cs", "Cf", "Zl", "Zp", "Zs")
_NONCHARACTERS = "\ufffe\uffff"
TEXT = st.characters(
    codec="utf-8", exclude_categories=_REFUSED, include_characters=" \n", exclude_characters=_NONCHARACTERS
)
# Dates: the calendar days the schema allows, plus a few beyond, which the schema's own date
# pattern filters out again (hypothesis-jsonschema checks format-generated strings against it).
DATES = st.dates(date(1999, 12, 1), date(2101, 1, 31)).map(date.isoformat)
EMAILS = st.from_regex(
    r"[a-z][a-z0-9_-]{0,20}(\.[a-z0-9]{1,9})?@([a-z][a-z0-9]{0,20}\.){1,3}[a-z]{2,6}", fullmatch=True
)

STATS: Counter[str] = Counter()


def _inlined(schema: Any, base: str) -> Any:
    """The schema with every ``$ref`` replaced by its target (hypothesis-jsonschema reads no remote refs).

    ``format`` names get a prefix, so that our strategies for them are used without a warning
    about overriding the library's own.
    """
    if isinstance(schema, dict):
        if "$ref" in schema:
            schema, base = schema_set().resolve(schema, base)
        return {
            k: (f"iq-{v}" if k == "format" and isinstance(v, str) else _inlined(v, base))
            for k, v in schema.items()
            if k not in ("$defs", "$id", "$schema", "examples", "version")
        }
    if isinstance(schema, list):
        return [_inlined(v, base) for v in schema]
    return schema


def _strategy(name: str) -> st.SearchStrategy[dict[str, Any]]:
    doc = schema_set().documents[name]
    return _values(_inlined(doc, doc["$id"]))


def _values(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against ``schema``: objects and arrays walked here, every leaf from hypothesis-jsonschema.

    hypothesis-jsonschema 0.23.1 cannot draw objects with the locked Hypothesis (its object
    strategy calls ``many.more()``, which Hypothesis has removed); its leaf strategies (patterns,
    formats, numeric bounds, enums) work and are what matter here.
    """
    if schema.get("type") == "object":
        required = set(schema.get("required", []))
        props = schema["properties"]
        return st.fixed_dictionaries(
            {k: _values(v) for k, v in props.items() if k in required},
            optional={k: _values(v) for k, v in props.items() if k not in required},
        )
    if schema.get("type") == "array":
        return st.lists(
            _values(schema["items"]),
            min_size=schema.get("minItems", 0),
            max_size=schema.get("maxItems", 4),
            unique_by=(lambda v: json.dumps(v, sort_keys=True)) if schema.get("uniqueItems") else None,
        )
    if schema.get("type") == "string" and not ({"pattern", "format"} & set(schema)):
        low, high = schema.get("minLength", 0), schema["maxLength"]
        # free text: any length the schema allows, now and then the longest it allows
        return st.one_of(st.text(TEXT, min_size=low, max_size=high), st.builds(lambda ch: ch * high, TEXT))
    return from_schema(
        schema, custom_formats={"iq-date": DATES, "iq-email": EMAILS}, allow_x00=False, codec="utf-8"
    ).filter(_loader_can_read)


def _loader_can_read(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_loader_can_read(v) for v in value.values())
    if isinstance(value, list):
        return all(_loader_can_read(v) for v in value)
    if isinstance(value, str):
        return all(
            ch in " \n" or (unicodedata.category(ch) not in _REFUSED and ch not in _NONCHARACTERS) for ch in value
        )
    return True


def repair(offer: dict[str, Any], provider_id: str, index: int) -> dict[str, Any]:
    """Make a schema-valid offer pass the cross-field checks of generator/offer_checks.py.

    Deterministic and minimal: only what a check would reject is changed, everything else is
    kept as generated.
    """
    offer = copy.deepcopy(offer)
    offer["id"] = f"{offer['id'][:70].rstrip('-')}-{index}"
    offer["provider"] = provider_id
    fmt = offer["format"]
    for j, place in enumerate(fmt.get("places", [])):
        place["id"] = f"ort-{j}"
    fmt["online_only"] = not fmt.get("places")
    if fmt["online_only"] and fmt["mode"] == "in_person":
        fmt["mode"] = "online_live"
    sched = offer["schedule"]
    if sched["alongside_work"] and "learning_time" not in sched:
        sched["learning_time"] = "outside_work"
    if not sched["alongside_work"] and sched.get("learning_time") == "during_work":
        sched["learning_time"] = "outside_work"
    hours = [m["hours"] for m in offer.get("modules", []) if "hours" in m]
    if sum(hours) > sched["total_hours"]:
        if sum(hours) <= 5000:
            sched["total_hours"] = sum(hours)
        else:
            for module in offer["modules"]:
                module.pop("hours", None)
    place_ids = [p["id"] for p in fmt.get("places", [])]
    for k, run in enumerate(offer.get("runs", [])):
        run["id"] = f"lauf-{k}"
        run["start"], run["end"] = sorted((run["start"], run["end"]))
        if run.get("application_deadline", "") > run["start"]:
            run["application_deadline"] = run["start"]
        if "place" in run:
            if place_ids:
                run["place"] = place_ids[k % len(place_ids)]
            else:
                del run["place"]
        for item in run.get("sessions", []) + run.get("exams", []):
            if "end_date" in item:
                item["date"], item["end_date"] = sorted((item["date"], item["end_date"]))
            if "start_time" in item and "end_time" in item and "end_date" not in item:
                item["start_time"], item["end_time"] = sorted((item["start_time"], item["end_time"]))
                if item["start_time"] == item["end_time"]:
                    del item["end_time"]
    if not offer.get("runs"):
        offer["rolling_start"] = True
    costs = offer["costs"]
    if costs["free_of_charge"] and costs.get("price_eur"):
        costs["price_eur"] = 0
    if not costs["free_of_charge"] and "price_eur" not in costs:
        costs["price_eur"] = 150
    pub = offer["publication"]
    pub["published_from"] = min(pub["published_from"], TODAY.isoformat())  # most offers are listed
    if "published_until" in pub and pub["published_until"] < pub["published_from"]:
        pub["published_from"], pub["published_until"] = pub["published_until"], pub["published_from"]
    pub["last_reviewed"] = min(pub["last_reviewed"], TODAY.isoformat())
    return offer


def _write(folder: Path, data: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=80)
    (folder / f"{data['id']}.yaml").write_text(text, encoding="utf-8")


def _check_feed(relative: str, content: bytes, rows_per_offer: dict[str, int]) -> None:
    if relative.startswith("kursnet/"):
        assert xsd.errors(content) == [], relative
    elif relative.endswith(".ics"):
        cal = icalendar.Calendar.from_ical(content)
        assert cal.walk("VTIMEZONE")
    elif relative.endswith(".csv"):
        text = content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        assert {len(r) for r in rows} == {len(rows[0])}, "every CSV row has as many cells as the header"
        assert len(rows) - 1 == sum(rows_per_offer.values())
    elif relative.endswith((".json", ".jsonld")):
        json.loads(content)
    elif relative.endswith(".atom"):
        etree.fromstring(content, xsd.SAFE_PARSER)
    elif relative.endswith(".xlsx"):
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        cells = list(sheet.iter_rows(values_only=True))
        assert {len(r) for r in cells} == {len(cells[0])}, "every sheet row has as many cells as the header"
        assert len(cells) - 1 == sum(rows_per_offer.values())


@pytest.fixture(scope="module", autouse=True)
def _report_stats() -> Any:
    """After the run: say what was generated and built, and fail if the strategy stopped reaching a feed."""
    yield
    print("\nproperty test:", dict(STATS))  # shown with pytest -s or -rP
    if STATS["offers generated"]:
        assert STATS["offers accepted"] == STATS["offers generated"]
        assert all(STATS[f"feed {name}"] for name in FEED_MODULES), "every feed was built from generated offers"


@settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(provider=_strategy(PROVIDER_SCHEMA), offers=st.lists(_strategy(OFFER_SCHEMA), min_size=1, max_size=3))
def test_every_schema_valid_offer_builds(
    tmp_path_factory: pytest.TempPathFactory, provider: dict[str, Any], offers: list[dict[str, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("catalogue") / "offers"
    _write(folder / "providers", provider)
    offers = [repair(offer, provider["id"], i) for i, offer in enumerate(offers)]
    for offer in offers:
        _write(folder, offer)
    STATS["offers generated"] += len(offers)

    result = check_catalogue(folder, TODAY)
    assert not result.errors, sorted({f"{p.field}: {p.message}" for p in result.errors})
    STATS["offers accepted"] += len(result.offers)
    detailed = schema_set().validator(OFFER_SCHEMA)
    assert all(not list(detailed.iter_errors(ly.data)) for ly in result.offers), "both validators accept them"

    catalogue = load_catalogue(folder, TODAY)
    listed = catalogue.listed()
    STATS["offers listed"] += len(listed)
    rows = {o.id: max(1, len(o.upcoming_runs(TODAY))) for o in listed}
    ctx = FeedContext(catalogue=catalogue, site_url=SITE_URL, build_time=build_time())
    feeds: dict[str, bytes] = {}
    for name in FEED_MODULES:
        files = writer(name)(ctx)
        for relative, data in files.items():
            _check_feed(relative, data, rows)
        STATS["feed files checked"] += len(files)
        STATS[f"feed {name}"] += bool(files)
        feeds.update(files)

    content = build_site_content(catalogue, SITE_URL, SCHEMA_DIR)
    assert CATALOGUE_SRC_URI in content.pages
    assert {f"angebote/{o['id']}/" for o in offers} == {page.path for page in content.stamped}
    assert {f"feeds/{k}": v for k, v in feeds.items()}.items() <= content.assets.items(), "the site has the same feeds"
    shutil.rmtree(folder.parent)
