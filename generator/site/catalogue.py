"""The catalogue page "Angebote finden": facets, their values per offer, the data file and the result pages.

The page does not grow with the catalogue. It ships:

- ``assets/data/katalog.json``: for every listed offer, in the default order (soonest start
  first), only what the filters, counts and sorting need, as compact columns: each column is a
  table of the distinct values and one short code per offer (``encode_column``). The facet
  values come from the same ``Facet.values_of`` that ``matches`` uses, the first start from
  ``start_dates`` (in days after the build day), the places from ``offer_points``: catalogue.js
  filters and counts on the data the Python reference ``matches``/``matches_distance`` decides on.
- ``assets/data/karten/<version>/<row>.json``: one small file per result card (title, summary,
  facts, provider); the script fetches only the cards it is about to show. ``ids/<n>.json``
  beside them map offer ids to rows (the Merkliste knows ids only), sharded by a hash.
- ``assets/data/katalog-orte.json``: the places' centroids per row (``None``: online), loaded with
  the postcode table when someone types a postcode.
- ``assets/data/titel.json``: the titles in row order, loaded with the first full-text search
  (search.js weighs a word in the title higher).

Without JavaScript the page shows the first ``CARDS_PER_PAGE`` cards and links to static list
pages (``angebote/seite/2/`` …) with the same card markup, so every offer stays reachable.

The distance search ("Umkreissuche") uses the centroids of the offers' postcodes (computed here
from ``generator.postcodes``); the browser loads the postcode table (``assets/data/postleitzahlen.csv``)
only when someone types a postcode. ``matches_distance`` is its Python reference.
"""

from __future__ import annotations

import hashlib
import json
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
# Without JavaScript: this many cards on the catalogue page and on each list page angebote/seite/<n>/.
CARDS_PER_PAGE = 50
LIST_PAGE_DIR = "angebote/seite"
DATA_URI = "assets/data/katalog.json"
# The places' centroids per row: loaded with the postcode table, when a postcode is typed.
PLACES_URI = "assets/data/katalog-orte.json"
TITLES_URI = "assets/data/titel.json"
CARDS_DIR = "assets/data/karten"
# Offers per file of the id → row map (the Merkliste looks up a handful of ids).
IDS_PER_SHARD = 128
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


def card_facts(offer: Offer, today: date, lab: Labels) -> list[tuple[str, str]]:
    """The facts an adviser decides on, in the order of the offer page's "Auf einen Blick"."""
    d = offer.data
    return [
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
    ]


def card(offer: Offer, today: date, lab: Labels) -> dict[str, Any]:
    """One result card: what the server renders and what ``karten/<row>.json`` holds for the script."""
    return {
        "id": offer.id,
        "title": offer.title,
        "summary": offer.data["summary"],
        "facts": card_facts(offer, today, lab),
        "provider": offer.provider.name,
    }


def card_json(c: dict[str, Any]) -> dict[str, Any]:
    """The card file: the fact labels are the same for every card and travel once, in the data file."""
    return {"id": c["id"], "t": c["title"], "s": c["summary"], "f": [v for _, v in c["facts"]], "p": c["provider"]}


def sort_key(offer: Offer, today: date) -> tuple[int, str, str]:
    """Soonest start first, rolling start next, then by title: what an adviser can book now."""
    starts = start_dates(offer, today)
    if starts:
        return (0, starts[0].isoformat(), offer.title.casefold())
    return (1, "", offer.title.casefold())


def ordered(catalogue: Catalogue) -> list[Offer]:
    """The listed offers in the default order; an offer's position here is its row in the data file."""
    return sorted(catalogue.listed(), key=lambda o: sort_key(o, catalogue.today))


def option_counts(catalogue: Catalogue, groups: list[Facet]) -> dict[str, dict[str, int]]:
    """Unfiltered counts per option (the no-JS view shows them; the script updates them)."""
    counts = {f.param: dict.fromkeys(f.options, 0) for f in groups}
    for offer in catalogue.listed():
        for f in groups:
            for value in set(f.values_of(offer)):
                if value in counts[f.param]:
                    counts[f.param][value] += 1
    return counts


# ---------- the data file ----------

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def encode_ints(numbers: list[int]) -> dict[str, Any]:
    """Non-negative integers as fixed-width base-64 digits: ``{"w": width, "c": "…"}``."""
    width = 1
    while numbers and max(numbers) >= 64**width:
        width += 1
    digits = []
    for n in numbers:
        digits.append("".join(_B64[(n >> (6 * k)) & 63] for k in range(width - 1, -1, -1)))
    return {"w": width, "c": "".join(digits)}


def decode_ints(encoded: dict[str, Any]) -> list[int]:
    """The inverse of ``encode_ints`` (what catalogue.js does; used by the tests)."""
    width, text = encoded["w"], encoded["c"]
    out = []
    for i in range(0, len(text), width):
        n = 0
        for ch in text[i : i + width]:
            n = n * 64 + _B64.index(ch)
        out.append(n)
    return out


