"""The gate before upload: services that lack what KURSNET requires stay out of the delivery.

The XSD makes almost everything optional, but KURSNET does not list an offer without a course
systematics position, a teaching language, a date, or – for on-site teaching – a place with
street, postcode and city (KURSNET's own rules; see docs/kursnet.md). Such a file validates and
is even "stored" – and the offer then never shows. So before anything is sent the services are
checked here; an incomplete offer is left out (its Angebot with all its Termine) with one German
line naming the file and the field to fill in, and the command exits non-zero unless the user
said ``--skip-incomplete``.

The rules read the SERVICE elements, so they hold for a file built now and for a file given to
``offers publish kursnet FILE`` alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from generator.kursnet.diff import course_id, service_id

# (what is checked, the offer field to fill in) – German for the message.
SYSTEMATICS = ("Kurssystematik (SERVICE_CLASSIFICATION)", "kursnet.systematik_code")
LANGUAGE = ("Unterrichtssprache (TEACHING_LANGUAGES)", "language.instruction_languages")
DATE = ("Beginn (SERVICE_DATE/START_DATE)", "runs oder rolling_start")
PLACE = ("Lernort mit Straße, PLZ und Ort (LOCATION)", "format.places / runs[].place")
ONLINE_FORMS = ("2", "4")  # unterrichtsform.dat: 2xx digital, 4xx distance learning – no place needed


@dataclass(frozen=True)
class Gap:
    """One missing piece of one service."""

    product_id: str
    angebot_id: str
    what: str
    field: str


def _is_angebot(service: etree._Element) -> bool:
    return service.find("SERVICE_DETAILS/SERVICE_MODULE/EDUCATION[@type='true']") is not None


def gaps(service: etree._Element, *, angebot_has_dates: bool = True) -> list[Gap]:
    """What this service lacks for KURSNET. An abstract Angebot (dates only on its Termine,
    ``angebot_has_dates`` False) needs no date and no place of its own."""
    pid = service_id(service)
    angebot = course_id(service) or pid
    found: list[Gap] = []
    education = service.find("SERVICE_DETAILS/SERVICE_MODULE/EDUCATION")
    is_angebot = _is_angebot(service)
    needs_date = not is_angebot or angebot_has_dates

    def add(rule: tuple[str, str]) -> None:
        found.append(Gap(pid, angebot, *rule))

    if is_angebot and service.find("SERVICE_CLASSIFICATION/FEATURE/FNAME") is None:
        add(SYSTEMATICS)
    if education is None or not [
        e for e in education.findall("EXTENDED_INFO/TEACHING_LANGUAGES") if (e.text or "").strip()
    ]:
        add(LANGUAGE)
    if needs_date and not (service.findtext("SERVICE_DETAILS/SERVICE_DATE/START_DATE") or "").strip():
        add(DATE)
    form = education.find("EXTENDED_INFO/INSTRUCTION_FORM") if education is not None else None
    on_site = form is None or not str(form.get("type", "")).startswith(ONLINE_FORMS)
    if needs_date and on_site and education is not None:
        places = education.findall("MODULE_COURSE/LOCATION")
        complete = [p for p in places if all((p.findtext(t) or "").strip() for t in ("STREET", "ZIP", "CITY"))]
        if not complete:
            add(PLACE)
    return found


def check(services: list[etree._Element]) -> list[Gap]:
    """Gaps of a provider's services. An Angebot without a date of its own is fine when it has
    Termine (the alternative layout)."""
    with_termine = {course_id(s) for s in services if not _is_angebot(s)}
    result: list[Gap] = []
    for service in services:
        has_dates = not (_is_angebot(service) and service.find("SERVICE_DETAILS/SERVICE_DATE") is None)
        abstract_ok = _is_angebot(service) and service_id(service) in with_termine and not has_dates
        result += gaps(service, angebot_has_dates=not abstract_ok)
    return result


def blocked_offers(found: list[Gap]) -> set[str]:
    """Angebot PRODUCT_IDs to leave out: any gap in the Angebot or one of its Termine."""
    return {gap.angebot_id for gap in found}


def without(services: list[etree._Element], blocked: set[str]) -> list[etree._Element]:
    """The services minus every blocked Angebot and its Termine."""
    return [s for s in services if (course_id(s) or service_id(s)) not in blocked and service_id(s) not in blocked]
