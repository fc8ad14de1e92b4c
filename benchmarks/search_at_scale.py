"""Search at scale: build the site from N generated offers, once with Pagefind (ours) and once with
Material's built-in search, serve each over http.server and measure a first search in Chromium.

    .venv/bin/python benchmarks/search_at_scale.py [--offers 2000] [--term Pflege] [--keep DIR]

Prints build time, size of the catalogue page, bytes transferred for the page load and for the
first search (until results are shown), and the time to first result. Target: the first search
of the catalogue shows results after ≤300 KB at 2,000 offers.
"""

from __future__ import annotations

import argparse
import copy
import functools
import http.server
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CITIES = [
    "Leipzig",
    "Chemnitz",
    "Kassel",
    "Bremen",
    "Rostock",
    "Augsburg",
    "Bochum",
    "Mainz",
    "Kiel",
    "Erfurt",
    "Potsdam",
    "Ulm",
    "Trier",
    "Lübeck",
    "Halle",
    "Jena",
    "Gera",
    "Hagen",
    "Siegen",
    "Fulda",
]
WORDS = [
    "Praxisphase",
    "Lerngruppe",
    "Fachgespräch",
    "Prüfungstraining",
    "Betriebsbesuch",
    "Sprachcoaching",
    "Onlinemodul",
    "Abendkurs",
    "Wochenendseminar",
    "Lernbegleitung",
    "Fallarbeit",
    "Projektarbeit",
]


