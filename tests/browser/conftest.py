"""Browser tests: build the example site ONCE per session and serve it on 127.0.0.1.

Uses Debian's chromium (``make browser``) through Playwright's sync API; Playwright does not
download a browser here.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import serving
from tests.support import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
BUILD_DAY = "2026-11-22"

playwright_sync = pytest.importorskip("playwright.sync_api")


def build_site(target: Path, offers_dir: Path = ROOT / "offers") -> Path:
    """``mkdocs build`` of the project's mkdocs.yml into ``target`` (a real subprocess build)."""
    env = {**os.environ, "OFFERS_TODAY": BUILD_DAY, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [
        str(Path(sys.executable).parent / "mkdocs"),
        "build",
        "-q",
        "-f",
        str(ROOT / "mkdocs.yml"),
        "-d",
        str(target),
    ]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("browser-site") / "site")


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve a folder over HTTP on a free port of 127.0.0.1 (http.server, like the benchmark)."""
    with serving(functools.partial(_QuietHandler, directory=str(directory))) as url:
        yield url


@pytest.fixture(scope="session")
def serve_dir() -> Callable[[Path], contextlib.AbstractContextManager[str]]:
    """``with serve_dir(folder) as url:`` for tests that build a site of their own."""
    return serve_directory


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("chromium fehlt (make browser)")
    with playwright_sync.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")  # type: ignore[attr-defined]
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
