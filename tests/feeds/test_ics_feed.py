"""iCalendar: parsed back with icalendar; events, UIDs, time zone and determinism."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar

from generator.feeds import FeedContext
from generator.feeds.ics_feed import write
from generator.schema import schema_set
from tests.feeds.conftest import BUILD_TIME, edited_catalogue, make_context


def _events(ics: bytes) -> dict[str, Any]:
    cal = Calendar.from_ical(ics)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_files_per_listed_offer_and_catalogue(ctx: FeedContext) -> None:
    files = write(ctx)
    listed = {o.id for o in ctx.catalogue.listed()}
    assert set(files) == {"offers.ics"} | {f"ics/{i}.ics" for i in listed}
    catalogue = _events(files["offers.ics"])
    per_offer: dict[str, Any] = {}
    for offer_id in listed:
        cal = Calendar.from_ical(files[f"ics/{offer_id}.ics"])
        assert str(cal["version"]) == "2.0"
        assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
        per_offer.update({str(e["uid"]): e for e in cal.walk("VEVENT")})
    assert set(per_offer) == set(catalogue)
    for offer in ctx.catalogue.expired():
        assert not any(offer.id in uid for uid in catalogue)


def test_run_session_exam_and_deadline_events(ctx: FeedContext) -> None:
    offer = ctx.catalogue.by_id["aerztinnen-kenntnispruefung-kompaktseminar"]
    events = _events(write(ctx)[f"ics/{offer.id}.ics"])
    host = "iq-angebote.example"
    for run in offer.upcoming_runs(ctx.catalogue.today):
        main = events[f"run-{offer.id}-{run.id}@{host}"]
        assert main.decoded("dtstart") == run.start and main.decoded("dtend") == run.end + timedelta(days=1)
        assert ctx.offer_url(offer) in str(main["description"])
        assert main.decoded("dtstamp") == BUILD_TIME
        if run.application_deadline:
            deadline = events[f"deadline-{offer.id}-{run.id}@{host}"]
            assert deadline.decoded("dtstart") == run.application_deadline
            assert str(deadline["summary"]).startswith("Anmeldeschluss: ")
        for session in run.data.get("sessions", []):
            day = date.fromisoformat(session["date"])
            event = events[f"session-{offer.id}-{run.id}-{day:%Y%m%d}@{host}"]
            start = event.decoded("dtstart")
            assert isinstance(start, datetime)
            assert event["dtstart"].params["TZID"] == "Europe/Berlin"
            assert start.strftime("%H:%M") == session["start_time"]
            assert event.decoded("dtend").strftime("%H:%M") == session["end_time"]
            assert str(event["summary"]).startswith(session["title"])
            if session.get("end_date"):
                days = (date.fromisoformat(session["end_date"]) - day).days + 1
                assert event["rrule"]["COUNT"] == [days]
        for exam in run.data.get("exams", []):
            day = date.fromisoformat(exam["date"])
            event = events[f"exam-{offer.id}-{run.id}-{day:%Y%m%d}@{host}"]
            assert event.decoded("dtstart") == day
            assert exam["title"] in str(event["summary"])


def test_special_cases(tmp_path: Path) -> None:
    """Untimed and same-day sessions, online sessions, cancelled runs, odd characters."""

    def edit(data: dict[str, Any]) -> None:
        data["title"] = "Kurs; mit Komma, Semikolon\nund „Anführungszeichen“"
        run = data["runs"][0]
        run["status"] = "cancelled"
        run["sessions"] = [
            {"date": "2027-02-01", "title": "Auftakt ganztägig"},
            {
                "date": "2027-02-01",
                "start_time": "18:00",
                "end_time": "20:00",
                "title": "Abendtermin",
                "mode": "online_live",
            },
            {"date": "2027-02-03", "start_time": "09:00", "title": "ohne Ende"},
        ]

    catalogue = edited_catalogue(tmp_path, {"aerztinnen-kenntnispruefung-kompaktseminar": edit})
    ctx = make_context(catalogue)
    offer = catalogue.offers[0]
    ics = write(ctx)[f"ics/{offer.id}.ics"]
    events = _events(ics)
    key = f"{offer.id}-2027-1"
    allday = events[f"session-{key}-20270201@iq-angebote.example"]
    assert allday.decoded("dtstart") == date(2027, 2, 1) and allday.decoded("dtend") == date(2027, 2, 2)
    evening = events[f"session-{key}-20270201-2@iq-angebote.example"]
    assert evening.decoded("dtstart").hour == 18 and str(evening["location"]) == "online"
    open_end = events[f"session-{key}-20270203@iq-angebote.example"]
    assert "dtend" not in open_end
    assert all(str(e["status"]) == "CANCELLED" for e in events.values())
    summary = str(events[f"run-{key}@iq-angebote.example"]["summary"])
    assert summary.startswith("Kurs; mit Komma, Semikolon und „Anführungszeichen“")
    assert offer.title in str(events[f"run-{key}@iq-angebote.example"]["description"])


def test_offer_without_runs_gives_valid_calendar(ctx: FeedContext) -> None:
    rolling = [o for o in ctx.catalogue.listed() if not o.upcoming_runs(ctx.catalogue.today)]
    assert rolling, "the example catalogue should contain an offer with rolling start and no runs"
    cal = Calendar.from_ical(write(ctx)[f"ics/{rolling[0].id}.ics"])
    assert cal.walk("VEVENT") == [] and len(cal.walk("VTIMEZONE")) == 1


def test_two_renders_are_byte_identical_and_uids_stable(ctx: FeedContext) -> None:
    first, second = write(ctx), write(make_context(ctx.catalogue))
    assert first == second
    uids = list(_events(first["offers.ics"]))
    assert len(uids) == len(set(uids))


def test_session_and_exam_at_their_own_place(tmp_path: Path) -> None:
    """An exam at a test centre or an in-person meeting of an online course keeps its own place."""

    def edit(data: dict[str, Any]) -> None:
        run = data["runs"][0]
        run["sessions"] = [{"date": run["start"], "title": "Auftakt", "location": "Rathaus, Markt 1, 04109 Leipzig"}]
        run["exams"] = [
            {"date": run["end"], "title": "telc C1", "location": "Prüfungszentrum Süd, Hannover"},
            {"date": run["end"], "title": "mündlich"},
        ]

    catalogue = edited_catalogue(tmp_path, {"it-fachkraefte-brueckenmassnahme": edit})
    offer = catalogue.offers[0]
    events = list(_events(write(make_context(catalogue))[f"ics/{offer.id}.ics"]).values())
    places = {str(e["summary"]): str(e.get("location", "")) for e in events}
    assert places[f"Auftakt – {offer.title}"] == "Rathaus, Markt 1, 04109 Leipzig"
    exam = schema_set().title("offer.schema.json", ("runs", 0, "exams", 0))
    assert places[f"{exam}: telc C1 – {offer.title}"] == "Prüfungszentrum Süd, Hannover"
    assert places[f"{exam}: mündlich – {offer.title}"] == "online"  # an online-only offer's own place


def test_commas_and_semicolons_in_every_text_property_are_escaped(tmp_path) -> None:
    """RFC 5545 3.3.11: in TEXT values "," and ";" are escaped – also in X-WR-CALNAME/-CALDESC,
    which icalendar does not know and used to write raw."""
    from generator.feeds import ics_feed

    cal = ics_feed.calendar("Termine, Kurse; Prüfungen", "Alle Termine, auch online; ab sofort", [])
    text = cal.to_ical().decode("utf-8")
    for name in ("NAME", "X-WR-CALNAME"):
        assert f"{name}:Termine\\, Kurse\\; Prüfungen" in text
    for name in ("DESCRIPTION", "X-WR-CALDESC"):
        assert f"{name}:Alle Termine\\, auch online\\; ab sofort" in text
    assert "X-WR-CALDESC:Alle Termine, " not in text


def test_events_serialised_once_give_the_same_bytes_as_icalendar(ctx: FeedContext) -> None:
    """write() joins pre-serialised events into the calendars; icalendar itself must agree byte for byte."""
    from generator.feeds import calendar_file
    from generator.feeds.ics_feed import (
        CATALOGUE_FILE,
        catalogue_calendar,
        offer_calendar,
        offer_events,
    )

    files = write(ctx)
    offers = sorted(ctx.catalogue.listed(), key=lambda o: o.id)
    events_of = {offer.id: offer_events(ctx, offer) for offer in offers}
    assert sum(len(e) for e in events_of.values()) > 10
    assert files[CATALOGUE_FILE] == catalogue_calendar(ctx, events_of).to_ical()
    for offer in offers:
        assert files[calendar_file(offer)] == offer_calendar(ctx, offer, events_of[offer.id]).to_ical()


def test_cached_events_give_the_same_calendars_for_any_build_time(ctx: FeedContext, tmp_path: Path) -> None:
    """Events come from the build cache with a placeholder DTSTAMP; the build's own replaces it."""
    from dataclasses import replace

    cached = replace(ctx, cache_path=tmp_path / "cache.sqlite")
    assert write(cached) == write(ctx)  # first run fills the cache
    later = BUILD_TIME + timedelta(days=3, hours=5)
    assert write(replace(cached, build_time=later)) == write(replace(ctx, build_time=later))  # from the cache
    assert b"DTSTAMP:2000" not in b"".join(write(replace(cached, build_time=later)).values())
