"""Offer → page: the view model of one offer and the generated Markdown file for it.

The body is HTML rendered by an autoescaping Jinja template, wrapped in one raw HTML block, so
Markdown never touches text from YAML: ``Teilnehmer*innen … Mentor*innen`` stays exactly as
written and ``<script>`` in a description is shown as text. The facts people search for are in
that body (Pagefind indexes it).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from markupsafe import Markup

from generator.dates import as_date
from generator.german_format import (
    NO,
    YES,
    de_date,
    de_date_long,
    de_euro,
    de_number,
    de_period,
    months_text,
    yes_no,
)
from generator.labels import Labels, labels
from generator.model import Offer, Run
from generator.site.qr import page_qr
from generator.site.search_terms import compound_parts, offer_texts
from generator.site.stamped_pages import StampedPage
from generator.site.templating import render

OFFER_PAGE_DIR = "angebote"
OFFER_TEMPLATE = "offer.html"
OFFER_HIDE = ("navigation", "toc")  # Material's sidebars: an offer page is read and printed whole
EXPIRED_NOTICE = "Dieses Angebot wird nicht mehr angeboten"

# Support features shown as yes/no facts; order = order on the page.
SUPPORT_FLAGS = ("equipment_loan", "rooms", "social_pedagogical", "mentoring", "peer_exchange", "pause_possible")


def offer_src_uri(offer_id: str) -> str:
    """Source path of the generated page; MkDocs turns it into ``angebote/<id>/``."""
    return f"{OFFER_PAGE_DIR}/{offer_id}.md"


@dataclass(frozen=True)
class Fact:
    """One labelled fact: ``label`` from the schema, ``value`` plain text or ``Markup``."""

    label: str
    value: Any
    key: str = ""


def paragraphs(text: str) -> list[str]:
    """Split YAML text at blank lines; single line breaks are joined like in a printed text."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in text.strip().split("\n\n")]
    return [b for b in blocks if b]


def tel_href(number: str) -> str:
    """``tel:`` link target: digits and a leading ``+`` only (RFC 3966 global number)."""
    cleaned = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return f"tel:{cleaned}"


def place_text(place: dict[str, Any]) -> str:
    return f"{place['name']}, {place['street']}, {place['postal_code']} {place['city']}"


def next_start_text(offer: Offer, today: date, lab: Labels) -> str:
    """ "Einstieg jederzeit", the next run's start, or the running run's dates."""
    if offer.rolling_start:
        return lab.field("rolling_start")
    run = offer.next_run(today)
    if run is None:
        return "kein Termin geplant"
    if run.start < today:
        return f"läuft seit {de_date(run.start)} (bis {de_date(run.end)})"
    return de_date(run.start)


def glance_facts(offer: Offer, today: date, lab: Labels) -> list[Fact]:
    """The "Auf einen Blick" box: the answers an adviser needs in the first ten seconds."""
    d = offer.data
    fmt, sched, lang, costs = d["format"], d["schedule"], d["language"], d["costs"]
    facts = [
        Fact(lab.field("kind"), lab.value(("kind",), d["kind"]), "kind"),
        Fact(
            lab.field("format", "mode"),
            f"{lab.value(('format', 'mode'), fmt['mode'])}; {lab.value(('format', 'setting'), fmt['setting'])}",
            "mode",
        ),
    ]
    if sched["alongside_work"]:
        when = sched.get("learning_time")
        alongside = YES + (f" – {lab.value(('schedule', 'learning_time'), when)}" if when else "")
    else:
        alongside = NO
    facts.append(
        Fact(
            lab.field("schedule", "alongside_work"),
            f"{alongside} ({lab.value(('schedule', 'intensity'), sched['intensity'])})",
            "alongside",
        )
    )
    patterns = ", ".join(lab.values(("schedule", "patterns", 0), sched["patterns"]))
    facts.append(Fact(lab.field("schedule", "patterns"), patterns, "patterns"))
    if sched.get("pattern_note"):
        facts.append(Fact(lab.field("schedule", "pattern_note"), sched["pattern_note"], "pattern_note"))
    duration = f"{months_text(sched['duration_months'])}, {de_number(sched['total_hours'])} Stunden insgesamt"
    if sched.get("hours_per_week"):
        duration += f", {de_number(sched['hours_per_week'])} Stunden pro Woche"
    facts.append(Fact("Dauer und Umfang", duration, "duration"))
    facts.append(Fact("Nächster Beginn", next_start_text(offer, today, lab), "start"))
    facts.append(Fact(lab.field("format", "places"), places_text(offer, lab), "place"))
    facts.append(
        Fact(
            lab.field("language", "german_level_required"),
            lab.value(("language", "german_level_required"), lang["german_level_required"]),
            "level",
        )
    )
    outcome = d["outcome"]
    facts.append(
        Fact(lab.field("outcome"), f"{outcome['title']} ({lab.value(('outcome', 'type'), outcome['type'])})", "outcome")
    )
    facts.append(Fact(lab.field("costs"), costs_text(costs, lab), "costs"))
    facts.append(Fact(lab.field("support", "contact"), contact_markup(d["support"]["contact"]), "contact"))
    return facts


