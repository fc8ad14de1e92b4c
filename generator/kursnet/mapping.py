"""One offer → its open-Qcat SERVICE elements (Angebot plus Termine), built with lxml.

KURSNET pattern (as in the BA's own export, see docs/kursnet.md): the Angebot service
(``EDUCATION type="true"``) carries the descriptive content *and* the first date; every further
date is its own service (``EDUCATION type="false"``) whose COURSE_ID is the Angebot's PRODUCT_ID.
A rolling-start offer without dates is sent as an Angebot with FLEXIBLE_START and the
publication window as its period.

Child order is fixed by the XSD (every content model is a sequence), so each builder appends
in schema order. Text passes through ``clean_text`` (NFC, no XML-illegal characters) and is cut
to KURSNET's lengths; the pre-flight check warns about every cut at the YAML line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from lxml import etree

from generator.feed_error import FeedError
from generator.german_format import YES, de_date, de_number, yes_no
from generator.kursnet import codelists
from generator.kursnet.elements import add_person
from generator.kursnet.elements import sub as _sub
from generator.kursnet.encoding import clean_text
from generator.kursnet.values import (
    MAX_CITY,
    MAX_DATE_REMARKS,
    MAX_DESCRIPTION,
    MAX_EXAM_TITLE,
    MAX_FEATURE_NAME,
    MAX_FUNDING_REMARKS,
    MAX_INSTRUCTION_REMARKS,
    MAX_KEYWORD,
    MAX_KEYWORDS,
    MAX_NAME,
    MAX_PRICE_REMARKS,
    MAX_PRODUCT_ID,
    MAX_REQUIREMENTS,
    MAX_STREET,
    MAX_TARGET_GROUP,
    MAX_TEACHING_LANGUAGES_REMARKS,
    MAX_TITLE,
    MAX_URL,
    MAX_ZIP,
    berlin_date,
    berlin_datetime,
    cut,
    duration_class,
    duration_class_months,
    instruction_form,
    kursnet_phone,
)
from generator.labels import Labels, labels
from generator.model import Offer, Run

COURSE_TYPE = 5  # angebotstyp.dat: Weiterbildungsangebot
INSTITUTION = 105  # schulart.dat: Einrichtung der beruflichen Weiterbildung
EDUCATION_TYPE = 104  # bildungsart.dat: Fortbildung/Qualifizierung (also for job-related German)
CONTACT_ROLE = 1  # ansprechpartner.dat: Ansprechpartner
CLASSIFICATION_SYSTEM = "Kurssystematik"
CERTIFICATE_STATUS = {  # zertstatus.dat: the IQ categories 4-9
    "compensation_measure": 4,
    "adaptation_qualification": 5,
    "bridge_measure": 6,
    "external_exam_preparation": 7,
    "job_related_german": 8,
    "other": 9,
}
END_OF_DAY = time(23, 59, 59)
INSTRUCTION_TIME = {"full_time": 1, "part_time": 2}  # unterrichtszeit.dat
SEGMENT_TYPE = {"teaching": 1, "internship": 2, "internship_parallel": 3, "exam": 4}  # vgstrukturart.dat
# DEGREE@type: 0 öffentlich anerkannt, 1 Befähigungsnachweis, 2 Industriezertifikat, 3 anbieterspezifisch
DEGREE_TYPE = {
    "full_recognition": 0,
    "exam": 0,
    "partial_qualification": 1,
    "language_certificate": 1,
    "certificate": 3,
    "documented_competence": 3,
    "employment": 3,
}
FUNDING_FEDERAL = {"education_voucher": (2,), "qualification_allowance": (8, 11)}  # foerderartenbund.dat


def product_id(offer: Offer, run: Run | None = None) -> str:
    """Stable KURSNET key: ``<provider>--<offer>`` for the Angebot, ``…--<run>`` for a date.

    Ids are slugs (``[a-z0-9]+(-[a-z0-9]+)*``), so ``--`` cannot occur inside one and the key can
    never collide or depend on the order of runs in the file.
    """
    parts = [offer.provider.id, offer.id] + ([run.id] if run else [])
    key = "--".join(parts)
    if len(key) > MAX_PRODUCT_ID:
        raise FeedError(f"Die KURSNET-Nummer „{key[:60]}…“ wäre länger als {MAX_PRODUCT_ID} Zeichen.")
    return key


def kursnet_runs(offer: Offer, today: date) -> list[Run]:
    """The dates sent to KURSNET, earliest first: runs not yet started and not cancelled;
    if there are none, the ones still running (so a listed offer keeps its date)."""
    usable = [r for r in offer.upcoming_runs(today) if r.data.get("status") != "cancelled"]
    future = [r for r in usable if r.start >= today]
    return future or usable


@dataclass(frozen=True)
class _Ctx:
    offer: Offer
    today: date
    offer_url: str
    lab: Labels

    @property
    def data(self) -> dict[str, Any]:
        return self.offer.data


LAYOUT_FIRST_DATE_ON_ANGEBOT = "first_date_on_angebot"  # the BA's own export (default)
LAYOUT_EVERY_DATE_A_TERMIN = "every_date_a_termin"  # the XSD prose: abstract Angebot, dates as Termine
LAYOUTS = (LAYOUT_FIRST_DATE_ON_ANGEBOT, LAYOUT_EVERY_DATE_A_TERMIN)


def layout_of(offer: Offer) -> str:
    """The provider's ``kursnet.layout`` (provider schema 1.2), default: as the BA exports."""
    return str((offer.provider.kursnet or {}).get("layout") or LAYOUT_FIRST_DATE_ON_ANGEBOT)


