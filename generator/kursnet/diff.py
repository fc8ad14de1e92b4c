"""Differential delivery (UPDATE_CATALOG): what changed since the last file sent to KURSNET.

A service is compared as a whole (canonical XML, so encoding, indentation and attribute order
do not count); KURSNET replaces a service under NEW completely, so a changed service is sent
whole. DELETE lists the PRODUCT_IDs that are gone, except dates whose Angebot is deleted in the
same file: KURSNET deletes those with their Angebot, and deleting them again would fail.

The running ``seq_number`` and the digest of every service KURSNET holds are kept in the
delivery state (``delivery_state``), which only a confirmed upload changes; a delta is computed
against it, or against the previous full delivery when there is no state yet.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from generator.feed_error import FeedError
from generator.kursnet import xsd


@dataclass
class Delivery:
    """A file sent earlier, as far as the diff needs it."""

    kind: str  # "full" (NEW_CATALOG) or "update" (UPDATE_CATALOG)
    supplier_id: str
    catalog_id: str
    seq_number: int | None
    services: dict[str, str] = field(default_factory=dict)  # PRODUCT_ID → digest (full: all)
    course_ids: dict[str, str] = field(default_factory=dict)  # PRODUCT_ID → COURSE_ID


def digest(service: etree._Element) -> str:
    """Canonical fingerprint of one SERVICE (C14N 2.0 without surrounding whitespace)."""
    return hashlib.sha256(etree.tostring(service, method="c14n2", strip_text=True)).hexdigest()


def service_id(service: etree._Element) -> str:
    return (service.findtext("PRODUCT_ID") or "").strip()


def course_id(service: etree._Element) -> str:
    return (service.findtext("SERVICE_DETAILS/SERVICE_MODULE/EDUCATION/COURSE_ID") or "").strip()


def read_delivery(path: Path) -> Delivery:
    """Parse and XSD-check an earlier delivery; German FeedError if it is not one."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"Die vorige KURSNET-Datei „{path}“ lässt sich nicht lesen ({exc.strerror}).") from exc
    problems = xsd.errors(data)
    if problems:
        raise FeedError(f"Die vorige KURSNET-Datei „{path}“ ist keine gültige open-Qcat-Datei: {problems[0]}")
    root = xsd.parse(data).getroot()
    supplier_id = (root.findtext("HEADER/SUPPLIER/SUPPLIER_ID") or "").strip()
    catalog_id = (root.findtext("HEADER/CATALOG/CATALOG_ID") or "").strip()
    full = root.find("NEW_CATALOG")
    if full is not None:
        delivery = Delivery("full", supplier_id, catalog_id, None)
        services = full.findall("SERVICE")
    else:
        update = root.find("UPDATE_CATALOG")
        seq_number = update.get("seq_number") if update is not None else None
        # the XSD check above allows only NEW_CATALOG or UPDATE_CATALOG, the latter with seq_number
        assert update is not None and seq_number is not None
        delivery = Delivery("update", supplier_id, catalog_id, int(seq_number))
        services = update.findall("NEW/SERVICE")
    for service in services:
        delivery.services[service_id(service)] = digest(service)
        delivery.course_ids[service_id(service)] = course_id(service)
    return delivery


def changes(
    base: dict[str, str], base_courses: dict[str, str], current: list[etree._Element]
) -> tuple[list[str], list[etree._Element]]:
    """(PRODUCT_IDs to delete, services to send under NEW) to turn ``base`` into ``current``."""
    current_ids = {service_id(s) for s in current}
    gone = [pid for pid in base if pid not in current_ids]
    gone_set = set(gone)
    deleted = [
        pid for pid in gone if not (base_courses.get(pid) not in (None, "", pid) and base_courses[pid] in gone_set)
    ]
    new = [s for s in current if base.get(service_id(s)) != digest(s)]
    return deleted, new


# --- what the next differential file is computed against -------------------------------------


@dataclass
class Plan:
    """What the next differential file is computed against, and its number."""

    seq_number: int
    base: dict[str, str]
    base_courses: dict[str, str]


def plan(previous: Delivery, state: Any, state_path: Path | None) -> Plan:
    """Next seq_number and the diff base: what KURSNET confirmed (the state), else the previous
    full delivery (the first delta after a full one that was stored some other way).

    The state (``delivery_state.DeliveryState``) is only changed by a confirmed upload, so this is
    the same every time it is asked: two exports in a row give the same file.
    """
    if state is not None and state.catalog_id not in ("", previous.catalog_id):
        raise FeedError(
            f"Die Statusdatei „{state_path}“ gehört zu einem anderen Katalog "
            f"({state.catalog_id}) als die vorige Datei ({previous.catalog_id})."
        )
    if state is not None:
        return Plan(state.seq_number + 1, dict(state.services), dict(state.course_ids))
    if previous.kind == "full":
        return Plan((previous.seq_number or 0) + 1, previous.services, previous.course_ids)
    raise FeedError(
        f"Die vorige Datei ist eine Differenzlieferung (seq_number {previous.seq_number}); welcher Stand "
        "danach in KURSNET ist, steht nur in der Statusdatei"
        + (f" („{state_path}“ gibt es nicht)" if state_path else "")
        + ". Bitte die Statusdatei mit --state-file angeben, die letzte Volllieferung mit --previous, oder den "
        "Stand mit „offers kursnet reconcile“ aus KURSNET holen."
    )
