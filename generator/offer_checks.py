"""Checks the JSON Schema cannot express: dates in order, references between files, hours.

Each check returns Problems pointing at the exact line of the offending value. Errors stop the
build; warnings (expired, review overdue, KURSNET pre-flight rules) do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from typing import Any

from generator.german_format import de_date
from generator.labels import labels
from generator.postcode_states import states_of
from generator.problems import Problem, field_path
from generator.yaml_loader import LoadedYaml

REVIEW_MAX_AGE = timedelta(days=183)
# KURSNET: the title carries neither the place nor the instruction form (those have own fields).
_FORM_WORDS = re.compile(
    r"\b(online|präsenz|blended|e-learning|webinar|virtuell\w*|fernunterricht|live-online|hybrid)\b", re.I
)
_STATE_NAMES = [
    "Baden-Württemberg",
    "Bayern",
    "Berlin",
    "Brandenburg",
    "Bremen",
    "Hamburg",
    "Hessen",
    "Mecklenburg-Vorpommern",
    "Niedersachsen",
    "Nordrhein-Westfalen",
    "Rheinland-Pfalz",
    "Saarland",
    "Sachsen",
    "Sachsen-Anhalt",
    "Schleswig-Holstein",
    "Thüringen",
]


class _Collector:
    def __init__(self, loaded: LoadedYaml):
        self.loaded = loaded
        self.problems: list[Problem] = []

    def add(
        self, path: tuple[str | int, ...], message: str, hint: str = "", severity: str = "error", code: str = ""
    ) -> None:
        pos = self.loaded.position_of(path)
        self.problems.append(
            Problem(
                file=self.loaded.path,
                line=pos.line,
                column=pos.column,
                field=field_path(path),
                message=message,
                hint=hint,
                severity=severity,
                code=code,
            )
        )

    def warn(self, path: tuple[str | int, ...], message: str, hint: str = "", code: str = "") -> None:
        self.add(path, message, hint, "warning", code)


def _d(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check_offer(
    loaded: LoadedYaml, provider_ids: AbstractSet[str], today: date, broken_providers: AbstractSet[str] = frozenset()
) -> list[Problem]:
    """Semantic checks of one schema-valid offer.

    ``broken_providers``: ids of provider files that exist but have errors. Those errors are
    reported at the provider file; telling each offer that its provider does not exist (and
    suggesting another one, perhaps in another Land) would send the author the wrong way.
    """
    c = _Collector(loaded)
    data = loaded.data
    stem = loaded.path.stem
    if data["id"] != stem:
        c.add(
            ("id",),
            f"Die Kennung „{data['id']}“ passt nicht zum Dateinamen „{loaded.path.name}“.",
            f"Entweder die Datei in „{data['id']}.yaml“ umbenennen oder id: {stem} schreiben.",
        )
    if data["provider"] not in provider_ids and data["provider"] not in broken_providers:
        import difflib

        close = difflib.get_close_matches(data["provider"], sorted(provider_ids), n=1, cutoff=0.5)
        c.add(
            ("provider",),
            f"Das Projekt „{data['provider']}“ gibt es nicht in offers/providers/.",
            f"Meinten Sie „{close[0]}“?"
            if close
            else "Zuerst eine Projektdatei offers/providers/<kennung>.yaml anlegen.",
        )
    for check in _CHECKS:
        check(c, data, today)
    return c.problems


def _check_format(c: _Collector, data: dict[str, Any], today: date) -> None:
    fmt = data["format"]
    places = fmt.get("places", [])
    if fmt["online_only"] and places:
        c.add(
            ("format", "places"),
            "Ein reines Online-Angebot (online_only: true) hat keine Lernorte.",
            "Entweder online_only: false schreiben oder die Lernorte entfernen.",
        )
    if not fmt["online_only"] and not places:
        c.add(
            ("format", "online_only"),
            "Ein Angebot mit Präsenzanteilen braucht mindestens einen Lernort (format.places).",
            "Lernort mit Name, Straße, Postleitzahl, Ort und Bundesland eintragen, oder online_only: true schreiben.",
        )
    if fmt["online_only"] and not fmt.get("region"):
        c.warn(
            ("format", "online_only"),
            "Bei reinen Online-Angeboten fehlt die Angabe, aus welchen Bundesländern man teilnehmen kann (format.region).",
            "Ohne region erscheint das Angebot bei keinem Bundesland-Filter.",
        )
    if fmt["mode"] == "in_person" and fmt["online_only"]:
        c.add(("format", "mode"), "Die Lernform „in_person“ passt nicht zu online_only: true.")
    seen: dict[str, int] = {}
    for i, place in enumerate(places):
        if place["id"] in seen:
            c.add(("format", "places", i, "id"), f"Die Lernort-Kennung „{place['id']}“ kommt doppelt vor.")
        seen[place["id"]] = i
        _check_state(c, ("format", "places", i), place)


def _check_state(c: _Collector, here: tuple[str | int, ...], address: dict[str, Any]) -> None:
    """``state`` must be a Land the postal code lies in: it decides under which Land filter the
    offer is found. A warning, not an error: the table is a snapshot (codes change a few times a
    year), and a correct address must never be unpublishable; unknown codes are not reported."""
    postal_code, state = address.get("postal_code"), address.get("state")
    known = states_of(postal_code) if isinstance(postal_code, str) else ()
    if not known or state in known:
        return
    names = labels().options("format", "places", 0, "state")
    lands = " oder ".join(f"{names.get(s, s)} ({s})" for s in known)
    c.warn(
        (*here, "state"),
        f"Die Postleitzahl {postal_code} liegt in {lands}, als Bundesland steht hier aber "
        f"{names.get(state, state)} ({state}).",
        f"state: {known[0]} schreiben oder die Postleitzahl prüfen. Stimmt beides, bitte der Redaktion "
        "melden: dann wird die Tabelle der Postleitzahlen ergänzt.",
        code="postcode",
    )


def _check_schedule(c: _Collector, data: dict[str, Any], today: date) -> None:
    sched = data["schedule"]
    if sched["alongside_work"] and "learning_time" not in sched:
        c.add(
            ("schedule", "alongside_work"),
            "Bei berufsbegleitenden Angeboten fehlt die Lernzeit (schedule.learning_time).",
            "during_work (während der Arbeitszeit, mit Freistellung), outside_work (abends/Wochenende) oder both.",
        )
    if not sched["alongside_work"] and sched.get("learning_time") == "during_work":
        c.add(
            ("schedule", "learning_time"),
            "„während der Arbeitszeit“ passt nur zu berufsbegleitenden Angeboten (alongside_work: true).",
        )
    if sched["total_hours"] < 4:
        c.warn(
            ("schedule", "total_hours"),
            "KURSNET nimmt nur Angebote mit mindestens 4 Unterrichtsstunden auf.",
            code="kursnet",
        )
    modules = data.get("modules", [])
    hours = [m.get("hours") for m in modules]
    given = [h for h in hours if h is not None]
    if given and sum(given) > sched["total_hours"]:
        c.add(
            ("modules",),
            f"Die Module haben zusammen {sum(given):g} Stunden, das Angebot insgesamt aber nur {sched['total_hours']:g} (schedule.total_hours).",
            "Stunden der Module oder die Gesamtstunden korrigieren.",
        )
    elif given and len(given) == len(hours) and sum(given) != sched["total_hours"]:
        c.warn(
            ("modules",),
            f"Die Module haben zusammen {sum(given):g} Stunden, die Gesamtstunden sind {sched['total_hours']:g}.",
            "Stimmen die Gesamtstunden (schedule.total_hours)?",
        )
    hpw, months = sched.get("hours_per_week"), sched["duration_months"]
    if hpw and hpw * months * 4.35 * 1.5 < sched["total_hours"]:
        c.warn(
            ("schedule", "hours_per_week"),
            f"{hpw:g} Stunden pro Woche über {months:g} Monate ergeben deutlich weniger als {sched['total_hours']:g} Gesamtstunden.",
            "Stunden pro Woche, Dauer und Gesamtstunden prüfen.",
        )


def _check_runs(c: _Collector, data: dict[str, Any], today: date) -> None:
    runs = data.get("runs", [])
    place_ids = {p["id"] for p in data["format"].get("places", [])}
    if not runs and not data.get("rolling_start"):
        c.add(
            ("runs",),
            "Es gibt weder Durchführungen (runs) noch einen laufenden Einstieg (rolling_start: true).",
            "Mindestens eine Durchführung mit start und end eintragen oder rolling_start: true schreiben.",
        )
    seen: dict[str, int] = {}
    for i, run in enumerate(runs):
        here = ("runs", i)
        if run["id"] in seen:
            c.add(
                (*here, "id"),
                f"Die Kennung „{run['id']}“ hat schon die Durchführung Nr. {seen[run['id']] + 1}.",
                "Jede Durchführung braucht eine eigene, dauerhafte Kennung.",
            )
        seen.setdefault(run["id"], i)
        start, end = _d(run["start"]), _d(run["end"])
        deadline = _d(run.get("application_deadline"))
        if start and end and end < start:
            c.add(
                (*here, "end"),
                f"Das Ende ({de_date(end)}) liegt vor dem Beginn ({de_date(start)}).",
                "Beginn und Ende prüfen (Form JJJJ-MM-TT).",
            )
            start = end = None  # the other date checks would only repeat this error
        if start and deadline and deadline > start:
            c.add(
                (*here, "application_deadline"),
                f"Der Anmeldeschluss ({de_date(deadline)}) liegt nach dem Beginn ({de_date(start)}).",
                "Der Anmeldeschluss muss am oder vor dem ersten Tag liegen.",
            )
        if "place" in run and run["place"] not in place_ids:
            c.add(
                (*here, "place"),
                f"Den Lernort „{run['place']}“ gibt es nicht in format.places.",
                "Erlaubt: " + (", ".join(sorted(place_ids)) if place_ids else "keine (reines Online-Angebot)") + ".",
            )
        for key in ("sessions", "exams"):
            for j, item in enumerate(run.get(key, [])):
                day = _d(item["date"])
                if day and start and end and not (start <= day <= end) and key == "sessions":
                    c.warn(
                        (*here, key, j, "date"),
                        f"Der Termin am {de_date(day)} liegt außerhalb der Durchführung ({de_date(start)}–{de_date(end)}).",
                    )
                last = _d(item.get("end_date"))
                if day and last and last < day:
                    c.add(
                        (*here, key, j, "end_date"),
                        f"Das Ende ({de_date(last)}) liegt vor dem Beginn ({de_date(day)}).",
                    )
                if (
                    item.get("start_time")
                    and item.get("end_time")
                    and item["end_time"] <= item["start_time"]
                    and not last
                ):
                    c.add(
                        (*here, key, j, "end_time"),
                        f"Die Endzeit {item['end_time']} liegt nicht nach der Anfangszeit {item['start_time']}.",
                    )


def _check_costs(c: _Collector, data: dict[str, Any], today: date) -> None:
    costs = data["costs"]
    price = costs.get("price_eur")
    if costs["free_of_charge"] and price:
        c.add(
            ("costs", "price_eur"),
            f"Das Angebot ist als kostenfrei markiert, hat aber einen Preis von {price:g} Euro.",
            "Entweder free_of_charge: false oder price_eur: 0.",
        )
    if not costs["free_of_charge"] and price is None:
        c.add(
            ("costs", "free_of_charge"),
            "Bei kostenpflichtigen Angeboten fehlt der Preis (costs.price_eur).",
            "Den Eigenanteil in Euro angeben, z. B. price_eur: 150.",
        )


def _check_outcome(c: _Collector, data: dict[str, Any], today: date) -> None:
    outcome = data["outcome"]
    if outcome["type"] == "exam" and "exam" not in outcome:
        c.warn(
            ("outcome", "type"),
            "Der Abschluss ist eine Prüfung, aber es fehlen Name und prüfende Stelle (outcome.exam).",
        )


def _check_text(c: _Collector, data: dict[str, Any], today: date) -> None:
    if len(data["description"].strip()) < 45:
        c.warn(("description",), "KURSNET verlangt eine Beschreibung mit mindestens 45 Zeichen.", code="kursnet")
    title = data["title"]
    if m := _FORM_WORDS.search(title):
        c.warn(
            ("title",),
            f"Der Titel nennt die Lernform („{m.group(0)}“); KURSNET lehnt das ab.",
            "Die Lernform steht schon in format.mode; im Titel bitte weglassen.",
            code="kursnet",
        )
    places = {p["city"] for p in data["format"].get("places", [])} | set(_STATE_NAMES)
    for name in sorted(places, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", title):
            c.warn(
                ("title",),
                f"Der Titel nennt einen Ort („{name}“); KURSNET lehnt Ortsnamen im Titel ab.",
                "Der Ort steht schon bei den Lernorten; im Titel bitte weglassen.",
                code="kursnet",
            )
            break


def _check_publication(c: _Collector, data: dict[str, Any], today: date) -> None:
    pub = data["publication"]
    start, until, reviewed = _d(pub["published_from"]), _d(pub.get("published_until")), _d(pub["last_reviewed"])
    if start and until and until < start:
        c.add(
            ("publication", "published_until"),
            f"„Sichtbar bis“ ({de_date(until)}) liegt vor „Sichtbar ab“ ({de_date(start)}).",
        )
    if reviewed and reviewed > today:
        c.add(
            ("publication", "last_reviewed"),
            f"Das Prüfdatum {de_date(reviewed)} liegt in der Zukunft.",
            "Das Datum der letzten tatsächlichen Prüfung eintragen.",
        )
    elif reviewed and today - reviewed > REVIEW_MAX_AGE:
        c.warn(
            ("publication", "last_reviewed"),
            f"Die Angaben wurden zuletzt am {de_date(reviewed)} geprüft, vor mehr als sechs Monaten.",
            "Alle Angaben prüfen und dann last_reviewed auf das heutige Datum setzen.",
            code="review",
        )
    ends = [end for r in data.get("runs", []) if (end := _d(r["end"]))]
    if (until and until < today) or (not data.get("rolling_start") and ends and max(ends) < today):
        c.warn(
            ("runs",) if not until else ("publication", "published_until"),
            "Das Angebot ist abgelaufen und erscheint nicht mehr im Katalog.",
            "Neue Durchführung eintragen oder die Datei entfernen.",
            code="expired",
        )


_CHECKS: list[Callable[[_Collector, dict[str, Any], date], None]] = [
    _check_format,
    _check_schedule,
    _check_runs,
    _check_costs,
    _check_outcome,
    _check_text,
    _check_publication,
]


def check_provider(loaded: LoadedYaml) -> list[Problem]:
    """Semantic checks of one schema-valid provider file."""
    c = _Collector(loaded)
    if loaded.data["id"] != loaded.path.stem:
        c.add(
            ("id",),
            f"Die Kennung „{loaded.data['id']}“ passt nicht zum Dateinamen „{loaded.path.name}“.",
            f"Entweder die Datei umbenennen oder id: {loaded.path.stem} schreiben.",
        )
    _check_state(c, ("address",), loaded.data["address"])
    return c.problems
