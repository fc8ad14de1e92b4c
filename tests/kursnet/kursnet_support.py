"""Small fixture catalogues for the KURSNET tests, written as YAML into tmp_path, plus helpers.

The offers are built from Python dicts (not copied from offers/), so the tests do not change
when the example catalogue does, and each test can vary exactly the field it is about.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from generator.catalogue_loader import load_catalogue
from generator.feeds import FeedContext
from generator.kursnet import codelists, xsd
from generator.model import Catalogue
from tests.support import SITE_URL as SITE
from tests.support import TODAY

BUILD_TIME = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

PROVIDER: dict[str, Any] = {
    "id": "iq-be-test",
    "name": "Testprojekt Anerkennung",
    "organisation": "Bildungswerk Test gGmbH",
    "organisation_short": "Bildungswerk Test",
    "network": "IQ Netzwerk Berlin",
    "state": "BE",
    "address": {"street": "Friedrichstraße 12", "postal_code": "10117", "city": "Berlin", "state": "BE"},
    "contact": {
        "name": "Aylin Demir",
        "role": "Projektkoordination",
        "phone": "+49 30 1234567",
        "email": "a.demir@test.example",
    },
    "kursnet": {
        "provider_number": "4711023",
        "catalog_id": "4711023-1700000000",
        "catalog_version": "Vers_KURSNET",
        "creator": {"salutation": "w", "first_name": "Aylin", "last_name": "Demir", "email": "a.demir@test.example"},
    },
}
PROVIDER_WITHOUT_KURSNET: dict[str, Any] = {
    **{k: v for k, v in PROVIDER.items() if k != "kursnet"},
    "id": "iq-hh-ohne-kursnet",
}

OFFER: dict[str, Any] = {
    "id": "pflege-test",
    "title": "Vorbereitung auf die Kenntnisprüfung für Pflegefachkräfte",
    "provider": "iq-be-test",
    "kind": "compensation_measure",
    "summary": "Berufsbegleitende Vorbereitung auf die Kenntnisprüfung in der Pflege, abends und samstags.",
    "description": "Sie haben im Ausland eine Pflegeausbildung abgeschlossen und einen Defizitbescheid "
    "bekommen? Wir bereiten Sie berufsbegleitend auf die Kenntnisprüfung vor.",
    "target_group": "Pflegefachkräfte mit ausländischem Abschluss und Defizitbescheid",
    "profession": {
        "fields": ["health"],
        "regulated": True,
        "occupations": [{"name": "Pflegefachfrau/Pflegefachmann", "kldb": "81302"}],
    },
    "format": {
        "mode": "blended",
        "setting": "group",
        "online_only": False,
        "places": [
            {
                "id": "mitte",
                "name": "Bildungszentrum Mitte",
                "street": "Friedrichstraße 112",
                "postal_code": "10117",
                "city": "Berlin",
                "state": "BE",
                "barrier_free": True,
            },
            {
                "id": "spandau",
                "name": "Lernort Spandau",
                "street": "Carl-Schurz-Straße 2",
                "postal_code": "13597",
                "city": "Berlin",
                "state": "BE",
                "barrier_free": False,
            },
        ],
    },
    "schedule": {
        "alongside_work": True,
        "learning_time": "outside_work",
        "intensity": "part_time",
        "patterns": ["evening", "weekend"],
        "pattern_note": "montags und mittwochs 17:30–20:45 Uhr",
        "hours_per_week": 8,
        "total_hours": 360,
        "duration_months": 10,
        "internship": False,
    },
    "rolling_start": False,
    "runs": [
        {
            "id": "2027-fruehjahr",
            "start": "2027-02-01",
            "end": "2027-11-30",
            "application_deadline": "2027-01-15",
            "place": "mitte",
            "seats": 16,
            "status": "few_seats",
            "sessions": [{"date": "2027-02-01", "start_time": "17:30", "end_time": "20:45", "title": "Auftakt"}],
            "exams": [{"date": "2027-11-09", "title": "Kenntnisprüfung (mündlich)", "examiner": "LAGeSo"}],
        },
        {
            "id": "2027-herbst",
            "start": "2027-09-06",
            "end": "2028-06-30",
            "application_deadline": "2027-08-20",
            "place": "spandau",
            "seats": 16,
        },
        {"id": "2028-fruehjahr", "start": "2028-02-07", "end": "2028-11-30", "seats": 12},
    ],
    "modules": [
        {
            "title": "Pflegeprozess",
            "content": "Pflegeplanung und Dokumentation.",
            "hours": 120,
            "mode": "online_live",
            "segment": "teaching",
        },
        {
            "title": "Praxistraining",
            "content": "Skills-Lab.",
            "hours": 200,
            "mode": "in_person",
            "segment": "internship",
        },
        {"title": "Prüfungsvorbereitung", "content": "Simulation.", "hours": 40, "segment": "exam"},
    ],
    "outcome": {
        "type": "exam",
        "title": "Kenntnisprüfung Pflege",
        "exam": {"name": "Kenntnisprüfung nach § 45 PflAPrV", "examiner": "LAGeSo Berlin"},
        "leads_to_recognition": True,
    },
    "language": {
        "german_level_required": "B1",
        "instruction_languages": ["deu"],
        "language_sensitive_teaching": True,
        "mentor_languages": ["ara", "ukr"],
    },
    "support": {
        "contact": {
            "name": "Dr. Markus Hellwig",
            "role": "Lernbegleitung",
            "phone": "030 1234567",
            "mobile": "+49 151 2345678",
            "email": "hellwig@test.example",
            "channels": ["phone", "email"],
            "hours": "Mo–Fr 8–18 Uhr",
        },
        "childcare": "provided",
    },
    "requirements": {
        "foreign_qualification": "required",
        "recognition_notice": "required",
        "employment": "helpful",
        "other": ["Wohnsitz in Berlin"],
    },
    "costs": {"free_of_charge": True, "price_eur": 0, "funding": ["iq", "education_voucher"]},
    "application": {"how": "Rufen Sie uns an.", "url": "https://www.test.example/pflege"},
    "accessibility": {"digital_accessible": True},
    "keywords": ["Pflege", "Kenntnisprüfung"],
    "kursnet": {"systematik_code": "C 2180-20-10", "systematik_label": "Gesundheits- und Krankenpflege"},
    "publication": {"published_from": "2026-10-01", "last_reviewed": "2026-11-10"},
}


def offer(**changes: Any) -> dict[str, Any]:
    """A deep copy of OFFER with top-level fields replaced."""
    data = copy.deepcopy(OFFER)
    data.update(copy.deepcopy(changes))
    return data


def write_catalogue(folder: Path, offers: list[dict[str, Any]], providers: list[dict[str, Any]] | None = None) -> Path:
    """Write offers/ and offers/providers/ as YAML; returns the offers folder."""
    (folder / "providers").mkdir(parents=True, exist_ok=True)
    for old in list(folder.glob("*.yaml")) + list((folder / "providers").glob("*.yaml")):
        old.unlink()
    for provider in providers if providers is not None else [PROVIDER, PROVIDER_WITHOUT_KURSNET]:
        _dump(folder / "providers" / f"{provider['id']}.yaml", provider)
    for data in offers:
        _dump(folder / f"{data['id']}.yaml", data)
    return folder


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def catalogue_of(folder: Path) -> Catalogue:
    return load_catalogue(folder, TODAY)


def context(catalogue: Catalogue, **options: Any) -> FeedContext:
    return FeedContext(catalogue=catalogue, site_url=SITE, build_time=BUILD_TIME, options=options)


def assert_valid(data: bytes) -> etree._Element:
    """XSD-valid (official schema) and parsed; returns the root."""
    problems = xsd.errors(data)
    assert problems == [], problems
    return xsd.parse(data).getroot()


# Every coded value we send, with the BA list it must come from.
CODED = {
    "COURSE_TYPE": ("text", "angebotstyp"),
    "INSTITUTION": ("type", "schulart"),
    "INSTRUCTION_FORM": ("type", "unterrichtsform"),
    "INSTRUCTION_TIME": ("type", "unterrichtszeit"),
    "EDUCATION_TYPE": ("type", "bildungsart"),
    "CERTIFICATE_STATUS": ("text", "zertstatus"),
    "SEGMENT_TYPE": ("type", "vgstrukturart"),
    "DURATION": ("type", "dauerklassen"),
    "CONTACT_ROLE": ("type", "ansprechpartner"),
    "ORGANIZATIONAL_FORM": ("type", "zugehoerig"),
    "TEACHING_LANGUAGES": ("text", "unterrichtssprache"),
    "FUNDING_TYPES_FEDERAL": ("type", "foerderartenbund"),
    "FUNDING_TYPES_REGIONAL": ("type", "foerderartenland"),
}


def assert_codes_in_lists(root: etree._Element) -> int:
    """Every coded element is in its code list; returns how many were checked."""
    checked = 0
    for tag, (where, listname) in CODED.items():
        for element in root.iter(tag):
            value = element.text if where == "text" else element.get("type")
            assert value is not None, f"{tag} without a value"
            assert codelists.is_valid(listname, value), f"{tag}={value!r} not in {listname}.dat"
            checked += 1
    return checked


def services_by_id(root: etree._Element, path: str = "NEW_CATALOG/SERVICE") -> dict[str, etree._Element]:
    return {s.findtext("PRODUCT_ID", ""): s for s in root.findall(path)}