def places_text(offer: Offer, lab: Labels) -> str:
    """Where: the places' cities, or "Nur online" with the states people may join from."""
    fmt = offer.data["format"]
    states = ", ".join(lab.values(("format", "region", 0), offer.states))
    if fmt["online_only"] or not offer.places:
        text = lab.field("format", "online_only")
        return f"{text} ({lab.field('format', 'region')}: {states})" if states else text
    cities = ", ".join(sorted({p["city"] for p in offer.places}))
    return cities if states in ("", cities) else f"{cities} ({states})"


def costs_text(costs: dict[str, Any], lab: Labels) -> str:
    if costs["free_of_charge"]:
        return f"{lab.field('costs', 'free_of_charge')}"
    if costs.get("price_eur") is not None:
        return de_euro(costs["price_eur"])
    return "kostenpflichtig"


def contact_markup(contact: dict[str, Any]) -> Markup:
    """Name, phone and e-mail with ``tel:``/``mailto:`` links; every part escaped."""
    parts = [Markup.escape(contact["name"])]
    if contact.get("role"):
        parts[0] += Markup(" (%s)") % contact["role"]
    if contact.get("phone"):
        parts.append(Markup('<a href="%s">%s</a>') % (tel_href(contact["phone"]), contact["phone"]))
    if contact.get("email"):
        parts.append(Markup('<a href="mailto:%s">%s</a>') % (contact["email"], contact["email"]))
    return Markup(", ").join(parts)


def run_view(run: Run, today: date, lab: Labels) -> dict[str, Any]:
    """One upcoming run with its future sessions and exams (past dates are left out)."""
    sessions = [s for s in run.data.get("sessions", []) if as_date(s.get("end_date") or s["date"]) >= today]
    exams = [e for e in run.data.get("exams", []) if as_date(e["date"]) >= today]

    def when(item: dict[str, Any]) -> str:
        text = de_date_long(item["date"])
        if item.get("end_date"):
            text += f" bis {de_date_long(item['end_date'])}"
        if item.get("start_time"):
            text += f", {item['start_time']}" + (f"–{item['end_time']}" if item.get("end_time") else "") + " Uhr"
        return text

    return {
        "run": run,
        "period": de_period(run.start, run.end),
        "deadline": de_date(run.application_deadline) if run.application_deadline else "",
        "place": place_text(run.place) if run.place else "",
        "status": lab.value(("runs", 0, "status"), run.data["status"]) if run.data.get("status") else "",
        "sessions": [
            {
                "when": when(s),
                "title": s["title"],
                "location": s.get("location", ""),
                "mode": lab.value(("runs", 0, "sessions", 0, "mode"), s["mode"]) if s.get("mode") else "",
            }
            for s in sessions
        ],
        "exams": [
            {"when": when(e), "title": e["title"], "examiner": e.get("examiner", ""), "location": e.get("location", "")}
            for e in exams
        ],
    }


# How many runs the box at the top lists (all of them follow under "Termine").
NEXT_DATES_SHOWN = 3


def next_dates(runs: list[dict[str, Any]]) -> list[str]:
    """One line per upcoming run for the box at the top: period, deadline, place's city."""
    out = []
    for r in runs[:NEXT_DATES_SHOWN]:
        line = r["period"]
        if r["deadline"]:
            line += f" (Anmeldung bis {r['deadline']})"
        if r["run"].place:
            line += f", {r['run'].place['city']}"
        out.append(line)
    return out


