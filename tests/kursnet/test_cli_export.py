"""The real ``offers export kursnet`` console script on the example catalogue and a delta."""

from __future__ import annotations

import json
from pathlib import Path

from generator.kursnet import xsd
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


def test_export_kursnet_previous_writes_update_and_state(tmp_path: Path) -> None:
    offers = write_catalogue(tmp_path / "offers", [offer(), offer(id="zweites")])
    out = tmp_path / "feeds"
    first = run_offers("--offers-dir", str(offers), "export", "kursnet", "--out", str(out), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    archived = tmp_path / "geliefert.xml"
    archived.write_bytes((out / "kursnet/iq-be-test.xml").read_bytes())
    write_catalogue(offers, [offer(title="Geänderter Titel der Vorbereitung"), offer(id="drittes")])
    second = run_offers(
        "--offers-dir",
        str(offers),
        "export",
        "kursnet",
        "--out",
        str(out),
        "--previous",
        str(archived),
        "--encoding",
        "utf-8",
        cwd=tmp_path,
    )
    assert second.returncode == 0, second.stderr
    update = (out / "kursnet/iq-be-test.update.xml").read_bytes()
    assert update.startswith(b"<?xml version='1.0' encoding='UTF-8'?>") and xsd.errors(update) == []
    root = xsd.parse(update).getroot()
    assert root.findall("UPDATE_CATALOG")[0].get("seq_number") == "1"
    assert [s.findtext("PRODUCT_ID") for s in root.findall("UPDATE_CATALOG/DELETE/SERVICE")] == ["iq-be-test--zweites"]
    assert json.loads((out / "kursnet/iq-be-test.seq.json").read_text())["seq_number"] == 1
    # a second delta continues the count from the state file next to the output
    third = run_offers(
        "--offers-dir",
        str(offers),
        "export",
        "kursnet",
        "--out",
        str(out),
        "--previous",
        str(out / "kursnet/iq-be-test.update.xml"),
        cwd=tmp_path,
    )
    assert third.returncode == 0, third.stderr
    assert (
        xsd.parse((out / "kursnet/iq-be-test.update.xml").read_bytes())
        .getroot()
        .findall("UPDATE_CATALOG")[0]
        .get("seq_number")
        == "2"
    )
    # a plain full export later must not remove the state as a stale feed file
    plain = run_offers("--offers-dir", str(offers), "export", "kursnet", "--out", str(out), cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert json.loads((out / "kursnet/iq-be-test.seq.json").read_text())["seq_number"] == 2
    # --state-file elsewhere
    elsewhere = tmp_path / "status" / "be.json"
    fourth = run_offers(
        "--offers-dir",
        str(offers),
        "export",
        "kursnet",
        "--out",
        str(out),
        "--previous",
        str(archived),
        "--state-file",
        str(elsewhere),
        cwd=tmp_path,
    )
    assert fourth.returncode == 0, fourth.stderr
    assert json.loads(elsewhere.read_text())["seq_number"] == 1
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["be.json"]


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
