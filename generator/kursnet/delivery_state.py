"""What KURSNET holds for a provider, as far as KURSNET has confirmed it, and the delivery log.

The state file (``<provider>.seq.json``) is the base of every differential delivery: the last
``seq_number`` KURSNET accepted and a fingerprint of every service it holds. Only a confirmed
``offers publish kursnet --store`` (or ``offers kursnet reconcile``, which reads KURSNET's own
copy) changes it; exporting never does. So an export can be repeated any number of times and
gives the same file, and a failed upload leaves everything as it was.

Beside it, the delivery log (``<provider>.log.jsonl``) keeps one JSON line per attempt – time,
provider, action, seq_number, whether it worked, and KURSNET's answer – so that "what did we send
and what did KURSNET say" can always be answered afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from generator.feed_error import FeedError
from generator.kursnet.diff import course_id, digest, service_id

STATE_VERSION = 2
STATE_SUFFIX = ".seq.json"
LOG_SUFFIX = ".log.jsonl"


@dataclass
class DeliveryState:
    provider: str
    catalog_id: str
    seq_number: int = 0  # the last UPDATE_CATALOG seq_number KURSNET accepted (0: none yet)
    services: dict[str, str] = field(default_factory=dict)  # PRODUCT_ID → digest, as KURSNET holds it
    course_ids: dict[str, str] = field(default_factory=dict)  # PRODUCT_ID → COURSE_ID (its Angebot)
    confirmed_at: str = ""  # when KURSNET last confirmed (ISO 8601, UTC)
    source: str = ""  # what the state was taken from ("store …", "reconcile …")

    def to_bytes(self) -> bytes:
        data = {
            "version": STATE_VERSION,
            "provider": self.provider,
            "catalog_id": self.catalog_id,
            "seq_number": self.seq_number,
            "services": dict(sorted(self.services.items())),
            "course_ids": dict(sorted(self.course_ids.items())),
            "confirmed_at": self.confirmed_at,
            "source": self.source,
        }
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def load(path: Path | None) -> DeliveryState | None:
    """The state at ``path``; None when there is none yet. German FeedError when it is damaged."""
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FeedError(
            f"Die KURSNET-Statusdatei „{path}“ ist beschädigt ({exc}); mit „offers kursnet reconcile“ lässt "
            "sie sich aus dem Stand in KURSNET neu schreiben."
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("seq_number"), int):
        raise FeedError(f"Die KURSNET-Statusdatei „{path}“ enthält keine seq_number.")
    services = data.get("services")
    return DeliveryState(
        provider=str(data.get("provider", "")),
        catalog_id=str(data.get("catalog_id", "")),
        seq_number=data["seq_number"],
        services=dict(services) if isinstance(services, dict) else {},
        course_ids=dict(data.get("course_ids") or {}),
        confirmed_at=str(data.get("confirmed_at", "")),
        source=str(data.get("source", "")),
    )


def now() -> str:
    return datetime.now(tz=UTC).replace(microsecond=0).isoformat()


def after_delivery(state: DeliveryState | None, root: etree._Element, provider: str, label: str) -> DeliveryState:
    """The state once KURSNET has confirmed storing the delivery ``root``.

    Full delivery (NEW_CATALOG): KURSNET then holds exactly its services; the counter stays.
    Differential (UPDATE_CATALOG): DELETE removes services and the Termine of a deleted Angebot,
    NEW inserts or replaces whole services, and the counter becomes the file's seq_number.
    """
    catalog_id = (root.findtext("HEADER/CATALOG/CATALOG_ID") or "").strip()
    new = DeliveryState(provider, catalog_id, state.seq_number if state else 0, source=f"store {label}")
    full = root.find("NEW_CATALOG")
    if full is not None:
        services = full.findall("SERVICE")
    else:
        update = root.find("UPDATE_CATALOG")
        seq_number = update.get("seq_number") if update is not None else None
        # the XSD check before sending allows only NEW_CATALOG or UPDATE_CATALOG, the latter with seq_number
        assert update is not None and seq_number is not None
        new.seq_number = int(seq_number)
        new.services = dict(state.services) if state else {}
        new.course_ids = dict(state.course_ids) if state else {}
        for pid in [service_id(s) for s in update.findall("DELETE/SERVICE")]:
            for other in [k for k, c in new.course_ids.items() if c == pid and k != pid]:
                new.services.pop(other, None)
                new.course_ids.pop(other, None)
            new.services.pop(pid, None)
            new.course_ids.pop(pid, None)
        services = update.findall("NEW/SERVICE")
    for service in services:
        new.services[service_id(service)] = digest(service)
        new.course_ids[service_id(service)] = course_id(service)
    new.confirmed_at = now()
    return new


def write(path: Path, state: DeliveryState) -> None:
    """Replace the state file atomically (temporary file in the same folder, then os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(state.to_bytes())
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def log_path(state_path: Path) -> Path:
    """The delivery log beside the state: ``x.seq.json`` → ``x.log.jsonl``, ``be.json`` → ``be.log.jsonl``."""
    name = state_path.name
    for suffix in (STATE_SUFFIX, ".json"):
        if name.endswith(suffix):
            return state_path.with_name(name[: -len(suffix)] + LOG_SUFFIX)
    return state_path.with_name(name + LOG_SUFFIX)


def append_log(state_path: Path, entry: dict[str, Any]) -> Path:
    """Append one JSON line to the delivery log (created with its folder when missing)."""
    path = log_path(state_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"time": now(), **entry}, ensure_ascii=False, sort_keys=False)
    with path.open("a", encoding="utf-8") as stream:
        stream.write(line + "\n")
    return path
