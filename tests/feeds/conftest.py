"""Fixtures for the feed tests: a feed context on the example catalogue and small edited catalogues."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalogue_loader import load_catalogue
from generator.feeds import FeedContext
from generator.model import Catalogue
from generator.problems import CatalogueInvalid
from generator.report import render_text
from tests.conftest import dates_as_text
from tests.support import OFFERS, SITE_URL, TODAY

BUILD_TIME = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

Edit = Callable[[dict[str, Any]], None]


def make_context(catalogue: Catalogue) -> FeedContext:
    return FeedContext(catalogue=catalogue, site_url=SITE_URL, build_time=BUILD_TIME)


@pytest.fixture
def ctx(example_catalogue: Catalogue) -> FeedContext:
    return make_context(example_catalogue)


def edited_catalogue(tmp_path: Path, edits: dict[str, Edit], keep_only: bool = True) -> Catalogue:
    """A catalogue of copies of the named example offers, each changed by its edit function.

    An edit may also return nothing and change ``data["id"]`` to add a new offer built from
    an example (the file is named after the new id).
    """
    target = tmp_path / "offers"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(OFFERS / "providers", target / "providers")
    if not keep_only:
        for path in OFFERS.glob("*.yaml"):
            shutil.copy(path, target / path.name)
    for source_id, edit in edits.items():
        data = yaml.safe_load((OFFERS / f"{source_id}.yaml").read_text(encoding="utf-8"))
        edit(data)
        text = yaml.safe_dump(dates_as_text(data), allow_unicode=True, sort_keys=False, width=1000)
        (target / f"{data['id']}.yaml").write_text(text, encoding="utf-8")
    try:
        return load_catalogue(target, TODAY)
    except CatalogueInvalid as exc:  # show what the fixture got wrong, not just a count
        raise AssertionError(render_text(exc.problems)) from exc