def encode_column(values: list[Any]) -> dict[str, Any]:
    """One value per offer → ``{"v": [distinct values], "w": width, "c": codes}``: a facet column of
    10,000 offers with 40 distinct combinations costs 10,000 letters."""
    table: list[Any] = []
    index: dict[Any, int] = {}
    codes = []
    for value in values:
        key = _hashable(value)
        if key not in index:
            index[key] = len(table)
            table.append(value)
        codes.append(index[key])
    return {"v": table, **encode_ints(codes)}


def _hashable(value: Any) -> Any:
    """Lists (of lists) as tuples, so a value can be a dict key."""
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


def decode_column(column: dict[str, Any]) -> list[Any]:
    return [column["v"][code] for code in decode_ints(column)]


def id_shard(offer_id: str, shards: int) -> int:
    """FNV-1a (32 bit) of the id, modulo the number of shards; merkliste.js computes the same."""
    h = 0x811C9DC5
    for ch in offer_id:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def first_start_days(offer: Offer, today: date) -> int | None:
    starts = start_dates(offer, today)
    return (min(starts) - today).days if starts else None


def geo_value(offer: Offer) -> list[list[float]] | None:
    """None for online offers (the distance search keeps them), else the places' centroids."""
    if is_online(offer):
        return None
    return [[round(lat, 3), round(lon, 3)] for lat, lon in offer_points(offer)]


@dataclass(frozen=True)
class CatalogueData:
    """Everything the catalogue page ships, computed once per build."""

    offers: list[Offer]  # rows: the listed offers in the default order
    cards: list[dict[str, Any]]
    card_files: list[bytes]  # karten/<version>/<row>.json
    index: dict[str, Any]  # katalog.json
    places: dict[str, Any]  # katalog-orte.json: the "geo" column
    version: str  # content hash: the card folder's name and the data file's cache key