def offer_services(offer: Offer, today: date, offer_url: str, lab: Labels | None = None) -> list[etree._Element]:
    """All SERVICE elements of one offer: the Angebot first, then its dates (Termine).

    Default layout (as in the BA's own export): the Angebot carries the first date, further
    dates are Termine. ``every_date_a_termin``: the Angebot holds no date and every date is a
    Termin – unless there is no date at all (rolling start), which keeps the one-service form.
    """
    ctx = _Ctx(offer, today, offer_url, lab or labels())
    runs = kursnet_runs(offer, today)
    angebot_id = product_id(offer)
    if layout_of(offer) == LAYOUT_EVERY_DATE_A_TERMIN and runs:
        last_end = max(run.end for run in runs)
        services = [_service(ctx, angebot_id, angebot_id, None, is_angebot=True, abstract_until=last_end)]
        termine = runs
    else:
        services = [_service(ctx, angebot_id, angebot_id, runs[0] if runs else None, is_angebot=True)]
        termine = runs[1:]
    for run in termine:
        services.append(_service(ctx, product_id(offer, run), angebot_id, run, is_angebot=False))
    return services


# --- helpers -------------------------------------------------------------------------------


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _code(listname: str, code: int | str, what: str) -> str:
    if not codelists.is_valid(listname, code):
        raise FeedError(f"{what}: Der Code „{code}“ steht nicht in der KURSNET-Liste {listname}.dat.")
    return str(code)


def _join(lines: list[str]) -> str:
    return "\n".join(line for line in lines if line)


# --- SERVICE -------------------------------------------------------------------------------


def _service(
    ctx: _Ctx, pid: str, angebot_id: str, run: Run | None, *, is_angebot: bool, abstract_until: date | None = None
) -> etree._Element:
    """One SERVICE. ``abstract_until`` marks an Angebot without a date of its own (its Termine
    carry them); it is then visible until that day (the last Termin's end)."""
    data = ctx.data
    abstract = abstract_until is not None
    service = etree.Element("SERVICE")
    _sub(service, "PRODUCT_ID", pid)
    _sub(service, "COURSE_TYPE", _code("angebotstyp", COURSE_TYPE, "COURSE_TYPE"))
    details = _sub(service, "SERVICE_DETAILS")
    _sub(details, "TITLE", data["title"], MAX_TITLE)
    if is_angebot:
        _sub(details, "DESCRIPTION_LONG", _description(data, ctx.lab), MAX_DESCRIPTION)
    _contact(details, data, ctx.lab)
    if is_angebot:
        _sub(details, "REQUIREMENTS", _requirements(data, ctx.lab), MAX_REQUIREMENTS)
    if not abstract:
        _service_date(details, ctx, run)
    if is_angebot:
        for keyword in list(dict.fromkeys(data.get("keywords", [])))[:MAX_KEYWORDS]:
            _sub(details, "KEYWORD", keyword, MAX_KEYWORD)
        group = _sub(details, "TARGET_GROUP")
        _sub(group, "TARGET_GROUP_TEXT", data["target_group"], MAX_TARGET_GROUP)
    module = _sub(details, "SERVICE_MODULE")
    _education(module, ctx, angebot_id, run, is_angebot=is_angebot, abstract=abstract)
    _announcement(details, ctx.offer, run, abstract_until)
    kursnet = data.get("kursnet") or {}
    if is_angebot and kursnet.get("systematik_code"):
        classification = _sub(service, "SERVICE_CLASSIFICATION")
        _sub(classification, "REFERENCE_CLASSIFICATION_SYSTEM_NAME", CLASSIFICATION_SYSTEM)
        feature = _sub(classification, "FEATURE")
        _sub(feature, "FNAME", kursnet["systematik_code"], MAX_FEATURE_NAME)
        _sub(feature, "FVALUE", kursnet.get("systematik_label") or kursnet["systematik_code"])
    _price(service, data, ctx.lab)
    _mime_info(service, ctx.offer_url)
    return service


