"""Compare what KURSNET holds (its ``download``) with the catalogue, and repair the state.

This is the way back from any lost or inconsistent delivery state: KURSNET's own copy is the
truth about what it holds. ``compare`` names the offers missing there, extra there, and the
fields that differ; ``state_from_kursnet`` turns KURSNET's copy into a delivery state, so that the
ordinary differential delivery against it (``kursnet_feed.update_document``) is exactly the repair.

KURSNET's export is written by its own software and carries fields we never send, so fields are
compared only where we send them: a service counts as "the same" when every value we send is
there with the same text. Such a service keeps our fingerprint in the repaired state (it is not
sent again); a differing one gets KURSNET's, so the repair sends it whole.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from generator.feed_error import FeedError
from generator.kursnet import xsd
from generator.kursnet.delivery_state import DeliveryState, now
from generator.kursnet.diff import course_id, digest, service_id

MAX_DOWNLOAD = 200 * 1024 * 1024  # bytes unpacked; a catalogue is a few MB


def xml_of_download(data: bytes) -> bytes:
    """The open-Qcat XML inside KURSNET's answer (a zip, per the KURSNET notes, or plain XML)."""
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [m for m in archive.infolist() if m.filename.lower().endswith(".xml")]
                if not members:
                    raise FeedError("Die Datei von KURSNET enthält kein XML.")
                if members[0].file_size > MAX_DOWNLOAD:
                    raise FeedError("Die Datei von KURSNET ist unerwartet groß; sie wird nicht entpackt.")
                return archive.read(members[0])
        except zipfile.BadZipFile as exc:
            raise FeedError(f"Die Datei von KURSNET ist kein lesbares ZIP-Archiv ({exc}).") from exc
    return data


def services_of_download(data: bytes) -> tuple[etree._Element, list[etree._Element]]:
    """(root, services) of KURSNET's copy; a German FeedError when it is not XML."""
    try:
        root = xsd.parse(xml_of_download(data)).getroot()
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"Die Datei von KURSNET ist kein lesbares XML ({exc}).") from exc
    services = root.findall("NEW_CATALOG/SERVICE") or root.findall("UPDATE_CATALOG/NEW/SERVICE")
    return root, services


def _leaves(element: etree._Element, path: str = "") -> dict[str, str]:
    """Every value of an element as path → text (repeated siblings numbered, attributes as @)."""
    values: dict[str, str] = {}
    for name, value in sorted(element.attrib.items()):
        values[f"{path}/@{name}" if path else f"@{name}"] = value
    children = [(c.tag, c) for c in element if isinstance(c.tag, str)]  # elements, not comments or PIs
    if not children:
        text = " ".join((element.text or "").split())
        if text or not element.attrib:
            values[path] = text
        return values
    seen: dict[str, int] = {}
    for tag, child in children:
        seen[tag] = seen.get(tag, 0) + 1
        step = tag if seen[tag] == 1 else f"{tag}[{seen[tag]}]"
        values.update(_leaves(child, f"{path}/{step}" if path else step))
    return values


def differing_fields(ours: etree._Element, theirs: etree._Element) -> list[str]:
    """Paths of the values we send that KURSNET lacks or holds differently."""
    mine, held = _leaves(ours), _leaves(theirs)
    return [path for path, value in mine.items() if held.get(path) != value]


@dataclass
class Comparison:
    missing_there: list[str] = field(default_factory=list)  # in the catalogue, not in KURSNET
    extra_there: list[str] = field(default_factory=list)  # in KURSNET, not in the catalogue
    differing: dict[str, list[str]] = field(default_factory=dict)  # PRODUCT_ID → field paths

    @property
    def in_line(self) -> bool:
        return not (self.missing_there or self.extra_there or self.differing)


def compare(ours: list[etree._Element], theirs: list[etree._Element]) -> Comparison:
    mine = {service_id(s): s for s in ours}
    held = {service_id(s): s for s in theirs}
    result = Comparison(
        missing_there=[pid for pid in mine if pid not in held],
        extra_there=[pid for pid in held if pid not in mine],
    )
    for pid, service in mine.items():
        if pid in held:
            fields = differing_fields(service, held[pid])
            if fields:
                result.differing[pid] = fields
    return result


def state_from_kursnet(
    provider: str, catalog_id: str, seq_number: int, ours: list[etree._Element], theirs: list[etree._Element]
) -> DeliveryState:
    """The delivery state as KURSNET's copy shows it (see module docstring for the fingerprints)."""
    comparison = compare(ours, theirs)
    mine = {service_id(s): s for s in ours}
    state = DeliveryState(provider, catalog_id, seq_number, confirmed_at=now(), source="reconcile download")
    for service in theirs:
        pid = service_id(service)
        same = pid in mine and pid not in comparison.differing
        state.services[pid] = digest(mine[pid]) if same else "kursnet:" + digest(service)
        state.course_ids[pid] = course_id(service)
    return state
