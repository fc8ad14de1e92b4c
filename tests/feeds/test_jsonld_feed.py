"""schema.org JSON-LD: every type and property exists and is used on a type it belongs to."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from schema_org import registry

from generator.feeds import FeedContext
from generator.feeds.jsonld_feed import dumps_for_html, iso_duration, offer_jsonld, write
from tests.feeds.conftest import edited_catalogue, make_context

SCHEMA_ORG = "https://schema.org/"
STRING_TYPES = {
    "Text",
    "URL",
    "Date",
    "DateTime",
    "Time",
    "Duration",
    "PronounceableText",
    "CssSelectorType",
    "XPathType",
}
NUMBER_TYPES = {"Number", "Integer", "Float", "Text"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _lineage(type_name: str) -> set[str]:
    return {type_name, *registry.ancestry(type_name), *registry.DATATYPES.get(type_name, ())}


def vocabulary_problems(node: Any, where: str = "$") -> Iterator[str]:
    """Every use of a type or property that the schema.org vocabulary does not allow."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from vocabulary_problems(item, f"{where}[{i}]")
        return
    if not isinstance(node, dict):
        return
    type_name = node.get("@type")
    if not isinstance(type_name, str) or type_name not in registry.CLASS_METADATA:
        yield f"{where}: unknown @type {type_name!r}"
        return
    lineage = _lineage(type_name)
    for prop, value in node.items():
        if prop.startswith("@"):
            continue
        meta = registry.PROPERTY_BY_SCHEMA.get(prop)
        if meta is None:
            yield f"{where}.{prop}: no such property"
            continue
        if meta.superseded_by:
            yield f"{where}.{prop}: superseded by {meta.superseded_by}"
        if not set(meta.domains) & lineage:
            yield f"{where}.{prop}: not a property of {type_name} (domains {meta.domains})"
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            yield from _range_problems(f"{where}.{prop}[{i}]", meta.ranges, item)
            yield from vocabulary_problems(item, f"{where}.{prop}[{i}]")


def _range_problems(where: str, ranges: tuple[str, ...], value: Any) -> Iterator[str]:
    allowed = set(ranges)
    if isinstance(value, dict):
        if not _lineage(value.get("@type", "")) & allowed:
            yield f"{where}: {value.get('@type')} is not one of {ranges}"
    elif isinstance(value, bool):
        if "Boolean" not in allowed:
            yield f"{where}: boolean not allowed ({ranges})"
    elif isinstance(value, (int, float)):
        if not NUMBER_TYPES & allowed:
            yield f"{where}: number not allowed ({ranges})"
    elif isinstance(value, str):
        member = value.removeprefix(SCHEMA_ORG) if value.startswith(SCHEMA_ORG) else None
        enum_member = registry.ENUM_MEMBER_METADATA.get(member) if member else None
        if enum_member is not None:
            if not any(_lineage(t) & allowed for t in enum_member.types):
                yield f"{where}: {member} is not a member of {ranges}"
        elif DATE_RE.match(value) and not {"Date", "DateTime", "Text"} & allowed:
            yield f"{where}: date not allowed ({ranges})"
        elif not STRING_TYPES & allowed:
            yield f"{where}: text not allowed ({ranges})"
    else:
        yield f"{where}: unexpected value {value!r}"


def test_checker_rejects_wrong_vocabulary() -> None:
    """The checker itself must fail on unknown types, unknown and misplaced properties."""
    bad = {
        "@type": "Course",
        "courseMode": "online",  # CourseInstance only
        "noSuchProperty": 1,
        "provider": {"@type": "NoSuchType"},
        "hasCourseInstance": {"@type": "Place", "name": "x"},  # wrong range
        "isAccessibleForFree": "yes",  # text for Boolean
    }
    problems = list(vocabulary_problems(bad))
    assert any("courseMode: not a property of Course" in p for p in problems)
    assert any("noSuchProperty: no such property" in p for p in problems)
    assert any("unknown @type 'NoSuchType'" in p for p in problems)
    assert any("Place is not one of" in p for p in problems)
    assert any("isAccessibleForFree" in p and "text not allowed" in p for p in problems)
    # Inherited domains count: name (Thing) and inLanguage (CreativeWork) on Course are fine.
    assert not list(vocabulary_problems({"@type": "Course", "name": "x", "inLanguage": "de"}))


def test_catalogue_feed_uses_only_schema_org_vocabulary(ctx: FeedContext) -> None:
    data = json.loads(write(ctx)["offers.jsonld"])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ItemList"
    assert list(vocabulary_problems(data)) == []
    listed = sorted(o.id for o in ctx.catalogue.listed())
    assert [e["item"]["identifier"] for e in data["itemListElement"]] == listed
    assert [e["position"] for e in data["itemListElement"]] == list(range(1, len(listed) + 1))
    assert data["numberOfItems"] == len(listed)