def _description(data: dict[str, Any], lab: Labels) -> str:
    """The description plus the practical facts a KURSNET reader needs (support, costs, employer)."""
    extra = []
    support = data["support"]
    extra.append(f"{lab.field('support', 'childcare')}: {lab.value(('support', 'childcare'), support['childcare'])}")
    for flag in ("equipment_loan", "rooms", "social_pedagogical", "mentoring", "peer_exchange", "pause_possible"):
        if support.get(flag):
            extra.append(f"{lab.field('support', flag)}: {YES}")
    if support.get("note"):
        extra.append(support["note"])
    employer = data.get("employer")
    if employer:
        for flag in ("agreement_required", "release_required"):
            extra.append(f"{lab.field('employer', flag)} ({lab.field('employer')}): {yes_no(employer[flag])}")
        for key in ("benefits", "note"):
            if employer.get(key):
                extra.append(f"{lab.field('employer', key)}: {employer[key]}")
    application = data["application"]
    extra.append(f"{lab.field('application')}: {application['how']}")
    return data["description"].strip() + "\n\n" + _join(extra)


def _requirements(data: dict[str, Any], lab: Labels) -> str:
    language = data["language"]
    level = language["german_level_required"]
    lines = [
        "Deutschkenntnisse mindestens " + level + " (GER)"
        if level != "none"
        else lab.value(("language", "german_level_required"), "none")
    ]
    if language.get("german_level_note"):
        lines.append(language["german_level_note"])
    requirements = data["requirements"]
    for key in ("foreign_qualification", "recognition_notice", "employment"):
        lines.append(f"{lab.field('requirements', key)}: {lab.value(('requirements', key), requirements[key])}")
    if requirements.get("equipment"):
        lines.append(f"{lab.field('requirements', 'equipment')}: {requirements['equipment']}")
    lines += list(requirements.get("other", []))
    return _join(lines)


def _contact(parent: etree._Element, data: dict[str, Any], lab: Labels) -> None:
    person = data["support"]["contact"]
    contact = _sub(parent, "CONTACT")
    _sub(contact, "CONTACT_ROLE", type=_code("ansprechpartner", CONTACT_ROLE, "CONTACT_ROLE"))
    add_person(contact, person)
    phone = kursnet_phone(person.get("phone") or data["application"].get("phone") or "")
    if phone:
        _sub(contact, "PHONE", phone)
    mobile = kursnet_phone(person.get("mobile") or "")
    if mobile:
        _sub(contact, "MOBILE", mobile)
    email = person.get("email") or data["application"].get("email")
    if email:
        _sub(_sub(contact, "EMAILS"), "EMAIL", email, 255)
    url = data["application"].get("url")
    if url and len(url) <= MAX_URL:
        _sub(contact, "URL", url)
    remarks = []
    if person.get("hours"):
        remarks.append(f"{lab.field('support', 'contact', 'hours')}: {person['hours']}")
    if person.get("channels"):
        channels = [lab.value(("support", "contact", "channels", 0), c) for c in person["channels"]]
        remarks.append(f"{lab.field('support', 'contact', 'channels')}: {', '.join(channels)}")
    if remarks:
        _sub(contact, "CONTACT_REMARKS", _join(remarks))


