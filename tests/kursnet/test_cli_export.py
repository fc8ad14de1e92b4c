"""The real ``offers export kursnet`` console script on the example catalogue and a delta."""

from __future__ import annotations

import json
from pathlib import Path

from generator.kursnet import delivery_state, xsd
from tests.conftest import ROOT, run_offers
from tests.kursnet.kursnet_support import assert_codes_in_lists, offer, write_catalogue


def test_export_kursnet_example_catalogue(tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    result = run_offers("export", "kursnet", "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    files = sorted((out / "kursnet").glob("*.xml"))
    assert files, result.stdout
    for path in files:
        data = path.read_bytes()
        assert data.startswith(b"<?xml version='1.0' encoding='ISO-8859-15'?>")
        assert xsd.errors(data) == [], path
        assert assert_codes_in_lists(xsd.parse(data).getroot()) > 0
        assert str(path) in result.stdout
    assert not list(out.parent.glob(".feeds-*"))  # no temporary leftovers


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_never_changes_the_delivery_state(tmp_path: Path) -> None:
    """Two differential exports in a row: identical files, same seq_number, no state written;
    only a confirmed delivery (here: the state as `publish --store` writes it) moves the count on."""
    offers = write_catalogue(tmp_path / "offers", [offer(), offer(id="zweites")])
    out = tmp_path / "feeds"
    first = run_offers("--offers-dir", str(offers), "export", "kursnet", "--out", str(out), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    archived = tmp_path / "geliefert.xml"
    archived.write_bytes((out / "kursnet/iq-be-test.xml").read_bytes())
    write_catalogue(offers, [offer(title="Geänderter Titel der Vorbereitung"), offer(id="drittes")])
    args = ["--offers-dir", str(offers), "export", "kursnet", "--out", str(out), "--previous", str(archived)]
    second = run_offers(*args, "--encoding", "utf-8", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    update = (out / "kursnet/iq-be-test.update.xml").read_bytes()
    assert update.startswith(b"<?xml version='1.0' encoding='UTF-8'?>") and xsd.errors(update) == []
    root = xsd.parse(update).getroot()
    update_catalog = root.find("UPDATE_CATALOG")
    assert update_catalog is not None and update_catalog.get("seq_number") == "1"
    assert [s.findtext("PRODUCT_ID") for s in root.findall("UPDATE_CATALOG/DELETE/SERVICE")] == ["iq-be-test--zweites"]
    assert not (out / "kursnet/iq-be-test.seq.json").exists()
    snapshot = _snapshot(out)
    again = run_offers(*args, "--encoding", "utf-8", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _snapshot(out) == snapshot, "a repeated export must give the same files and no state"

    # KURSNET confirmed seq 1 (what `offers publish kursnet --store` writes): the next delta is 2,
    # computed against what KURSNET holds – no DELETE of the number that is already gone
    state_file = out / "kursnet/iq-be-test.seq.json"
    delivery_state.write(
        state_file, delivery_state.after_delivery(None, xsd.parse(archived.read_bytes()).getroot(), "iq-be-test", "x")
    )
    confirmed = delivery_state.after_delivery(delivery_state.load(state_file), root, "iq-be-test", "update")
    delivery_state.write(state_file, confirmed)
    third = run_offers(*args, cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    delta = xsd.parse((out / "kursnet/iq-be-test.update.xml").read_bytes()).getroot().find("UPDATE_CATALOG")
    assert delta is not None
    assert delta.get("seq_number") == "2" and len(delta) == 0, "nothing changed since KURSNET confirmed seq 1"
    assert json.loads(state_file.read_text())["seq_number"] == 1  # still only what KURSNET confirmed
    # --state-file elsewhere is read, never written
    elsewhere = tmp_path / "status" / "be.json"
    fourth = run_offers(*args, "--state-file", str(elsewhere), cwd=tmp_path)
    assert fourth.returncode == 0, fourth.stderr
    assert not elsewhere.exists()


def test_export_kursnet_bad_previous_fails_without_output(tmp_path: Path) -> None:
    offers = write_catalogue(tmp_path / "offers", [offer()])
    out = tmp_path / "feeds"
    (tmp_path / "kaputt.xml").write_text("<OPENQCAT>", encoding="utf-8")
    result = run_offers(
        "--offers-dir",
        str(offers),
        "export",
        "kursnet",
        "--out",
        str(out),
        "--previous",
        str(tmp_path / "kaputt.xml"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "keine gültige open-Qcat-Datei" in result.stderr
    assert not (out / "kursnet").exists()
