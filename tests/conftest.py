"""Shared fixtures: the example catalogue, a fixed build date, and small fixture catalogues."""

from __future__ import annotations

import contextlib
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.catalogue_loader import load_catalogue
from generator.model import Catalogue
from tests.support import OFFERS, ROOT, SOURCE_DATE_EPOCH, TODAY

__all__ = ["OFFERS", "ROOT", "TODAY", "run_offers", "run_offers_subprocess"]  # re-exported for older imports


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the same build date, so expiry and 'next start' do not drift."""
    monkeypatch.setenv("OFFERS_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


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
    """Run ``offers`` in this process: ``generator.cli.main`` with its own cwd, stdin, stdout, stderr.

    Same exit code and output as the console script for everything the CLI decides itself,
    without starting an interpreter and importing the generator again for every call. What only
    a real process shows (a terminal, a closed pipe, the installed script) uses
    ``run_offers_subprocess``.
    """
    from generator.cli import main

    out, err = _Captured(), _Captured()
    saved = os.getcwd()
    os.chdir(cwd)
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            _stdin(io.StringIO(input or "")),
        ):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: --help, usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(saved)
    return subprocess.CompletedProcess(["offers", *args], code, out.text(), err.text())


def run_offers_subprocess(*args: str, cwd: Path = ROOT, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``offers`` console script as a subprocess."""
    exe = Path(sys.executable).parent / "offers"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, input=input, timeout=120)


class _Captured(io.TextIOWrapper):
    """A text stream with a binary ``buffer`` (like sys.stdout), read back as text."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", write_through=True)

    def text(self) -> str:
        self.flush()
        raw = self.buffer
        assert isinstance(raw, io.BytesIO)
        return raw.getvalue().decode("utf-8")


@contextlib.contextmanager
def _stdin(stream: io.StringIO) -> Iterator[None]:
    saved, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = saved


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


def run_in_pty(argv: list[str], answers: list[str]) -> tuple[int, str]:
    """Run ``offers`` with a pty as its terminal; type the next answer whenever it asks (``: `` at the end)."""
    import pty
    import time

    pid, fd = pty.fork()
    if pid == 0:  # child: becomes the offers process with the pty as its terminal
        os.execv(argv[0], argv)
    output = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if output.endswith(b": ") and answers:
            os.write(fd, (answers.pop(0) + "\n").encode())
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace")
