"""The open-Qcat document around the services: HEADER (catalogue, creator, supplier) plus
NEW_CATALOG (full delivery) or UPDATE_CATALOG (differential delivery)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from lxml import etree

from generator.feed_error import FeedError
from generator.kursnet import codelists
from generator.kursnet.elements import add_person
from generator.kursnet.elements import sub as _sub
from generator.kursnet.values import MAX_CATALOG_ID, MAX_NAME, MAX_URL, berlin_timestamp, kursnet_phone
from generator.labels import labels
from generator.model import Provider

OPENQCAT_VERSION = "1.1"
GENERATOR_INFO = "IQ-Angebotskatalog (iq-offers-catalogue), open-Qcat-Export"
ORGANIZATIONAL_FORM = 10  # zugehoerig.dat: IQ-Anbieter (Integration & Qualifizierung)
SUPPLIER_ID_TYPE = "supplier_specific"  # = Bildungsanbieternummer, as in BA exports
RECIPIENT = ("BA", "Informationssystem KURSNET")


def _kursnet_account(provider: Provider) -> dict[str, Any]:
    account = provider.kursnet
    if not account:
        raise FeedError(f"Das Projekt „{provider.id}“ hat keine KURSNET-Angaben (kursnet:).")
    if len(account["catalog_id"]) > MAX_CATALOG_ID:
        raise FeedError(
            f"{provider.path.name}: kursnet.catalog_id ist länger als {MAX_CATALOG_ID} Zeichen; "
            "KURSNET (XSD) lässt das nicht zu."
        )
    return account


def header(provider: Provider, build_time: datetime) -> etree._Element:
    """HEADER with catalogue identity, the document creator and the supplier (the Träger)."""
    account = _kursnet_account(provider)
    head = etree.Element("HEADER")
    _sub(head, "GENERATOR_INFO", GENERATOR_INFO)
    catalogue = _sub(head, "CATALOG")
    _sub(catalogue, "LANGUAGE", "deu")
    _sub(catalogue, "CATALOG_ID", account["catalog_id"])
    _sub(catalogue, "CATALOG_VERSION", account["catalog_version"], 255)
    _sub(catalogue, "CATALOG_NAME", provider.name, 255)
    _sub(catalogue, "GENERATION_DATE", berlin_timestamp(build_time))
    _sub(catalogue, "CURRENCY", "EUR")
    creator = account.get("creator")
    if creator:
        person = _sub(head, "DOCUMENT_CREATOR")
        _sub(person, "SALUTATION", creator["salutation"])
        if creator.get("first_name"):
            _sub(person, "FIRST_NAME", creator["first_name"], MAX_NAME)
        _sub(person, "LAST_NAME", creator["last_name"], MAX_NAME)
        _sub(_sub(person, "EMAILS"), "EMAIL", creator["email"], 255)
    recipient = _sub(head, "RECIPIENT")
    _sub(recipient, "RECIPIENT_ID", RECIPIENT[0])
    _sub(recipient, "RECIPIENT_NAME", RECIPIENT[1])
    _sub(recipient, "ADDRESS")
    _supplier(head, provider, account)
    return head


def _supplier(parent: etree._Element, provider: Provider, account: dict[str, Any]) -> None:
    data = provider.data
    supplier = _sub(parent, "SUPPLIER")
    _sub(supplier, "SUPPLIER_ID", account["provider_number"], type=SUPPLIER_ID_TYPE)
    _sub(supplier, "SUPPLIER_NAME", provider.organisation, 255)
    address = data["address"]
    contact = data["contact"]
    element = _sub(supplier, "ADDRESS")
    _sub(element, "NAME", data.get("organisation_short") or address.get("name") or provider.organisation, MAX_NAME)
    _sub(element, "STREET", address["street"], 30)
    _sub(element, "ZIP", address["postal_code"], 14)
    _sub(element, "CITY", address["city"], 36)
    _sub(element, "STATE", labels().provider_value(("address", "state"), address["state"]), 80)
    _sub(element, "COUNTRY_CODED", "DE")
    phone = kursnet_phone(contact.get("phone") or "")
    if phone:
        _sub(element, "PHONE", phone)
    if contact.get("email"):
        _sub(_sub(element, "EMAILS"), "EMAIL", contact["email"], 255)
    if data.get("website") and len(data["website"]) <= MAX_URL:
        _sub(element, "URL", data["website"])
    person = _sub(supplier, "CONTACT")
    add_person(person, contact)
    if phone:
        _sub(person, "PHONE", phone)
    if contact.get("email"):
        _sub(_sub(person, "EMAILS"), "EMAIL", contact["email"], 255)
    info = _sub(supplier, "EXTENDED_INFO", input_type=0)
    code = ORGANIZATIONAL_FORM
    if not codelists.is_valid("zugehoerig", code):
        raise FeedError(f"ORGANIZATIONAL_FORM: Der Code „{code}“ steht nicht in der KURSNET-Liste zugehoerig.dat.")
    _sub(info, "ORGANIZATIONAL_FORM", type=code)


def new_catalog(provider: Provider, build_time: datetime, services: Iterable[etree._Element]) -> etree._Element:
    """Full delivery: everything KURSNET should have for this provider afterwards."""
    root = etree.Element("OPENQCAT", version=OPENQCAT_VERSION)
    root.append(header(provider, build_time))
    body = _sub(root, "NEW_CATALOG", FULLCATALOG="true")
    for service in services:
        body.append(service)
    return root


def update_catalog(
    provider: Provider, build_time: datetime, seq_number: int, deleted: Iterable[str], changed: Iterable[etree._Element]
) -> etree._Element:
    """Differential delivery: DELETE (ids only) before NEW (whole services)."""
    root = etree.Element("OPENQCAT", version=OPENQCAT_VERSION)
    root.append(header(provider, build_time))
    body = _sub(root, "UPDATE_CATALOG", seq_number=seq_number)
    deleted = list(deleted)
    changed = list(changed)
    if deleted:
        block = _sub(body, "DELETE")
        for pid in deleted:
            _sub(_sub(block, "SERVICE"), "PRODUCT_ID", pid)
    if changed:
        block = _sub(body, "NEW")
        for service in changed:
            block.append(service)
    return root
