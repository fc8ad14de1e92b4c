"""Fault-injection table of the site swap: where a build was killed, what ``site/`` held after.

Usage: ``.venv/bin/python benchmarks/swap_faults.py [--compact]``.

Runs the trials of ``tests/site/test_atomic_site.py`` (SIGKILL after every file-system step of a
build, in both swap modes, replacing a site and building the first one; SIGKILL at random
instants while thousands of files are written or deleted; SIGKILL of ``recover`` itself) and
prints one Markdown row per kill: the state of ``site/`` right after the kill, the number of
temporary ``.site-*`` folders, and both again after ``recover`` (what the next build runs
first). ``--compact`` merges consecutive steps with the same outcome. Trees: old = 60 files,
new = 90 files; big old = 4000, big new = 3000 (the marker file counts as one).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.site.test_atomic_site import (  # importable thanks to the line above
    OLD,
    Trial,
    dead_staging_kill_trials,
    fast_folder,
    random_kill_trials,
    step_kill_trials,
)

HEADER = (
    "| mode | kill point | `site/` right after the kill | temp folders | `site/` after recovery "
    "| temp folders |\n|---|---|---|---|---|---|"
)


def row(t: Trial) -> str:
    return (
        f"| {t.mode} | {t.kill_point} | {t.after_kill} | {t.left_after_kill} | {t.after_recovery} "
        f"| {t.left_after_recovery} |"
    )


def compact(trials: list[Trial]) -> list[Trial]:
    """Merge runs of step kills with the same states into one row (``after steps 1–7: a … b``)."""
    merged: list[Trial] = []
    first: Trial | None = None
    for t in trials:
        same = (
            merged
            and t.kill_point.startswith("after step")
            and merged[-1].kill_point.startswith("after step")
            and (t.mode, t.after_kill, t.after_recovery)
            == (merged[-1].mode, merged[-1].after_kill, merged[-1].after_recovery)
        )
        if same:
            assert first is not None
            first_no, first_name = first.kill_point.removeprefix("after step ").split(": ", 1)
            no, name = t.kill_point.removeprefix("after step ").split(": ", 1)
            merged[-1] = Trial(
                t.mode,
                f"after steps {first_no}–{no}: {first_name} … {name}",
                t.after_kill,
                max(t.left_after_kill, merged[-1].left_after_kill),
                t.after_recovery,
                max(t.left_after_recovery, merged[-1].left_after_recovery),
            )
        else:
            first = t
            merged.append(Trial(**vars(t)))
    return merged


def main(argv: list[str]) -> int:
    shorten = "--compact" in argv
    sections: list[tuple[str, list[Trial]]] = []
    with fast_folder() as base:
        for mode in ("exchange", "fallback"):
            for initial, what in ((OLD, "replacing a site"), (None, "first build, no site yet")):
                folder = base / f"{mode}-{'replace' if initial else 'first'}"
                folder.mkdir()
                trials = [t for t, _ in step_kill_trials(folder, mode, initial)]
                sections.append((f"{mode}, {what}: SIGKILL after step k, every k", trials))
        for mode in ("exchange", "fallback"):
            folder = base / f"random-{mode}"
            folder.mkdir()
            sections.append(
                (
                    f"{mode}: SIGKILL at random instants (big trees)",
                    [t for t, _ in random_kill_trials(folder, mode, count=8, seed=20261122)],
                )
            )
        folder = base / "recover"
        folder.mkdir()
        sections.append(
            (
                "recover killed while deleting a dead build's staging",
                [t for t, _ in dead_staging_kill_trials(folder, count=3, seed=7)],
            )
        )
        bad = 0
        for title, trials in sections:
            bad += sum(
                t.after_recovery not in {"old complete", "new complete", "missing"} or t.left_after_recovery != 0
                for t in trials
            )
            print(f"\n**{title}**\n\n{HEADER}")
            for t in compact(trials) if shorten else trials:
                print(row(t))
    print(f"\n{'no' if bad == 0 else bad} trial(s) without a complete site or with leftovers after recovery")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