def toc_entries(offer: Offer, lab: Labels) -> list[tuple[str, str]]:
    """The in-page table of contents: (anchor, title) of every section the page has."""
    d = offer.data
    entries = [
        ("auf-einen-blick", "Auf einen Blick"),
        ("termine", "Termine"),
        ("beschreibung", lab.field("description")),
        ("zielgruppe", lab.field("target_group")),
    ]
    if d.get("modules"):
        entries.append(("module", lab.field("modules")))
    entries += [
        ("abschluss", lab.field("outcome")),
        ("sprache", lab.field("language")),
        ("unterstuetzung", lab.field("support")),
        ("voraussetzungen", lab.field("requirements")),
        ("kosten", lab.field("costs")),
    ]
    if d.get("employer"):
        entries.append(("arbeitgeber", f"Informationen für {lab.field('employer')}"))
    entries.append(("anbieter", f"{lab.field('provider')} und Kontakt"))
    entries.append(("anmeldung", lab.field("application")))
    if d.get("accessibility") or offer.places:
        entries.append(("barrierefreiheit", lab.field("accessibility")))
    return entries


def offer_body_html(
    offer: Offer, url: str, today: date, *, listed: bool, lab: Labels | None = None, qr: str | None = None
) -> str:
    """The HTML of an offer page's body (without the page title, which the theme renders).

    ``qr``: the page's QR code when the caller has it already (from the build cache).
    """
    lab = lab or labels()
    d = offer.data
    support = d["support"]
    runs = [run_view(r, today, lab) for r in offer.upcoming_runs(today)]
    return render(
        "offer_body.html.jinja",
        offer=offer,
        d=d,
        lab=lab,
        url=url,
        listed=listed,
        expired_notice=EXPIRED_NOTICE,
        glance=glance_facts(offer, today, lab),
        description=paragraphs(d["description"]),
        runs=runs,
        next_dates=next_dates(runs),
        toc=toc_entries(offer, lab),
        support_flags=[lab.field("support", k) for k in SUPPORT_FLAGS if support.get(k)],
        childcare=(lab.value(("support", "childcare"), support["childcare"]) if support.get("childcare") else ""),
        qr=Markup(qr if qr is not None else page_qr(url)),  # noqa: S704 - SVG made by segno, URL escaped by qr_svg
        fmt={
            "date": de_date,
            "number": de_number,
            "euro": de_euro,
            "months": months_text,
            "yes_no": yes_no,
            "iso": as_date,
            "tel": tel_href,
        },
        paragraphs=paragraphs,
        search_terms=compound_parts(offer_texts(d)) if listed else [],
    )


def title_html(offer: Offer) -> str:
    """The page title as HTML.

    MkDocs and Material print page.title and meta.description into <title>, <h1> and a
    content="…" attribute without escaping (their titles normally come from Markdown, which is
    already HTML). Text from YAML is not, so it is escaped here, once, for all of them.
    """
    return html.escape(offer.title)


def description_html(offer: Offer) -> str:
    return html.escape(" ".join(offer.data["summary"].split()), quote=True)


def offer_page_path(offer_id: str) -> str:
    """Site folder of an offer page (what ``offer_src_uri`` becomes after rendering)."""
    return f"{OFFER_PAGE_DIR}/{offer_id}/"


def stamped_offer_page(offer: Offer, body: bytes, head: str) -> StampedPage:
    """The offer page as the build writes it: the rendered prototype filled with this offer."""
    return StampedPage(
        path=offer_page_path(offer.id),
        title=title_html(offer),
        description=description_html(offer),
        head=head,
        body=body,
    )


def render_offer_page(
    offer: Offer, url: str, today: date, *, lab: Labels | None = None, head: str = "", listed: bool | None = None
) -> str:
    """The generated Markdown file: front matter (title, template, search flags) + the HTML body.

    Expired offers keep their page (old links and printed QR codes still work) with a notice,
    ``noindex`` and no Pagefind body; they leave the catalogue, facets, search and feeds.
    ``head`` (JSON-LD, robots) travels in the front matter as ``iq_head``, so any renderer's
    template can place it from ``page.meta`` alone. ``listed``: the catalogue's answer, where the
    caller has it (a build does); else it is worked out for ``today``.
    """
    listed = offer.is_listed(today) if listed is None else listed
    meta: dict[str, Any] = {
        "title": title_html(offer),
        "description": description_html(offer),
        "template": OFFER_TEMPLATE,
        "offer_id": offer.id,
        "offer_listed": listed,
        "hide": list(OFFER_HIDE),
    }
    if head:
        meta["iq_head"] = head
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{offer_body_html(offer, url, today, listed=listed, lab=lab)}\n"
