"""Where a long build is: one line per stage, redrawn in a terminal, plain periodic lines in CI logs.

At 10,000 offers a build takes minutes; a silent terminal looks hung, and a CI log that redraws
one line with carriage returns becomes one unreadable line. So a terminal gets a single line per
stage that is redrawn (count, percent, seconds), and anything else (a pipe, a CI log file) gets
a line when a stage starts, a line every ``every`` seconds while it runs, and a line when it ends.

Work deep inside a stage (offer pages, feeds) reports with ``tick()``; it finds the running stage
through a context variable, so the pipeline's functions need no extra parameter and a call
outside any stage (tests, ``offers export``) costs nothing.
"""

from __future__ import annotations

import contextvars
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

_current: contextvars.ContextVar[_Stage | None] = contextvars.ContextVar("iq_progress_stage", default=None)
_active: contextvars.ContextVar[Progress | None] = contextvars.ContextVar("iq_progress", default=None)


@dataclass
class _Stage:
    label: str
    total: int | None
    done: int = 0
    started: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def line(self) -> str:
        seconds = time.monotonic() - self.started
        if self.total:
            share = min(100, round(100 * self.done / self.total))
            return f"{self.label} … {_n(self.done)}/{_n(self.total)} ({share} %), {seconds:.0f} s"
        return f"{self.label} … {seconds:.0f} s"


REPORTER_THREAD = "iq-fortschritt"  # the display's own thread: it holds no lock that forked workers take


def other_threads_running() -> bool:
    """Whether a thread besides this one and the progress display runs (then forking is unsafe:
    a lock that thread holds would stay locked in the child)."""
    me = threading.current_thread()
    return any(t is not me and t.name != REPORTER_THREAD for t in threading.enumerate())


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # German thousands separator


def quiet() -> None:
    """No progress from here on in this context (a forked worker must not draw the parent's line)."""
    _current.set(None)
    _active.set(None)


def tick(count: int = 1, total: int | None = None) -> None:
    """Report ``count`` more items done in the running stage (``total``: set or correct the total)."""
    stage = _current.get()
    if stage is None:
        return
    with stage.lock:
        if total is not None:
            stage.total = total
        stage.done += count


@contextmanager
def section(label: str, total: int | None = None) -> Iterator[None]:
    """A part of the running stage shown as a stage of its own (no-op outside a build)."""
    progress = _active.get()
    if progress is None:
        yield
        return
    with progress.stage(label, total):
        yield


class Progress:
    """Shows stages on ``out``; ``live``: redraw one line (a terminal) instead of printing lines."""

    def __init__(self, out: TextIO | None = None, live: bool | None = None, every: float = 10.0) -> None:
        self.out = out if out is not None else sys.stderr
        self.live = self.out.isatty() if live is None else live
        self.every = every if not self.live else 0.25
        self.stack: list[_Stage] = []  # only the innermost stage reports

    def _write(self, text: str) -> None:
        try:
            self.out.write(text)
            self.out.flush()
        except (OSError, ValueError):  # a closed pipe must not stop the build
            pass

    @contextmanager
    def stage(self, label: str, total: int | None = None) -> Iterator[_Stage]:
        stage = _Stage(label, total)
        token = _current.set(stage)
        active = _active.set(self)
        self.stack.append(stage)
        stop = threading.Event()
        if not self.live:
            self._write(f"{label} …\n")

        def report() -> None:
            while not stop.wait(self.every):
                if self.stack[-1] is not stage:
                    continue
                if self.live:
                    self._write("\r\x1b[2K" + stage.line())
                else:
                    self._write(stage.line() + "\n")

        reporter = threading.Thread(target=report, name=REPORTER_THREAD, daemon=True)
        reporter.start()
        try:
            yield stage
        finally:
            stop.set()
            reporter.join()
            self.stack.remove(stage)
            _current.reset(token)
            _active.reset(active)
            seconds = time.monotonic() - stage.started
            count = f", {_n(stage.done)}" if stage.total else ""
            end = f"{label}: fertig{count} ({seconds:.1f} s)"
            self._write(("\r\x1b[2K" + end + "\n") if self.live else end + "\n")


class Silent(Progress):
    """No output (library calls, tests)."""

    def __init__(self) -> None:
        super().__init__(out=sys.stderr, live=False)

    @contextmanager
    def stage(self, label: str, total: int | None = None) -> Iterator[_Stage]:
        yield _Stage(label, total)