def generate_catalogue(target: Path, count: int, seed: int = 7) -> None:
    """``count`` offers: the examples copied with new ids, titles, places and shuffled text."""
    rng = random.Random(seed)
    (target / "providers").mkdir(parents=True)
    for p in (ROOT / "offers" / "providers").glob("*.yaml"):
        shutil.copy(p, target / "providers" / p.name)
    examples = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "offers").glob("*.yaml"))]
    for i in range(count):
        data = copy.deepcopy(examples[i % len(examples)])
        data["id"] = f"{data['id'][:60]}-{i:05d}"
        city = rng.choice(CITIES)
        data["title"] = f"{data['title']} – {city} {i}"
        sentences = data["description"].replace("\n", " ").split(". ")
        rng.shuffle(sentences)
        extra = " ".join(rng.sample(WORDS, 4))
        data["description"] = ". ".join(sentences) + f"\n\nSchwerpunkte: {extra}. Standort {city}. Kennziffer K{i:05d}."
        (target / f"{data['id']}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


def write_config(tmp: Path, offers: Path, material_search: bool) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "docs")
    config["site_dir"] = str(tmp / ("site-material" if material_search else "site-pagefind"))
    config["theme"]["custom_dir"] = str(ROOT / "site_template")
    plugin = {"offers_dir": str(offers), "search": not material_search}
    config["plugins"] = (["search"] if material_search else []) + [{"iq-offers": plugin}]
    config["validation"] = {"nav": {"not_found": "info"}, "links": {"not_found": "info"}}
    # The form editor's Decap files come from this checkout (the guide names the repo from extra.admin).
    config["extra"]["admin"]["bundle"] = str(ROOT / "admin" / "node_modules" / "decap-cms" / "dist")
    path = tmp / ("mkdocs-material.yml" if material_search else "mkdocs-pagefind.yml")
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def build(config: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(config)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode:
        raise SystemExit(proc.stderr[-4000:])
    return time.perf_counter() - start


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class Meter:
    """Sums bytes (headers + body) of finished requests of a page."""

    def __init__(self, page) -> None:
        self.bytes = 0
        self.requests = 0
        page.on("requestfinished", self._done)

    def _done(self, request) -> None:
        sizes = request.sizes()
        self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.requests += 1

    def take(self) -> tuple[int, int]:
        out = (self.bytes, self.requests)
        self.bytes, self.requests = 0, 0
        return out


# Records, inside the page, when the condition first holds and when the next frame is painted;
# polling from Playwright would add its own delay on a busy main thread.
WATCH = """(test) => {
  window.__iqDone = null; window.__iqPainted = null;
  const check = () => {
    if (window.__iqDone === null && eval(test)) {
      window.__iqDone = performance.now();
      requestAnimationFrame(() => setTimeout(() => { window.__iqPainted = performance.now(); }, 0));
    }
  };
  new MutationObserver(check).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true});
  return performance.now();
}"""


def timed_search(page, selector: str, term: str, test: str, debounce_ms: float) -> float:
    """Seconds from typing the term (last key) to the first painted frame showing results."""
    page.focus(selector)
    page.keyboard.type(term[:-1])
    page.evaluate(WATCH, test)
    start = page.evaluate("() => performance.now()")
    page.keyboard.type(term[-1])
    page.wait_for_function("() => window.__iqPainted !== null", timeout=120000)
    painted = page.evaluate("() => window.__iqPainted")
    return max(0.0, (painted - start - debounce_ms) / 1000)


def measure_pagefind(browser, base: str, term: str) -> dict[str, float]:
    page = browser.new_page()
    meter = Meter(page)
    page.goto(base + "angebote/", wait_until="networkidle")
    load = meter.take()
    # catalogue.js waits 250 ms after the last key before it searches; that pause is not counted.
    elapsed = timed_search(page, "#iq-q", term, "/von/.test(document.getElementById('iq-status').textContent)", 250)
    page.wait_for_load_state("networkidle")
    search = meter.take()
    hits = int(page.text_content("#iq-status").split()[0])
    page.close()
    return {
        "load_bytes": load[0],
        "load_requests": load[1],
        "search_bytes": search[0],
        "search_requests": search[1],
        "first_result_s": elapsed,
        "hits": hits,
    }


def measure_material(browser, base: str, term: str) -> dict[str, float]:
    page = browser.new_page()
    meter = Meter(page)
    page.goto(base, wait_until="networkidle")
    load = meter.take()
    elapsed = timed_search(page, ".md-search__input", term, "document.querySelector('.md-search-result__item')", 0)
    page.wait_for_load_state("networkidle")
    search = meter.take()
    hits = page.locator(".md-search-result__item").count()
    page.close()
    return {
        "load_bytes": load[0],
        "load_requests": load[1],
        "search_bytes": search[0],
        "search_requests": search[1],
        "first_result_s": elapsed,
        "hits": hits,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offers", type=int, default=2000)
    parser.add_argument("--term", default="Pflege")
    parser.add_argument("--keep", type=Path, help="keep the generated catalogue and sites here")
    parser.add_argument("--reuse", action="store_true", help="measure the sites already built in --keep")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = args.keep or Path(tempfile.mkdtemp(prefix="search-at-scale-"))
    tmp.mkdir(parents=True, exist_ok=True)
    offers = tmp / "offers"
    if not args.reuse:
        if offers.exists():
            shutil.rmtree(offers)
        generate_catalogue(offers, args.offers)
        print(f"{args.offers} Angebote erzeugt in {offers}")
    results = {}
    for name, material in (("pagefind", False), ("material-search", True)):
        seconds = float("nan") if args.reuse else build(write_config(tmp, offers, material))
        site = tmp / ("site-material" if material else "site-pagefind")
        catalogue = (site / "angebote" / "index.html").stat().st_size
        server, base = serve(site)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                figures = (measure_material if material else measure_pagefind)(browser, base, args.term)
                browser.close()
        finally:
            server.shutdown()
        figures.update(build_s=seconds, catalogue_page_bytes=catalogue)
        index = site / "search" / "search_index.json"
        if index.exists():
            figures["material_index_bytes"] = index.stat().st_size
        figures["total_bytes"] = figures["load_bytes"] + figures["search_bytes"]
        results[name] = figures
    for name, f in results.items():
        print(f"\n== {name} ({args.offers} Angebote, Suche nach „{args.term}“)")
        for key, value in f.items():
            if key.endswith("bytes"):
                print(f"  {key:22s} {value / 1024:10.1f} KB")
            elif key.endswith("_s"):
                print(f"  {key:22s} {value:10.2f} s")
            else:
                print(f"  {key:22s} {value:10}")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
