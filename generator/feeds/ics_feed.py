"""iCalendar: the dates of every listed offer, per offer (``ics/<id>.ics``) and all together (``offers.ics``).

Employers plan shifts up to a year ahead, so the dates must reach their calendars and stay
there: every event has a UID derived only from offer, run and item ids (``run-<offer>-<run>@host``),
so a calendar that subscribes updates events instead of duplicating them. DTSTAMP is the build
time (from the sources, not the clock), so two builds of the same input are byte-identical.

Events per upcoming run (runs that have not ended yet):
* the run itself, all-day from start to end (TRANSP:TRANSPARENT – it should not block a day);
* the application deadline, all-day;
* each session: timed in Europe/Berlin when it has a start time (several days with the same
  times become one event with a daily RRULE), otherwise all-day;
* each exam date, all-day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDDDTypes, vRecur, vText

from generator.build_cache import BuildCache, content_key
from generator.dates import as_date
from generator.feeds import FeedContext, calendar_file
from generator.german_format import de_period
from generator.model import Offer, Run

CATALOGUE_FILE = "offers.ics"
TZID = "Europe/Berlin"
BERLIN = ZoneInfo(TZID)
ONLINE_MODES = ("online_live", "self_paced")
PRODID = "-//IQ-Angebote//Angebotskatalog//DE"
DEFAULT_HOST = "iq-angebote.example"


def _as_time(value: str) -> time:
    hours, minutes = str(value).split(":")
    return time(int(hours), int(minutes))


def uid_host(ctx: FeedContext) -> str:
    return urlsplit(ctx.site_url).hostname or DEFAULT_HOST


def berlin_timezone() -> Timezone:
    """VTIMEZONE for Europe/Berlin with the EU summer-time rules (stable text, no dated transitions)."""
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "MESZ")
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    standard = TimezoneStandard()
    standard.add("tzname", "MEZ")
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    standard.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def _place_text(place: dict[str, Any] | None) -> str | None:
    if not place:
        return None
    return f"{place['name']}, {place['street']}, {place['postal_code']} {place['city']}"


def one_line(text: str) -> str:
    """Titles go into one-line properties (SUMMARY, NAME): collapse line breaks and runs of spaces."""
    return " ".join(str(text).split())


def _description(ctx: FeedContext, offer: Offer, *lines: str | None) -> str:
    parts = [offer.title, offer.provider.organisation, *[line for line in lines if line]]
    parts.append(f"Mehr Informationen: {ctx.offer_url(offer)}")
    return "\n".join(parts)


def _event(ctx: FeedContext, uid: str, summary: str, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", ctx.build_time.astimezone(UTC))
    event.add("summary", one_line(summary))
    event.add("description", description)
    event.add("url", url)
    return event


def _all_day(event: Event, first: date, last: date) -> None:
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))


def _unique_suffixes(dates: Iterable[date]) -> list[str]:
    """``YYYYMMDD`` per item, with ``-2``, ``-3`` … for further items on the same day."""
    seen: dict[date, int] = {}
    result = []
    for day in dates:
        seen[day] = seen.get(day, 0) + 1
        result.append(f"{day:%Y%m%d}" + (f"-{seen[day]}" if seen[day] > 1 else ""))
    return result


def run_events(ctx: FeedContext, offer: Offer, run: Run) -> list[Event]:
    """All events of one run (the run, its deadline, sessions and exams)."""
    host = uid_host(ctx)
    title = ctx.labels.field
    url = ctx.offer_url(offer)
    location = _place_text(run.place)
    if location is None and offer.data["format"].get("online_only"):
        location = "online"
    cancelled = run.data.get("status") == "cancelled"
    key = f"{offer.id}-{run.id}"
    events: list[Event] = []

    period = de_period(run.start, run.end)
    main = _event(
        ctx,
        f"run-{key}@{host}",
        f"{offer.title} ({title('runs', 0)})",
        _description(ctx, offer, f"{title('runs', 0)}: {period}", run.data.get("time_note")),
        url,
    )
    _all_day(main, run.start, run.end)
    main.add("transp", "TRANSPARENT")
    events.append(main)

    if run.application_deadline:
        label = title("runs", 0, "application_deadline")
        deadline = _event(
            ctx,
            f"deadline-{key}@{host}",
            f"{label}: {offer.title}",
            _description(ctx, offer, f"{title('runs', 0)}: {period}"),
            url,
        )
        _all_day(deadline, run.application_deadline, run.application_deadline)
        deadline.add("transp", "TRANSPARENT")
        events.append(deadline)

    sessions = list(run.data.get("sessions") or [])
    session_events: list[Event] = []
    for suffix, session in zip(_unique_suffixes(as_date(s["date"]) for s in sessions), sessions, strict=False):
        event = _session_event(ctx, offer, f"session-{key}-{suffix}@{host}", session)
        if session.get("location"):
            event.add("location", session["location"])
        # A session of its own online mode (e.g. online parts of a blended course) is not at the place.
        elif session.get("mode") in ONLINE_MODES:
            event.add("location", "online")
        elif location:
            event.add("location", location)
        session_events.append(event)

    exams = list(run.data.get("exams") or [])
    exam_label = title("runs", 0, "exams", 0)
    for suffix, exam in zip(_unique_suffixes(as_date(e["date"]) for e in exams), exams, strict=False):
        examiner = exam.get("examiner")
        event = _event(
            ctx,
            f"exam-{key}-{suffix}@{host}",
            f"{exam_label}: {exam['title']} – {offer.title}",
            _description(ctx, offer, f"{title('runs', 0, 'exams', 0, 'examiner')}: {examiner}" if examiner else None),
            url,
        )
        day = as_date(exam["date"])
        _all_day(event, day, day)
        if exam.get("location"):
            event.add("location", exam["location"])
            session_events.append(event)  # keeps its own place, not the run's
        else:
            events.append(event)

    for event in events:
        if location:
            event.add("location", location)
    events.extend(session_events)
    events.sort(key=_event_order)
    for event in events:
        if cancelled:
            event.add("status", "CANCELLED")
    return events


def _event_order(event: Event) -> tuple[str, str]:
    """Chronological, then by UID: the order of events in the file never depends on dict order."""
    start = event.decoded("dtstart")
    day = start.date() if isinstance(start, datetime) else start
    return (day.isoformat(), str(event["uid"]))


def _session_event(ctx: FeedContext, offer: Offer, uid: str, session: dict[str, Any]) -> Event:
    first = as_date(session["date"])
    last = as_date(session["end_date"]) if session.get("end_date") else first
    event = _event(ctx, uid, f"{session['title']} – {offer.title}", _description(ctx, offer), ctx.offer_url(offer))
    if session.get("start_time"):
        start = datetime.combine(first, _as_time(session["start_time"]), BERLIN)
        event.add("dtstart", start)
        if session.get("end_time"):
            end = datetime.combine(first, _as_time(session["end_time"]), BERLIN)
            if end <= start:  # ends after midnight
                end += timedelta(days=1)
            event.add("dtend", end)
        if last > first:
            event.add("rrule", vRecur(freq="DAILY", count=(last - first).days + 1))
    else:
        _all_day(event, first, last)
    return event


def offer_events(ctx: FeedContext, offer: Offer) -> list[Event]:
    events: list[Event] = []
    for run in sorted(offer.upcoming_runs(ctx.catalogue.today), key=lambda r: (r.start, r.id)):
        events.extend(run_events(ctx, offer, run))
    return events


def calendar(name: str, description: str, events: list[Event]) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", one_line(name))
    # X- properties are unknown to icalendar, which then writes them unescaped; as TEXT
    # (RFC 5545 3.3.11) their commas and semicolons must be escaped like any other text.
    cal.add("x-wr-calname", vText(one_line(name)))
    cal.add("description", one_line(description))
    cal.add("x-wr-caldesc", vText(one_line(description)))
    cal.add("x-wr-timezone", TZID)
    # Always present: the calendar then has at least one component even without events.
    cal.add_component(berlin_timezone())
    for event in events:
        cal.add_component(event)
    return cal


def offer_calendar(ctx: FeedContext, offer: Offer, events: list[Event]) -> Calendar:
    return calendar(f"IQ-Angebot: {offer.title}", f"Termine des Angebots {ctx.offer_url(offer)}", events)


def catalogue_calendar(ctx: FeedContext, events_of: dict[str, list[Event]]) -> Calendar:
    """All listed offers' events, by offer id (``events_of``: offer id → its events)."""
    events = [event for offer_id in sorted(events_of) for event in events_of[offer_id]]
    return calendar("IQ-Qualifizierungsangebote", f"Termine aller Angebote, {ctx.site_url}", events)


