"""Placeholders, QR codes and the atomic site swap."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.german_format import de_euro, de_number
from generator.site.atomic_site import discard, make_staging, swap_into_place
from generator.site.placeholders import PlaceholderError, fill_placeholders
from generator.site.qr import qr_svg


def test_placeholders_filled_and_unknown_rejected() -> None:
    extra = {"betreiber": {"name": "Fachstelle", "email": "a@b.example"}}
    assert (
        fill_placeholders("{{ extra.betreiber.name }} – {{extra.betreiber.email}}", extra) == "Fachstelle – a@b.example"
    )
    with pytest.raises(PlaceholderError):
        fill_placeholders("{{ extra.betreiber.strasse }}", extra)


def test_qr_svg_is_inline_and_decodable_size() -> None:
    svg = qr_svg("https://iq-angebote.example/angebote/x/", "QR <x>")
    assert svg.startswith("<svg") and "viewBox" in svg and "&lt;x&gt;" in svg


def test_swap_replaces_whole_tree(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("alt")
    staging = make_staging(site)
    (staging.path / "new.html").write_text("neu")
    swap_into_place(staging, site)
    assert sorted(p.name for p in site.iterdir()) == ["new.html"]
    assert not staging.path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_discard_leaves_site_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("a")
    staging = make_staging(site)
    (staging.path / "half.html").write_text("x")
    discard(staging)
    assert (site / "a.html").read_text() == "a" and not staging.path.exists()


def test_german_numbers() -> None:
    assert de_number(7.5) == "7,5" and de_number(8.0) == "8"
    assert de_euro(1250) == "1.250 €" and de_euro(99.5) == "99,50 €"
