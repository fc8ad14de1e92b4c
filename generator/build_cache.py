"""A content-addressed cache for work that gives the same result for the same input.

A QR code takes ~7 ms (segno's mask scoring), an offer page ~1 ms more; at 10,000 offers that is
over a minute per build for output that did not change. Each entry is keyed by a hash of
everything its result depends on — the inputs the caller names plus the code that computes it
(every file of the ``generator`` package and the schemas, hashed once per process), so changing
the code or an offer can never serve a stale result; only what changed is computed again.

Storage is one SQLite file (``.offers-cache/cache.sqlite`` beside ``mkdocs.yml``; stdlib, safe
with two builds at once, one file instead of thousands). The cache is an optimisation only: if
it cannot be opened or written (read-only checkout, full disk, a corrupt file), the build goes on
without it and says nothing worse than that it was slower.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

CACHE_DIR = ".offers-cache"
CACHE_FILE = "cache.sqlite"
PACKAGE_DIR = Path(__file__).resolve().parent
# Entries not used by the last builds are dropped once the file holds more than this many.
MAX_ENTRIES = 200_000
HASHED_SUFFIXES = frozenset({".py", ".jinja", ".html", ".json", ".js", ".css", ".yaml", ".csv", ".txt"})


@lru_cache(maxsize=8)
def code_hash(only: tuple[str, ...] = ()) -> str:
    """Hash of the generator's code, templates and schemas (following the package's links).

    The theme overrides (JavaScript, CSS, page templates) are left out: they shape the pages
    around the cached parts, not the parts. ``only``: these files (paths in the package) instead,
    for results that depend on nothing else.
    """
    digest = hashlib.sha256()
    if only:
        for relative in only:
            digest.update(relative.encode())
            digest.update((PACKAGE_DIR / relative).read_bytes())
        return digest.hexdigest()
    files = []
    for folder, dirs, names in os.walk(PACKAGE_DIR, followlinks=True):  # schemas/ is a link
        dirs[:] = [d for d in dirs if d not in {"__pycache__", "theme"}]
        files += [Path(folder, name) for name in names if Path(name).suffix in HASHED_SUFFIXES]
    for path in sorted(files):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    raise TypeError(f"not hashable for the cache: {type(value).__name__}")


def content_key(*parts: Any, code: tuple[str, ...] = ()) -> str:
    """A key for a result computed from ``parts`` (JSON-serialisable) by this version of the code
    (``code``: only these package files matter, see ``code_hash``)."""
    text = json.dumps([code_hash(code), *parts], sort_keys=True, ensure_ascii=False, default=_json_default)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class BuildCache:
    """Get/put byte strings by (kind, key). ``BuildCache(None)`` keeps entries for this process only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.memory: dict[tuple[str, str], bytes] = {}
        self.db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0
        self.lock = threading.RLock()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # One connection, used by a preview's threads in turn (``self.lock``).
                self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute(
                    "CREATE TABLE IF NOT EXISTS entry (kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key))"
                )
            except (OSError, sqlite3.Error):
                self.db = None

    def get_many(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        with self.lock:
            return self._get_many(kind, keys)

    def _get_many(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        wanted = list(dict.fromkeys(keys))
        found = {k: self.memory[(kind, k)] for k in wanted if (kind, k) in self.memory}
        rest = [k for k in wanted if k not in found]
        if self.db is not None and rest:
            try:
                for start in range(0, len(rest), 500):
                    chunk = rest[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = self.db.execute(
                        f"SELECT key, value FROM entry WHERE kind = ? AND key IN ({marks})",  # noqa: S608 - only '?' marks
                        (kind, *chunk),
                    )
                    found.update({key: bytes(value) for key, value in rows})
            except sqlite3.Error:
                self.db = None
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def put_many(self, kind: str, items: dict[str, bytes]) -> None:
        with self.lock:
            self._put_many(kind, items)

    def _put_many(self, kind: str, items: dict[str, bytes]) -> None:
        if self.db is None:  # with a file the entries live there only (10,000 pages: ~300 MB)
            for key, value in items.items():
                self.memory[(kind, key)] = value
            return
        if not items:
            return
        try:
            with self.db:
                self.db.execute("BEGIN")
                self.db.executemany(
                    "INSERT OR REPLACE INTO entry (kind, key, value) VALUES (?, ?, ?)",
                    [(kind, key, value) for key, value in items.items()],
                )
            self._trim()
        except sqlite3.Error:  # the file is gone or broken: keep this build's entries in memory
            self.db = None
            self._put_many(kind, items)

    def _trim(self) -> None:
        assert self.db is not None
        (count,) = self.db.execute("SELECT COUNT(*) FROM entry").fetchone()
        if count > MAX_ENTRIES:  # oldest rows first (rowid grows with every insert or replace)
            self.db.execute(
                "DELETE FROM entry WHERE rowid IN (SELECT rowid FROM entry ORDER BY rowid LIMIT ?)",
                (count - MAX_ENTRIES // 2,),
            )

    def computed(
        self, kind: str, keys: dict[str, str], compute: Callable[[list[str]], dict[str, bytes]]
    ) -> dict[str, bytes]:
        """``keys``: name → cache key. Returns name → value, computing the missing ones in one call."""
        found = self.get_many(kind, keys.values())
        missing = [name for name, key in keys.items() if key not in found]
        if missing:
            fresh = compute(missing)
            self.put_many(kind, {keys[name]: fresh[name] for name in missing})
            found.update({keys[name]: fresh[name] for name in missing})
        return {name: found[key] for name, key in keys.items()}

    def keep_only(self, kind: str, keys: Iterable[str]) -> None:
        """Drop every entry of ``kind`` but these (the caller holds the complete current set).

        Keys that include the day or an offer's text are never asked for again once the day or
        the text changed; without this the file would grow by a catalogue's worth every day.
        """
        with self.lock:
            self._keep_only(kind, keys)

    def _keep_only(self, kind: str, keys: Iterable[str]) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                self.db.execute("BEGIN")
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
                self.db.execute("DELETE FROM keep")
                self.db.executemany("INSERT OR IGNORE INTO keep (key) VALUES (?)", [(key,) for key in keys])
                self.db.execute("DELETE FROM entry WHERE kind = ? AND key NOT IN (SELECT key FROM keep)", (kind,))
        except sqlite3.Error:
            self.db = None

    def close(self) -> None:
        with self.lock:
            if self.db is not None:
                self.db.close()
                self.db = None


def open_cache(root: Path, enabled: bool = True) -> BuildCache:
    """The project's cache beside mkdocs.yml, or a process-only one (``enabled=False``)."""
    return BuildCache(root / CACHE_DIR / CACHE_FILE if enabled else None)
