"""offers.atom: parsed with feedparser; stable ids, content-based updated, withdrawn entries."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import feedparser
from lxml import etree

from generator.catalogue_loader import load_catalogue
from generator.feeds import FeedContext
from generator.feeds.atom_feed import WITHDRAWN_PREFIX, git_commit_time, write
from tests.feeds.conftest import edited_catalogue, make_context
from tests.support import OFFERS, TODAY


def _parse(content: bytes) -> Any:
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_entries_for_listed_and_withdrawn_offers(ctx: FeedContext) -> None:
    feed = _parse(write(ctx)["offers.atom"])
    assert feed.version == "atom10"
    ids = {e.id: e for e in feed.entries}
    for offer in ctx.catalogue.listed():
        entry = ids[f"tag:iq-angebote.example,2026:angebot/{offer.id}"]
        assert entry.title == offer.title
        assert entry.link == ctx.offer_url(offer)
    for offer in ctx.catalogue.expired():
        if offer.published_from < ctx.catalogue.today:
            entry = ids[f"tag:iq-angebote.example,2026:angebot/{offer.id}"]
            assert entry.title == WITHDRAWN_PREFIX + offer.title
    assert len(ids) == len(feed.entries)
    stamps = [e.updated_parsed for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    assert feed.feed.updated_parsed == max(stamps)


def test_updated_from_last_review_outside_git_and_withdrawal_day(tmp_path: Path) -> None:
    def past(data: dict[str, Any]) -> None:
        data["id"] = "vorbei"
        data["publication"]["published_from"] = "2025-01-01"
        for i, run in enumerate(data["runs"]):
            run["start"], run["end"] = f"2025-0{i + 2}-01", f"2026-0{i + 3}-15"
            run.pop("application_deadline", None)
            run.pop("sessions", None)
            run.pop("exams", None)

    catalogue = edited_catalogue(
        tmp_path,
        {
            "aerztinnen-kenntnispruefung-kompaktseminar": lambda d: None,
            "pflegefachkraefte-kenntnispruefung-berufsbegleitend": past,
        },
    )
    assert git_commit_time(catalogue.by_id["vorbei"].path.resolve()) is None
    feed = _parse(write(make_context(catalogue))["offers.atom"])
    by_id = {e.id.rsplit("/", 1)[1]: e for e in feed.entries}
    current = catalogue.by_id["aerztinnen-kenntnispruefung-kompaktseminar"]
    assert by_id[current.id].updated == f"{current.last_reviewed.isoformat()}T00:00:00Z"
    withdrawn = catalogue.by_id["vorbei"]
    assert by_id["vorbei"].title.startswith("Nicht mehr angeboten: ")
    last_end = max(r.end for r in withdrawn.runs)
    assert by_id["vorbei"].updated == f"{last_end.isoformat()}T00:00:00Z"
    assert by_id["vorbei"].link == "https://iq-angebote.example/angebote/"


def test_updated_from_git_commit_date(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(OFFERS / "providers", repo / "offers" / "providers")
    name = "aerztinnen-kenntnispruefung-kompaktseminar.yaml"
    shutil.copy(OFFERS / name, repo / "offers" / name)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": "2026-10-30T10:11:12+01:00",
        "GIT_COMMITTER_DATE": "2026-10-30T10:11:12+01:00",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    catalogue = load_catalogue(repo / "offers", TODAY)
    offer = catalogue.offers[0]
    assert git_commit_time(offer.path.resolve()) == datetime(2026, 10, 30, 9, 11, 12, tzinfo=UTC)
    feed = _parse(write(make_context(catalogue))["offers.atom"])
    assert feed.entries[0].updated == "2026-10-30T09:11:12Z"


def test_ids_stable_and_bytes_identical_across_builds(ctx: FeedContext, tmp_path: Path) -> None:
    first = write(ctx)["offers.atom"]
    later = FeedContext(ctx.catalogue, ctx.site_url, datetime(2030, 1, 1, tzinfo=UTC))
    assert write(later)["offers.atom"] == first  # build time does not enter the feed
    assert write(make_context(ctx.catalogue))["offers.atom"] == first
    root = etree.fromstring(first)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    rebuilt = _parse(write(make_context(load_catalogue(OFFERS, TODAY)))["offers.atom"])
    assert [e.id for e in rebuilt.entries] == [e.id for e in _parse(first).entries]


def test_odd_characters_survive(tmp_path: Path) -> None:
    def odd(data: dict[str, Any]) -> None:
        data["title"] = "Kurs <b>&amp; „Zitat“ ]]> ende"

    catalogue = edited_catalogue(tmp_path, {"aerztinnen-kenntnispruefung-kompaktseminar": odd})
    feed = _parse(write(make_context(catalogue))["offers.atom"])
    assert feed.entries[0].title == "Kurs <b>&amp; „Zitat“ ]]> ende"
    assert date.fromisoformat(feed.entries[0].published[:10]) == catalogue.offers[0].published_from
