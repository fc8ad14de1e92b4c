"""schema.org JSON-LD: one ``Course`` per offer, for search engines and portals.

``offer_jsonld(ctx, offer)`` is public: the site embeds its result in every offer page's head
(``<script type="application/ld+json">``, serialised with ``dumps_for_html``), and ``write``
lists the same objects in ``offers.jsonld`` (an ``ItemList``). Page and feed therefore always
describe an offer identically.

Vocabulary choices (checked by the tests against the schema.org vocabulary):
* each upcoming run is a ``CourseInstance`` in ``hasCourseInstance``; an offer with rolling
  start and no fixed run gets one instance without dates, so mode, place and workload still
  show;
* ``courseWorkload`` carries the total hours as an ISO 8601 duration (``PT160H``), and
  ``courseSchedule`` the weekly pace in the form Google's course info documentation gives
  (developers.google.com/search/docs/appearance/structured-data/course-info): ``duration`` of one
  occurrence (the hours per week), ``repeatFrequency`` one of Daily/Weekly/Monthly/Yearly
  (here ``Weekly``), ``repeatCount`` the number of weeks of the run, plus start and end date;
* ``courseMode`` is one value from Google's list: ``Onsite``, ``Online`` or ``Blended``.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

from generator.feeds import FeedContext
from generator.german_format import de_date
from generator.labels import Labels
from generator.model import Offer, Run

FILE_NAME = "offers.jsonld"
CONTEXT = "https://schema.org"

# format.mode -> courseMode, from the values Google's course info documentation lists
COURSE_MODES: dict[str, str] = {
    "in_person": "Onsite",
    "online_live": "Online",
    "self_paced": "Online",
    "blended": "Blended",
}
REPEAT_FREQUENCY = "Weekly"  # Google: Daily, Weekly, Monthly or Yearly
WEEKS_PER_MONTH = 52 / 12
# ISO 639-2/B codes of the schema -> BCP 47 tags (inLanguage); "oth" has no tag and is left out.
BCP47 = {
    "deu": "de",
    "eng": "en",
    "fra": "fr",
    "nld": "nl",
    "dan": "da",
    "nor": "no",
    "swe": "sv",
    "pol": "pl",
    "ita": "it",
    "cze": "cs",
    "svk": "sk",
    "ukr": "uk",
    "rus": "ru",
    "spa": "es",
    "dgs": "gsg",
}
# IQ offers take part in Germany only.
COUNTRY = "DE"


def iso_duration(hours: float) -> str:
    """Hours as an ISO 8601 duration: 160 -> PT160H, 4.5 -> PT4H30M."""
    minutes = round(float(hours) * 60)
    whole, rest = divmod(minutes, 60)
    if rest and whole:
        return f"PT{whole}H{rest}M"
    if rest:
        return f"PT{rest}M"
    return f"PT{whole}H"


def postal_address(address: dict[str, Any], lab: Labels) -> dict[str, Any]:
    """An address mapping of the schema (street, postal_code, city, state) as PostalAddress."""
    result: dict[str, Any] = {"@type": "PostalAddress"}
    if address.get("street"):
        result["streetAddress"] = address["street"]
    if address.get("postal_code"):
        result["postalCode"] = address["postal_code"]
    if address.get("city"):
        result["addressLocality"] = address["city"]
    if address.get("state"):
        result["addressRegion"] = lab.value(("format", "places", 0, "state"), address["state"])
    result["addressCountry"] = COUNTRY
    return result


def _place(place: dict[str, Any], lab: Labels) -> dict[str, Any]:
    return {"@type": "Place", "name": place["name"], "address": postal_address(place, lab)}


def _locations(ctx: FeedContext, offer: Offer, place: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Where a run happens: its place, and a VirtualLocation for every online part."""
    fmt = offer.data["format"]
    result: list[dict[str, Any]] = []
    if place and not fmt.get("online_only"):
        result.append(_place(place, ctx.labels))
    if fmt["mode"] != "in_person" or fmt.get("online_only"):
        result.append({"@type": "VirtualLocation", "url": ctx.offer_url(offer)})
    return result


