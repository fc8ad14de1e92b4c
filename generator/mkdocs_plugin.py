"""MkDocs adapter for ``mkdocs build`` / ``mkdocs serve`` on the repository: hooks only.

The work is the pipeline's (``generator.site_build.prepare``: load, validate, generate); this
adapter hands the generated pages and files to MkDocs and indexes and swaps at the end, exactly
as ``offers build`` does. It is the one module that imports MkDocs; ``offers build`` needs no
plugin at all (its generated ``mkdocs.yml`` names none), which is what Zensical requires.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from generator.faults import SettingError, fault_sentence, os_error_sentence
from generator.mkdocs_plugin_config import OffersPluginConfig
from generator.schema import SCHEMA_DIR
from generator.site.atomic_site import Staging, discard, make_staging, recover, swap_into_place
from generator.site.pagefind import PagefindError, run_pagefind
from generator.site.placeholders import PlaceholderError, fill_placeholders
from generator.site_build import BuildError, prepare
from generator.site_config import SiteConfigError, read_site_config
from generator.source_tree import SiteSources, SourceTreeError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger("iq-offers")
GENERATED_BY = "iq-offers"


class OffersPlugin(BasePlugin[OffersPluginConfig]):
    """Turn ``offers/*.yaml`` into offer pages, the catalogue page, feeds and a search index."""

    def __init__(self) -> None:
        self.dirty = False
        self.staging: Staging | None = None
        self.final_site_dir: Path | None = None
        self.sources: SiteSources | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds.
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig, /) -> MkDocsConfig:
        if not config.site_url:
            raise PluginError(
                "iq-offers: site_url fehlt in mkdocs.yml (Feeds und QR-Codes brauchen absolute Adressen)."
            )
        discard(self.staging)
        self.staging = None
        site_dir = Path(config.site_dir)
        try:
            # Before anything else: a build killed mid-swap may have left the site aside, and dead
            # builds' staging folders pile up. Folders of builds running right now are left alone.
            if recover(site_dir).restored is not None:
                log.info(
                    "Ein früherer Build wurde beim Austauschen abgebrochen; der vorige Stand von "
                    "%s ist wiederhergestellt.",
                    site_dir,
                )
            # A dirty build only rewrites changed files, so it must write into the real site_dir.
            if self.config.atomic and not self.dirty:
                self.final_site_dir = site_dir
                self.staging = make_staging(site_dir)
                config.site_dir = str(self.staging.path)
        except OSError as exc:  # read-only or full disk where site/ lives
            raise PluginError(f"iq-offers: {os_error_sentence(exc, site_dir, 'schreiben')}") from None
        return config

    @event_priority(50)  # Early, so other plugins' on_files (nav, tags, …) see the generated pages.
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        final = self.final_site_dir  # set together with staging in on_config
        previous_site = final if self.staging is not None and final is not None else Path(config.site_dir)
        try:
            prepared = prepare(read_site_config(Path(config.config_file_path)), previous_site)
        except BuildError as exc:
            raise PluginError(str(exc)) from None
        except (SettingError, SiteConfigError, SourceTreeError, OSError) as exc:  # OFFERS_TODAY=26.11.2026, …
            raise PluginError(
                f"iq-offers: {fault_sentence(exc) if isinstance(exc, (SettingError, OSError)) else exc}"
            ) from None
        for note in prepared.notes:
            log.log(20 if self.config.warnings_level == "info" else 30, note)
        self.sources = prepared.sources
        config.extra.update(prepared.sources.extra)  # templates read config.extra only
        for src_uri in sorted(prepared.sources.generated):
            if src_uri in prepared.sources.pages:
                # Offer pages stay out of the nav on purpose (the nav would grow with every offer).
                self._add(
                    files,
                    File.generated(
                        config, src_uri, content=prepared.sources.pages[src_uri], inclusion=InclusionLevel.NOT_IN_NAV
                    ),
                )
            else:
                self._add(files, File.generated(config, src_uri, content=prepared.sources.files[src_uri]))
        catalogue = prepared.catalogue
        log.info("%d Angebote, davon %d im Katalog", len(catalogue), len(catalogue.listed()))
        return files

    @staticmethod
    def _add(files: Files, file: File) -> None:
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(f"iq-offers: {file.src_uri} gibt es schon in docs/; die Seite wird aus offers/ erzeugt.")
        file.generated_by = GENERATED_BY
        files.append(file)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by == GENERATED_BY:
            return markdown
        try:
            return fill_placeholders(markdown, config.extra)
        except PlaceholderError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc.args[0]}") from None

    @event_priority(-100)  # Last: index and swap only after every other plugin has written its files.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if (
            self.config.search
            and self.sources is not None
            and any("data-pagefind-body" in md for md in self.sources.pages.values())
        ):
            try:
                run_pagefind(site_dir)
            except PagefindError as exc:
                raise PluginError(str(exc)) from None
        if self.staging is not None and self.final_site_dir is not None:
            if config.strict and _strict_mode_will_abort():
                return  # MkDocs aborts right after this hook; on_build_error discards the staging
            try:
                swap_into_place(self.staging, self.final_site_dir)
            except OSError as exc:  # the site stays as it was; on_build_error removes the staging
                raise PluginError(f"iq-offers: {os_error_sentence(exc, self.final_site_dir, 'schreiben')}") from None
            config.site_dir = str(self.final_site_dir)
            self.staging = None

    def on_build_error(self, *, error: Exception) -> None:
        discard(self.staging)
        self.staging = None

    def on_shutdown(self) -> None:
        discard(self.staging)
        self.staging = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.config.offers_dir))
        server.watch(str(SCHEMA_DIR))  # the schemas the package validates with (a link in the repo)
        return server


def _strict_mode_will_abort() -> bool:
    """Whether ``mkdocs build --strict`` will fail after on_post_build because of warnings.

    MkDocs checks its warning counter only after the post-build hooks; swapping before that
    would publish the site of a build that then reports failure.
    """
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
