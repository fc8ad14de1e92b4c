"""Constants every test shares: where the repository is, the fixed build date, the site address.

One home, so a test cannot drift to its own idea of "today" or of the example catalogue. The
fixtures that use them live in ``tests/conftest.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFERS = ROOT / "offers"  # the example catalogue
FIXTURE_CATALOGUE = ROOT / "tests" / "data" / "catalogue"  # a small catalogue made for tests
TODAY = date(2026, 11, 22)  # every test builds as of this day (OFFERS_TODAY)
SOURCE_DATE_EPOCH = "1795000000"  # fixed build time for reproducible files
SITE_URL = "https://iq-angebote.example/"


def site_project(tmp: Path) -> Path:
    """A project like the repository (its offers, docs and mkdocs.yml) using this checkout's theme
    overrides and form-editor bundle; returns the path of its mkdocs.yml."""
    import shutil

    import yaml

    project = tmp / "project"
    project.mkdir()
    shutil.copytree(OFFERS, project / "offers")
    shutil.copytree(ROOT / "docs", project / "docs")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(ROOT / "site_template")
    config["extra"]["admin"]["bundle"] = str(ROOT / "admin" / "node_modules" / "decap-cms" / "dist")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return project / "mkdocs.yml"
