"""The catalogue page "Angebote finden": facets, their tokens per offer, and the result list.

Every listed offer is rendered server-side as one result card (the no-JS view). Each card
carries its facet tokens in ``data-f`` (``st:BE k:bridge_measure …``), its start dates in
``data-starts`` and its German entry level in ``data-level``; ``catalogue.js`` filters and counts on
those, so no second request is needed and the cards and the facets can never disagree.
``matches`` is the same logic in Python: the reference the browser tests compare against.

The distance search ("Umkreissuche") works the same way: each card carries the centroids of its
places' postcodes (``data-geo``, computed here at build time from ``generator.postcodes``) or
``data-online``; the browser loads the postcode table (``assets/data/postleitzahlen.csv``) only
when someone types a postcode. ``matches_distance`` is its Python reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.dates import add_months
from generator.german_format import de_date, de_number, months_text, yes_no
from generator.labels import Labels, labels
from generator.model import CEFR_ORDER, Catalogue, Offer
from generator.postcodes import POSTCODES_FILE, centroid, distance_km
from generator.site.offer_page import costs_text, next_start_text, places_text
from generator.site.templating import render

CATALOGUE_SRC_URI = "angebote/index.md"
CATALOGUE_TEMPLATE = "catalogue.html"
START_WINDOWS = (3, 6, 12)
# Radius choices of the distance search in km; the first-time default is 50 (a day's commute).
RADII_KM = (10, 25, 50, 100, 200)
DEFAULT_RADIUS_KM = 50
# Where the postcode table is published; catalogue.js fetches it on the first postcode typed.
POSTCODES_ASSET = "assets/data/postleitzahlen.csv"
# Facet groups an adviser uses less often start collapsed (a ticked box opens its group).
COLLAPSED_FACETS = frozenset({"feld", "berufsbegleitend", "kosten", "hilfe", "sprache"})
# Childcare values that count for the "Kinderbetreuung" facet (not "help_finding"/"none").
CHILDCARE_VALUES = ("provided", "children_welcome")


@dataclass(frozen=True)
class Facet:
    """A group of checkboxes; values inside a group are OR-ed, groups are AND-ed.

    ``param`` is the query-string key, so ``?land=BE&land=BB&art=bridge_measure`` reproduces a view.
    """

    param: str
    legend: str
    options: dict[str, str]
    values_of: Callable[[Offer], Iterable[str]]
    combine: str = "any"  # "any": OR inside the group; "all": every ticked box must hold


@dataclass
class Selection:
    """A filter state, as the query string describes it."""

    checked: dict[str, set[str]] = field(default_factory=dict)
    level: str = ""
    start: str = ""  # "", "3", "6", "12", "jederzeit"
    origin: tuple[float, float] | None = None  # centroid of the client's postcode (``plz``)
    radius_km: float = DEFAULT_RADIUS_KM  # ``umkreis``


def learning_times(offer: Offer) -> list[str]:
    """Alongside-work facet values; "both" counts as during and outside working time."""
    sched = offer.data["schedule"]
    if not sched["alongside_work"]:
        return []
    when = sched.get("learning_time")
    if when == "both" or when is None:
        return ["during_work", "outside_work"]
    return [when]


def support_values(offer: Offer) -> list[str]:
    s = offer.data["support"]
    out = []
    if s.get("childcare") in CHILDCARE_VALUES:
        out.append("childcare")
    if s.get("equipment_loan"):
        out.append("equipment_loan")
    if s.get("mentoring"):
        out.append("mentoring")
    return out


def facets(lab: Labels | None = None) -> list[Facet]:
    """The facet groups, labels from the schema, in the order an adviser asks the questions."""
    lab = lab or labels()
    lt = lab.options("schedule", "learning_time")
    return [
        Facet("land", lab.field("format", "region"), lab.options("format", "region", 0), lambda o: o.states),
        Facet("art", lab.field("kind"), lab.options("kind"), lambda o: [o.kind]),
        Facet(
            "feld",
            lab.field("profession", "fields"),
            lab.options("profession", "fields", 0),
            lambda o: o.data["profession"]["fields"],
        ),
        Facet(
            "lernform", lab.field("format", "mode"), lab.options("format", "mode"), lambda o: [o.data["format"]["mode"]]
        ),
        Facet(
            "berufsbegleitend",
            lab.field("schedule", "alongside_work"),
            {k: lt[k] for k in ("during_work", "outside_work")},
            learning_times,
        ),
        Facet(
            "zeit",
            lab.field("schedule", "patterns"),
            lab.options("schedule", "patterns", 0),
            lambda o: o.data["schedule"]["patterns"],
        ),
        Facet(
            "kosten",
            lab.field("costs"),
            {"free": lab.field("costs", "free_of_charge")},
            lambda o: ["free"] if o.data["costs"]["free_of_charge"] else [],
        ),
        Facet(
            "hilfe",
            lab.field("support"),
            {
                "childcare": lab.field("support", "childcare"),
                "equipment_loan": lab.field("support", "equipment_loan"),
                "mentoring": lab.field("support", "mentoring"),
            },
            support_values,
            combine="all",
        ),
        Facet(
            "sprache",
            lab.field("language", "instruction_languages"),
            lab.options("language", "instruction_languages", 0),
            lambda o: o.data["language"].get("instruction_languages", []),
        ),
    ]


def start_dates(offer: Offer, today: date) -> list[date]:
    """Starts that are still ahead (a run that already began cannot be joined)."""
    return [r.start for r in offer.runs if r.start >= today and r.data.get("status") != "cancelled"]


def matches_start(offer: Offer, choice: str, today: date) -> bool:
    """Start filter: within N months (rolling start counts: one can start any time) or rolling only."""
    if not choice:
        return True
    if choice == "jederzeit":
        return offer.rolling_start
    if offer.rolling_start:
        return True
    limit = add_months(today, int(choice))
    return any(today <= d <= limit for d in start_dates(offer, today))


def matches(offer: Offer, sel: Selection, today: date, groups: list[Facet] | None = None, skip: str = "") -> bool:
    """True if an offer passes every active filter (``skip``: leave one group out, for counts)."""
    for facet in groups or facets():
        wanted = sel.checked.get(facet.param) or set()
        if facet.param == skip or not wanted:
            continue
        have = set(facet.values_of(offer))
        if facet.combine == "all" and not wanted <= have:
            return False
        if facet.combine == "any" and not wanted & have:
            return False
    if sel.level and skip != "niveau" and not offer.accepts_level(sel.level):
        return False
    if skip != "beginn" and not matches_start(offer, sel.start, today):
        return False
    return skip == "umkreis" or matches_distance(offer, sel.origin, sel.radius_km)


def is_online(offer: Offer) -> bool:
    """Online offers have no place to travel to: the distance search always keeps them."""
    return bool(offer.data["format"]["online_only"]) or not offer.places


def offer_points(offer: Offer) -> list[tuple[float, float]]:
    """Centroids of the postcodes of an offer's places (unknown postcodes are left out)."""
    points = [centroid(str(p["postal_code"])) for p in offer.places]
    return sorted({p for p in points if p is not None})


