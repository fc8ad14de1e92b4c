"""``offers preview``: the site on this computer, and an edited offer on screen within seconds.

``mkdocs serve`` rebuilds everything after every save (at 2,000 offers: validation, all feeds,
the renderer, the search index – about half a minute). A QTV author who fixes a typo wants to
see the page now. So the preview builds the whole site once, then on each change to ``offers/``:

1. *quick update* (seconds): reload the catalogue (only changed files are read again), render the
   pages whose content changed from the cache (one body for one edited offer) into the prototype
   kept from the full build, rewrite the catalogue's data files, tell open browser tabs to reload;
2. *full build* in the background (the same pipeline as ``offers build``, warm cache): feeds,
   search index and the catalogue's no-JS list pages catch up and are swapped in whole.

An invalid offer never takes the preview down: the last good pages stay and every page shows the
German problem report (file, line, what to do) until the file is fixed. Changes to ``docs/`` or
``mkdocs.yml`` take the full build only. No MkDocs involved: the preview works with any renderer.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.build_cache import BuildCache, open_cache
from generator.catalogue_loader import LoadCache, build_date
from generator.faults import SettingError, fault_sentence
from generator.model import Catalogue
from generator.progress import Progress, Silent
from generator.site.catalogue import CARDS_DIR, catalogue_assets
from generator.site.offer_pages import offer_pages
from generator.site.site_files import feed_context
from generator.site.stamped_pages import PAGE_FILE, Prototype, StampedPage
from generator.site_build import BuildError, BuildReport, build_site, load_stage
from generator.site_config import SiteConfig, read_site_config

STATUS_PATH = "/__vorschau.json"
POLL_SECONDS = 0.5
# Added to every HTML page the preview serves (not to the files): reload on a new version, and
# show the problem report in a red box at the top of the page while an offer is invalid.
LIVE_SCRIPT = (
    """<script>(function(){var seen=null;function show(p){var b=document.getElementById("iq-vorschau");
if(!p){if(b)b.remove();return;}if(!b){b=document.createElement("div");b.id="iq-vorschau";b.setAttribute("role","alert");
b.style.cssText="position:fixed;left:0;right:0;top:0;max-height:50vh;overflow:auto;z-index:9999;background:#fff;"
+"color:#000;border:4px solid #b00;padding:1em;font:16px/1.4 sans-serif;white-space:pre-wrap";document.body.appendChild(b);}
b.innerHTML=p;}function poll(){fetch("%s",{cache:"no-store"}).then(function(r){return r.json();}).then(function(s){
if(seen!==null&&s.version!==seen){location.reload();return;}seen=s.version;show(s.problems);}).catch(function(){})
.finally(function(){setTimeout(poll,1000);});}poll();})();</script>"""
).replace("%s", STATUS_PATH)


def _snapshot(folders: list[Path], files: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file below ``folders`` and of ``files``: what a change looks like."""
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                try:
                    info = path.stat()
                except OSError:
                    continue
                if path.is_file():
                    seen[str(path)] = (info.st_mtime_ns, info.st_size)
    for path in files:
        try:
            info = path.stat()
            seen[str(path)] = (info.st_mtime_ns, info.st_size)
        except OSError:
            pass
    return seen


@dataclass
class PreviewState:
    """What the server tells open pages: a version that changes with every update, and problems."""

    version: int = 0
    problems: str = ""  # HTML, empty when every offer is valid
    lock: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, problems: str | None = None) -> None:
        with self.lock:
            self.version += 1
            if problems is not None:
                self.problems = problems

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "problems": self.problems}).encode("utf-8")