def test_every_offer_page_object_is_valid(ctx: FeedContext) -> None:
    for offer in ctx.catalogue.listed():
        course = offer_jsonld(ctx, offer)
        assert course["@context"] == "https://schema.org"
        assert list(vocabulary_problems(course)) == [], offer.id
        assert course["url"] == ctx.offer_url(offer)
        assert course["offers"]["priceCurrency"] == "EUR"
        level = offer.german_level
        prerequisites = course["coursePrerequisites"]
        first = prerequisites if isinstance(prerequisites, str) else prerequisites[0]
        assert (level in first) if level != "none" else "keine" in first
        runs = offer.upcoming_runs(ctx.catalogue.today)
        instances = course.get("hasCourseInstance", [])
        if runs:
            assert [i["startDate"] for i in instances] == [r.start.isoformat() for r in runs]
            assert [i["endDate"] for i in instances] == [r.end.isoformat() for r in runs]
        elif offer.rolling_start:
            assert len(instances) == 1 and "startDate" not in instances[0]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_modes_locations_and_workload(tmp_path: Path) -> None:
    def online_only(data: dict[str, Any]) -> None:
        data["id"] = "online-nur"
        data["format"] = {"mode": "online_live", "setting": "group", "online_only": True, "region": ["BW", "BY"]}
        for run in data["runs"]:
            run.pop("place", None)
        data["schedule"]["hours_per_week"] = 2.75
        data["schedule"]["total_hours"] = 100
        data.pop("modules", None)
        data["language"]["german_level_required"] = "B1"

    catalogue = edited_catalogue(
        tmp_path,
        {"aerztinnen-kenntnispruefung-kompaktseminar": lambda d: None, "erzieherinnen-anpassungslehrgang": online_only},
    )
    ctx = make_context(catalogue)
    onsite = offer_jsonld(ctx, catalogue.by_id["aerztinnen-kenntnispruefung-kompaktseminar"])
    instance = onsite["hasCourseInstance"][0]
    assert instance["courseMode"] == "Onsite"  # one value from Google's list
    place = instance["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Königstraße 48",
        "postalCode": "70173",
        "addressLocality": "Stuttgart",
        "addressRegion": "Baden-Württemberg",
        "addressCountry": "DE",
    }
    assert instance["courseWorkload"] == "PT160H"
    schedule = instance["courseSchedule"]
    assert schedule["repeatFrequency"] == "Weekly" and schedule["duration"] == "PT4H30M"
    run = catalogue.by_id["aerztinnen-kenntnispruefung-kompaktseminar"].upcoming_runs(catalogue.today)[0]
    weeks = -(-((run.end - run.start).days + 1) // 7)
    assert schedule["repeatCount"] == weeks and schedule["startDate"] == run.start.isoformat()
    assert onsite["provider"]["@type"] == "EducationalOrganization"
    assert onsite["provider"]["address"]["@type"] == "PostalAddress"
    assert onsite["offers"]["price"] == 0

    online = offer_jsonld(ctx, catalogue.by_id["online-nur"])
    assert list(vocabulary_problems(online)) == []
    for inst in online["hasCourseInstance"]:
        assert inst["courseMode"] == "Online"
        assert [loc["@type"] for loc in _as_list(inst["location"])] == ["VirtualLocation"]
        assert inst["courseSchedule"]["duration"] == "PT2H45M"
    assert "B1" in _as_list(online["coursePrerequisites"])[0]


def test_iso_duration() -> None:
    assert iso_duration(160) == "PT160H"
    assert iso_duration(4.5) == "PT4H30M"
    assert iso_duration(0.25) == "PT15M"


def test_html_embedding_cannot_close_the_script_element(tmp_path: Path) -> None:
    def evil(data: dict[str, Any]) -> None:
        data["title"] = "Kurs </script><script>alert(1)</script> & mehr"

    catalogue = edited_catalogue(tmp_path, {"aerztinnen-kenntnispruefung-kompaktseminar": evil})
    ctx = make_context(catalogue)
    course = offer_jsonld(ctx, catalogue.offers[0])
    text = dumps_for_html(course)
    assert "</" not in text and "<" not in text
    assert json.loads(text)["name"] == "Kurs </script><script>alert(1)</script> & mehr"


def test_two_renders_are_byte_identical(ctx: FeedContext) -> None:
    assert write(ctx) == write(make_context(ctx.catalogue))
