"""Differential delivery: previous full catalogue + delta == current full catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from generator.feeds import FeedError, kursnet_feed
from generator.kursnet import delivery_state, diff, xsd
from tests.kursnet.kursnet_support import OFFER, assert_valid, catalogue_of, context, offer, write_catalogue

FULL = "kursnet/iq-be-test.xml"
UPDATE = "kursnet/iq-be-test.update.xml"
STATE = "kursnet/iq-be-test.seq.json"


def apply_delta(full: etree._Element, delta: etree._Element) -> dict[str, bytes]:
    """Independent model of KURSNET: apply DELETE (with cascade to the Angebot's dates) and NEW
    (insert or replace whole) to a NEW_CATALOG; returns PRODUCT_ID → canonical service."""
    services = {s.findtext("PRODUCT_ID", ""): s for s in full.findall("NEW_CATALOG/SERVICE")}
    for pid in [s.findtext("PRODUCT_ID") for s in delta.findall("UPDATE_CATALOG/DELETE/SERVICE")]:
        assert pid in services, f"DELETE of unknown {pid}"
        del services[pid]
        for other in [
            k for k, s in services.items() if s.findtext("SERVICE_DETAILS/SERVICE_MODULE/EDUCATION/COURSE_ID") == pid
        ]:
            del services[other]
    for service in delta.findall("UPDATE_CATALOG/NEW/SERVICE"):
        services[service.findtext("PRODUCT_ID", "")] = service
    return _canonical(services)


def _canonical(services: dict[str, etree._Element]) -> dict[str, bytes]:
    return {pid: etree.tostring(s, method="c14n2", strip_text=True) for pid, s in services.items()}


def _full_services(full: etree._Element) -> dict[str, bytes]:
    return _canonical({s.findtext("PRODUCT_ID", ""): s for s in full.findall("NEW_CATALOG/SERVICE")})


def confirm(state: delivery_state.DeliveryState | None, root: etree._Element) -> delivery_state.DeliveryState:
    return delivery_state.after_delivery(state, root, "iq-be-test", "test")


def export(folder: Path, offers: list[dict], out: Path, **options) -> dict[str, bytes]:
    write_catalogue(folder, offers)
    return kursnet_feed.write(context(catalogue_of(folder), out=out, **options))


def save(out: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)


BEFORE = [offer(), offer(id="wird-geaendert"), offer(id="faellt-weg"), offer(id="termine", runs=OFFER["runs"][:2])]
AFTER = [
    offer(),
    offer(id="wird-geaendert", title="Neuer Titel für die Kenntnisprüfung"),
    offer(id="ist-neu"),
    offer(id="termine", runs=[OFFER["runs"][0], OFFER["runs"][2]]),
]  # one run gone, one added


def test_delta_applied_to_previous_full_gives_current_full(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = export(tmp_path / "offers", BEFORE, out)
    save(out, first)
    previous = out / FULL
    second = export(tmp_path / "offers", AFTER, out, previous=previous)
    assert set(second) == {FULL, UPDATE}  # the state is not a feed file: only a confirmed upload writes it
    old_full, delta, new_full = (assert_valid(first[FULL]), assert_valid(second[UPDATE]), assert_valid(second[FULL]))
    assert apply_delta(old_full, delta) == _full_services(new_full)

    update = delta.find("UPDATE_CATALOG")
    assert update is not None and update.get("seq_number") == "1"
    assert [child.tag for child in update] == ["DELETE", "NEW"]
    deleted = [s.findtext("PRODUCT_ID") for s in update.findall("DELETE/SERVICE")]
    # the dropped offer's dates go with its Angebot, so only the Angebot is deleted
    assert deleted == ["iq-be-test--faellt-weg", "iq-be-test--termine--2027-herbst"]
    new = [s.findtext("PRODUCT_ID") for s in update.findall("NEW/SERVICE")]
    assert new == [
        "iq-be-test--ist-neu",
        "iq-be-test--ist-neu--2027-herbst",
        "iq-be-test--ist-neu--2028-fruehjahr",
        "iq-be-test--termine--2028-fruehjahr",
        "iq-be-test--wird-geaendert",
        "iq-be-test--wird-geaendert--2027-herbst",
        "iq-be-test--wird-geaendert--2028-fruehjahr",
    ]
    assert all(s.findtext("COURSE_TYPE") == "5" for s in update.findall("NEW/SERVICE"))
    # what KURSNET holds once it confirmed both files: exactly the new full catalogue
    state = confirm(confirm(None, old_full), delta)
    assert state.seq_number == 1 and state.services == {
        s.findtext("PRODUCT_ID"): diff.digest(s) for s in new_full.findall("NEW_CATALOG/SERVICE")
    }


def test_seq_number_continues_from_update_file_and_state(tmp_path: Path) -> None:
    out = tmp_path / "out"
    save(out, export(tmp_path / "offers", BEFORE, out))
    full_v1 = assert_valid((out / FULL).read_bytes())
    step1 = export(tmp_path / "offers", AFTER, out, previous=out / FULL)
    save(out, step1)
    assert not (out / STATE).exists()
    # KURSNET confirms the full file and then the delta (as `offers publish kursnet --store` records it)
    delivery_state.write(out / STATE, confirm(confirm(None, full_v1), assert_valid(step1[UPDATE])))
    # next delta against the delta file: base comes from the state file next to the output
    third = [*AFTER, offer(id="noch-eins")]
    step2 = export(tmp_path / "offers", third, out, previous=out / UPDATE)
    delta2 = assert_valid(step2[UPDATE])
    assert delta2.findall("UPDATE_CATALOG")[0].get("seq_number") == "2"
    assert (
        next(s.findtext("PRODUCT_ID") for s in delta2.findall("UPDATE_CATALOG/NEW/SERVICE")) == "iq-be-test--noch-eins"
    )
    assert delta2.find("UPDATE_CATALOG/DELETE") is None
    # chaining both deltas onto the first full catalogue gives the third state
    after1 = apply_delta(full_v1, assert_valid(step1[UPDATE]))
    chained: dict[str, bytes] = {
        **after1,
        **{
            s.findtext("PRODUCT_ID", ""): etree.tostring(s, method="c14n2", strip_text=True)
            for s in delta2.findall("UPDATE_CATALOG/NEW/SERVICE")
        },
    }
    assert chained == _full_services(assert_valid(step2[FULL]))
    assert STATE not in step2 and json.loads((out / STATE).read_text())["seq_number"] == 1


def test_unchanged_catalogue_gives_empty_valid_update(tmp_path: Path) -> None:
    out = tmp_path / "out"
    save(out, export(tmp_path / "offers", BEFORE, out))
    files = export(tmp_path / "offers", BEFORE, out, previous=out / FULL, encoding="utf-8")
    update = assert_valid(files[UPDATE]).findall("UPDATE_CATALOG")[0]
    assert len(update) == 0 and update.get("seq_number") == "1"


def test_state_file_elsewhere_and_previous_full_keeps_counting(tmp_path: Path) -> None:
    out = tmp_path / "out"
    state_file = tmp_path / "state" / "kursnet.json"
    state_file.parent.mkdir()
    save(out, export(tmp_path / "offers", BEFORE, out))
    state_file.write_text(json.dumps({"seq_number": 41, "catalog_id": "4711023-1700000000"}), encoding="utf-8")
    files = export(tmp_path / "offers", AFTER, out, previous=out / FULL, state_file=state_file)
    assert assert_valid(files[UPDATE]).findall("UPDATE_CATALOG")[0].get("seq_number") == "42"
    assert STATE not in files and json.loads(state_file.read_text())["seq_number"] == 41


def test_delta_previous_without_matching_state_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    save(out, export(tmp_path / "offers", BEFORE, out))
    step1 = export(tmp_path / "offers", AFTER, out, previous=out / FULL)
    (out / UPDATE).write_bytes(step1[UPDATE])  # state file NOT saved
    with pytest.raises(FeedError, match="Statusdatei"):
        export(tmp_path / "offers", AFTER, out, previous=out / UPDATE)


def test_previous_of_unknown_provider_or_invalid_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = export(tmp_path / "offers", BEFORE, out)
    foreign = files[FULL].replace(b">4711023<", b">9999999<")
    (tmp_path / "foreign.xml").write_bytes(foreign)
    with pytest.raises(FeedError, match="gehört zu keinem Projekt"):
        export(tmp_path / "offers", AFTER, out, previous=tmp_path / "foreign.xml")
    (tmp_path / "broken.xml").write_bytes(b"<OPENQCAT><HEADER/></OPENQCAT>")
    with pytest.raises(FeedError, match="keine gültige open-Qcat-Datei"):
        export(tmp_path / "offers", AFTER, out, previous=tmp_path / "broken.xml")


def test_digest_ignores_encoding_and_indentation(tmp_path: Path) -> None:
    out = tmp_path / "out"
    latin = export(tmp_path / "offers", BEFORE, out)[FULL]
    utf8 = export(tmp_path / "offers", BEFORE, out, encoding="utf-8")[FULL]
    assert latin != utf8
    a = {diff.service_id(s): diff.digest(s) for s in xsd.parse(latin).getroot().iter("SERVICE")}
    b = {diff.service_id(s): diff.digest(s) for s in xsd.parse(utf8).getroot().iter("SERVICE")}
    assert a == b
