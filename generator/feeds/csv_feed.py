"""CSV for German Excel: ``offers.csv``, one row per upcoming run of every listed offer.

Made so that a double click opens it correctly in Excel with German settings: UTF-8 with a
byte order mark (else Excel guesses Windows-1252 and breaks umlauts), ``;`` as separator, CRLF
line ends, dates as TT.MM.JJJJ, decimal comma, ``ja``/``nein`` for yes/no and the schema's
German labels for coded values. Column headers are the schema's field titles, so a renamed
label changes here too. An offer without upcoming runs (rolling start) has one row with
empty run columns.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or
a tab / carriage return, which some programs strip first) as a formula. Such text cells get a
leading apostrophe (``'=…``), which Excel shows as text and does not evaluate. The numbers
and dates written here never start with those characters, so they are unaffected.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.feeds import FeedContext
from generator.german_format import de_date, de_decimal, yes_no
from generator.labels import Labels
from generator.model import Offer, Run

FILE_NAME = "offers.csv"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ", "


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would evaluate as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def optional(format_value: Callable[[Any], str], value: Any) -> str:
    """A formatted cell, or an empty one where the offer states nothing."""
    return "" if value is None or value == "" else format_value(value)


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


@dataclass(frozen=True)
class Column:
    """One CSV column: its German header and how to get the cell of (offer, run)."""

    header: str
    cell: Callable[[Offer, Run | None], str]


def _label_of(lab: Labels, path: tuple[str | int, ...], value: Any) -> str:
    return optional(lambda v: lab.value(path, v), value)


def _text(lab: Labels, *path: str) -> Column:
    return Column(lab.field(*path), lambda o, r: str(_get(o.data, path) or ""))


def _enum(lab: Labels, *path: str) -> Column:
    return Column(lab.field(*path), lambda o, r: _label_of(lab, path, _get(o.data, path)))


def _enum_list(lab: Labels, *path: str) -> Column:
    return Column(
        lab.field(*path),
        lambda o, r: LIST_SEPARATOR.join(_label_of(lab, (*path, 0), v) for v in (_get(o.data, path) or [])),
    )


def _bool(lab: Labels, *path: str) -> Column:
    return Column(lab.field(*path), lambda o, r: optional(yes_no, _get(o.data, path)))


def _number(lab: Labels, *path: str) -> Column:
    return Column(lab.field(*path), lambda o, r: optional(de_decimal, _get(o.data, path)))


def _place(lab: Labels, key: str) -> Callable[[Offer, Run | None], str]:
    def cell(offer: Offer, run: Run | None) -> str:
        place = run.place if run else None
        if key == "state":
            return _label_of(lab, ("format", "places", 0, "state"), place.get("state")) if place else ""
        return str(place.get(key, "")) if place else ""

    return cell


def _run_value(lab: Labels, key: str, kind: str = "text") -> Callable[[Offer, Run | None], str]:
    def cell(offer: Offer, run: Run | None) -> str:
        if run is None:
            return ""
        value = run.data.get(key)
        if kind == "date":
            return optional(de_date, value)
        if kind == "number":
            return optional(de_decimal, value)
        if kind == "status":
            return _label_of(lab, ("runs", 0, "status"), value)
        return "" if value is None else str(value)

    return cell


def columns(ctx: FeedContext) -> list[Column]:
    """The columns in order; headers come from the schemas."""
    lab = ctx.labels
    return [
        Column(lab.field("id"), lambda o, r: o.id),
        _text(lab, "title"),
        _enum(lab, "kind"),
        _text(lab, "summary"),
        Column(lab.provider_field("name"), lambda o, r: o.provider.name),
        Column(lab.provider_field("organisation"), lambda o, r: o.provider.organisation),
        Column(lab.provider_field("network"), lambda o, r: str(o.provider.data.get("network", ""))),
        _enum_list(lab, "profession", "fields"),
        Column(
            lab.field("profession", "occupations"),
            lambda o, r: LIST_SEPARATOR.join(x["name"] for x in o.data["profession"].get("occupations", [])),
        ),
        _enum(lab, "format", "mode"),
        _enum(lab, "format", "setting"),
        _bool(lab, "format", "online_only"),
        Column(
            lab.field("format", "region"),
            lambda o, r: LIST_SEPARATOR.join(_label_of(lab, ("format", "region", 0), s) for s in o.states),
        ),
        _bool(lab, "schedule", "alongside_work"),
        _enum(lab, "schedule", "learning_time"),
        _enum(lab, "schedule", "intensity"),
        _enum_list(lab, "schedule", "patterns"),
        _number(lab, "schedule", "hours_per_week"),
        _number(lab, "schedule", "total_hours"),
        _number(lab, "schedule", "duration_months"),
        Column(lab.field("rolling_start"), lambda o, r: yes_no(o.rolling_start)),
        _enum(lab, "language", "german_level_required"),
        _enum(lab, "outcome", "type"),
        Column(lab.field("outcome"), lambda o, r: str(o.data["outcome"].get("title", ""))),
        _bool(lab, "costs", "free_of_charge"),
        _number(lab, "costs", "price_eur"),
        _enum_list(lab, "costs", "funding"),
        _enum(lab, "support", "childcare"),
        Column(lab.field("runs", 0, "id"), lambda o, r: r.id if r else ""),
        Column(lab.field("runs", 0, "start"), lambda o, r: de_date(r.start) if r else ""),
        Column(lab.field("runs", 0, "end"), lambda o, r: de_date(r.end) if r else ""),
        Column(
            lab.field("runs", 0, "application_deadline"),
            lambda o, r: optional(de_date, r.application_deadline) if r else "",
        ),
        Column(lab.field("runs", 0, "place"), _place(lab, "name")),
        Column(lab.field("format", "places", 0, "street"), _place(lab, "street")),
        Column(lab.field("format", "places", 0, "postal_code"), _place(lab, "postal_code")),
        Column(lab.field("format", "places", 0, "city"), _place(lab, "city")),
        Column(lab.field("format", "places", 0, "state"), _place(lab, "state")),
        Column(lab.field("runs", 0, "seats"), _run_value(lab, "seats", "number")),
        Column(lab.field("runs", 0, "status"), _run_value(lab, "status", "status")),
        Column(lab.field("runs", 0, "time_note"), _run_value(lab, "time_note")),
        Column(lab.field("application", "url"), lambda o, r: str(o.data["application"].get("url", ""))),
        Column(
            lab.field("support", "contact", "email"),
            lambda o, r: str((o.data["support"].get("contact") or {}).get("email", "")),
        ),
        Column(lab.field("publication", "last_reviewed"), lambda o, r: de_date(o.last_reviewed)),
        Column("Angebotsseite", lambda o, r: ctx.offer_url(o)),
    ]


def rows(ctx: FeedContext) -> list[tuple[Offer, Run | None]]:
    """(offer, run) per upcoming run, (offer, None) for an offer without one; by offer id, run start."""
    result: list[tuple[Offer, Run | None]] = []
    for offer in sorted(ctx.catalogue.listed(), key=lambda o: o.id):
        runs = sorted(offer.upcoming_runs(ctx.catalogue.today), key=lambda r: (r.start, r.id))
        if runs:
            result.extend((offer, run) for run in runs)
        else:
            result.append((offer, None))
    return result


def render(ctx: FeedContext) -> bytes:
    cols = columns(ctx)
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    out.writerow([neutralise(c.header) for c in cols])
    for offer, run in rows(ctx):
        out.writerow([neutralise(c.cell(offer, run).replace("\r\n", "\n")) for c in cols])
    return buffer.getvalue().encode("utf-8-sig")


def write(ctx: FeedContext) -> dict[str, bytes]:
    return {FILE_NAME: render(ctx)}