def catalogue_data(catalogue: Catalogue, lab: Labels | None = None) -> CatalogueData:
    lab = lab or labels()
    today = catalogue.today
    groups = facets(lab)
    offers = ordered(catalogue)
    cards = [card(o, today, lab) for o in offers]
    by_id = sorted(range(len(offers)), key=lambda r: offers[r].id)
    rank = [0] * len(offers)
    for position, row in enumerate(by_id):
        rank[row] = position  # Pagefind's n-th page is the n-th offer id in code-point order
    index: dict[str, Any] = {
        "n": len(offers),
        "today": today.isoformat(),
        "labels": [label for label, _ in cards[0]["facts"]] if cards else [],
        "facets": {f.param: encode_column([sorted(set(f.values_of(o))) for o in offers]) for f in groups},
        "level": encode_column([CEFR_ORDER.index(o.german_level) for o in offers]),
        # The first start ahead, in days after the build day (None: none ahead): every start window
        # begins today, so "a start within the window" is "the first start within it" (matches_start).
        "start": encode_column([first_start_days(o, today) for o in offers]),
        "rolling": encode_column([1 if o.rolling_start else 0 for o in offers]),
        "rank": encode_ints(rank),
        "shards": max(1, -(-len(offers) // IDS_PER_SHARD)),
    }
    places = {"geo": encode_column([geo_value(o) for o in offers])}
    card_files = [_json(card_json(c)) for c in cards]
    digest = hashlib.sha256(_json([index, places]))
    for content in card_files:
        digest.update(content)
    return CatalogueData(
        offers=offers,
        cards=cards,
        card_files=card_files,
        index=index,
        places=places,
        version=digest.hexdigest()[:12],
    )


_last: tuple[Catalogue, Labels | None, CatalogueData] | None = None


def cached_data(catalogue: Catalogue, lab: Labels | None) -> CatalogueData:
    """Pages and assets of one build share one computation (the last catalogue asked for)."""
    global _last
    if _last is None or _last[0] is not catalogue or _last[1] is not lab:
        _last = (catalogue, lab, catalogue_data(catalogue, lab))
    return _last[2]


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def catalogue_assets(catalogue: Catalogue | None = None, lab: Labels | None = None) -> dict[str, bytes]:
    """The postcode table of the distance search and, given a catalogue, the data file, titles and cards."""
    out = {POSTCODES_ASSET: POSTCODES_FILE.read_bytes()}
    if catalogue is None:
        return out
    data = cached_data(catalogue, lab)
    out[DATA_URI] = _json({**data.index, "version": data.version})
    out[PLACES_URI] = _json(data.places)
    out[TITLES_URI] = _json([o.title for o in data.offers])
    folder = f"{CARDS_DIR}/{data.version}"
    for row in range(len(data.cards)):
        out[f"{folder}/{row}.json"] = data.card_files[row]
    shards: list[dict[str, int]] = [{} for _ in range(data.index["shards"])]
    for row, offer in enumerate(data.offers):
        shards[id_shard(offer.id, len(shards))][offer.id] = row
    for number, shard in enumerate(shards):
        out[f"{folder}/ids/{number}.json"] = _json(shard)
    return out


# ---------- pages ----------


def list_page_uri(number: int) -> str:
    """Page 1 is the catalogue itself; page n > 1 is ``angebote/seite/<n>/``."""
    return CATALOGUE_SRC_URI if number == 1 else f"{LIST_PAGE_DIR}/{number}.md"


def pagination(current: int, total: int, prefix: str) -> list[dict[str, Any]]:
    """Links of the no-JS page navigation: first, last, and two either side of the current page."""
    shown = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    out: list[dict[str, Any]] = []
    for number in shown:
        if out and number - out[-1]["number"] > 1:
            out.append({"number": None})
        href = prefix + ("" if number == 1 else f"seite/{number}/")
        out.append({"number": number, "href": href or "./", "current": number == current})
    return out


def page_nav(current: int, total: int, prefix: str) -> dict[str, Any]:
    def href(number: int) -> str:
        return (prefix + ("" if number == 1 else f"seite/{number}/")) or "./"

    return {
        "current": current,
        "total": total,
        "links": pagination(current, total, prefix),
        "prev": href(current - 1) if current > 1 else None,
        "next": href(current + 1) if current < total else None,
    }


def catalogue_body_html(catalogue: Catalogue, lab: Labels | None = None) -> str:
    data = cached_data(catalogue, lab)
    lab = lab or labels()
    groups = facets(lab)
    today = catalogue.today
    total = len(data.offers)
    pages = max(1, -(-total // CARDS_PER_PAGE))
    counts = option_counts(catalogue, groups)
    # Only show options that occur in the catalogue: 16 Länder with 15 zeros help nobody.
    shown = [(f, {v: label for v, label in f.options.items() if counts[f.param][v]}) for f in groups]
    return render(
        "catalogue_body.html.jinja",
        groups=[(f, opts) for f, opts in shown if opts],
        counts=counts,
        cards=data.cards[:CARDS_PER_PAGE],
        href_prefix="",
        nav=page_nav(1, pages, "") if pages > 1 else None,
        per_page=CARDS_PER_PAGE,
        version=data.version,
        levels=lab.options("language", "german_level_required"),
        level_order=CEFR_ORDER,
        windows=START_WINDOWS,
        rolling_label=lab.field("rolling_start"),
        today=today,
        today_text=de_date(today),
        total=total,
        radii=RADII_KM,
        default_radius=DEFAULT_RADIUS_KM,
        collapsed=COLLAPSED_FACETS,
        postcodes_asset=POSTCODES_ASSET,
    )


def list_page_html(catalogue: Catalogue, number: int, lab: Labels | None = None) -> str:
    """List page ``number`` (≥ 2) of the no-JS view: the same cards, 50 a page, and the page navigation."""
    data = cached_data(catalogue, lab)
    total = len(data.offers)
    pages = max(1, -(-total // CARDS_PER_PAGE))
    first = (number - 1) * CARDS_PER_PAGE
    return render(
        "catalogue_list.html.jinja",
        cards=data.cards[first : first + CARDS_PER_PAGE],
        href_prefix="../../",
        nav=page_nav(number, pages, "../../"),
        first=first + 1,
        last=min(total, first + CARDS_PER_PAGE),
        total=total,
        today_text=de_date(catalogue.today),
    )


FRONT = (
    "---\ntitle: {title}\ntemplate: {template}\n"
    "description: Alle aktuellen IQ-Qualifizierungsangebote mit Filtern und Volltextsuche.\n"
    "hide:\n- navigation\n- toc\n---\n\n"
)


def render_catalogue_page(catalogue: Catalogue, lab: Labels | None = None) -> str:
    """The generated Markdown file of ``angebote/`` (front matter + HTML)."""
    front = FRONT.format(title="Angebote finden", template=CATALOGUE_TEMPLATE)
    return front + catalogue_body_html(catalogue, lab) + "\n"


def catalogue_pages(catalogue: Catalogue, lab: Labels | None = None) -> dict[str, str]:
    """``angebote/index.md`` and the list pages ``angebote/seite/<n>.md`` (n ≥ 2) of the no-JS view."""
    data = cached_data(catalogue, lab)
    pages_total = max(1, -(-len(data.offers) // CARDS_PER_PAGE))
    out = {CATALOGUE_SRC_URI: render_catalogue_page(catalogue, lab)}
    for number in range(2, pages_total + 1):
        front = FRONT.format(title=f"Angebote finden – Seite {number} von {pages_total}", template="main.html")
        out[list_page_uri(number)] = front + list_page_html(catalogue, number, lab) + "\n"
    return out