def offer_distance_km(offer: Offer, origin: tuple[float, float]) -> float | None:
    """Distance to the nearest place of the offer; None for online offers and unknown postcodes."""
    points = offer_points(offer)
    return min(distance_km(origin, p) for p in points) if points and not is_online(offer) else None


def matches_distance(offer: Offer, origin: tuple[float, float] | None, radius_km: float) -> bool:
    """Within the radius of the client's postcode, or online (no origin: no distance filter)."""
    if origin is None or is_online(offer):
        return True
    dist = offer_distance_km(offer, origin)
    return dist is not None and dist <= radius_km


def geo_attribute(offer: Offer) -> str:
    """``lat,lon;lat,lon`` for ``data-geo`` (three decimals, like the published table)."""
    return ";".join(f"{lat:.3f},{lon:.3f}" for lat, lon in offer_points(offer))


def duration_text(offer: Offer) -> str:
    """ "6 Monate, 120 Stunden (6 pro Woche)": how long and how much, in one line."""
    sched = offer.data["schedule"]
    text = f"{months_text(sched['duration_months'])}, {de_number(sched['total_hours'])} Stunden"
    if sched.get("hours_per_week"):
        text += f" ({de_number(sched['hours_per_week'])} pro Woche)"
    return text


def start_text(offer: Offer, today: date, lab: Labels) -> str:
    """Next start with the application deadline and the seats of that run, if known."""
    text = next_start_text(offer, today, lab)
    run = None if offer.rolling_start else offer.next_run(today)
    if run is None:
        return text
    extra = []
    if run.application_deadline and run.application_deadline >= today and run.start >= today:
        extra.append(f"Anmeldung bis {de_date(run.application_deadline)}")
    if run.data.get("seats"):
        extra.append(f"{run.data['seats']} {lab.field('runs', 0, 'seats')}")
    return f"{text} ({', '.join(extra)})" if extra else text


