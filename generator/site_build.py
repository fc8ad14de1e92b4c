"""The one build pipeline: load → validate once → model → generate → render → index → swap.

Every stage before "render" is our own code and knows no renderer; the renderer (MkDocs +
Material by default, or Zensical) only turns the generated tree into HTML. Pagefind then indexes
the rendered pages and the finished site is swapped in atomically, so a failed build at any
stage leaves the previous site as it was.

Where work happens on disk: two locked sibling folders of ``site/`` (see
``generator.site.atomic_site``), one for the generated tree and the renderer's output, one that
becomes the new site. A build killed at any point leaves only folders that the next build's
``recover`` removes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.build_cache import CACHE_DIR, BuildCache, open_cache
from generator.catalogue_changes import changes_since
from generator.catalogue_loader import LoadCache, build_date, load_catalogue
from generator.faults import SettingError, fault_sentence
from generator.feed_error import FeedError
from generator.feeds import FEEDS_DIR
from generator.model import Catalogue
from generator.problems import CatalogueInvalid
from generator.progress import Progress, Silent
from generator.render import DEFAULT_RENDERER, RenderError, renderer
from generator.report import render_text
from generator.site.atomic_site import discard, make_staging, recover, swap_into_place
from generator.site.feed_job import FeedJob
from generator.site.pagefind import PAGEFIND_CACHE, PagefindError, run_pagefind
from generator.site.search_data import SearchDataError
from generator.site.site_files import feed_context, kursnet_skip_message
from generator.site.stamped_pages import PROTOTYPE_SRC, Prototype, StampedPage, StampError, stamp_pages
from generator.site_config import SiteConfig, SiteConfigError, read_site_config
from generator.source_tree import (
    SiteSources,
    SourceTreeError,
    bulk_files,
    generate_sources,
    write_files,
    write_tree,
)


class BuildError(Exception):
    """The build stopped; the message is German and complete (it may hold a whole report)."""


@dataclass
class BuildReport:
    """What a finished build did, for the summary line and for benchmarks."""

    site_dir: Path
    renderer: str
    offers: int
    listed: int
    pages: int
    stages: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    prototype: Prototype | None = None  # the rendered offer page shell (the preview fills it again)
    stamped: list[StampedPage] = field(default_factory=list)


class _Stopwatch:
    """Runs the stages, shows them (``Progress``) and keeps their times for the report."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.stages: dict[str, float] = {}

    def run(self, name: str, label: str, action: Callable[[], object]) -> object:
        start = time.perf_counter()
        with self.progress.stage(label):
            result = action()
        self.stages[name] = time.perf_counter() - start
        return result


def load_stage(config: SiteConfig, today: date | None = None, cache: LoadCache | None = None) -> Catalogue:
    """Load and validate the catalogue once; errors become one BuildError with the full report.

    ``cache``: earlier loads of this process (a preview re-reads only changed files).
    """
    try:
        return load_catalogue(config.offers_dir, today or build_date(), cache=cache)
    except CatalogueInvalid as exc:
        raise BuildError(
            f"Die Angebotsdateien in {config.offers_dir} enthalten Fehler:\n{render_text(exc.problems)}"
        ) from None


@dataclass
class Prepared:
    """Everything before the renderer: the checked catalogue, the generated sources, notes for the log."""

    catalogue: Catalogue
    sources: SiteSources
    notes: list[str]
    feeds: FeedJob | None = None  # feeds being written in parallel (``sources`` then has none)


def prepare(
    config: SiteConfig,
    previous_site: Path,
    today: date | None = None,
    watch: _Stopwatch | None = None,
    cache: BuildCache | None = None,
    parallel_feeds: bool = False,
    loads: LoadCache | None = None,
) -> Prepared:
    """Load → validate once → model → generate. Shared by ``offers build`` and the MkDocs plugin.

    ``cache``: results of earlier builds (offer bodies, QR codes); default: the project's cache.
    ``parallel_feeds``: the feeds are written by a second process (``Prepared.feeds``), which the
    caller must collect or close.
    """
    watch = watch or _Stopwatch(Silent())
    catalogue = watch.run("load", "Angebote laden und prüfen", lambda: load_stage(config, today, loads))
    assert isinstance(catalogue, Catalogue)
    notes = ["Hinweise zu den Angeboten:\n" + render_text(catalogue.warnings)] if catalogue.warnings else []
    notes += changes_since(previous_site / FEEDS_DIR, catalogue, config.offers_dir)
    skipped = kursnet_skip_message(catalogue)
    if skipped:
        notes.append(skipped)
    own_cache = cache is None
    cache = open_cache(config.root) if cache is None else cache
    feeds = FeedJob(feed_context(catalogue, config.site_url, cache), config.feeds) if parallel_feeds else None
    try:
        sources = watch.run(
            "generate",
            "Seiten erzeugen" if feeds else "Seiten und Feeds erzeugen",
            lambda: generate_sources(catalogue, config, cache, with_feeds=feeds is None),
        )
    except BaseException:
        if feeds is not None:
            feeds.close()
        raise
    finally:
        if own_cache:
            cache.close()
    assert isinstance(sources, SiteSources)
    return Prepared(catalogue=catalogue, sources=sources, notes=notes, feeds=feeds)


