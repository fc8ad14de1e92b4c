"""MkDocs adapter: hooks only. All logic lives in ``generator.catalog_loader`` and ``generator.site``.

This is the one module that imports MkDocs, so moving to ProperDocs or Zensical means
rewriting about a hundred lines.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from generator.catalog_changes import changes_since
from generator.catalog_loader import build_date, load_catalog
from generator.faults import SettingError, fault_sentence, os_error_sentence
from generator.feeds import FEEDS_DIR
from generator.mkdocs_plugin_config import OffersPluginConfig
from generator.problems import CatalogInvalid
from generator.report import render_text
from generator.site.atomic_site import Staging, discard, make_staging, recover, swap_into_place
from generator.site.pagefind import PagefindError, run_pagefind
from generator.site.placeholders import PlaceholderError, fill_placeholders
from generator.site.site_files import SiteContent, build_site_content, kursnet_skip_message

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
        self.content: SiteContent | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds.
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig, /) -> MkDocsConfig:
        if not config.site_url:
            raise PluginError("iq-offers: site_url fehlt in mkdocs.yml (Feeds und QR-Codes brauchen absolute Adressen).")
        discard(self.staging)
        self.staging = None
        site_dir = Path(config.site_dir)
        try:
            # Before anything else: a build killed mid-swap may have left the site aside, and dead
            # builds' staging folders pile up. Folders of builds running right now are left alone.
            if recover(site_dir).restored is not None:
                log.info("Ein früherer Build wurde beim Austauschen abgebrochen; der vorige Stand von "
                         "%s ist wiederhergestellt.", site_dir)
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
        offers_dir = Path(self.config.offers_dir)
        try:
            catalog = load_catalog(offers_dir, build_date())
        except CatalogInvalid as exc:
            raise PluginError(f"Die Angebotsdateien in {offers_dir} enthalten Fehler:\n{render_text(exc.problems)}") from None
        except (SettingError, OSError) as exc:  # OFFERS_TODAY=26.11.2026, unreadable folder, …
            raise PluginError(f"iq-offers: {fault_sentence(exc)}") from None
        if catalog.warnings:
            log.log(20 if self.config.warnings_level == "info" else 30, "Hinweise zu den Angeboten:\n%s",
                    render_text(catalog.warnings))
        previous_site = self.final_site_dir if self.staging is not None else Path(config.site_dir)
        gone = changes_since(previous_site / FEEDS_DIR, catalog, offers_dir)
        if gone:
            log.log(20 if self.config.warnings_level == "info" else 30, "\n".join(gone))
        try:
            self.content = build_site_content(catalog, config.site_url or "", Path(self.config.schema_dir),
                                              self.config.feeds)
        except (SettingError, OSError) as exc:  # SOURCE_DATE_EPOCH=gestern, unreadable schema, …
            raise PluginError(f"iq-offers: {fault_sentence(exc)}") from None
        config.extra["iq_alternates"] = self.content.alternates  # templates read config.extra only
        skipped = kursnet_skip_message(catalog)
        if skipped:
            log.info(skipped)
        for src_uri, markdown in self.content.pages.items():
            # Offer pages stay out of the nav on purpose (the nav would grow with every offer).
            self._add(files, File.generated(config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
        for path, data in self.content.assets.items():
            self._add(files, File.generated(config, path, content=data))
        log.info("%d Angebote, davon %d im Katalog", len(catalog), len(catalog.listed()))
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
        if self.config.search and self.content is not None and any(
                'data-pagefind-body' in md for md in self.content.pages.values()):
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
        server.watch(str(self.config.schema_dir))
        return server


def _strict_mode_will_abort() -> bool:
    """Whether ``mkdocs build --strict`` will fail after on_post_build because of warnings.

    MkDocs checks its warning counter only after the post-build hooks; swapping before that
    would publish the site of a build that then reports failure.
    """
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