def _one_or_list(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _schedule(offer: Offer, run: Run | None) -> dict[str, Any] | None:
    """The weekly pace as a Schedule (Google's form), if the offer states its hours per week:
    one occurrence of that many hours, weekly, for the weeks of the run (or of its stated length)."""
    hours = offer.data["schedule"].get("hours_per_week")
    if not hours:
        return None
    schedule: dict[str, Any] = {"@type": "Schedule", "duration": iso_duration(hours)}
    schedule["repeatFrequency"] = REPEAT_FREQUENCY
    if run is not None:
        schedule["repeatCount"] = max(1, math.ceil(((run.end - run.start).days + 1) / 7))
        schedule["startDate"] = run.start.isoformat()
        schedule["endDate"] = run.end.isoformat()
    elif offer.data["schedule"].get("duration_months"):
        schedule["repeatCount"] = max(1, round(float(offer.data["schedule"]["duration_months"]) * WEEKS_PER_MONTH))
    return schedule


def _instance_offer(offer: Offer, run: Run) -> dict[str, Any]:
    result = _price(offer)
    if run.application_deadline:
        result["validThrough"] = run.application_deadline.isoformat()
    status = run.data.get("status")
    if status in ("open", "few_seats"):
        result["availability"] = (
            "https://schema.org/InStock" if status == "open" else "https://schema.org/LimitedAvailability"
        )
    elif status in ("full", "cancelled"):
        result["availability"] = "https://schema.org/SoldOut" if status == "full" else "https://schema.org/Discontinued"
    return result


def _instance(ctx: FeedContext, offer: Offer, run: Run | None) -> dict[str, Any]:
    """A CourseInstance for a run, or (run None) for an offer with rolling start."""
    url = ctx.offer_url(offer)
    instance: dict[str, Any] = {"@type": "CourseInstance"}
    if run is not None:
        instance["@id"] = f"{url}#durchfuehrung-{run.id}"
        instance["identifier"] = run.id
        instance["name"] = f"{offer.title} ({de_date(run.start)}–{de_date(run.end)})"
        instance["startDate"] = run.start.isoformat()
        instance["endDate"] = run.end.isoformat()
        if run.data.get("status") == "cancelled":
            instance["eventStatus"] = "https://schema.org/EventCancelled"
    else:
        instance["@id"] = f"{url}#einstieg-jederzeit"
        instance["name"] = f"{offer.title} ({ctx.labels.field('rolling_start')})"
    instance["url"] = url
    instance["courseMode"] = COURSE_MODES[offer.data["format"]["mode"]]
    locations = _locations(ctx, offer, run.place if run else (offer.places[0] if offer.places else None))
    if locations:
        instance["location"] = _one_or_list(locations)
    total = offer.data["schedule"].get("total_hours")
    if total:
        instance["courseWorkload"] = iso_duration(total)
    schedule = _schedule(offer, run)
    if schedule:
        instance["courseSchedule"] = schedule
    if run is not None:
        if run.data.get("seats"):
            instance["maximumAttendeeCapacity"] = run.data["seats"]
        if run.data.get("time_note"):
            instance["description"] = run.data["time_note"]
        instance["offers"] = _instance_offer(offer, run)
    return instance


def _price(offer: Offer) -> dict[str, Any]:
    costs = offer.data["costs"]
    result: dict[str, Any] = {"@type": "Offer"}
    if costs.get("free_of_charge"):
        result["price"] = 0
        result["category"] = "Free"
    elif costs.get("price_eur") is not None:
        result["price"] = costs["price_eur"]
        result["category"] = "Paid"
    result["priceCurrency"] = "EUR"
    if offer.data["application"].get("url"):
        result["url"] = offer.data["application"]["url"]
    return result


def _prerequisites(offer: Offer, lab: Labels) -> list[str]:
    """Entry requirements as German sentences; the first always names the CEFR level."""
    lang = offer.data["language"]
    level = lang["german_level_required"]
    label = lab.value(("language", "german_level_required"), level)
    text = f"{lab.field('language', 'german_level_required')}: {label}"
    if level != "none":
        text += " (GER)"
    if lang.get("german_level_note"):
        text += f" – {lang['german_level_note']}"
    result = [text]
    req = offer.data["requirements"]
    for key in ("foreign_qualification", "recognition_notice", "employment"):
        value = req.get(key)
        if value and value != "not_required":
            result.append(f"{lab.field('requirements', key)}: {lab.value(('requirements', key), value)}")
    if req.get("equipment"):
        result.append(f"{lab.field('requirements', 'equipment')}: {req['equipment']}")
    result.extend(req.get("other", []))
    return result


def provider_jsonld(offer: Offer, lab: Labels) -> dict[str, Any]:
    """The Träger as EducationalOrganization; the QTV's own name goes into ``department``."""
    provider = offer.provider
    data = provider.data
    org: dict[str, Any] = {"@type": "EducationalOrganization", "name": provider.organisation}
    if data.get("website"):
        org["url"] = data["website"]
    org["address"] = postal_address(data["address"], lab)
    contact = data.get("contact") or {}
    if contact.get("email"):
        org["email"] = contact["email"]
    if contact.get("phone"):
        org["telephone"] = contact["phone"]
    department: dict[str, Any] = {"@type": "EducationalOrganization", "name": provider.name}
    if data.get("website"):
        department["url"] = data["website"]
    org["department"] = department
    org["memberOf"] = {"@type": "Organization", "name": data["network"]}
    return org


def _languages(offer: Offer) -> list[str]:
    codes = offer.data["language"].get("instruction_languages") or []
    return [BCP47[c] for c in codes if c in BCP47]


def offer_jsonld(ctx: FeedContext, offer: Offer, *, with_context: bool = True) -> dict[str, Any]:
    """The schema.org ``Course`` of one offer (for the offer page's head and for ``offers.jsonld``).

    Built once per build and offer: the page head and the feed ask for the same object.
    """
    memo = ctx.memo.setdefault("jsonld", {})
    if offer.id not in memo:
        memo[offer.id] = _course(ctx, offer)
    course = memo[offer.id]
    return {"@context": CONTEXT, **course} if with_context else course


def _course(ctx: FeedContext, offer: Offer) -> dict[str, Any]:
    url = ctx.offer_url(offer)
    data = offer.data
    course: dict[str, Any] = {}
    course["@type"] = "Course"
    course["@id"] = f"{url}#angebot"
    course["identifier"] = offer.id
    course["url"] = url
    course["name"] = offer.title
    course["description"] = data["summary"]
    course["audience"] = {"@type": "EducationalAudience", "audienceType": data["target_group"]}
    languages = _languages(offer)
    if languages:
        course["inLanguage"] = _one_or_list(languages)
    course["coursePrerequisites"] = _one_or_list(_prerequisites(offer, ctx.labels))
    outcome = data["outcome"]
    credential = outcome.get("title") or ctx.labels.value(("outcome", "type"), outcome["type"])
    course["educationalCredentialAwarded"] = credential
    course["learningResourceType"] = ctx.labels.value(("kind",), offer.kind)
    occupations = [o["name"] for o in data["profession"].get("occupations", [])]
    if occupations:
        if outcome.get("leads_to_recognition"):
            course["occupationalCredentialAwarded"] = credential
        course["about"] = [{"@type": "Occupation", "name": name} for name in occupations]
    if data.get("keywords"):
        course["keywords"] = ", ".join(data["keywords"])
    if data["schedule"].get("total_hours"):
        course["timeRequired"] = iso_duration(data["schedule"]["total_hours"])
    course["isAccessibleForFree"] = bool(data["costs"].get("free_of_charge"))
    course["provider"] = provider_jsonld(offer, ctx.labels)
    course["offers"] = _price(offer)
    runs: list[Run | None] = list(offer.upcoming_runs(ctx.catalogue.today))
    if not runs and offer.rolling_start:
        runs = [None]
    if runs:
        course["hasCourseInstance"] = [_instance(ctx, offer, run) for run in runs]
    course["dateModified"] = offer.last_reviewed.isoformat()
    return course


def dumps(data: Any) -> str:
    """Deterministic JSON text (insertion order, UTF-8, two-space indent)."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def dumps_for_html(data: Any) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` escaped so no text ends the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_default)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def catalogue_jsonld(ctx: FeedContext) -> dict[str, Any]:
    """All listed offers as an ItemList of Course, ordered by offer id."""
    offers = sorted(ctx.catalogue.listed(), key=lambda o: o.id)
    return {
        "@context": CONTEXT,
        "@type": "ItemList",
        "@id": ctx.feed_url(FILE_NAME),
        "name": "IQ-Qualifizierungsangebote",
        "url": f"{ctx.site_url.rstrip('/')}/angebote/",
        "numberOfItems": len(offers),
        "itemListOrder": "https://schema.org/ItemListUnordered",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": i,
                "url": ctx.offer_url(o),
                "item": offer_jsonld(ctx, o, with_context=False),
            }
            for i, o in enumerate(offers, start=1)
        ],
    }


def write(ctx: FeedContext) -> dict[str, bytes]:
    return {FILE_NAME: (dumps(catalogue_jsonld(ctx)) + "\n").encode("utf-8")}
