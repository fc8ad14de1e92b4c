"""The scale benchmark (issue 12): N generated offers, everything measured side by side in one run.

    .venv/bin/python benchmarks/scale.py 1000 5000 10000 [--readme] [--skip-preview] [--skip-browser]

For each N, on a generated project (``benchmarks/scale_catalogue.py``, seeded):

- ``offers validate`` against check-jsonschema on the same files (a pinned check-jsonschema in a
  throwaway venv under ``benchmarks/.cache/``, made on first run);
- ``offers build`` cold (no ``.offers-cache/``, no site) and warm (again, one offer changed),
  against a bare ``mkdocs build`` (Material, built-in search, no plugin of ours) of N Markdown
  pages with the same visible text as the built offer pages;
- peak memory of each command: the largest process and the sum over its process tree
  (VmRSS from /proc every 50 ms);
- the preview: ``offers preview`` (and, for comparison, ``mkdocs serve``) of min(N, 2000) offers,
  one offer's title edited, seconds until the served page shows it;
- the catalogue page in headless Chromium, served gzip-compressed: HTML raw/gzip, DOMContentLoaded,
  time to the first filter (a Land ticked, until painted) and the first full-text search, bytes
  transferred for page + first filter + first search; unthrottled and with 4× CPU throttling;
- offer page HTML size (median, max).

Wall time and CPU time (user + sys of the process tree) are both kept: on a busy machine the
CPU time is the steadier figure. Results go to ``benchmarks/results/scale-YYYY-MM-DD.json`` and a
Markdown table is printed; ``--readme`` puts the table into README.md between
``<!-- scale:begin -->`` and ``<!-- scale:end -->``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.scale_catalogue import generate_catalogue
from benchmarks.search_at_scale import CHROMIUM_ARGS  # one set of flags for Debian's chromium

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
CHECK_JSONSCHEMA_VERSION = "0.39.0"
PREVIEW_OFFERS = 2000
SEARCH_TERM = "Pflege"
FILTER_LAND = "NW"
BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- running and measuring a command --------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared with other processes (fork, copy-on-write) count once
    across the tree, so the sum over a tree is what it really takes."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return _rss_kb(pid)


class MemoryWatch:
    """Polls a process tree every 50 ms: peak VmRSS of the largest process, and peak of the tree's
    sum of PSS (shared pages counted once; a sum of RSS would count forked workers' shared pages
    again for every worker) and of RSS."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.largest_kb = 0
        self.total_kb = 0
        self.total_rss_kb = 0
        self.largest_name = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            tree, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo += _children(pid)
            sizes = [(_rss_kb(p), p) for p in tree]
            big, big_pid = max(sizes)
            self.total_rss_kb = max(self.total_rss_kb, sum(s for s, _ in sizes))
            self.total_kb = max(self.total_kb, sum(_pss_kb(p) for p in tree))
            if big > self.largest_kb:
                self.largest_kb = big
                with contextlib.suppress(OSError):
                    self.largest_name = Path(f"/proc/{big_pid}/comm").read_text().strip()
            self._stop.wait(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class StageFailed(RuntimeError):
    """A measured command failed; the stage is recorded as failed and the run goes on."""


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    peak_mb: float
    peak_process: str
    peak_tree_mb: float  # sum of PSS over the process tree
    returncode: int
    output: str = field(repr=False, default="")
    peak_tree_rss_mb: float = 0.0  # sum of RSS (counts pages shared after fork once per process)

    def figures(self) -> dict[str, Any]:
        return {
            "wall_s": round(self.wall_s, 2),
            "cpu_s": round(self.cpu_s, 2),
            "peak_mb": round(self.peak_mb),
            "peak_process": self.peak_process,
            "peak_tree_mb": round(self.peak_tree_mb),
            "peak_tree_rss_mb": round(self.peak_tree_rss_mb),
        }


def run(cmd: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> Run:
    """Run ``cmd``; wall time, CPU time of its tree (wait4), peak memory (MemoryWatch)."""
    log = CACHE / "last-command.log"
    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        watch = MemoryWatch(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        watch.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text(encoding="utf-8", errors="replace")
    if check and proc.returncode:
        raise StageFailed(f"{' '.join(cmd[:3])} … failed ({proc.returncode}):\n{output[-3000:]}")
    return Run(
        wall,
        usage.ru_utime + usage.ru_stime,
        watch.largest_kb / 1024,
        watch.largest_name,
        watch.total_kb / 1024,
        proc.returncode,
        output,
        watch.total_rss_kb / 1024,
    )


# -- the generated project ------------------------------------------------------------------------


def make_project(folder: Path, count: int, seed: int, today: date) -> Path:
    """A project like the repository (mkdocs.yml, docs/, site_template/) around N generated offers."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    stats = generate_catalogue(folder / "offers", count, seed, today)
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copytree(ROOT / "site_template", folder / "site_template")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if "admin" in config.get("extra", {}):  # the form editor's Decap files from this checkout's npm install
        config["extra"]["admin"]["bundle"] = str(ROOT / "admin" / "node_modules" / "decap-cms" / "dist")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    say(f"  {stats['offers']} Angebote, {stats['providers']} Projekte ({stats['expired']} abgelaufen) in {folder}")
    return folder


def env_for(today: date) -> dict[str, str]:
    return {**os.environ, "OFFERS_TODAY": today.isoformat(), "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


def loader_findings(offers: Path, today: date) -> dict[str, int]:
    from generator.catalogue_loader import check_catalogue

    result = check_catalogue(offers, today)
    codes: dict[str, int] = {}
    for p in result.warnings:
        codes[p.code or "other"] = codes.get(p.code or "other", 0) + 1
    return {
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        **{f"warnings_{k}": v for k, v in codes.items()},
    }


# -- validate --------------------------------------------------------------------------------------


def check_jsonschema() -> Path:
    venv = CACHE / f"check-jsonschema-{CHECK_JSONSCHEMA_VERSION}"
    exe = venv / "bin" / "check-jsonschema"
    if not exe.exists():
        say(f"  check-jsonschema {CHECK_JSONSCHEMA_VERSION} wird einmalig in {venv} installiert (nicht im Lock) …")
        subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"check-jsonschema=={CHECK_JSONSCHEMA_VERSION}"], check=True
        )
    return exe


def measure_validate(project: Path, env: dict[str, str]) -> dict[str, Any]:
    ours = run([str(BIN / "offers"), "--offers-dir", "offers", "validate", "-q"], project, env)
    exe = check_jsonschema()
    offers = sorted(p.name for p in (project / "offers").glob("*.yaml"))
    providers = sorted(p.name for p in (project / "offers" / "providers").glob("*.yaml"))
    theirs = []
    for schema, folder, files in (
        ("offer", project / "offers", offers),
        ("provider", project / "offers" / "providers", providers),
    ):
        path = ROOT / "schema" / f"{schema}.schema.json"
        # --base-uri: the provider schema refers to the offer schema by its $id (not reachable offline)
        theirs.append(run([str(exe), "--base-uri", path.as_uri(), "--schemafile", str(path), *files], folder, env))
    other = Run(
        sum(r.wall_s for r in theirs),
        sum(r.cpu_s for r in theirs),
        max(r.peak_mb for r in theirs),
        theirs[0].peak_process,
        max(r.peak_tree_mb for r in theirs),
        max(r.returncode for r in theirs),
    )
    return {
        "offers": ours.figures(),
        "check_jsonschema": other.figures(),
        "check_jsonschema_version": CHECK_JSONSCHEMA_VERSION,
        "speedup_wall": round(other.wall_s / ours.wall_s, 1),
        "speedup_cpu": round(other.cpu_s / ours.cpu_s, 1),
    }


# -- build ------------------------------------------------------------------------------------------


STAGES = re.compile(r"Website gebaut: .*?; (.*)\)\s*$", re.M)


def _stages(output: str) -> dict[str, float]:
    m = STAGES.search(output)
    if not m:
        return {}
    return {name: float(sec) for name, sec in re.findall(r"\s*([^,]+?) ([0-9.]+) s", m.group(1))}


def measure_build(project: Path, env: dict[str, str]) -> dict[str, Any]:
    for leftover in (project / ".offers-cache", project / "site"):
        shutil.rmtree(leftover, ignore_errors=True)
    cold = run([str(BIN / "offers"), "build"], project, env)
    say(f"  kalt: {cold.wall_s:.1f} s (CPU {cold.cpu_s:.1f} s), {cold.peak_mb:.0f} MB ({cold.peak_process})")
    offer = sorted((project / "offers").glob("*.yaml"))[0]
    text = offer.read_text(encoding="utf-8")
    offer.write_text(re.sub(r"^title: (.*)$", r"title: \1 (geändert)", text, count=1, flags=re.M), encoding="utf-8")
    warm = run([str(BIN / "offers"), "build"], project, env)
    say(f"  warm (ein Angebot geändert): {warm.wall_s:.1f} s (CPU {warm.cpu_s:.1f} s)")
    return {
        "cold": {**cold.figures(), "stages": _stages(cold.output)},
        "warm": {**warm.figures(), "stages": _stages(warm.output)},
        "cache_dir_mb": round(
            sum(p.stat().st_size for p in (project / ".offers-cache").rglob("*") if p.is_file()) / 2**20, 1
        )
        if (project / ".offers-cache").exists()
        else None,
    }


class _Text(HTMLParser):
    """The visible text of a page's <article>, as Markdown blocks (headings, paragraphs, items)."""

    BLOCKS = frozenset(
        {"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "div", "section", "summary", "figcaption"}
    )
    SKIP = frozenset({"script", "style", "svg", "template", "button"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.prefix = ""

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(self.prefix + text)
        self.current, self.prefix = [], ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCKS:
            self._flush()
            self.prefix = {"h1": "# ", "h2": "## ", "h3": "### ", "h4": "#### ", "li": "- "}.get(tag, "")

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCKS:
            self._flush()
        if tag == "article":
            self._flush()
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.current.append(data.replace("*", r"\*").replace("_", r"\_").replace("<", "&lt;"))


def markdown_of(page: Path) -> str:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return "\n\n".join(parser.blocks) + "\n"


def offer_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "angebote").glob("*/index.html"))


def measure_bare(project: Path, env: dict[str, str]) -> dict[str, Any]:
    """``mkdocs build`` of Material with its search plugin over the offer pages' text as Markdown."""
    bare = project.parent / "bare"
    shutil.rmtree(bare, ignore_errors=True)
    docs = bare / "docs"
    (docs / "angebote").mkdir(parents=True)
    pages = offer_pages(project / "site")
    for page in pages:
        (docs / "angebote" / f"{page.parent.name}.md").write_text(markdown_of(page), encoding="utf-8")
    (docs / "index.md").write_text("# Angebote\n\nAlle Angebote.\n", encoding="utf-8")
    config = {
        "site_name": "Bare",
        "site_url": "https://bare.example/",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": "material", "language": "de", "font": False},
        "nav": ["index.md"],  # like our site: offer pages are not in the nav
        "plugins": ["search"],
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = run([str(BIN / "mkdocs"), "build", "-q"], bare, env)
    say(f"  bare mkdocs build ({len(pages)} Seiten): {result.wall_s:.1f} s (CPU {result.cpu_s:.1f} s)")
    size = sum(p.stat().st_size for p in (docs / "angebote").glob("*.md"))
    shutil.rmtree(bare / "site", ignore_errors=True)
    return {**result.figures(), "pages": len(pages), "markdown_mb": round(size / 2**20, 1)}


def page_sizes(site: Path) -> dict[str, Any]:
    sizes = [p.stat().st_size for p in offer_pages(site)]
    catalogue = (site / "angebote" / "index.html").read_bytes()
    return {
        "offer_page_median_kb": round(statistics.median(sizes) / 1024, 1) if sizes else None,
        "offer_page_max_kb": round(max(sizes) / 1024, 1) if sizes else None,
        "offer_pages": len(sizes),
        "catalogue_html_kb": round(len(catalogue) / 1024, 1),
        "catalogue_html_gzip_kb": round(len(gzip.compress(catalogue, 6)) / 1024, 1),
    }


# -- preview ----------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return str(r.read().decode("utf-8", errors="replace"))
    except Exception:  # not up yet, 404 while rebuilding, …
        return None


def measure_preview(project: Path, env: dict[str, str], timeout: float = 600, tool: str = "offers") -> dict[str, Any]:
    """``tool``: "offers" (``offers preview``, the product's preview) or "mkdocs" (``mkdocs serve``)."""
    offers = sorted((project / "offers").glob("*.yaml"))
    data = yaml.safe_load(offers[len(offers) // 2].read_text(encoding="utf-8"))
    offer = offers[len(offers) // 2]
    text = offer.read_text(encoding="utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    url = f"{base}angebote/{data['id']}/"
    log = (project.parent / "serve.log").open("w", encoding="utf-8")
    started = time.perf_counter()
    command = (
        [str(BIN / "offers"), "preview", "--port", str(port)]
        if tool == "offers"
        else [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"]
    )
    server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
    watch = MemoryWatch(server.pid)
    try:
        deadline = started + timeout
        while time.perf_counter() < deadline and data["title"] not in (_get(url) or ""):
            if server.poll() is not None:
                raise StageFailed(f"{tool} preview stopped:\n" + (project.parent / "serve.log").read_text()[-3000:])
            time.sleep(0.2)
        first = time.perf_counter() - started
        say(f"  {' '.join(command[1:2])} liefert nach {first:.1f} s; Titel wird geändert …")
        time.sleep(1.0)  # the watcher is up
        new_title = "Vorschau-Messung – geänderter Titel"  # no ": " (YAML would read a mapping)
        edited = time.perf_counter()
        offer.write_text(re.sub(r"^title: .*$", f"title: {new_title}", text, count=1, flags=re.M), encoding="utf-8")
        seen = None
        while time.perf_counter() < edited + timeout:
            if new_title in (_get(url) or ""):
                seen = time.perf_counter() - edited
                break
            time.sleep(0.1)
        say(f"  Änderung sichtbar nach {seen:.1f} s" if seen is not None else "  Änderung nicht sichtbar (Zeitlimit)")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        watch.stop()
        log.close()
        offer.write_text(text, encoding="utf-8")
    return {
        "tool": " ".join(Path(command[0]).name.split() + command[1:2]),
        "offers": len(offers),
        "first_serve_s": round(first, 1),
        "edit_to_page_s": round(seen, 2) if seen is not None else None,
        "peak_mb": round(watch.largest_kb / 1024),
        "peak_tree_mb": round(watch.total_kb / 1024),
    }


# -- browser ----------------------------------------------------------------------------------------


COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm", ".ics", ".csv")


def serve_gzip(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A static server that gzips text responses (Content-Encoding: gzip), like a real host."""
    compressed: dict[Path, bytes] = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(directory), **kwargs)

        def log_message(self, format: str, *args: object) -> None:
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if (
                path.is_file()
                and path.suffix in COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")
                and self.path.split("?")[0].endswith(("/", path.name))
            ):
                if path not in compressed:
                    compressed[path] = gzip.compress(path.read_bytes(), 6)
                body = compressed[path]
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                return io.BytesIO(body)
            return super().send_head()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# In the page: when `test` first holds after an action, and when the next frame is painted.
WATCH = """() => {
  window.__iqDone = null; window.__iqPainted = null;
  const check = () => {
    if (window.__iqDone === null && window.__iqTest(document)) {
      window.__iqDone = performance.now();
      requestAnimationFrame(() => setTimeout(() => { window.__iqPainted = performance.now(); }, 0));
    }
  };
  new MutationObserver(check).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true});
}"""


def _watch_status(page: Any) -> None:
    before = page.text_content("#iq-status")
    page.evaluate(
        "(before) => { window.__iqTest = (d) => { const t = d.getElementById('iq-status').textContent;"
        " return t !== before && /\\d+ von \\d+/.test(t); }; }",
        before,
    )
    page.evaluate(WATCH)


def _painted(page: Any, start: float, timeout_ms: int) -> float | None:
    try:
        page.wait_for_function("() => window.__iqPainted !== null", timeout=timeout_ms)
    except Exception:
        return None
    return float(page.evaluate("() => window.__iqPainted")) - start


def _open(browser: Any, base: str, throttle: float) -> tuple[Any, Any, Any]:
    """A fresh context (no cache) on the catalogue page; returns (context, page, take) where
    take() waits for the network to settle and returns the bytes and requests since the last call."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    received = {"bytes": 0, "requests": 0}

    def finished(event: dict[str, Any]) -> None:
        received["bytes"] += int(event.get("encodedDataLength", 0))
        received["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    timeout = int(300_000 * throttle)

    def take() -> tuple[int, int]:
        page.wait_for_load_state("networkidle", timeout=timeout)
        out = (received["bytes"], received["requests"])
        received["bytes"], received["requests"] = 0, 0
        return out

    page.goto(base + "angebote/", wait_until="load", timeout=timeout)
    return context, page, take


def browse(browser: Any, base: str, throttle: float) -> dict[str, Any]:
    """Two fresh visits of the catalogue page: one ticks a Land (first filter), one searches."""
    timeout = int(300_000 * throttle)
    context, page, take = _open(browser, base, throttle)
    dcl = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return [n.domContentLoadedEventEnd, n.loadEventEnd]; }"
    )
    load_bytes, load_requests = take()
    out: dict[str, Any] = {
        "throttle": throttle,
        "dom_content_loaded_s": round(dcl[0] / 1000, 2),
        "load_s": round(dcl[1] / 1000, 2),
        "page_kb": round(load_bytes / 1024, 1),
        "page_requests": load_requests,
    }
    # First filter: tick one Land, until the new result count is painted.
    box = f'input[type=checkbox][name="land"][value="{FILTER_LAND}"]'
    if page.locator(box).count():
        _watch_status(page)
        start = page.evaluate(
            f"() => {{ const t = performance.now(); document.querySelector('{box}').click(); return t; }}"
        )
        elapsed = _painted(page, start, timeout)
        out["first_filter_ms"] = round(elapsed) if elapsed is not None else None
        fb, fr = take()
        out["filter_kb"], out["filter_requests"] = round(fb / 1024, 1), fr
        out["filter_status"] = page.text_content("#iq-status")
    else:
        out["first_filter_ms"] = None
        out["filter_note"] = f"no checkbox {box}"
    context.close()
    # First full-text search on a fresh visit (submitted like Enter: no 250 ms typing pause).
    context, page, take = _open(browser, base, throttle)
    take()
    _watch_status(page)
    start = page.evaluate(
        "(term) => { const t = performance.now(); const q = document.getElementById('iq-q'); q.value = term;"
        " q.form.requestSubmit(); return t; }",
        SEARCH_TERM,
    )
    elapsed = _painted(page, start, timeout)
    out["first_search_ms"] = round(elapsed) if elapsed is not None else None
    sb, sr = take()
    out["search_kb"], out["search_requests"] = round(sb / 1024, 1), sr
    out["search_status"] = page.text_content("#iq-status")
    out["total_kb"] = round(out["page_kb"] + out.get("filter_kb", 0) + out["search_kb"], 1)
    context.close()
    return out


def measure_browser(site: Path) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    server, base = serve_gzip(site)
    results = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for throttle in (1.0, 4.0):
                figures = browse(browser, base, throttle)
                say(
                    f"  Chromium {throttle:g}×: DOMContentLoaded {figures['dom_content_loaded_s']} s, "
                    f"erster Filter {figures['first_filter_ms']} ms, erste Suche {figures['first_search_ms']} ms, "
                    f"{figures['total_kb']} KB übertragen"
                )
                results.append(figures)
            browser.close()
    finally:
        server.shutdown()
    return results


# -- report -----------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem / 2**20, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _s(x: Any) -> str:
    return "–" if x is None else f"{x:.1f} s" if isinstance(x, float) else str(x)


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| N | `offers validate` vs check-jsonschema | full build cold / warm vs bare `mkdocs build` (ratio cold / warm) | "
        "peak memory (largest process; whole tree, PSS) | edit → page in `offers preview` | "
        "catalogue page: HTML raw / gz, DOMContentLoaded 1× / 4× | first filter 1× / 4× | "
        "page + search + filter (gz) | offer page HTML median / max |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for r in rows:
        cells = [f"{r['n']:,}"]
        v = r.get("validate")
        cells.append(
            f"{v['offers']['wall_s']:.1f} s vs {v['check_jsonschema']['wall_s']:.1f} s ({v['speedup_wall']:g}×; "
            f"CPU {v['offers']['cpu_s']:.1f} vs {v['check_jsonschema']['cpu_s']:.1f} s)"
            if v
            else "–"
        )
        b, bare = r.get("build"), r.get("bare")
        if b and bare:
            cells.append(
                f"{b['cold']['wall_s']:.1f} / {b['warm']['wall_s']:.1f} s vs {bare['wall_s']:.1f} s "
                f"({b['cold']['wall_s'] / bare['wall_s']:.2f}× / {b['warm']['wall_s'] / bare['wall_s']:.2f}×; "
                f"CPU {b['cold']['cpu_s']:.0f} / {b['warm']['cpu_s']:.0f} "
                f"vs {bare['cpu_s']:.0f} s, {b['cold']['cpu_s'] / bare['cpu_s']:.2f}×)"
            )
            cells.append(
                f"{b['cold']['peak_mb']:,} MB ({b['cold']['peak_process']}); {b['cold']['peak_tree_mb']:,} MB "
                f"(bare {bare['peak_mb']:,} MB)"
            )
        else:
            cells += ["–", "–"]
        p, pm = r.get("preview"), r.get("preview_mkdocs")
        cells.append(
            f"{p['edit_to_page_s']:.1f} s at {p['offers']:,} (first serve {p['first_serve_s']:.0f} s"
            + (f"; mkdocs serve {pm['edit_to_page_s']:.1f} s" if pm and pm.get("edit_to_page_s") is not None else "")
            + ")"
            if p and p.get("edit_to_page_s") is not None
            else "–"
        )
        s = r.get("sizes", {})
        br = {x["throttle"]: x for x in r.get("browser", [])}
        one, four = br.get(1.0, {}), br.get(4.0, {})
        cells.append(
            f"{s.get('catalogue_html_kb', 0):,.0f} KB / {s.get('catalogue_html_gzip_kb', 0):,.0f} KB, "
            f"{_s(one.get('dom_content_loaded_s'))} / {_s(four.get('dom_content_loaded_s'))}"
        )
        cells.append(f"{one.get('first_filter_ms', '–')} / {four.get('first_filter_ms', '–')} ms" if br else "–")
        cells.append(f"{one['total_kb']:,.0f} KB" if one else "–")
        cells.append(f"{s.get('offer_page_median_kb', '–')} / {s.get('offer_page_max_kb', '–')} KB")
        lines.append("| " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def update_readme(text: str, info: dict[str, Any], day: str) -> None:
    readme = ROOT / "README.md"
    body = readme.read_text(encoding="utf-8")
    if BEGIN not in body or END not in body:
        raise SystemExit(f"README.md has no {BEGIN} … {END} markers")
    note = (
        f"Measured on {day} on {info['cpu']} ({info['cores']} cores, {info['ram_gb']} GB RAM, "
        f"Python {info['python']}, load average {info['load_average_at_start'][0]} at the start) with "
        "`benchmarks/scale.py`; CPU time is user + sys of the whole process tree.\n\n"
    )
    start, end = body.index(BEGIN) + len(BEGIN), body.index(END)
    readme.write_text(body[:start] + "\n" + note + text + body[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="+", metavar="N")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(), help="reference day (OFFERS_TODAY)")
    parser.add_argument("--work", type=Path, default=CACHE / "work", help="where the generated projects go")
    parser.add_argument("--skip-validate", action="store_true")
    parser.add_argument("--skip-build", action="store_true", help="also skips bare MkDocs and the browser")
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument("--skip-preview", action="store_true")
    parser.add_argument(
        "--with-mkdocs-serve", action="store_true", help="also time mkdocs serve (the adapter) on the same edit"
    )
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
    parser.add_argument("--readme", action="store_true", help="put the table into README.md")
    parser.add_argument(
        "--out", type=Path, default=None, help="JSON file (default: benchmarks/results/scale-DATE.json)"
    )
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    env = env_for(args.today)
    info = machine()
    rows: list[dict[str, Any]] = []
    say(f"Maschine: {info['cpu']}, {info['cores']} Kerne, {info['ram_gb']} GB; Stichtag {args.today}")
    day = date.today().isoformat()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = args.out or RESULTS / f"scale-{day}.json"

    def attempt(row: dict[str, Any], key: str, action: Any, *given: Any) -> Any:
        """One stage; a failure of the product is recorded (and shown) and the others still run."""
        try:
            row[key] = action(*given)
        except Exception as exc:  # a benchmark reports a failed stage (StageFailed or a crash) and goes on
            row.setdefault("failed", {})[key] = str(exc)[-2000:]
            say(
                f"  {key}: FEHLGESCHLAGEN – {str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__}"
            )
        return row.get(key)

    def save() -> None:
        result = {"date": day, "today": args.today.isoformat(), "seed": args.seed, "machine": info, "runs": rows}
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    for n in args.sizes:
        say(f"N = {n}: Katalog erzeugen …")
        project = make_project(args.work / f"n{n}" / "project", n, args.seed, args.today)
        row: dict[str, Any] = {"n": n, "catalogue": loader_findings(project / "offers", args.today)}
        rows.append(row)
        say(f"  Prüfung mit unserem Loader: {row['catalogue']}")
        if not args.skip_validate:
            say("  offers validate und check-jsonschema …")
            v = attempt(row, "validate", measure_validate, project, env)
            if v:
                say(
                    f"  validate: {v['offers']['wall_s']} s vs check-jsonschema {v['check_jsonschema']['wall_s']} s "
                    f"({v['speedup_wall']}×, CPU {v['speedup_cpu']}×)"
                )
        if not args.skip_build:
            say("  offers build kalt und warm …")
            if attempt(row, "build", measure_build, project, env):
                row["sizes"] = page_sizes(project / "site")
                if not args.skip_bare:
                    attempt(row, "bare", measure_bare, project, env)
                if not args.skip_browser:
                    say("  Katalogseite in Chromium …")
                    attempt(row, "browser", measure_browser, project / "site")
        save()
        if not args.skip_preview:
            count = min(n, PREVIEW_OFFERS)
            if count == n:
                preview_project = project
            else:
                say(f"  Vorschau mit {count} Angeboten: Katalog erzeugen …")
                preview_project = make_project(args.work / f"preview{count}" / "project", count, args.seed, args.today)
            say(f"  offers preview mit {count} Angeboten …")
            attempt(row, "preview", measure_preview, preview_project, env)
            if args.with_mkdocs_serve:
                say(f"  zum Vergleich: mkdocs serve mit {count} Angeboten …")
                attempt(row, "preview_mkdocs", measure_preview, preview_project, env, 600, "mkdocs")
            if preview_project is not project and not args.keep:
                shutil.rmtree(preview_project.parent, ignore_errors=True)
        save()
        if not args.keep:
            shutil.rmtree(project.parent, ignore_errors=True)
    text = table(rows)
    print()
    print(text)
    say(f"Ergebnisse: {out.relative_to(ROOT)}")
    if args.readme:
        update_readme(text, info, day)
        say("README.md: Tabelle ersetzt")


if __name__ == "__main__":
    main()
