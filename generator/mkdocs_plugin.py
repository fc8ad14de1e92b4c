"""MkDocs adapter for ``mkdocs build`` / ``mkdocs serve`` on the repository: hooks only.

The work is the pipeline's (``generator.site_build.prepare``: load, validate, generate); this
adapter hands the generated pages and files to MkDocs and indexes and swaps at the end, exactly
as ``offers build`` does. It is the one module that imports MkDocs; ``offers build`` needs no
plugin at all (its generated ``mkdocs.yml`` names none), which is what Zensical requires.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from generator.build_cache import BuildCache, open_cache
from generator.catalogue_loader import build_date, check_catalogue
from generator.faults import SettingError, fault_sentence, os_error_sentence
from generator.mkdocs_plugin_config import OffersPluginConfig
from generator.schema import SCHEMA_DIR
from generator.site.atomic_site import Staging, discard, make_staging, recover, swap_into_place
from generator.site.catalogue import CATALOGUE_SRC_URI
from generator.site.pagefind import PagefindError, run_pagefind
from generator.site.placeholders import PlaceholderError, fill_placeholders
from generator.site.preview_notice import add_notice, error_page_markdown, mark_site, notice_html
from generator.site.search_data import SearchDataError
from generator.site.stamped_pages import StampError, stamp_pages
from generator.site_build import BuildError, has_search_body, prepare
from generator.site_config import SiteConfig, SiteConfigError, read_site_config
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
        # Serve path: while an offer is invalid the preview shows the last good sources and this
        # German notice on every page instead of failing the build (a failed rebuild in
        # `mkdocs serve` leaves every request waiting until the next good build).
        self.serving = False
        self.notice = ""
        self.marked_site: Path | None = None  # a site whose pages carry a notice from a failed rebuild
        self.build_error: Exception | None = None
        self.cache: BuildCache | None = None  # kept across `mkdocs serve` rebuilds (memory + disk)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds.
        self.dirty = dirty
        self.serving = command == "serve"

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
        self.notice = ""
        try:
            site_config = read_site_config(Path(config.config_file_path))
            if self.cache is None:
                self.cache = open_cache(site_config.root)
            prepared = prepare(site_config, previous_site, cache=self.cache)
        except BuildError as exc:
            if self.serving:
                return self._serve_last_good(files, config, site_config, str(exc))
            raise PluginError(str(exc)) from None
        except (
            SettingError,
            SiteConfigError,
            SourceTreeError,
            SearchDataError,
            OSError,
        ) as exc:  # OFFERS_TODAY=26.11.2026, …
            raise PluginError(
                f"iq-offers: {fault_sentence(exc) if isinstance(exc, (SettingError, OSError)) else exc}"
            ) from None
        for note in prepared.notes:
            log.log(20 if self.config.warnings_level == "info" else 30, note)
        self.sources = prepared.sources
        self._add_sources(files, config, prepared.sources)
        catalogue = prepared.catalogue
        log.info("%d Angebote, davon %d im Katalog", len(catalogue), len(catalogue.listed()))
        return files

    def _add_sources(self, files: Files, config: MkDocsConfig, sources: SiteSources) -> None:
        config.extra.update(sources.extra)  # templates read config.extra only
        for src_uri in sorted(sources.generated):
            if src_uri in sources.pages:
                # Offer pages stay out of the nav on purpose (the nav would grow with every offer).
                self._add(
                    files,
                    File.generated(
                        config, src_uri, content=sources.pages[src_uri], inclusion=InclusionLevel.NOT_IN_NAV
                    ),
                )
            else:
                self._add(files, File.generated(config, src_uri, content=sources.files[src_uri]))

    def _serve_last_good(self, files: Files, config: MkDocsConfig, site_config: SiteConfig, report: str) -> Files:
        """Serve path, an offer is invalid: the last good generated pages plus a notice naming file and line.

        The build then succeeds, so MkDocs' live reload moves on and every request is answered
        (a failed build would leave them waiting). Without a last good state (the first build
        failed) the catalogue's address gets a German error page instead.
        """
        log.warning(report)  # the terminal still shows the whole report, as `offers validate` does
        problems = check_catalogue(site_config.offers_dir, build_date()).problems
        root = Path(config.config_file_path).parent
        self.notice = notice_html(problems, root, fallback=report, has_previous=self.sources is not None)
        if self.sources is not None:
            self._add_sources(files, config, self.sources)
        elif files.get_file_from_path(CATALOGUE_SRC_URI) is None:
            self._add(files, File.generated(config, CATALOGUE_SRC_URI, content=error_page_markdown()))
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

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return add_notice(output, self.notice) if self.notice else output

    @event_priority(-100)  # Last: index and swap only after every other plugin has written its files.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.sources is not None and self.sources.stamped:
            notice = self.notice
            try:
                stamp_pages(
                    site_dir,
                    self.sources.stamped,
                    transform=(lambda html: add_notice(html, notice)) if notice else None,
                )
            except StampError as exc:
                raise PluginError(str(exc)) from None
        if self.config.search and self.sources is not None and has_search_body(self.sources):
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
        if self.marked_site is not None and not self.notice:  # a dirty rebuild keeps unchanged pages
            mark_site(self.marked_site, "")
            self.marked_site = None

    def on_build_error(self, *, error: Exception) -> None:
        discard(self.staging)
        self.staging = None
        self.build_error = error  # MkDocs raises only "Aborted with a BuildError!"; the notice names this one

    def on_shutdown(self) -> None:
        discard(self.staging)
        self.staging = None
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.config.offers_dir))
        server.watch(str(SCHEMA_DIR))  # the schemas the package validates with (a link in the repo)
        self.serving = True
        server.builder = self._guarded(server.builder, Path(server.root), Path(config.config_file_path).parent)
        return server

    def _guarded(self, build: Any, site_dir: Path, root: Path) -> Any:
        """A serve rebuild that never fails: any other error marks the last good pages with a notice.

        MkDocs 1.6 answers no page request while a rebuild has failed (the browser spins until a
        build succeeds). Invalid offers are handled in on_files; this catches everything else
        (a broken Markdown placeholder, a template error, a full disk) so the rule holds for all.
        """

        def guarded() -> None:
            self.build_error = None
            try:
                build()
            except Exception as exc:  # any failure would leave every request waiting
                cause = self.build_error or exc
                if not isinstance(cause, PluginError):
                    traceback.print_exception(cause)
                message = str(cause) or type(cause).__name__
                log.error("Die Vorschau zeigt den letzten fehlerfreien Stand: %s", message)
                mark_site(site_dir, notice_html([], root, fallback=message))
                self.marked_site = site_dir

        return guarded


def _strict_mode_will_abort() -> bool:
    """Whether ``mkdocs build --strict`` will fail after on_post_build because of warnings.

    MkDocs checks its warning counter only after the post-build hooks; swapping before that
    would publish the site of a build that then reports failure.
    """
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
