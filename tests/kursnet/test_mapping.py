"""Full delivery (NEW_CATALOG): structure, mapping rules, code lists, stable ids, XSD validity."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from generator.catalogue_loader import check_catalogue
from generator.feeds import FeedContext, FeedError, kursnet_feed
from generator.kursnet import codelists, document, gate, mapping
from generator.kursnet.values import berlin_date, berlin_datetime, duration_class, kursnet_phone, split_name
from generator.model import Provider
from generator.problems import CatalogueInvalid
from tests.kursnet.kursnet_support import (
    BUILD_TIME,
    OFFER,
    PROVIDER,
    PROVIDER_WITHOUT_KURSNET,
    SITE,
    TODAY,
    assert_codes_in_lists,
    assert_valid,
    catalogue_of,
    context,
    offer,
    services_by_id,
    write_catalogue,
)

FILE = "kursnet/iq-be-test.xml"


def build(tmp_path: Path, offers: list[dict], providers: list[dict] | None = None, **options) -> dict[str, bytes]:
    folder = write_catalogue(tmp_path / "offers", offers, providers)
    return kursnet_feed.write(context(catalogue_of(folder), **options))


def services(tmp_path: Path, offers: list[dict], **options) -> dict:
    root = assert_valid(build(tmp_path, offers, **options)[FILE])
    return services_by_id(root)


# --- example catalogue -----------------------------------------------------------------------


def test_example_catalogue_every_file_is_xsd_valid_and_uses_listed_codes(example_catalogue) -> None:
    ctx = FeedContext(catalogue=example_catalogue, site_url=SITE, build_time=BUILD_TIME)
    files = kursnet_feed.write(ctx)
    with_kursnet = sorted(p.id for p in example_catalogue.providers.values() if p.kursnet)
    assert sorted(files) == [f"kursnet/{pid}.xml" for pid in with_kursnet]
    exported = 0
    for data in files.values():
        root = assert_valid(data)
        assert assert_codes_in_lists(root) > 0
        exported += len(root.findall("NEW_CATALOG/SERVICE/SERVICE_DETAILS/SERVICE_MODULE/EDUCATION[@type='true']"))
    expected = [
        o
        for p in example_catalogue.providers.values()
        if p.kursnet
        for o in kursnet_feed.exported_offers(example_catalogue, p)
    ]
    held = kursnet_feed.held_back(ctx)
    # the gate: the 5 example offers without a course systematics position are held back, one line each
    assert len(held) == 5 and all("kursnet.systematik_code" in line and ".yaml" in line for line in held), held
    assert exported == len(expected) - len(held) > 0


def test_providers_without_kursnet_block_get_no_file_and_one_line_message(tmp_path: Path) -> None:
    folder = write_catalogue(tmp_path / "offers", [offer(), offer(id="hh-test", provider="iq-hh-ohne-kursnet")])
    catalogue = catalogue_of(folder)
    files = kursnet_feed.write(context(catalogue))
    assert list(files) == [FILE]
    assert kursnet_feed.skipped_providers(catalogue) == ["iq-hh-ohne-kursnet"]
    message = kursnet_feed.skip_message(catalogue)
    assert message is not None and "\n" not in message and "iq-hh-ohne-kursnet" in message
    assert message.startswith("KURSNET: kein Katalog für 1 Projekt ")
    all_kursnet = write_catalogue(tmp_path / "only", [offer()], [PROVIDER])
    assert kursnet_feed.skip_message(catalogue_of(all_kursnet)) is None


# --- Angebot / Termin pattern -----------------------------------------------------------------


def test_first_run_on_angebot_further_runs_as_termine(tmp_path: Path) -> None:
    found = services(tmp_path, [offer()])
    angebot_id = "iq-be-test--pflege-test"
    assert list(found) == [angebot_id, f"{angebot_id}--2027-herbst", f"{angebot_id}--2028-fruehjahr"]
    angebot = found[angebot_id]
    education = angebot.find("SERVICE_DETAILS/SERVICE_MODULE/EDUCATION")
    assert education.get("type") == "true" and education.findtext("COURSE_ID") == angebot_id
    assert angebot.findtext("SERVICE_DETAILS/SERVICE_DATE/START_DATE") == "2027-02-01T00:00:00+01:00"
    assert angebot.findtext("SERVICE_DETAILS/SERVICE_DATE/END_DATE") == "2027-11-30T00:00:00+01:00"
    assert angebot.findtext("SERVICE_DETAILS/DESCRIPTION_LONG").startswith("Sie haben im Ausland")
    # "until which one can still book" (XSD): the whole deadline day, in Berlin time
    assert education.findtext("REGISTRATION_DATE") == "2027-01-15T23:59:59+01:00"
    assert "Kenntnisprüfung (mündlich)" in angebot.findtext("SERVICE_DETAILS/SERVICE_DATE/DATE_REMARKS")
    termin = found[f"{angebot_id}--2027-herbst"]
    t_education = termin.find("SERVICE_DETAILS/SERVICE_MODULE/EDUCATION")
    assert t_education.get("type") == "false" and t_education.findtext("COURSE_ID") == angebot_id
    assert termin.find("SERVICE_DETAILS/DESCRIPTION_LONG") is None
    assert termin.findtext("SERVICE_DETAILS/SERVICE_DATE/START_DATE") == "2027-09-06T00:00:00+02:00"  # summer time
    assert termin.findtext(".//MODULE_COURSE/LOCATION/NAME") == "Lernort Spandau"
    assert termin.findtext(".//MODULE_COURSE/LOCATION/BARRIER_FREE_LOCATION") == "false"
    # without a place of its own, a run takes the first place
    last = found[f"{angebot_id}--2028-fruehjahr"]
    assert last.findtext(".//MODULE_COURSE/LOCATION/NAME") == "Bildungszentrum Mitte"
    # repeated on every date: certificate, extended info, price, link, announcement
    for service in found.values():
        assert service.findtext(".//CERTIFICATE/CERTIFICATE_STATUS") == "4"
        assert service.find(".//EDUCATION/EXTENDED_INFO/INSTRUCTION_FORM").get("type") == "301"
        assert service.findtext("SERVICE_PRICE_DETAILS/SERVICE_PRICE/PRICE_AMOUNT") == "0.00"
        assert service.findtext("SERVICE_PRICE_DETAILS/SERVICE_PRICE/PRICE_CURRENCY") == "EUR"
        assert service.findtext("MIME_INFO/MIME_ELEMENT/MIME_SOURCE") == f"{SITE}angebote/pflege-test/"
        assert service.findtext("SERVICE_DETAILS/ANNOUNCEMENT/START_DATE") == "2026-10-01+02:00"


def test_past_and_cancelled_runs_are_not_sent(tmp_path: Path) -> None:
    runs = [
        dict(OFFER["runs"][0], id="2026-alt", start="2026-01-05", end="2026-06-30", application_deadline="2025-12-15"),
        dict(OFFER["runs"][1], status="cancelled"),
        OFFER["runs"][2],
    ]
    found = services(tmp_path, [offer(runs=runs)])
    assert list(found) == ["iq-be-test--pflege-test"]
    assert found["iq-be-test--pflege-test"].findtext(".//SERVICE_DATE/START_DATE") == "2028-02-07T00:00:00+01:00"


def test_rolling_start_without_runs_uses_publication_window(tmp_path: Path) -> None:
    data = offer(
        rolling_start=True,
        runs=[],
        format={**OFFER["format"], "mode": "self_paced", "online_only": True, "places": [], "region": ["BE", "BB"]},
        publication={"published_from": "2026-10-01", "published_until": "2027-09-30", "last_reviewed": "2026-11-10"},
    )
    del data["runs"]
    data["format"].pop("places")
    found = services(tmp_path, [data])
    assert list(found) == ["iq-be-test--pflege-test"]
    angebot = found["iq-be-test--pflege-test"]
    # published since 01.10.2026, but one can start today at the earliest, not in the past
    assert angebot.findtext(".//SERVICE_DATE/START_DATE") == "2026-11-22T00:00:00+01:00"
    assert angebot.findtext(".//SERVICE_DATE/END_DATE") == "2027-09-30T00:00:00+02:00"
    assert angebot.findtext(".//ANNOUNCEMENT/START_DATE") == "2026-10-01+02:00"  # visible since publication
    assert {m.findtext("FLEXIBLE_START") for m in angebot.iter("MODULE_COURSE")} == {"true"}
    assert angebot.find(".//LOCATION") is None  # online only: no place
    assert angebot.find(".//INSTRUCTION_FORM").get("type") == "204"
    assert angebot.findtext(".//ANNOUNCEMENT/END_DATE") == "2027-09-30+02:00"
    assert angebot.find(".//DURATION").get("type") == "6"  # 10 months


def test_modules_become_phases_with_segment_types(tmp_path: Path) -> None:
    angebot = services(tmp_path, [offer()])["iq-be-test--pflege-test"]
    phases = angebot.findall(".//EDUCATION/MODULE_COURSE")
    assert [p.findtext("MODULE_ORDER") for p in phases] == ["1", "2", "3"]
    assert [p.find("EXTENDED_INFO/SEGMENT_TYPE").get("type") for p in phases] == ["1", "2", "4"]
    assert phases[0].findtext("MARKETINGTEXT").startswith("Modul 1: Pflegeprozess")
    assert {p.find("DURATION").get("type") for p in phases} == {"6"}
    no_modules = offer()
    del no_modules["modules"]
    single = services(tmp_path / "b", [no_modules])["iq-be-test--pflege-test"].findall(".//MODULE_COURSE")
    assert len(single) == 1 and single[0].find("EXTENDED_INFO/SEGMENT_TYPE").get("type") == "0"


@pytest.mark.parametrize(
    ("kind", "status", "education_type"),
    [
        ("compensation_measure", "4", "104"),
        ("adaptation_qualification", "5", "104"),
        ("bridge_measure", "6", "104"),
        ("external_exam_preparation", "7", "104"),
        ("job_related_german", "8", "104"),
        ("other", "9", "104"),
    ],
)
def test_kind_sets_certificate_status(tmp_path: Path, kind: str, status: str, education_type: str) -> None:
    angebot = services(tmp_path, [offer(kind=kind)])["iq-be-test--pflege-test"]
    assert angebot.findtext(".//CERTIFICATE/CERTIFICATE_STATUS") == status
    assert angebot.find(".//EDUCATION_TYPE").get("type") == education_type
    assert angebot.find(".//INSTITUTION").get("type") == "105"
    assert codelists.is_valid("zertstatus", status)


@pytest.mark.parametrize(
    ("mode", "override", "code"),
    [
        ("in_person", None, "101"),
        ("online_live", None, "201"),
        ("self_paced", None, "204"),
        ("blended", None, "301"),
        ("online_live", 202, "202"),
    ],
)
def test_instruction_form_from_mode_or_override(tmp_path: Path, mode: str, override: int | None, code: str) -> None:
    kursnet = dict(OFFER["kursnet"], **({"instruction_form": override} if override else {}))
    data = offer(format={**OFFER["format"], "mode": mode}, kursnet=kursnet)
    angebot = services(tmp_path, [data])["iq-be-test--pflege-test"]
    assert angebot.find(".//INSTRUCTION_FORM").get("type") == code


def test_descriptive_fields(tmp_path: Path) -> None:
    angebot = services(tmp_path, [offer()])["iq-be-test--pflege-test"]
    requirements = angebot.findtext("SERVICE_DETAILS/REQUIREMENTS")
    assert requirements.splitlines()[0] == "Deutschkenntnisse mindestens B1 (GER)"
    assert "Ausländischer Abschluss: erforderlich" in requirements and "Wohnsitz in Berlin" in requirements
    assert angebot.findtext(".//TARGET_GROUP/TARGET_GROUP_TEXT") == OFFER["target_group"]
    assert [k.text for k in angebot.findall("SERVICE_DETAILS/KEYWORD")] == ["Pflege", "Kenntnisprüfung"]
    info = angebot.find(".//EDUCATION/EXTENDED_INFO")
    assert info.find("INSTRUCTION_TIME").get("type") == "2"
    assert info.findtext("EXTRA_OCCUPATIONAL") == "true"
    assert info.findtext("DIGITAL_ACCESSIBILITY") == "true"
    assert [t.text for t in info.findall("TEACHING_LANGUAGES")] == ["deu"]
    assert "Arabisch" in info.findtext("TEACHING_LANGUAGES_REMARKS")
    assert [f.get("type") for f in info.findall("FUNDING_TYPES_FEDERAL")] == ["2"]
    degree = angebot.find(".//EDUCATION/DEGREE")
    assert degree.get("type") == "0" and degree.findtext("DEGREE_TITLE") == "Kenntnisprüfung Pflege"
    assert degree.find("DEGREE_EXAM").get("type") == "Kenntnisprüfung nach § 45 PflAPrV"
    assert degree.findtext("DEGREE_EXAM/EXAMINER") == "LAGeSo Berlin"
    classification = angebot.find("SERVICE_CLASSIFICATION")
    assert classification.findtext("REFERENCE_CLASSIFICATION_SYSTEM_NAME") == "Kurssystematik"
    assert classification.findtext("FEATURE/FNAME") == "C 2180-20-10"
    assert classification.findtext("FEATURE/FVALUE") == "Gesundheits- und Krankenpflege"
    contact = angebot.find("SERVICE_DETAILS/CONTACT")
    assert (contact.findtext("ACADEMIC_TITLE"), contact.findtext("FIRST_NAME"), contact.findtext("LAST_NAME")) == (
        "Dr.",
        "Markus",
        "Hellwig",
    )
    assert contact.findtext("PHONE") == "+49.30.1234567" and contact.findtext("MOBILE") == "+49.151.2345678"


def test_no_german_needed_and_price(tmp_path: Path) -> None:
    data = offer(
        language={**OFFER["language"], "german_level_required": "none"},
        costs={"free_of_charge": False, "price_eur": 120.5},
    )
    angebot = services(tmp_path, [data])["iq-be-test--pflege-test"]
    assert angebot.findtext("SERVICE_DETAILS/REQUIREMENTS").splitlines()[0] == "keine Deutschkenntnisse nötig"
    assert angebot.findtext("SERVICE_PRICE_DETAILS/SERVICE_PRICE/PRICE_AMOUNT") == "120.50"


def test_long_place_names_are_cut_to_kursnet_lengths(tmp_path: Path) -> None:
    place: dict[str, Any] = {
        "id": "lang",
        "name": "Überbetriebliches Ausbildungszentrum der Bauinnung Nord",
        "street": "Straße des 17. Juni 135 (Eingang über den Hof)",
        "postal_code": "10623",
        "city": "Berlin-Charlottenburg-Wilmersdorf Ortsteil Westend",
        "state": "BE",
        "barrier_free": True,
    }
    runs = [dict(r, place="lang") for r in OFFER["runs"]]
    found = services(tmp_path, [offer(format={**OFFER["format"], "places": [place]}, runs=runs)])
    for location in next(iter(found.values())).iter("LOCATION"):
        assert location.findtext("NAME") == place["name"][:30]
        assert len(location.findtext("STREET")) <= 30 and len(location.findtext("CITY")) <= 36


def test_listed_only_and_export_false(tmp_path: Path) -> None:
    hidden = offer(id="noch-nicht", publication={"published_from": "2027-01-01", "last_reviewed": "2026-11-10"})
    opted_out = offer(id="nicht-kursnet", kursnet={**OFFER["kursnet"], "export": False})
    found = services(tmp_path, [offer(), hidden, opted_out])
    assert {pid.split("--")[1] for pid in found} == {"pflege-test"}


# --- stable ids, byte-stable output ------------------------------------------------------------


def test_product_ids_stable_across_builds_and_run_order(tmp_path: Path) -> None:
    first = build(tmp_path / "a", [offer(), offer(id="zweites-angebot")])[FILE]
    again = build(tmp_path / "b", [offer(), offer(id="zweites-angebot")])[FILE]
    assert first == again
    reordered = build(
        tmp_path / "c",
        [
            offer(id="zweites-angebot", runs=list(reversed(OFFER["runs"]))),
            offer(runs=[OFFER["runs"][2], OFFER["runs"][0], OFFER["runs"][1]]),
        ],
    )[FILE]
    assert reordered == first
    ids = list(services_by_id(assert_valid(first)))
    assert len(ids) == len(set(ids)) == 6
    assert all(re.fullmatch(r"[A-Za-z0-9-]{1,255}", pid) for pid in ids)
    # dropping the first run changes nothing about the ids of the others
    later = build(tmp_path / "d", [offer(runs=OFFER["runs"][1:])])[FILE]
    assert list(services_by_id(assert_valid(later))) == [
        "iq-be-test--pflege-test",
        "iq-be-test--pflege-test--2028-fruehjahr",
    ]


def test_generation_date_comes_from_build_time(tmp_path: Path) -> None:
    root = assert_valid(build(tmp_path, [offer()])[FILE])
    assert root.findtext("HEADER/CATALOG/GENERATION_DATE") == "2026-11-20T13:00:00+01:00"
    assert root.findtext("HEADER/SUPPLIER/SUPPLIER_ID") == "4711023"
    assert root.findall("HEADER/SUPPLIER/SUPPLIER_ID")[0].get("type") == "supplier_specific"
    assert root.findall("HEADER/SUPPLIER/EXTENDED_INFO/ORGANIZATIONAL_FORM")[0].get("type") == "10"
    assert root.findtext("HEADER/DOCUMENT_CREATOR/LAST_NAME") == "Demir"


# --- refusing what would break -----------------------------------------------------------------


def test_code_outside_list_raises_feed_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mapping, "INSTITUTION", 999)
    with pytest.raises(FeedError, match="schulart"):
        build(tmp_path, [offer()])


def test_too_long_catalog_id_is_refused(tmp_path: Path) -> None:
    """KURSNET's XSD allows 50 characters: validation refuses more at the field (schema 1.1.0), and
    the document builder still refuses it for a provider that did not come through validation."""
    provider = {**PROVIDER, "kursnet": {**PROVIDER["kursnet"], "catalog_id": "x" * 60}}
    with pytest.raises(CatalogueInvalid) as caught:
        build(tmp_path, [offer()], [provider, PROVIDER_WITHOUT_KURSNET])
    assert [p.field for p in caught.value.problems if p.is_error] == ["kursnet.catalog_id"]
    unchecked = Provider(id=provider["id"], data=provider, path=tmp_path / "provider.yaml")
    with pytest.raises(FeedError, match="catalog_id"):
        document.header(unchecked, datetime(2026, 11, 22, tzinfo=UTC))


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+49 30 1234567", "+49.30.1234567"),
        ("030 1234567", "+49.30.1234567"),
        ("030/123 45 67", "+49.30.1234567"),
        ("+49 (0)30 123-4567", "+49.30.1234567"),
        ("0049 911 2345678", "+49.911.2345678"),
        ("+43 1 234567", "+43.1.234567"),
        ("0301234567", None),
        ("+49", None),
        ("12345 678", None),
    ],
)
def test_phone_notation(raw: str, expected: str | None) -> None:
    assert kursnet_phone(raw) == expected


def test_berlin_offsets_and_duration_classes() -> None:
    from datetime import date

    assert berlin_datetime(date(2027, 1, 15)).endswith("+01:00")
    assert berlin_datetime(date(2027, 7, 15)).endswith("+02:00")
    assert berlin_date(date(2027, 3, 28)) == "2027-03-28+01:00"  # switch day: still winter time at 00:00
    assert berlin_date(date(2027, 3, 29)) == "2027-03-29+02:00"
    assert duration_class(date(2027, 1, 1), date(2027, 1, 3)) == 1
    assert duration_class(date(2027, 1, 1), date(2027, 1, 31)) == 3
    assert duration_class(date(2027, 1, 1), date(2027, 2, 1)) == 4
    assert duration_class(date(2027, 1, 1), date(2030, 6, 1)) == 9
    assert split_name("Prof. Dr. Anna Maria Schulz") == ("Prof. Dr.", "Anna Maria", "Schulz")


# --- pre-flight hook in check_catalogue ------------------------------------------------------------


def test_short_name_is_sent_instead_of_a_long_name_and_silences_preflight(tmp_path: Path) -> None:
    place = dict(OFFER["format"]["places"][0], name="Überbetriebliches Ausbildungszentrum Nord", short_name="ÜAZ Nord")
    data = offer(format={**OFFER["format"], "places": [place, OFFER["format"]["places"][1]]})
    folder = write_catalogue(tmp_path / "offers", [data])
    assert not [p for p in check_catalogue(folder, TODAY).problems if p.field == "format.places[0].name"]
    angebot = services(tmp_path / "x", [data])["iq-be-test--pflege-test"]
    assert next(loc.findtext("NAME") for loc in angebot.iter("LOCATION")) == "ÜAZ Nord"


def test_preflight_warns_at_the_yaml_line(tmp_path: Path) -> None:
    place = dict(
        OFFER["format"]["places"][0],
        name="Überbetriebliches Ausbildungszentrum Nord",
        street="Straße des 17. Juni 135 (Hinterhaus)",
    )
    data = offer(
        format={**OFFER["format"], "places": [place, OFFER["format"]["places"][1]]},
        support={**OFFER["support"], "contact": {**OFFER["support"]["contact"], "phone": "0301234567"}},
    )
    folder = write_catalogue(tmp_path / "offers", [data])
    result = check_catalogue(folder, TODAY)
    kursnet = {p.field: p for p in result.problems if p.code == "kursnet"}
    assert set(kursnet) == {"format.places[0].name", "format.places[0].street", "support.contact.phone"}
    assert all(p.severity == "warning" for p in kursnet.values())
    lines = (folder / "pflege-test.yaml").read_text(encoding="utf-8").splitlines()
    assert "Überbetriebliches Ausbildungszentrum Nord" in lines[kursnet["format.places[0].name"].line - 1]
    assert "0301234567" in lines[kursnet["support.contact.phone"].line - 1]
    assert "„Überbetriebliches Ausbildungsz“" in kursnet["format.places[0].name"].message
    # the export still works and leaves the unconvertible phone out
    angebot = services(tmp_path / "x", [data])["iq-be-test--pflege-test"]
    assert angebot.find("SERVICE_DETAILS/CONTACT/PHONE") is None


def test_preflight_silent_for_providers_without_kursnet(tmp_path: Path) -> None:
    place = dict(OFFER["format"]["places"][0], name="Überbetriebliches Ausbildungszentrum Nord")
    data = offer(
        provider="iq-hh-ohne-kursnet",
        format={**OFFER["format"], "places": [place]},
        runs=[dict(r, place="mitte") for r in OFFER["runs"]],
    )
    folder = write_catalogue(tmp_path / "offers", [data])
    assert [p for p in check_catalogue(folder, TODAY).problems if p.code == "kursnet"] == []


def test_language_note_and_places_of_single_dates_reach_kursnet(tmp_path: Path) -> None:
    runs = [
        dict(
            OFFER["runs"][0],
            exams=[
                {
                    "date": "2027-11-09",
                    "title": "Kenntnisprüfung (mündlich)",
                    "location": "Prüfungszentrum, Turmstraße 21, 10559 Berlin",
                }
            ],
        )
    ]
    data = offer(
        runs=runs, language={**OFFER["language"], "instruction_languages_note": "Fachbegriffe auch auf Ukrainisch"}
    )
    angebot = services(tmp_path, [data])["iq-be-test--pflege-test"]
    remarks = angebot.find(".//EDUCATION/EXTENDED_INFO").findtext("TEACHING_LANGUAGES_REMARKS")
    assert remarks.startswith("Fachbegriffe auch auf Ukrainisch; ")
    assert "Kenntnisprüfung (mündlich) - Prüfungszentrum, Turmstraße 21, 10559 Berlin" in angebot.findtext(
        "SERVICE_DETAILS/SERVICE_DATE/DATE_REMARKS"
    )


def test_rolling_start_published_in_the_future_starts_then(tmp_path: Path) -> None:
    data = offer(rolling_start=True, publication={"published_from": "2027-03-01", "last_reviewed": "2026-11-10"})
    del data["runs"]
    folder = write_catalogue(tmp_path / "offers", [data])
    catalogue = catalogue_of(folder)
    (item,) = catalogue.offers
    (angebot,) = mapping.offer_services(item, TODAY, SITE)  # not listed yet, but mapped as it will be
    assert angebot.findtext(".//SERVICE_DATE/START_DATE") == "2027-03-01T00:00:00+01:00"


def test_alternative_layout_abstract_angebot_and_every_run_a_termin(tmp_path: Path) -> None:
    """Provider option kursnet.layout: every_date_a_termin (the XSD prose): the Angebot holds no
    date, place or deadline; each run – the first too – is a Termin pointing at it."""
    provider = {**PROVIDER, "kursnet": {**PROVIDER["kursnet"], "layout": "every_date_a_termin"}}
    files = build(tmp_path, [offer()], [provider])
    found = services_by_id(assert_valid(files[FILE]))
    angebot_id = "iq-be-test--pflege-test"
    assert list(found) == [angebot_id] + [f"{angebot_id}--{r['id']}" for r in OFFER["runs"]]
    angebot = found[angebot_id]
    angebot_education = angebot.find(".//EDUCATION")
    assert angebot_education is not None and angebot_education.get("type") == "true"
    assert angebot.find("SERVICE_DETAILS/SERVICE_DATE") is None
    assert angebot.find(".//REGISTRATION_DATE") is None and angebot.find(".//LOCATION") is None
    assert angebot.findtext("SERVICE_DETAILS/DESCRIPTION_LONG", "").startswith("Sie haben im Ausland")
    assert angebot.findtext("SERVICE_DETAILS/ANNOUNCEMENT/END_DATE") == "2028-11-30+01:00"  # last Termin's end
    assert angebot.find("SERVICE_CLASSIFICATION") is not None
    first = found[f"{angebot_id}--2027-fruehjahr"]
    education = first.find(".//EDUCATION")
    assert education is not None
    assert education.get("type") == "false" and education.findtext("COURSE_ID") == angebot_id
    assert first.findtext("SERVICE_DETAILS/SERVICE_DATE/START_DATE") == "2027-02-01T00:00:00+01:00"
    assert education.findtext("REGISTRATION_DATE") == "2027-01-15T23:59:59+01:00"
    assert first.findtext(".//LOCATION/NAME") == "Bildungszentrum Mitte"
    assert kursnet_feed.held_back(context(catalogue_of(tmp_path / "offers"))) == []  # passes the gate
    # a rolling-start offer without runs keeps the one-service form (else it would have no date)
    rolling = offer(id="jederzeit", rolling_start=True)
    del rolling["runs"]
    files = build(tmp_path, [rolling], [provider])
    (only,) = services_by_id(assert_valid(files[FILE])).values()
    assert only.findtext("SERVICE_DETAILS/SERVICE_DATE/START_DATE") == "2026-11-22T00:00:00+01:00"


def test_unknown_layout_is_refused_by_the_provider_schema(tmp_path: Path) -> None:
    provider = {**PROVIDER, "kursnet": {**PROVIDER["kursnet"], "layout": "irgendwie"}}
    folder = write_catalogue(tmp_path / "offers", [offer()], [provider])
    result = check_catalogue(folder, TODAY)
    assert [p for p in result.problems if p.severity == "error" and "layout" in p.field]


def test_gate_holds_back_incomplete_offers_with_one_line_each(tmp_path: Path) -> None:
    folder = write_catalogue(tmp_path / "offers", [offer(), offer(id="unvollstaendig", kursnet={})])
    ctx = context(catalogue_of(folder))
    root = assert_valid(kursnet_feed.write(ctx)[FILE])
    ids = {s.findtext("PRODUCT_ID", "") for s in root.iter("SERVICE")}
    assert "iq-be-test--pflege-test" in ids and not [i for i in ids if "unvollstaendig" in i]
    (line,) = kursnet_feed.held_back(ctx)
    assert "unvollstaendig.yaml" in line and "kursnet.systematik_code" in line, line


@pytest.mark.parametrize(
    ("remove", "field"),
    [
        (".//TEACHING_LANGUAGES", "language.instruction_languages"),
        ("SERVICE_DETAILS/SERVICE_DATE", "runs oder rolling_start"),
        (".//LOCATION/STREET", "format.places / runs[].place"),
    ],
)
def test_gate_rules_on_the_services(tmp_path: Path, remove: str, field: str) -> None:
    """What the schema makes optional but KURSNET requires, checked on the XML about to be sent
    (also for a file given to `offers publish kursnet FILE`): a Termin's gap holds back its Angebot."""
    found = services(tmp_path, [offer()])
    termin = found["iq-be-test--pflege-test--2027-herbst"]
    for element in termin.findall(remove):
        element.getparent().remove(element)
    gaps = gate.check(list(found.values()))
    assert [(g.product_id, g.field) for g in gaps] == [(termin.findtext("PRODUCT_ID"), field)]
    assert gate.blocked_offers(gaps) == {"iq-be-test--pflege-test"}
    assert gate.without(list(found.values()), gate.blocked_offers(gaps)) == []
    # online teaching needs no place
    if remove == ".//LOCATION/STREET":
        termin.find(".//INSTRUCTION_FORM").set("type", "201")
        assert gate.check(list(found.values())) == []


def test_preflight_warns_at_the_line_of_non_latin9_text(tmp_path: Path) -> None:
    data = offer(title="Pflege für Fachkräfte 💪", keywords=["Pflege", "Кенntnis"])
    data["support"]["contact"]["name"] = "Aliyah الحسيني"
    data["description"] = OFFER["description"] + " „Typografie“ – ohne Warnung…"
    folder = write_catalogue(tmp_path / "offers", [data])
    result = check_catalogue(folder, TODAY)
    latin = [p for p in result.problems if p.code == "kursnet" and "ISO-8859-15" in p.message]
    assert {p.field for p in latin} == {"title", "keywords[1]", "support.contact.name"}, [p.field for p in latin]
    title = next(p for p in latin if p.field == "title")
    text = (folder / "pflege-test.yaml").read_text(encoding="utf-8").splitlines()
    assert text[title.line - 1].startswith("title:") and "U+1F4AA" in title.message
    assert all(p.severity == "warning" for p in latin)
