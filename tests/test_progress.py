"""The build's progress display: redrawn lines in a terminal, plain periodic lines elsewhere."""

from __future__ import annotations

import io
import threading
import time

from generator.progress import Progress, Silent, section, tick


def test_ci_lines_name_the_stage_count_and_end() -> None:
    out = io.StringIO()
    progress = Progress(out, live=False, every=0.05)
    with progress.stage("Angebotsseiten erzeugen", total=2000):
        for _ in range(1500):
            tick()
        time.sleep(0.2)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Angebotsseiten erzeugen …"
    assert any(line.startswith("Angebotsseiten erzeugen … 1.500/2.000 (75 %), ") for line in lines[1:-1])
    assert lines[-1].startswith("Angebotsseiten erzeugen: fertig, 1.500 (")
    assert "\r" not in out.getvalue()  # a CI log gets whole lines


def test_a_terminal_gets_one_redrawn_line() -> None:
    out = io.StringIO()
    progress = Progress(out, live=True)
    with progress.stage("Suchindex aufbauen"):
        time.sleep(0.6)
    text = out.getvalue()
    assert text.count("\n") == 1 and text.count("\r\x1b[2K") >= 2
    assert text.rstrip("\n").split("\r\x1b[2K")[-1].startswith("Suchindex aufbauen: fertig (")


def test_sections_report_inside_a_stage_and_cost_nothing_outside() -> None:
    tick(5)  # no stage: nothing happens, nothing fails
    with section("Feeds erzeugen", 7):
        tick()
    out = io.StringIO()
    progress = Progress(out, live=False, every=0.05)
    with progress.stage("Seiten und Feeds erzeugen"), section("Feeds erzeugen", 7):
        for _ in range(7):
            tick()
        time.sleep(0.15)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Seiten und Feeds erzeugen …" and lines[1] == "Feeds erzeugen …"
    inner_end = next(i for i, line in enumerate(lines) if line.startswith("Feeds erzeugen: fertig, 7 ("))
    # While the section runs, only it reports (the outer stage's lines would interleave).
    assert not [line for line in lines[2:inner_end] if line.startswith("Seiten und Feeds erzeugen …")]
    assert [line for line in lines[2:inner_end] if line.startswith("Feeds erzeugen … 7/7")]
    assert lines[-1].startswith("Seiten und Feeds erzeugen: fertig")


def test_silent_progress_prints_nothing(capsys) -> None:
    with Silent().stage("x", 3):
        tick()
    assert capsys.readouterr() == ("", "")


def test_only_the_display_thread_allows_forking() -> None:
    """Loading forks workers only when no other thread could hold a lock they need."""
    from generator.progress import other_threads_running

    before = other_threads_running()  # other tests' session servers may run; compare with that
    with Progress(io.StringIO(), live=False, every=0.05).stage("Laden"):
        assert other_threads_running() == before  # the display's own thread does not count
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert other_threads_running()
    finally:
        stop.set()
        other.join()
