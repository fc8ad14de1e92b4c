"""``mkdocs serve`` as a QTV previews an offer: the page follows edits to the YAML file."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from tests.test_mkdocs_build import MKDOCS, write_project

OFFER = "mentoring-tandem-fachkraefte"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _fetch(url):
            return True
        time.sleep(0.5)
    return False


@contextmanager
def mkdocs_serving(tmp_path: Path, offers: Path, ready_seconds: float = 120) -> Iterator[str]:
    """A real ``mkdocs serve`` of a project around ``offers``; yields its address once it answers.

    The server's output goes to ``tmp_path/serve.log``; it is stopped (and killed if need be) after.
    """
    config = write_project(tmp_path, offers)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [str(MKDOCS), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + ready_seconds
        while time.monotonic() < deadline and not _fetch(base):
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_serve_rebuilds_when_an_offer_changes(tmp_path: Path, offers_copy: Path) -> None:
    with mkdocs_serving(tmp_path, offers_copy) as base:
        url = f"{base}angebote/{OFFER}/"
        path = offers_copy / f"{OFFER}.yaml"
        title = yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
        assert _wait_for(url, title, 120), (tmp_path / "serve.log").read_text(encoding="utf-8")[-2000:]
        text = path.read_text(encoding="utf-8").replace(
            f"title: {title}", "title: Geänderter Titel im Vorschau-Test", 1
        )
        path.write_text(text, encoding="utf-8")
        assert _wait_for(url, "Geänderter Titel im Vorschau-Test", 120), "the preview did not pick up the edit"
    assert not list(tmp_path.glob(".site-staging-*")), "serve must not leave staging folders behind"
