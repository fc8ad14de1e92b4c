"""The scale benchmark's generated catalogue is clean: our loader finds no errors in it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from benchmarks.scale_catalogue import LAND_NAMES, generate_catalogue
from generator.catalogue_loader import check_catalogue

TODAY = date(2026, 11, 22)


def test_generated_catalogue_has_no_errors_and_only_expiry_warnings(tmp_path: Path) -> None:
    stats = generate_catalogue(tmp_path / "offers", 30, seed=3, today=TODAY)
    result = check_catalogue(tmp_path / "offers", TODAY)
    assert result.errors == [], [str(p) for p in result.errors[:5]]
    assert len(result.offers) == 30
    assert {p.code for p in result.warnings} <= {"expired"}, [str(p) for p in result.warnings[:5]]
    assert sum(p.code == "expired" for p in result.warnings) == stats["expired"]
    lands = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["state"]
        for p in (tmp_path / "offers" / "providers").glob("*.yaml")
    }
    assert lands == set(LAND_NAMES)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate_catalogue(tmp_path / name, 12, seed=5, today=TODAY)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