def facet_tokens(offer: Offer, groups: list[Facet]) -> str:
    return " ".join(f"{f.param}:{v}" for f in groups for v in sorted(set(f.values_of(offer))))


def card(offer: Offer, today: date, lab: Labels, groups: list[Facet]) -> dict[str, Any]:
    """One result: the key facts and the data attributes the script filters on."""
    d = offer.data
    return {
        "offer": offer,
        "href": f"{offer.id}/",
        "tokens": facet_tokens(offer, groups),
        "starts": " ".join(x.isoformat() for x in start_dates(offer, today)),
        "level_index": CEFR_ORDER.index(offer.german_level),
        "geo": "" if is_online(offer) else geo_attribute(offer),
        "online": is_online(offer),
        # The facts an adviser decides on, in the order of the offer page's "Auf einen Blick".
        "facts": [
            (lab.field("kind"), lab.value(("kind",), offer.kind)),
            (lab.field("format", "mode"), lab.value(("format", "mode"), d["format"]["mode"])),
            (
                lab.field("schedule", "patterns"),
                ", ".join(lab.values(("schedule", "patterns", 0), d["schedule"]["patterns"])),
            ),
            (
                lab.field("schedule", "alongside_work"),
                lab.value(("schedule", "learning_time"), d["schedule"]["learning_time"])
                if d["schedule"]["alongside_work"] and d["schedule"].get("learning_time")
                else yes_no(d["schedule"]["alongside_work"]),
            ),
            ("Dauer und Umfang", duration_text(offer)),
            ("Nächster Beginn", start_text(offer, today, lab)),
            (lab.field("format", "places"), places_text(offer, lab)),
            (
                lab.field("language", "german_level_required"),
                lab.value(("language", "german_level_required"), offer.german_level),
            ),
            (lab.field("outcome"), f"{d['outcome']['title']} ({lab.value(('outcome', 'type'), d['outcome']['type'])})"),
            (lab.field("costs"), costs_text(d["costs"], lab)),
        ],
        "provider": offer.provider.name,
    }


def sort_key(offer: Offer, today: date) -> tuple[int, str, str]:
    """Soonest start first, rolling start next, then by title: what an adviser can book now."""
    starts = start_dates(offer, today)
    if starts:
        return (0, starts[0].isoformat(), offer.title.casefold())
    return (1, "", offer.title.casefold())


def option_counts(catalogue: Catalogue, groups: list[Facet]) -> dict[str, dict[str, int]]:
    """Unfiltered counts per option (the no-JS view shows them; the script updates them)."""
    counts = {f.param: dict.fromkeys(f.options, 0) for f in groups}
    for offer in catalogue.listed():
        for f in groups:
            for value in set(f.values_of(offer)):
                if value in counts[f.param]:
                    counts[f.param][value] += 1
    return counts


def catalogue_body_html(catalogue: Catalogue, lab: Labels | None = None) -> str:
    lab = lab or labels()
    groups = facets(lab)
    today = catalogue.today
    listed = sorted(catalogue.listed(), key=lambda o: sort_key(o, today))
    counts = option_counts(catalogue, groups)
    # Only show options that occur in the catalogue: 16 Länder with 15 zeros help nobody.
    shown = [(f, {v: label for v, label in f.options.items() if counts[f.param][v]}) for f in groups]
    return render(
        "catalogue_body.html.jinja",
        groups=[(f, opts) for f, opts in shown if opts],
        counts=counts,
        cards=[card(o, today, lab, groups) for o in listed],
        levels=lab.options("language", "german_level_required"),
        level_order=CEFR_ORDER,
        windows=START_WINDOWS,
        rolling_label=lab.field("rolling_start"),
        today=today,
        today_text=de_date(today),
        total=len(listed),
        radii=RADII_KM,
        default_radius=DEFAULT_RADIUS_KM,
        collapsed=COLLAPSED_FACETS,
        postcodes_asset=POSTCODES_ASSET,
    )


def catalogue_assets() -> dict[str, bytes]:
    """Static files the catalogue needs besides its page: the postcode table of the distance search."""
    return {POSTCODES_ASSET: POSTCODES_FILE.read_bytes()}


def render_catalogue_page(catalogue: Catalogue, lab: Labels | None = None) -> str:
    """The generated Markdown file of ``angebote/`` (front matter + HTML)."""
    front = (
        "---\ntitle: Angebote finden\ntemplate: catalogue.html\n"
        "description: Alle aktuellen IQ-Qualifizierungsangebote mit Filtern und Volltextsuche.\n"
        "hide:\n- navigation\n- toc\n---\n\n"
    )
    return front + catalogue_body_html(catalogue, lab) + "\n"
