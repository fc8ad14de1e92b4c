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
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from generator.feeds import FeedContext
from generator.model import Offer, Run
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, schema_set

FILE_NAME = "offers.csv"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
YES, NO = "ja", "nein"
LIST_SEPARATOR = ", "


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would evaluate as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def german_date(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{day:%d.%m.%Y}"


def german_number(value: float | int | None) -> str:
    """4.5 -> "4,5", 160.0 -> "160" (decimal comma, no thousands separator)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value)).replace(".", ",")


def yes_no(value: Any) -> str:
    if value is None:
        return ""
    return YES if value else NO


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


def _offer_title(*path: str | int) -> str:
    return schema_set().title(OFFER_SCHEMA, path)


def _label_of(path: tuple[str | int, ...], value: Any) -> str:
    if value is None:
        return ""
    return schema_set().enum_labels(OFFER_SCHEMA, path).get(value, str(value))


def _text(*path: str) -> Column:
    return Column(_offer_title(*path), lambda o, r: str(_get(o.data, path) or ""))


def _enum(*path: str) -> Column:
    return Column(_offer_title(*path), lambda o, r: _label_of(path, _get(o.data, path)))


def _enum_list(*path: str) -> Column:
    return Column(_offer_title(*path),
                  lambda o, r: LIST_SEPARATOR.join(_label_of((*path, 0), v) for v in (_get(o.data, path) or [])))


def _bool(*path: str) -> Column:
    return Column(_offer_title(*path), lambda o, r: yes_no(_get(o.data, path)))


def _number(*path: str) -> Column:
    return Column(_offer_title(*path), lambda o, r: german_number(_get(o.data, path)))


def _place(key: str) -> Callable[[Offer, Run | None], str]:
    def cell(offer: Offer, run: Run | None) -> str:
        place = run.place if run else None
        if key == "state":
            return _label_of(("format", "places", 0, "state"), place.get("state")) if place else ""
        return str(place.get(key, "")) if place else ""
    return cell


def _run_value(key: str, kind: str = "text") -> Callable[[Offer, Run | None], str]:
    def cell(offer: Offer, run: Run | None) -> str:
        if run is None:
            return ""
        value = run.data.get(key)
        if kind == "date":
            return german_date(value)
        if kind == "number":
            return german_number(value)
        if kind == "status":
            return _label_of(("runs", 0, "status"), value)
        return "" if value is None else str(value)
    return cell


def columns(ctx: FeedContext) -> list[Column]:
    """The columns in order; headers come from the schemas."""
    provider_title = lambda key: schema_set().title(PROVIDER_SCHEMA, (key,))  # noqa: E731
    return [
        Column(_offer_title("id"), lambda o, r: o.id),
        _text("title"),
        _enum("kind"),
        _text("summary"),
        Column(provider_title("name"), lambda o, r: o.provider.name),
        Column(provider_title("organisation"), lambda o, r: o.provider.organisation),
        Column(provider_title("network"), lambda o, r: str(o.provider.data.get("network", ""))),
        _enum_list("profession", "fields"),
        Column(_offer_title("profession", "occupations"),
               lambda o, r: LIST_SEPARATOR.join(x["name"] for x in o.data["profession"].get("occupations", []))),
        _enum("format", "mode"),
        _enum("format", "setting"),
        _bool("format", "online_only"),
        Column(_offer_title("format", "region"),
               lambda o, r: LIST_SEPARATOR.join(_label_of(("format", "region", 0), s) for s in o.states)),
        _bool("schedule", "alongside_work"),
        _enum("schedule", "learning_time"),
        _enum("schedule", "intensity"),
        _enum_list("schedule", "patterns"),
        _number("schedule", "hours_per_week"),
        _number("schedule", "total_hours"),
        _number("schedule", "duration_months"),
        Column(_offer_title("rolling_start"), lambda o, r: yes_no(o.rolling_start)),
        _enum("language", "german_level_required"),
        _enum("outcome", "type"),
        Column(_offer_title("outcome"), lambda o, r: str(o.data["outcome"].get("title", ""))),
        _bool("costs", "free_of_charge"),
        _number("costs", "price_eur"),
        _enum_list("costs", "funding"),
        _enum("support", "childcare"),
        Column(_offer_title("runs", 0, "id"), lambda o, r: r.id if r else ""),
        Column(_offer_title("runs", 0, "start"), lambda o, r: german_date(r.start) if r else ""),
        Column(_offer_title("runs", 0, "end"), lambda o, r: german_date(r.end) if r else ""),
        Column(_offer_title("runs", 0, "application_deadline"),
               lambda o, r: german_date(r.application_deadline) if r else ""),
        Column(_offer_title("runs", 0, "place"), _place("name")),
        Column(_offer_title("format", "places", 0, "street"), _place("street")),
        Column(_offer_title("format", "places", 0, "postal_code"), _place("postal_code")),
        Column(_offer_title("format", "places", 0, "city"), _place("city")),
        Column(_offer_title("format", "places", 0, "state"), _place("state")),
        Column(_offer_title("runs", 0, "seats"), _run_value("seats", "number")),
        Column(_offer_title("runs", 0, "status"), _run_value("status", "status")),
        Column(_offer_title("runs", 0, "time_note"), _run_value("time_note")),
        Column(_offer_title("application", "url"), lambda o, r: str(o.data["application"].get("url", ""))),
        Column(_offer_title("support", "contact", "email"),
               lambda o, r: str((o.data["support"].get("contact") or {}).get("email", ""))),
        Column(_offer_title("publication", "last_reviewed"), lambda o, r: german_date(o.last_reviewed)),
        Column("Angebotsseite", lambda o, r: ctx.offer_url(o)),
    ]


def rows(ctx: FeedContext) -> list[tuple[Offer, Run | None]]:
    """(offer, run) per upcoming run, (offer, None) for an offer without one; by offer id, run start."""
    result: list[tuple[Offer, Run | None]] = []
    for offer in sorted(ctx.catalog.listed(), key=lambda o: o.id):
        runs = sorted(offer.upcoming_runs(ctx.catalog.today), key=lambda r: (r.start, r.id))
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