def _service_date(parent: etree._Element, ctx: _Ctx, run: Run | None) -> None:
    period = _sub(parent, "SERVICE_DATE")
    if run is not None:
        _sub(period, "START_DATE", berlin_datetime(run.start))
        _sub(period, "END_DATE", berlin_datetime(run.end))
        remarks = _run_remarks(run, ctx.lab)
    else:
        # Rolling start: the period begins when one can start, which is never before today.
        offer = ctx.offer
        _sub(period, "START_DATE", berlin_datetime(max(offer.published_from, ctx.today)))
        if offer.published_until:
            _sub(period, "END_DATE", berlin_datetime(offer.published_until))
        remarks = ctx.lab.field("rolling_start")
    if remarks:
        _sub(period, "DATE_REMARKS", remarks, MAX_DATE_REMARKS)


def _run_remarks(run: Run, lab: Labels) -> str:
    lines = []
    if run.data.get("status"):
        lines.append(f"{lab.field('runs', 0, 'status')}: {lab.value(('runs', 0, 'status'), run.data['status'])}")
    for session in run.data.get("sessions", []):
        when = de_date(session["date"])
        if session.get("end_date"):
            when += "-" + de_date(session["end_date"])
        if session.get("start_time"):
            when += (
                f", {session['start_time']}" + (f"-{session['end_time']}" if session.get("end_time") else "") + " Uhr"
            )
        mode = f" ({lab.value(('runs', 0, 'sessions', 0, 'mode'), session['mode'])})" if session.get("mode") else ""
        where = f" - {session['location']}" if session.get("location") else ""
        lines.append(f"{when}: {session['title']}{mode}{where}")
    for exam in run.data.get("exams", []):
        examiner = f" - {exam['examiner']}" if exam.get("examiner") else ""
        where = f" - {exam['location']}" if exam.get("location") else ""
        lines.append(f"{de_date(exam['date'])}: {exam['title']}{examiner}{where}")
    if run.data.get("note"):
        lines.append(run.data["note"])
    return _join(lines)


def _announcement(parent: etree._Element, offer: Offer, run: Run | None, abstract_until: date | None = None) -> None:
    """Visibility window = our publication window; without an end date a date stays visible
    until it ends (as on the website), an abstract Angebot until its last Termin ends, a
    rolling-start Angebot open-ended."""
    announcement = _sub(parent, "ANNOUNCEMENT")
    _sub(announcement, "START_DATE", berlin_date(offer.published_from))
    end = offer.published_until or (run.end if run else abstract_until)
    if end:
        _sub(announcement, "END_DATE", berlin_date(max(end, offer.published_from)))


# --- EDUCATION -----------------------------------------------------------------------------


def _education(
    parent: etree._Element, ctx: _Ctx, angebot_id: str, run: Run | None, *, is_angebot: bool, abstract: bool = False
) -> None:
    data = ctx.data
    education = _sub(parent, "EDUCATION", type=_bool(is_angebot))
    _sub(education, "COURSE_ID", angebot_id)
    if is_angebot:
        _degree(education, data["outcome"], ctx.lab)
    if run is not None and run.application_deadline:
        # "the date until which one can still book" (XSD): the whole deadline day counts
        _sub(education, "REGISTRATION_DATE", berlin_datetime(run.application_deadline, END_OF_DAY))
    certificate = _sub(education, "CERTIFICATE")
    _sub(certificate, "CERTIFICATE_STATUS", _code("zertstatus", CERTIFICATE_STATUS[data["kind"]], "CERTIFICATE_STATUS"))
    _extended_info(education, data, ctx.lab)
    modules = data.get("modules") or [None]
    for order, module in enumerate(modules, start=1):
        _module_course(education, ctx, run, module, order, abstract=abstract)


