"""Shared fixtures: the example catalogue, a fixed build date, and small fixture catalogues."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.catalogue_loader import load_catalogue
from generator.model import Catalogue

ROOT = Path(__file__).resolve().parent.parent
OFFERS = ROOT / "offers"
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the same build date, so expiry and 'next start' do not drift."""
    monkeypatch.setenv("OFFERS_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


@pytest.fixture(scope="session")
def example_catalogue() -> Catalogue:
    return load_catalogue(OFFERS, TODAY)


@pytest.fixture
def offers_copy(tmp_path: Path) -> Path:
    """A writable copy of the example catalogue (offers/ with providers/)."""
    target = tmp_path / "offers"
    shutil.copytree(OFFERS, target)
    return target


def run_offers(*args: str, cwd: Path = ROOT, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``offers`` console script as a subprocess."""
    exe = Path(sys.executable).parent / "offers"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, input=input, timeout=120)


def dates_as_text(value: Any) -> Any:
    """PyYAML reads unquoted dates as dates; the offer files (and our loader) keep them as text."""
    if isinstance(value, dict):
        return {k: dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dates_as_text(v) for v in value]
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return value


@contextlib.contextmanager
def serving(handler: Any) -> Iterator[str]:
    """Run an http.server handler on a free port of 127.0.0.1; yields ``http://127.0.0.1:PORT/``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