def _with_events(cal: Calendar, events: list[bytes]) -> bytes:
    """``cal`` (no events yet) serialised with already serialised events before its END line.

    The same bytes as adding the events and calling ``to_ical`` (a test compares), but each
    event is serialised once for the offer's calendar and the catalogue's: icalendar's line
    folding is the feed's main cost.
    """
    text = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    if not text.endswith(end):
        raise ValueError("unexpected calendar serialisation")
    return text[: -len(end)] + b"".join(events) + end


# Events are cached with this DTSTAMP and get the build's own when a calendar is put together: the
# build time changes with every commit, an offer's events only when the offer (or the day) does.
_STAMP_IN_CACHE = datetime(2000, 1, 1, tzinfo=UTC)


def _dtstamp_line(when: datetime) -> bytes:
    return b"DTSTAMP:" + vDDDTypes(when.astimezone(UTC)).to_ical() + b"\r\n"


def _events_bytes(ctx: FeedContext, offers: list[Offer]) -> dict[str, bytes]:
    """Each offer's events, serialised (from the build cache where the offer did not change)."""
    if ctx.cache_path is None:
        return {offer.id: b"".join(event.to_ical() for event in offer_events(ctx, offer)) for offer in offers}
    cached_ctx = replace(ctx, build_time=_STAMP_IN_CACHE)
    by_id = {offer.id: offer for offer in offers}
    keys = {
        offer.id: content_key(
            "ics-events", offer.id, offer.data, offer.provider.data, ctx.catalogue.today, ctx.site_url
        )
        for offer in offers
    }

    def compute(missing: list[str]) -> dict[str, bytes]:
        return {i: b"".join(e.to_ical() for e in offer_events(cached_ctx, by_id[i])) for i in missing}

    cache = BuildCache(ctx.cache_path)
    try:
        misses = cache.misses
        stored = cache.computed("ics-events", keys, compute)
        if cache.misses > misses:  # something new: older entries of these offers are not needed again
            cache.keep_only("ics-events", keys.values())
    finally:
        cache.close()
    placeholder, real = _dtstamp_line(_STAMP_IN_CACHE), _dtstamp_line(ctx.build_time)
    return {offer_id: events.replace(placeholder, real) for offer_id, events in stored.items()}


def write(ctx: FeedContext) -> dict[str, bytes]:
    # Each offer's events go into its own calendar and into the catalogue's: serialised once for both.
    offers = sorted(ctx.catalogue.listed(), key=lambda o: o.id)
    events_of = _events_bytes(ctx, offers)
    everything = [events_of[offer_id] for offer_id in sorted(events_of)]
    files = {
        CATALOGUE_FILE: _with_events(
            calendar("IQ-Qualifizierungsangebote", f"Termine aller Angebote, {ctx.site_url}", []), everything
        )
    }
    for offer in offers:
        files[calendar_file(offer)] = _with_events(offer_calendar(ctx, offer, []), [events_of[offer.id]])
    return files