def _degree(parent: etree._Element, outcome: dict[str, Any], lab: Labels) -> None:
    degree = _sub(parent, "DEGREE", type=DEGREE_TYPE[outcome["type"]])
    _sub(degree, "DEGREE_TITLE", outcome["title"], 2000)
    if outcome.get("description"):
        _sub(degree, "DEGREE_DESCRIPTION", outcome["description"])
    exam = outcome.get("exam")
    if exam:
        element = _sub(degree, "DEGREE_EXAM", type=cut(clean_text(exam["name"]), 2000))
        _sub(element, "EXAM_TITLE", exam["name"], MAX_EXAM_TITLE)
        if exam.get("timing"):
            _sub(element, "EXAM_DESCRIPTION", exam["timing"])
        _sub(element, "EXAMINER", exam["examiner"], 2000)
    if outcome.get("leads_to_recognition"):
        _sub(degree, "DEGREE_ENTITLED", lab.field("outcome", "leads_to_recognition"))


def _extended_info(parent: etree._Element, data: dict[str, Any], lab: Labels) -> None:
    info = _sub(parent, "EXTENDED_INFO")
    _sub(info, "INSTITUTION", type=_code("schulart", INSTITUTION, "INSTITUTION"))
    _sub(info, "INSTRUCTION_FORM", type=_code("unterrichtsform", instruction_form(data), "INSTRUCTION_FORM"))
    schedule = data["schedule"]
    _sub(
        info,
        "INSTRUCTION_TIME",
        type=_code("unterrichtszeit", INSTRUCTION_TIME[schedule["intensity"]], "INSTRUCTION_TIME"),
    )
    _sub(info, "EXTRA_OCCUPATIONAL", _bool(schedule["alongside_work"]))
    if "internship" in schedule:
        _sub(info, "PRACTICAL_PART", _bool(schedule["internship"]))
    funding = data["costs"].get("funding", [])
    for key in funding:
        for code in FUNDING_FEDERAL.get(key, ()):
            _sub(info, "FUNDING_TYPES_FEDERAL", type=_code("foerderartenbund", code, "FUNDING_TYPES_FEDERAL"))
    if funding:
        kinds = [lab.value(("costs", "funding", 0), key) for key in funding]
        _sub(info, "FUNDING_TYPES_REMARKS", f"{lab.field('costs', 'funding')}: {', '.join(kinds)}", MAX_FUNDING_REMARKS)
    accessibility = data.get("accessibility") or {}
    if "digital_accessible" in accessibility:
        _sub(info, "DIGITAL_ACCESSIBILITY", _bool(accessibility["digital_accessible"]))
    language = data["language"]
    for code in language["instruction_languages"]:
        _sub(info, "TEACHING_LANGUAGES", _code("unterrichtssprache", code, "TEACHING_LANGUAGES"))
    remarks = [language["instruction_languages_note"]] if language.get("instruction_languages_note") else []
    if language.get("language_sensitive_teaching"):
        remarks.append(lab.field("language", "language_sensitive_teaching"))
    if language.get("job_german_included"):
        remarks.append(lab.field("language", "job_german_included"))
    if language.get("mentor_languages"):
        mentors = [lab.value(("language", "mentor_languages", 0), c) for c in language["mentor_languages"]]
        remarks.append(f"{lab.field('language', 'mentor_languages')}: {', '.join(mentors)}")
    if remarks:
        _sub(info, "TEACHING_LANGUAGES_REMARKS", "; ".join(remarks), MAX_TEACHING_LANGUAGES_REMARKS)
    _sub(info, "EDUCATION_TYPE", type=_code("bildungsart", EDUCATION_TYPE, "EDUCATION_TYPE"))


def place_of(offer: Offer, run: Run | None) -> dict[str, Any] | None:
    """The learning place of a date (a run's place, else the offer's first place; None online)."""
    if offer.data["format"].get("online_only"):
        return None
    if run is not None:
        return run.place
    return offer.places[0] if offer.places else None


