"""The table behind ``offers.csv`` and ``offers.xlsx``: which rows, which columns, typed values.

Both spreadsheet feeds show the same table; only the way a value is written differs (the CSV
writes ``01.02.2027`` and ``4,5`` as text, the Excel file a real date and a real number). So the
rows and columns live here once, and each writer only formats: a column added or renamed here
appears in both files, and the two cannot drift apart.

A column has a kind that says what its values are, so a writer never has to guess from the
value: a postal code "01127" is ``text`` (it must stay "01127", not become the number 1127),
hours and seats are ``number``, prices ``euro``, dates are ``date``; ``yes_no`` cells are ``bool``, ``link``
cells are addresses. A value of None means the offer states nothing there: an empty cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from generator.feeds import FeedContext
from generator.labels import Labels
from generator.model import Offer, Run

Kind = Literal["text", "number", "euro", "date", "yes_no", "link"]
Value = str | int | float | date | bool | None
Row = tuple[Offer, Run | None]
LIST_SEPARATOR = ", "


@dataclass(frozen=True)
class Column:
    """One column: its German header, what its values are, and how to get the value of (offer, run)."""

    header: str
    value: Callable[[Offer, Run | None], Value]
    kind: Kind = "text"


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _given(value: Any) -> Any:
    """The value, or None where the offer states nothing (missing or empty text)."""
    return None if value is None or value == "" else value


def _label_of(lab: Labels, path: tuple[str | int, ...], value: Any) -> str | None:
    return None if _given(value) is None else lab.value(path, value)


def _joined(parts: list[str | None]) -> str | None:
    return LIST_SEPARATOR.join(p for p in parts if p) or None


def _text(lab: Labels, *path: str) -> Column:
    return Column(lab.field(*path), lambda o, r: _given(_get(o.data, path)))


def _enum(lab: Labels, *path: str) -> Column:
    return Column(lab.field(*path), lambda o, r: _label_of(lab, path, _get(o.data, path)))


def _enum_list(lab: Labels, *path: str) -> Column:
    return Column(
        lab.field(*path),
        lambda o, r: _joined([_label_of(lab, (*path, 0), v) for v in (_get(o.data, path) or [])]),
    )


def _bool(lab: Labels, *path: str) -> Column:
    return Column(lab.field(*path), lambda o, r: _given(_get(o.data, path)), "yes_no")


def _number(lab: Labels, *path: str, kind: Kind = "number") -> Column:
    return Column(lab.field(*path), lambda o, r: _given(_get(o.data, path)), kind)


def _place(lab: Labels, key: str) -> Callable[[Offer, Run | None], Value]:
    def value(offer: Offer, run: Run | None) -> Value:
        place = run.place if run else None
        if not place:
            return None
        if key == "state":
            return _label_of(lab, ("format", "places", 0, "state"), place.get("state"))
        return _given(place.get(key))

    return value


def _run_value(key: str) -> Callable[[Offer, Run | None], Value]:
    def value(offer: Offer, run: Run | None) -> Value:
        return None if run is None else _given(run.data.get(key))

    return value


def _run_status(lab: Labels) -> Callable[[Offer, Run | None], Value]:
    return lambda o, r: None if r is None else _label_of(lab, ("runs", 0, "status"), r.data.get("status"))


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
        Column(lab.provider_field("network"), lambda o, r: _given(o.provider.data.get("network"))),
        _enum_list(lab, "profession", "fields"),
        Column(
            lab.field("profession", "occupations"),
            lambda o, r: _joined([x["name"] for x in o.data["profession"].get("occupations", [])]),
        ),
        _enum(lab, "format", "mode"),
        _enum(lab, "format", "setting"),
        _bool(lab, "format", "online_only"),
        Column(
            lab.field("format", "region"),
            lambda o, r: _joined([_label_of(lab, ("format", "region", 0), s) for s in o.states]),
        ),
        _bool(lab, "schedule", "alongside_work"),
        _enum(lab, "schedule", "learning_time"),
        _enum(lab, "schedule", "intensity"),
        _enum_list(lab, "schedule", "patterns"),
        _number(lab, "schedule", "hours_per_week"),
        _number(lab, "schedule", "total_hours"),
        _number(lab, "schedule", "duration_months"),
        Column(lab.field("rolling_start"), lambda o, r: o.rolling_start, "yes_no"),
        _enum(lab, "language", "german_level_required"),
        _enum(lab, "outcome", "type"),
        Column(lab.field("outcome"), lambda o, r: _given(o.data["outcome"].get("title"))),
        _bool(lab, "costs", "free_of_charge"),
        _number(lab, "costs", "price_eur", kind="euro"),
        _enum_list(lab, "costs", "funding"),
        _enum(lab, "support", "childcare"),
        Column(lab.field("runs", 0, "id"), lambda o, r: r.id if r else None),
        Column(lab.field("runs", 0, "start"), lambda o, r: r.start if r else None, "date"),
        Column(lab.field("runs", 0, "end"), lambda o, r: r.end if r else None, "date"),
        Column(
            lab.field("runs", 0, "application_deadline"),
            lambda o, r: r.application_deadline if r else None,
            "date",
        ),
        Column(lab.field("runs", 0, "place"), _place(lab, "name")),
        Column(lab.field("format", "places", 0, "street"), _place(lab, "street")),
        Column(lab.field("format", "places", 0, "postal_code"), _place(lab, "postal_code")),
        Column(lab.field("format", "places", 0, "city"), _place(lab, "city")),
        Column(lab.field("format", "places", 0, "state"), _place(lab, "state")),
        Column(lab.field("runs", 0, "seats"), _run_value("seats"), "number"),
        Column(lab.field("runs", 0, "status"), _run_status(lab)),
        Column(lab.field("runs", 0, "time_note"), _run_value("time_note")),
        Column(lab.field("application", "url"), lambda o, r: _given(o.data["application"].get("url")), "link"),
        Column(
            lab.field("support", "contact", "email"),
            lambda o, r: _given((o.data["support"].get("contact") or {}).get("email")),
        ),
        Column(lab.field("publication", "last_reviewed"), lambda o, r: o.last_reviewed, "date"),
        Column("Angebotsseite", lambda o, r: ctx.offer_url(o), "link"),
    ]


def rows(ctx: FeedContext) -> list[Row]:
    """(offer, run) per upcoming run, (offer, None) for an offer without one; by offer id, run start."""
    result: list[Row] = []
    for offer in sorted(ctx.catalogue.listed(), key=lambda o: o.id):
        runs = sorted(offer.upcoming_runs(ctx.catalogue.today), key=lambda r: (r.start, r.id))
        if runs:
            result.extend((offer, run) for run in runs)
        else:
            result.append((offer, None))
    return result
