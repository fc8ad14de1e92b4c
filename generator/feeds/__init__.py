"""Export feeds: every writer is a pure function ``FeedContext -> {relative path: bytes}``.

Writers live in ``generator/feeds/<name>_feed.py`` and expose ``write(ctx)``; the registry below
names them. The MkDocs plugin adds their files to the site under ``feeds/``; ``offers export``
writes them to a folder. Both go through the same writers, so the site and the CLI can never
disagree about a feed.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator.faults import epoch_from_env
from generator.feed_error import FeedError as FeedError  # re-exported: the CLI and tests catch it here
from generator.labels import Labels, labels
from generator.model import Catalogue, Offer
from generator.progress import tick

FEEDS_DIR = "feeds"
CALENDAR_DIR = "ics"  # one calendar per listed offer: feeds/ics/<id>.ics


def calendar_file(offer: Offer | str) -> str:
    """Path of an offer's calendar relative to ``feeds/`` (the JSON feed and the page link to it)."""
    offer_id = offer if isinstance(offer, str) else offer.id
    return f"{CALENDAR_DIR}/{offer_id}.ics"


OFFER_URL_PREFIX = "angebote"
# name -> module in generator.feeds; order is the order of the "Daten & Feeds" page.
FEED_MODULES: dict[str, str] = {
    "kursnet": "generator.feeds.kursnet_feed",
    "json": "generator.feeds.json_feed",
    "csv": "generator.feeds.csv_feed",
    "xlsx": "generator.feeds.xlsx_feed",
    "ics": "generator.feeds.ics_feed",
    "jsonld": "generator.feeds.jsonld_feed",
    "atom": "generator.feeds.atom_feed",
}


@dataclass(frozen=True)
class FeedContext:
    """What every writer gets: the catalogue, where the site lives, a fixed build time, and the
    German labels (one instance per build, shared with the pages when the site is built)."""

    catalogue: Catalogue
    site_url: str
    build_time: datetime
    options: dict[str, Any] = field(default_factory=dict)
    labels: Labels = field(default_factory=labels)
    # Results several writers and the pages share within one build (e.g. each offer's JSON-LD).
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # The build cache's file (``generator.build_cache``), for writers that keep per-offer parts.
    cache_path: Path | None = None

    def offer_url(self, offer: Offer | str) -> str:
        """Absolute address of an offer page (``<site_url>angebote/<id>/``)."""
        offer_id = offer if isinstance(offer, str) else offer.id
        return f"{self.site_url.rstrip('/')}/{OFFER_URL_PREFIX}/{offer_id}/"

    def feed_url(self, relative: str) -> str:
        return f"{self.site_url.rstrip('/')}/{FEEDS_DIR}/{relative}"


def build_time(repo: Path | None = None) -> datetime:
    """Timestamp for feeds: SOURCE_DATE_EPOCH, else the last commit, else now (UTC).

    Taking it from the sources, not the clock, keeps two builds of the same input identical.
    """
    fixed = epoch_from_env("SOURCE_DATE_EPOCH")  # SettingError (German) when not a whole number
    if fixed is not None:
        return fixed
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=repo or Path.cwd(),
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        if out:
            return datetime.fromtimestamp(int(out), tz=UTC)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return datetime.now(tz=UTC).replace(microsecond=0)


def writer(name: str) -> Callable[[FeedContext], dict[str, bytes]]:
    return importlib.import_module(FEED_MODULES[name]).write


def render_feeds(ctx: FeedContext, names: list[str] | None = None) -> dict[str, bytes]:
    """All files of the named feeds (default: all), keyed by path relative to ``feeds/``."""
    files: dict[str, bytes] = {}
    for name in names or list(FEED_MODULES):
        for relative, content in writer(name)(ctx).items():
            if relative in files:
                raise ValueError(f"two feeds write {relative}")
            files[relative] = content
        tick()
    return dict(sorted(files.items()))


MANIFEST = ".offers-export.json"


def write_atomically(files: dict[str, bytes], out_dir: Path) -> None:
    """Write files into ``out_dir`` so that readers see either the old or the new set.

    Everything is written to a hidden temporary folder inside ``out_dir`` first (never beside
    it: nothing is written outside the folder the user named); only when all writes succeeded
    – so a full disk is found before anything is replaced – is each file moved into place with
    ``os.replace`` (atomic per file on POSIX). Files that an earlier export wrote and this one
    does not (e.g. the calendar of a withdrawn offer) are removed afterwards; a manifest in
    ``out_dir`` remembers what we wrote, so files that others keep there (such as KURSNET's
    sequence state) are never touched. OSError reaches the caller, which words it.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / MANIFEST
    try:
        previous = set(json.loads(manifest.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    tmp = Path(tempfile.mkdtemp(prefix=".feeds-", dir=out_dir))
    try:
        for relative, content in files.items():
            target = tmp / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        for relative in files:  # every folder first, so a failure here still leaves the old files alone
            (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        for relative in files:
            os.replace(tmp / relative, out_dir / relative)
        for stale in sorted(previous - set(files)):
            target = (out_dir / stale).resolve()
            if target.is_relative_to(out_dir.resolve()):
                target.unlink(missing_ok=True)
        (tmp / MANIFEST).write_text(json.dumps(sorted(files), indent=0), encoding="utf-8")
        os.replace(tmp / MANIFEST, manifest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# (mime type, German title, file below feeds/) for <link rel="alternate"> in every page's head.
ALTERNATE_FEEDS: tuple[tuple[str, str, str], ...] = (
    ("application/atom+xml", "Neue und geänderte IQ-Angebote (Atom)", "offers.atom"),
    ("application/json", "Alle IQ-Angebote als Daten (JSON)", "offers.json"),
    ("text/calendar", "Alle Termine der IQ-Angebote (iCalendar)", "offers.ics"),
    ("text/csv", "Alle IQ-Angebote als Tabelle (CSV)", "offers.csv"),
)


def alternate_links(ctx: FeedContext) -> list[tuple[str, str, str]]:
    """(mime type, German title, absolute href) of the catalogue-wide feeds, for ``<link rel="alternate">``."""
    return [(mime, title, ctx.feed_url(relative)) for mime, title, relative in ALTERNATE_FEEDS]