def _module_course(
    parent: etree._Element,
    ctx: _Ctx,
    run: Run | None,
    module: dict[str, Any] | None,
    order: int,
    *,
    abstract: bool = False,
) -> None:
    data = ctx.data
    course = _sub(parent, "MODULE_COURSE")
    if module is not None:
        _sub(course, "MARKETINGTEXT", _module_text(module, order, ctx.lab))
    if run is not None and run.data.get("seats"):
        _sub(course, "MAX_PARTICIPANTS", run.data["seats"])
    place = None if abstract else place_of(ctx.offer, run)  # an abstract Angebot has no place of its own
    if place is not None:
        _location(course, place, data, ctx.lab)
    # Phases have no dates of their own; each carries the duration class of the whole date.
    code = (
        duration_class(run.start, run.end)
        if run is not None
        else duration_class_months(data["schedule"]["duration_months"])
    )
    _sub(course, "DURATION", type=_code("dauerklassen", code, "DURATION"))
    _sub(course, "MODULE_ORDER", order)
    schedule = data["schedule"]
    remarks = [
        (run.data.get("time_note") if run is not None else None) or schedule.get("pattern_note"),
        data["format"].get("in_person_parts"),
    ]
    patterns = [ctx.lab.value(("schedule", "patterns", 0), p) for p in schedule["patterns"]]
    remarks.append(f"{ctx.lab.field('schedule', 'patterns')}: {', '.join(patterns)}")
    facts = [f"{ctx.lab.field('schedule', 'total_hours')}: {de_number(schedule['total_hours'])}"]
    if schedule.get("hours_per_week"):
        facts.append(f"{ctx.lab.field('schedule', 'hours_per_week')}: {de_number(schedule['hours_per_week'])}")
    remarks.append(", ".join(facts))
    _sub(course, "INSTRUCTION_REMARKS", _join([r for r in remarks if r]), MAX_INSTRUCTION_REMARKS)
    _sub(course, "FLEXIBLE_START", _bool(ctx.offer.rolling_start))
    segment = SEGMENT_TYPE.get(module.get("segment", ""), 0) if module is not None else 0
    _sub(_sub(course, "EXTENDED_INFO"), "SEGMENT_TYPE", type=_code("vgstrukturart", segment, "SEGMENT_TYPE"))


def _module_text(module: dict[str, Any], order: int, lab: Labels) -> str:
    lines = [f"Modul {order}: {module['title']}", module["content"]]
    if module.get("hours"):
        lines.append(f"{lab.field('modules', 0, 'hours')}: {de_number(module['hours'])}")
    if module.get("mode"):
        lines.append(f"{lab.field('modules', 0, 'mode')}: {lab.value(('modules', 0, 'mode'), module['mode'])}")
    if module.get("result"):
        lines.append(f"{lab.field('modules', 0, 'result')}: {module['result']}")
    return _join(lines)


def _location(parent: etree._Element, place: dict[str, Any], data: dict[str, Any], lab: Labels) -> None:
    location = _sub(parent, "LOCATION")
    _sub(location, "NAME", place.get("short_name", place["name"]), MAX_NAME)
    _sub(location, "STREET", place["street"], MAX_STREET)
    _sub(location, "ZIP", place["postal_code"], MAX_ZIP)
    _sub(location, "CITY", place["city"], MAX_CITY)
    _sub(location, "STATE", lab.value(("format", "places", 0, "state"), place["state"]), 80)
    _sub(location, "COUNTRY_CODED", "DE")
    remarks = [place.get("note"), (data.get("accessibility") or {}).get("note")]
    if any(remarks):
        _sub(location, "ADDRESS_REMARKS", _join([r for r in remarks if r]), 4000)
    _sub(location, "BARRIER_FREE_LOCATION", _bool(place["barrier_free"]))


# --- price and link ------------------------------------------------------------------------


def _price(parent: etree._Element, data: dict[str, Any], lab: Labels) -> None:
    costs = data["costs"]
    amount = 0 if costs["free_of_charge"] else costs.get("price_eur", 0)
    details = _sub(parent, "SERVICE_PRICE_DETAILS")
    price = _sub(details, "SERVICE_PRICE")
    _sub(price, "PRICE_AMOUNT", f"{float(amount):.2f}")
    _sub(price, "PRICE_CURRENCY", "EUR")
    remarks = []
    if costs["free_of_charge"]:
        remarks.append(lab.field("costs", "free_of_charge"))
    for key in ("note", "income_note"):
        if costs.get(key):
            remarks.append(costs[key])
    if remarks:
        _sub(details, "REMARKS", _join(remarks), MAX_PRICE_REMARKS)


def _mime_info(parent: etree._Element, url: str) -> None:
    element = _sub(_sub(parent, "MIME_INFO"), "MIME_ELEMENT")
    _sub(element, "MIME_TYPE", "text/html")
    _sub(element, "MIME_SOURCE", url, 2000)
    _sub(element, "MIME_DESCR", "Angebotsseite im IQ-Angebotskatalog")