class Preview:
    """The preview's site folder, kept current; ``serve`` answers browsers from it."""

    def __init__(self, config_path: Path, site_dir: Path, *, renderer_name: str, log: Callable[[str], None]) -> None:
        self.config_path = config_path
        self.site_dir = site_dir
        self.renderer_name = renderer_name
        self.log = log
        self.state = PreviewState()
        self.config: SiteConfig = read_site_config(config_path)
        self.cache: BuildCache = open_cache(self.config.root)
        self.loads = LoadCache()  # a quick update re-reads only the offer files that changed
        self.prototype: Prototype | None = None
        self.pages: dict[str, StampedPage] = {}
        self.building = threading.Lock()
        self.rebuild_wanted = threading.Event()
        self.baseline: tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]] | None = None

    # -- full builds ---------------------------------------------------------------------------

    def full_build(self, progress: Progress | None = None, loads: LoadCache | None = None) -> BuildReport | None:
        """The whole site, as ``offers build`` makes it; on invalid offers the last good one stays.

        ``loads``: the background build's own LoadCache (the quick updates' is not shared across threads).
        """
        with self.building:
            if self.baseline is None:  # what the first build reads: later saves are changes to show
                self.baseline = self._sources()
            try:
                report = build_site(
                    self.config_path,
                    renderer_name=self.renderer_name,
                    site_dir=self.site_dir,
                    progress=progress or Silent(),
                    cache=self.cache,
                    loads=loads or self.loads,
                )
            except BuildError as exc:
                self.state.publish(problems=_problem_html(str(exc)))
                self.log(str(exc))
                return None
            self.prototype = report.prototype
            self.pages = {page.path: page for page in report.stamped}
            self.state.publish(problems="")
            return report

    def _background(self, stop: threading.Event) -> None:
        loads = LoadCache()
        while not stop.is_set():
            if not self.rebuild_wanted.wait(POLL_SECONDS):
                continue
            self.rebuild_wanted.clear()
            start = time.monotonic()
            try:
                report = self.full_build(loads=loads)
            except Exception as exc:
                self.log(f"Die Vorschau konnte nicht neu gebaut werden: {exc}")
                continue
            if report is not None:
                self.log(f"Vorschau vollständig (Feeds, Suche, Listen) in {time.monotonic() - start:.1f} s.")

    # -- quick updates -------------------------------------------------------------------------

    def quick_update(self) -> float:
        """Changed offers on screen: their pages and the catalogue data; returns the seconds it took."""
        start = time.monotonic()
        if self.prototype is None:  # no good build yet: only a full build can make one
            self.rebuild_wanted.set()
            return 0.0
        try:
            catalogue = load_stage(self.config, build_date(), self.loads)
        except BuildError as exc:
            self.state.publish(problems=_problem_html(str(exc)))
            self.log(str(exc))
            return time.monotonic() - start
        except (SettingError, OSError) as exc:
            self.state.publish(problems=_problem_html(fault_sentence(exc)))
            return time.monotonic() - start
        ctx = feed_context(catalogue, self.config.site_url)
        fresh = {page.path: page for page in offer_pages(ctx, self.cache)}
        changed = [page for path, page in fresh.items() if self.pages.get(path) != page]
        for page in changed:
            target = self.site_dir / page.path / PAGE_FILE
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.prototype.fill(page), encoding="utf-8")
        for gone in set(self.pages) - set(fresh):
            shutil.rmtree(self.site_dir / gone, ignore_errors=True)
        self._write_catalogue_data(catalogue)
        self.pages = fresh
        self.state.publish(problems="")
        self.rebuild_wanted.set()  # feeds, search index and list pages follow in the background
        return time.monotonic() - start

    def _write_catalogue_data(self, catalogue: Catalogue) -> None:
        assets = catalogue_assets(catalogue, feed_context(catalogue, self.config.site_url).labels)
        for relative, data in assets.items():
            target = self.site_dir / relative
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        cards = self.site_dir / CARDS_DIR
        kept = {Path(relative).relative_to(CARDS_DIR).parts[0] for relative in assets if relative.startswith(CARDS_DIR)}
        if cards.is_dir():
            for version in cards.iterdir():
                if version.name not in kept:
                    shutil.rmtree(version, ignore_errors=True)

    # -- watching ------------------------------------------------------------------------------

    def _sources(self) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
        """Snapshots of the offers and of everything else a build reads (pages, theme, settings)."""
        others = [self.config.docs_dir]
        if self.config.custom_dir is not None:
            others.append(self.config.custom_dir)
        return _snapshot([self.config.offers_dir], []), _snapshot(others, [self.config_path])

    def watch(self, stop: threading.Event, interval: float = POLL_SECONDS) -> None:
        """Poll the sources; offers → quick update, anything else → full build."""
        last_offers, last_others = self.baseline or self._sources()
        builder = threading.Thread(target=self._background, args=(stop,), name="vorschau-bau", daemon=True)
        builder.start()
        try:
            self._watch(stop, interval, last_offers, last_others)
        finally:
            stop.set()
            builder.join()  # a build under way finishes; then no thread of the preview is left

    def _watch(
        self,
        stop: threading.Event,
        interval: float,
        last_offers: dict[str, tuple[int, int]],
        last_others: dict[str, tuple[int, int]],
    ) -> None:
        while not stop.wait(interval):
            now_offers, now_others = self._sources()
            if now_others != last_others:
                last_others = now_others
                self.log("Seiten oder Einstellungen geändert: die Vorschau wird neu gebaut …")
                self.rebuild_wanted.set()
            if now_offers != last_offers:
                names = sorted(
                    Path(p).name for p in set(now_offers) ^ set(last_offers) | _changed(now_offers, last_offers)
                )
                try:
                    seconds = self.quick_update()
                except Exception as exc:
                    self.log(f"Die Vorschau konnte {', '.join(names)} nicht übernehmen ({exc}); sie baut neu.")
                    self.rebuild_wanted.set()
                    last_offers = now_offers
                    continue
                last_offers = now_offers
                if not self.state.problems:
                    self.log(f"Geändert: {', '.join(names)} – in der Vorschau nach {seconds:.1f} s.")


def _changed(now: dict[str, tuple[int, int]], before: dict[str, tuple[int, int]]) -> set[str]:
    return {path for path in now.keys() & before.keys() if now[path] != before[path]}


def _problem_html(report: str) -> str:
    return (
        "<strong>Die Vorschau zeigt den letzten fehlerfreien Stand.</strong> "
        "Bitte die Datei korrigieren und speichern; die Seite lädt dann von selbst neu.\n\n" + html.escape(report)
    )


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files from the preview folder; HTML pages get the live script, ``/__vorschau.json`` the state."""

    state: PreviewState

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.split("?")[0] == STATUS_PATH:
            self._send(200, "application/json", self.state.as_json())
            return
        local = Path(self.translate_path(self.path))
        if local.is_dir() and self.path.split("?")[0].endswith("/"):
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            text = local.read_text(encoding="utf-8")
            text = text.replace("</body>", LIVE_SCRIPT + "</body>", 1)
            self._send(200, "text/html; charset=utf-8", text.encode("utf-8"))
            return
        super().do_GET()

    def _send(self, status: int, mime: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def server(preview: Preview, host: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = type("PreviewHandler", (_Handler,), {"state": preview.state})
    return http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(preview.site_dir)))
