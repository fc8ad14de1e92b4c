"""Differential delivery (UPDATE_CATALOG): what changed since the last file sent to KURSNET.

A service is compared as a whole (canonical XML, so encoding, indentation and attribute order
do not count); KURSNET replaces a service under NEW completely, so a changed service is sent
whole. DELETE lists the PRODUCT_IDs that are gone, except dates whose Angebot is deleted in the
same file: KURSNET deletes those with their Angebot, and deleting them again would fail.

The running ``seq_number`` is kept in a small JSON state file, together with the digest of every
service as KURSNET has it after the delivery; that is what a later delta is computed against
when the previous file is itself a delta.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator.feed_error import FeedError
from generator.kursnet import xsd

STATE_VERSION = 1


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


# --- state file ----------------------------------------------------------------------------


def load_state(path: Path | None) -> dict | None:
    if path is None or not path.is_file():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FeedError(f"Die KURSNET-Statusdatei „{path}“ ist beschädigt ({exc}).") from exc
    if not isinstance(state, dict) or not isinstance(state.get("seq_number"), int):
        raise FeedError(f"Die KURSNET-Statusdatei „{path}“ enthält keine seq_number.")
    return state


def state_bytes(provider_id: str, catalog_id: str, seq_number: int, services: list[etree._Element]) -> bytes:
    state = {
        "version": STATE_VERSION,
        "provider": provider_id,
        "catalog_id": catalog_id,
        "seq_number": seq_number,
        "services": {service_id(s): digest(s) for s in services},
        "course_ids": {service_id(s): course_id(s) for s in services},
    }
    return (json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


@dataclass
class Plan:
    """What the next differential file is computed against, and its number."""

    seq_number: int
    base: dict[str, str]
    base_courses: dict[str, str]


def plan(previous: Delivery, state: dict | None, state_path: Path | None) -> Plan:
    """Next seq_number (always above the previous file's and the state's) and the diff base."""
    if state is not None and state.get("catalog_id") not in (None, previous.catalog_id):
        raise FeedError(
            f"Die Statusdatei „{state_path}“ gehört zu einem anderen Katalog "
            f"({state.get('catalog_id')}) als die vorige Datei ({previous.catalog_id})."
        )
    state_seq = state["seq_number"] if state else 0
    seq = max(previous.seq_number or 0, state_seq) + 1
    if previous.kind == "full":
        return Plan(seq, previous.services, previous.course_ids)
    if state is None or state_seq != previous.seq_number or not isinstance(state.get("services"), dict):
        raise FeedError(
            f"Die vorige Datei ist eine Differenzlieferung (seq_number {previous.seq_number}); welcher Stand "
            "danach in KURSNET ist, steht nur in der passenden Statusdatei"
            + (f" („{state_path}“, dort seq_number {state_seq})" if state_path else "")
            + ". Bitte die Statusdatei mit --state-file angeben oder die letzte Volllieferung mit --previous."
        )
    return Plan(seq, dict(state["services"]), dict(state.get("course_ids", {})))