def build_site(
    config_path: Path,
    *,
    renderer_name: str = DEFAULT_RENDERER,
    site_dir: Path | None = None,
    today: date | None = None,
    search: bool | None = None,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    loads: LoadCache | None = None,
) -> BuildReport:
    """Build the whole site from ``mkdocs.yml``'s folders into ``site_dir`` (default: its ``site_dir``)."""
    try:
        config = read_site_config(config_path)
        if not config.site_url:
            raise BuildError("site_url fehlt in mkdocs.yml (Feeds und QR-Codes brauchen absolute Adressen).")
        return _build(
            config,
            renderer_name,
            Path(site_dir) if site_dir else config.site_dir,
            today,
            config.search if search is None else search,
            progress or Silent(),
            cache,
            loads,
        )
    except (
        SiteConfigError,
        SourceTreeError,
        RenderError,
        StampError,
        PagefindError,
        SearchDataError,
        FeedError,
    ) as exc:
        raise BuildError(str(exc)) from None
    except (SettingError, OSError) as exc:
        raise BuildError(fault_sentence(exc)) from None


def has_search_body(sources: SiteSources) -> bool:
    """Whether any page is for Pagefind to index (listed offers carry ``data-pagefind-body``)."""
    return any(b"data-pagefind-body" in page.body for page in sources.stamped) or any(
        "data-pagefind-body" in md for md in sources.pages.values()
    )


def _build(
    config: SiteConfig,
    renderer_name: str,
    site_dir: Path,
    today: date | None,
    search: bool,
    progress: Progress,
    cache: BuildCache | None,
    loads: LoadCache | None,
) -> BuildReport:
    render = renderer(renderer_name)  # an unknown name fails before any work
    watch = _Stopwatch(progress)
    restored = recover(site_dir).restored
    notes = (
        [
            (
                f"Ein früherer Build wurde beim Austauschen abgebrochen; der vorige Stand von {site_dir} ist "
                "wiederhergestellt."
            )
        ]
        if restored
        else []
    )
    prepared = prepare(config, site_dir, today, watch, cache, parallel_feeds=True, loads=loads)
    catalogue, sources = prepared.catalogue, prepared.sources
    notes += prepared.notes
    feeds = prepared.feeds
    work = make_staging(site_dir)
    staging = None
    try:
        tree_config = write_tree(sources, config, work.path / "tree", bulk=False)
        rendered = watch.run("render", f"Seiten darstellen ({renderer_name})", lambda: render(tree_config))
        assert isinstance(rendered, Path)

        def stamp() -> Prototype:
            write_files(bulk_files(sources), rendered)  # per-offer calendars and cards: no renderer needed
            return stamp_pages(rendered, sources.stamped)

        prototype = watch.run("stamp", "Angebotsseiten und Dateien schreiben", stamp)
        assert isinstance(prototype, Prototype)
        if search and has_search_body(sources):
            shard_cache = config.root / CACHE_DIR / PAGEFIND_CACHE  # shard indexes of unchanged offers
            watch.run("index", "Suchindex aufbauen (Pagefind)", lambda: run_pagefind(rendered, cache_dir=shard_cache))
        if feeds is not None:  # written meanwhile by the second process
            feed_files = watch.run("feeds", "Feeds fertigstellen", feeds.result)
            assert isinstance(feed_files, dict)
            taken = sorted(set(feed_files) & set(sources.files))
            if taken:
                raise SourceTreeError(
                    f"{config.docs_dir.name}/{taken[0]} gibt es schon; die Datei wird aus den Angeboten erzeugt."
                )
            write_files(feed_files, rendered)
        staging = ready = make_staging(site_dir)
        for entry in sorted(os.listdir(rendered)):  # same file system: renames, no copying
            os.rename(rendered / entry, ready.path / entry)
        watch.run("swap", "Neue Website einsetzen", lambda: swap_into_place(ready, site_dir))
        staging = None
    finally:
        if feeds is not None:
            feeds.close()
        discard(staging)
        discard(work)
    pages = sum(1 for name in sources.pages if name.endswith(".md") and name != PROTOTYPE_SRC) + len(sources.stamped)
    return BuildReport(
        site_dir=site_dir,
        renderer=renderer_name,
        offers=len(catalogue),
        listed=len(catalogue.listed()),
        pages=pages,
        stages=watch.stages,
        notes=notes,
        prototype=prototype,
        stamped=sources.stamped,
    )
