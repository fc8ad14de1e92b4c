"""The site swap under SIGKILL at every step and at random instants, under two racing builds, and in MkDocs.

A build is run in a forked child that kills itself (SIGKILL, nothing runs afterwards) right after
file-system step number k, for every k; or the parent kills it at a random instant while
thousands of files are written or deleted. After every kill, ``recover`` (what the next build
runs first) must find ``site/`` complete: the marker file names the tree and its file count, and
the count must match. ``benchmarks/swap_faults.py`` prints the same trials as a table.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
import yaml

from generator.site import atomic_site
from generator.site.atomic_site import Step, make_staging, recover, swap_into_place
from tests.support import ROOT

MARKER = "MARKER"
SWAPPED_IN = {"site exchanged with staging", "staging renamed to site"}
MODES = ("exchange", "fallback")


# --- machinery, shared with benchmarks/swap_faults.py ---------------------------------------------


@dataclass(frozen=True)
class Tree:
    label: str
    files: int  # including the marker


OLD = Tree("old", 60)
NEW = Tree("new", 90)
BIG_OLD = Tree("old", 4000)
BIG_NEW = Tree("new", 3000)


@dataclass
class Trial:
    mode: str
    kill_point: str
    after_kill: str
    left_after_kill: int
    after_recovery: str
    left_after_recovery: int


def write_tree(folder: Path, tree: Tree) -> None:
    """``tree.files`` files in subfolders of 100, the marker last (as a build writes its index last)."""
    for i in range(tree.files - 1):
        sub = folder / f"d{i // 100:03d}"
        if i % 100 == 0:
            sub.mkdir(exist_ok=True)
        fd = os.open(sub / f"f{i:05d}.html", os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
        os.write(fd, b"<p>x</p>")
        os.close(fd)
    (folder / MARKER).write_text(f"{tree.label} {tree.files}", encoding="utf-8")


def site_state(site: Path) -> str:
    """``missing``, ``old complete``, ``new complete`` or a description of what is wrong."""
    if not site.exists():
        return "missing"
    try:
        label, files = (site / MARKER).read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return "INCOMPLETE (no marker)"
    count = sum(len(names) for _, _, names in os.walk(site))
    return f"{label} complete" if count == int(files) else f"{label} INCOMPLETE ({count}/{files} files)"


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site-"))


def build(site: Path, tree: Tree, step: Step = atomic_site._no_step) -> None:
    """What the MkDocs plugin does: recover, stage, write, swap (which removes the old tree)."""
    recover(site, step=step)
    staging = make_staging(site, step=step)
    write_tree(staging.path, tree)
    step("tree written")
    swap_into_place(staging, site, step=step)


def recovering(site: Path) -> Callable[[Step], object]:
    return lambda step: recover(site, step=step)


def _refusing_renameat2(*args: object) -> int:
    ctypes.set_errno(errno.EINVAL)  # what a file system without RENAME_EXCHANGE answers
    return -1


@contextmanager
def swap_mode(mode: str) -> Iterator[None]:
    """``fallback``: renameat2 refuses the exchange, so the two-rename swap and its repair run."""
    saved = atomic_site._renameat2
    if mode == "fallback":
        atomic_site._renameat2 = lambda: _refusing_renameat2  # type: ignore[assignment]
    try:
        yield
    finally:
        atomic_site._renameat2 = saved


@dataclass
class Child:
    steps: list[str]
    killed: bool


def run_child(
    work: Callable[[Step], object],
    *,
    kill_at_step: int | None = None,
    kill_after: tuple[str | None, float] | None = None,
) -> Child:
    """Run ``work(step)`` in a forked child and kill it with SIGKILL.

    ``kill_at_step=k``: the child kills itself right after its k-th step. ``kill_after=(name,
    seconds)``: the parent kills it that long after the child reported step ``name`` (None: after
    the start).
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns
        os.close(read_fd)
        count = 0

        def step(name: str) -> None:
            nonlocal count
            count += 1
            os.write(write_fd, name.encode() + b"\n")
            if count == kill_at_step:
                os.kill(os.getpid(), signal.SIGKILL)

        code = 1
        try:
            os.write(write_fd, b"started\n")
            work(step)
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(write_fd)
    data = b""
    if kill_after is not None:
        trigger, delay = kill_after
        trigger_line = b"started\n" if trigger is None else trigger.encode() + b"\n"
        while trigger_line not in data.splitlines(keepends=True):
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            data += chunk
        else:
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
    while chunk := os.read(read_fd, 65536):
        data += chunk
    os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    if not killed and os.waitstatus_to_exitcode(status) != 0:
        raise AssertionError(f"the child failed after steps {data.decode().split()}")
    steps = data.decode().splitlines()[1:]  # without "started"
    return Child(steps, killed)


def trial(
    root: Path,
    mode: str,
    work: Callable[[Path, Step], object],
    prepare: Callable[[Path], None],
    kill_point: str,
    **kill: object,
) -> tuple[Trial, Child]:
    """Prepare ``root/site``, run ``work`` in a child killed as told, record states, recover."""
    site = root / "site"
    prepare(site)
    child = run_child(lambda step: work(site, step), **kill)  # type: ignore[arg-type]
    after_kill, left_after_kill = site_state(site), len(leftovers(root))
    recover(site)
    result = Trial(mode, kill_point, after_kill, left_after_kill, site_state(site), len(leftovers(root)))
    return result, child


def with_tree(tree: Tree | None) -> Callable[[Path], None]:
    def prepare(site: Path) -> None:
        if tree is not None:
            site.mkdir()
            write_tree(site, tree)

    return prepare


def step_kill_trials(base: Path, mode: str, initial: Tree | None, new: Tree = NEW) -> Iterator[tuple[Trial, Child]]:
    """Kill the whole build sequence after step 1, 2, … until it runs to the end unkilled."""
    with swap_mode(mode):
        for k in range(1, 100):
            root = base / f"{mode}-{k}"
            root.mkdir()
            result, child = trial(
                root, mode, lambda site, step: build(site, new, step), with_tree(initial), "", kill_at_step=k
            )
            result.kill_point = f"after step {k}: {child.steps[-1]}" if child.killed else "not killed (whole build)"
            yield result, child
            shutil.rmtree(root)
            if not child.killed:
                return
    raise AssertionError("the build never ran to its end")


def random_kill_trials(base: Path, mode: str, count: int, seed: int) -> Iterator[tuple[Trial, Child]]:
    """Kill at random instants: half while the replaced big tree is deleted, half anywhere."""
    rng = random.Random(seed)
    with swap_mode(mode):
        calibrate = base / f"{mode}-calibrate"
        calibrate.mkdir()
        with_tree(BIG_OLD)(calibrate / "site")
        start = time.perf_counter()
        times: dict[str, float] = {}

        def clock(name: str) -> None:
            times[name] = time.perf_counter()

        build(calibrate / "site", BIG_NEW, clock)
        whole = time.perf_counter() - start
        deleting = times["old tree removed"] - times["swap lock released"]
        shutil.rmtree(calibrate)
        for i in range(count):
            root = base / f"{mode}-random-{i}"
            root.mkdir()
            if i % 2 == 0:
                delay = rng.uniform(0, deleting)
                trigger, label = "swap lock released", f"{delay * 1000:.1f} ms into deleting {BIG_OLD.files} files"
            else:
                delay = rng.uniform(0, whole)
                trigger, label = None, f"{delay * 1000:.1f} ms into the build ({whole * 1000:.0f} ms)"
            yield trial(
                root,
                mode,
                lambda site, step: build(site, BIG_NEW, step),
                with_tree(BIG_OLD),
                label,
                kill_after=(trigger, delay),
            )
            shutil.rmtree(root)


def dead_staging_kill_trials(base: Path, count: int, seed: int) -> Iterator[tuple[Trial, Child]]:
    """Kill ``recover`` at random instants while it deletes a dead build's big staging folder."""
    rng = random.Random(seed)
    for i in range(count):
        root = base / f"recover-random-{i}"
        root.mkdir()

        def prepare(site: Path, i: int = i) -> None:
            with_tree(OLD)(site)
            dead = site.parent / f"{atomic_site.STAGING_PREFIX}site-{i:012x}"
            dead.mkdir()
            write_tree(dead, BIG_NEW)

        delay = rng.uniform(0, 0.03)
        yield trial(
            root,
            "recover",
            lambda site, step: recover(site, step=step),
            prepare,
            f"{delay * 1000:.1f} ms into deleting a dead build's staging of {BIG_NEW.files} files",
            kill_after=("recover lock released", delay),
        )
        shutil.rmtree(root)


@contextmanager
def fast_folder() -> Iterator[Path]:
    """A folder in RAM where there is one: the trials write some 100 000 files, and what they test
    (rename, flock, SIGKILL) does not depend on the disk."""
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="swap-faults-", dir=shm if os.access(shm, os.W_OK) else None))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- tests ----------------------------------------------------------------------------------------


@pytest.fixture
def fast_tmp() -> Iterator[Path]:
    with fast_folder() as folder:
        yield folder


def expected_after(child: Child, initial: Tree | None, new: Tree) -> str:
    swapped = any(step in SWAPPED_IN for step in child.steps)
    if swapped or not child.killed:
        return f"{new.label} complete"
    return "missing" if initial is None else f"{initial.label} complete"


@pytest.mark.parametrize("initial", [OLD, None], ids=["replace", "first-build"])
@pytest.mark.parametrize("mode", MODES)
def test_kill_after_every_step_leaves_a_complete_site(fast_tmp: Path, mode: str, initial: Tree | None) -> None:
    trials = list(step_kill_trials(fast_tmp, mode, initial))
    assert len(trials) > 8, [t.kill_point for t, _ in trials]
    steps = trials[-1][1].steps
    if initial is not None:
        assert ("site exchanged with staging" in steps) == (mode == "exchange"), steps
    for result, child in trials:
        assert result.after_recovery == expected_after(child, initial, NEW), result
        assert result.left_after_recovery == 0, result
        if mode == "exchange" and initial is not None:
            assert result.after_kill != "missing", result  # no window at all, even before recovery
    if mode == "fallback" and initial is not None:
        window = [r for r, c in trials if c.killed and c.steps[-1] == "site renamed to old"]
        assert window and window[0].after_kill == "missing"  # the window is real, and recover closes it


def test_next_build_after_any_kill_is_clean(fast_tmp: Path) -> None:
    """The promise as a user meets it: kill, then simply build again."""
    with swap_mode("fallback"):
        for k in range(1, 40):
            root = fast_tmp / str(k)
            root.mkdir()
            with_tree(OLD)(root / "site")
            child = run_child(partial(build, root / "site", NEW), kill_at_step=k)
            build(root / "site", Tree("newer", 30))
            assert site_state(root / "site") == "newer complete" and leftovers(root) == []
            if not child.killed:
                return
    raise AssertionError("the build never ran to its end")


def test_recovery_itself_can_be_killed_at_every_step(fast_tmp: Path) -> None:
    """Build killed in the fallback window, then recover killed at each of its steps, then recover."""
    with swap_mode("fallback"):
        window = next(k for k, step in enumerate(_steps_of_one_build(fast_tmp), 1) if step == "site renamed to old")
        for j in range(1, 20):
            root = fast_tmp / f"r{j}"
            root.mkdir()
            site = root / "site"
            with_tree(OLD)(site)
            run_child(partial(build, site, NEW), kill_at_step=window)
            assert site_state(site) == "missing"
            child = run_child(recovering(site), kill_at_step=j)
            assert site_state(site) in {"missing", "old complete"}  # the repair is one rename
            recover(site)
            assert site_state(site) == "old complete" and leftovers(root) == []
            if not child.killed:
                return
    raise AssertionError("recover never ran to its end")


def _steps_of_one_build(base: Path) -> list[str]:
    root = base / "probe"
    root.mkdir()
    with_tree(OLD)(root / "site")
    steps = run_child(lambda step: build(root / "site", NEW, step)).steps
    shutil.rmtree(root)
    return steps


@pytest.mark.parametrize("mode", MODES)
def test_kill_at_random_instants_with_thousands_of_files(fast_tmp: Path, mode: str) -> None:
    killed = 0
    for result, child in random_kill_trials(fast_tmp, mode, count=8, seed=20261122):
        assert result.after_recovery in {"old complete", "new complete"}, result
        if any(step in SWAPPED_IN for step in child.steps):
            assert result.after_recovery == "new complete", result
        assert result.left_after_recovery == 0, result
        killed += child.killed
    assert killed >= 4  # the instants fall inside the build, not after it


def test_kill_while_recover_deletes_a_big_leftover(fast_tmp: Path) -> None:
    for result, _ in dead_staging_kill_trials(fast_tmp, count=3, seed=7):
        assert result.after_kill == "old complete" and result.after_recovery == "old complete", result
        assert result.left_after_recovery == 0, result


def test_leftovers_of_the_earlier_two_rename_swap_are_recovered(tmp_path: Path) -> None:
    """The state the tester found: no site/, the old tree aside, a dead staging folder."""
    site = tmp_path / "site"
    old = tmp_path / ".site-old-site-k3j_x9q2"  # tempfile's names, as the earlier version made them
    old.mkdir()
    write_tree(old, OLD)
    stale = tmp_path / ".site-staging-site-a8d_1zzq"
    stale.mkdir()
    write_tree(stale, Tree("half", 5))
    other = tmp_path / ".site-old-site-preview-0123456789ab"  # another site's folder: not ours
    other.mkdir()
    result = recover(site)
    assert result.restored == old and result.removed == [stale]
    assert site_state(site) == "old complete" and leftovers(tmp_path) == [other.name]


def test_recover_leaves_a_running_builds_staging_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    staging = make_staging(site)
    write_tree(staging.path, NEW)
    assert recover(site).removed == []
    child = run_child(recovering(site))  # another process, as a second build
    assert "leftover removed" not in child.steps
    swap_into_place(staging, site)
    assert site_state(site) == "new complete" and leftovers(tmp_path) == []


def test_recover_waits_while_a_live_build_is_inside_the_fallback_window(tmp_path: Path) -> None:
    """A live build between its two renames is not a dead one: recover must not "repair" it."""
    site = tmp_path / "site"
    with_tree(OLD)(site)
    paused_r, paused_w = os.pipe()
    go_r, go_w = os.pipe()
    with swap_mode("fallback"):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(paused_r)
                os.close(go_w)

                def pause(name: str) -> None:
                    if name == "site renamed to old":
                        os.write(paused_w, b"x")
                        os.read(go_r, 1)  # until the parent says go, or closes the pipe

                build(site, NEW, pause)
                code = 0
            finally:
                os._exit(code)
        os.close(paused_w)
        os.close(go_r)
        recovered = threading.Thread(target=recover, args=(site,))
        try:
            assert os.read(paused_r, 1) == b"x"
            assert not site.exists()
            recovered.start()
            recovered.join(0.3)
            assert recovered.is_alive(), "recover did not wait for the swap lock"
            assert not site.exists()  # and did not put the old tree back under the live build
        finally:
            os.close(go_w)
            os.close(paused_r)
            _, status = os.waitpid(pid, 0)
            if recovered.ident is not None:
                recovered.join()
    assert os.waitstatus_to_exitcode(status) == 0
    recover(site)
    assert site_state(site) == "new complete" and leftovers(tmp_path) == []


def test_temporary_folders_are_ignored_by_git(tmp_path: Path) -> None:
    site = ROOT / "site"
    names = [
        atomic_site._fresh_name(prefix, site).name for prefix in (atomic_site.STAGING_PREFIX, atomic_site.OLD_PREFIX)
    ]
    for name in names:
        proc = subprocess.run(["git", "check-ignore", "--no-index", "-q", f"{name}/index.html"], cwd=ROOT, check=False)
        assert proc.returncode == 0, f"{name} is not ignored by git"


@pytest.mark.parametrize("mode", MODES)
def test_two_builds_at_once_always_leave_one_complete_site(fast_tmp: Path, mode: str) -> None:
    """Two processes build and swap different trees, 25 rounds each; the parent watches ``site/``.

    With the exchange ``site/`` must exist at every look; with the fallback it must whenever the
    swap lock is free (that is what ``recover`` relies on). A look counts when ``site/`` was the
    same folder before and after it: a tree being swapped out is deleted while it is read.
    """
    site = fast_tmp / "site"
    with_tree(OLD)(site)
    rounds, trees = 25, (Tree("a", 40), Tree("b", 70))
    looks = complete = 0
    with swap_mode(mode):
        pids = []
        for tree in trees:
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    for _ in range(rounds):
                        build(site, tree)
                    code = 0
                finally:
                    os._exit(code)
            pids.append(pid)
        running = set(pids)
        while running:
            with _maybe_swap_lock(site, mode):
                looks += 1
                before = os.stat(site).st_ino  # FileNotFoundError here fails the test
                state = site_state(site)
                if os.stat(site).st_ino == before:
                    assert state in {"old complete", "a complete", "b complete"}, state
                    complete += 1
            for pid in list(running):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    assert os.waitstatus_to_exitcode(status) == 0, "a build failed: its staging was taken"
                    running.discard(pid)
    assert looks > 20 and complete > looks // 2
    assert site_state(site) in {"a complete", "b complete"} and leftovers(fast_tmp) == []


@contextmanager
def _maybe_swap_lock(site: Path, mode: str) -> Iterator[None]:
    if mode == "fallback":
        with atomic_site._parent_lock(site):
            yield
    else:
        yield


# --- the real MkDocs build, in this process ------------------------------------------------------


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def mkdocs_build(config_file: Path, *, strict: bool = False) -> None:
    """What ``mkdocs build`` does, in-process (the CLI's own three calls)."""
    from mkdocs.commands.build import build as mkdocs_build_site
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build_site(config)
    finally:
        config.plugins.on_shutdown()


@pytest.fixture
def mkdocs_project(tmp_path: Path, offers_copy: Path) -> Path:
    from tests.test_mkdocs_build import write_project

    return write_project(tmp_path, offers_copy)


def _retitle(offers: Path, title: str) -> None:
    path = offers / "mentoring-tandem-fachkraefte.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8").replace(f"title: {data['title']}", f"title: {title}", 1)
    path.write_text(text, encoding="utf-8")


def test_real_build_swaps_by_exchange_and_site_never_goes_missing(
    mkdocs_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, offers = mkdocs_project.parent / "site", mkdocs_project.parent / "offers"
    mkdocs_build(mkdocs_project)
    before = tree_digest(site)
    _retitle(offers, "Neuer Titel im Austauschtest")
    exchanges: list[bool] = []
    real_exchange = atomic_site._rename_exchange

    def spy(staging: Path, target: Path) -> bool:
        assert tree_digest(target) == before  # untouched until the swap
        assert "Neuer Titel im Austauschtest" in (
            staging / "angebote" / "mentoring-tandem-fachkraefte" / "index.html"
        ).read_text(encoding="utf-8")
        exchanges.append(real_exchange(staging, target))
        return exchanges[-1]

    monkeypatch.setattr(atomic_site, "_rename_exchange", spy)
    missing, stop = [], threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not (site / "index.html").is_file():
                missing.append(time.monotonic())
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        mkdocs_build(mkdocs_project)
    finally:
        stop.set()
        watcher.join()
    assert exchanges == [True] and missing == []
    page = site / "angebote" / "mentoring-tandem-fachkraefte" / "index.html"
    assert "Neuer Titel im Austauschtest" in page.read_text(encoding="utf-8")
    assert leftovers(mkdocs_project.parent) == []


def test_real_build_killed_around_the_swap_leaves_old_or_new_site(
    mkdocs_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL inside the real build: just before and after the exchange, mid-delete, at a random instant."""
    project = mkdocs_project.parent
    site, offers = project / "site", project / "offers"
    _retitle(offers, "Zweiter Stand")
    mkdocs_build(mkdocs_project)
    digests = {"second": tree_digest(site)}
    _retitle(offers, "Erster Stand")
    mkdocs_build(mkdocs_project)
    digests["first"] = tree_digest(site)
    assert digests["first"] != digests["second"]
    current, other = "first", "second"
    real_exchange, real_remove = atomic_site._rename_exchange, atomic_site._remove_tree

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def before_exchange(a: Path, b: Path) -> bool:
        die()
        return False

    def after_exchange(a: Path, b: Path) -> bool:
        real_exchange(a, b)
        die()
        return True

    def mid_remove(path: Path) -> None:
        for entry in list(path.iterdir())[:3]:  # part of the old tree is gone, the rest is not
            real_remove(entry) if entry.is_dir() else entry.unlink()
        die()

    kills: list[tuple[str, Callable[[], None], bool]] = [
        ("before the exchange", lambda: monkeypatch.setattr(atomic_site, "_rename_exchange", before_exchange), False),
        ("after the exchange", lambda: monkeypatch.setattr(atomic_site, "_rename_exchange", after_exchange), True),
        ("while deleting the old tree", lambda: monkeypatch.setattr(atomic_site, "_remove_tree", mid_remove), True),
    ]
    for name, arm, swapped in kills:
        _retitle(offers, "Zweiter Stand" if other == "second" else "Erster Stand")

        def killed_build(step: Step, arm: Callable[[], None] = arm) -> None:
            arm()  # only in the child
            mkdocs_build(mkdocs_project)

        child = run_child(killed_build)
        assert child.killed, name
        recover(site)
        expected = other if swapped else current
        assert tree_digest(site) == digests[expected], name
        assert leftovers(project) == [], name
        current, other = (other, current) if swapped else (current, other)
    # A build killed at a random instant, then a normal build: the new site, nothing left over.
    run_child(lambda step: mkdocs_build(mkdocs_project), kill_after=(None, 0.3))
    _retitle(offers, "Dritter Stand")
    mkdocs_build(mkdocs_project)
    assert "Dritter Stand" in (site / "angebote" / "mentoring-tandem-fachkraefte" / "index.html").read_text(
        encoding="utf-8"
    )
    assert leftovers(project) == []


def test_strict_build_that_fails_on_warnings_keeps_the_previous_site(mkdocs_project: Path) -> None:
    """MkDocs reports --strict failures only after the post-build hooks; the swap must not happen."""
    from mkdocs.exceptions import Abort

    site = mkdocs_project.parent / "site"
    mkdocs_build(mkdocs_project, strict=True)
    before = tree_digest(site)
    config = yaml.safe_load(mkdocs_project.read_text(encoding="utf-8"))
    config["plugins"][0]["iq-offers"]["warnings_level"] = "warning"  # the expired example offer warns
    mkdocs_project.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    _retitle(mkdocs_project.parent / "offers", "Darf nicht erscheinen")
    with pytest.raises(Abort):
        mkdocs_build(mkdocs_project, strict=True)
    assert tree_digest(site) == before and leftovers(mkdocs_project.parent) == []


def test_unwritable_site_folder_fails_with_a_german_sentence_and_keeps_the_site(
    mkdocs_project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Where site/ lives is read-only or denied: MkDocs prints our sentence, not a traceback."""
    from mkdocs.exceptions import Abort

    from generator import mkdocs_plugin

    site = mkdocs_project.parent / "site"
    mkdocs_build(mkdocs_project)
    before = tree_digest(site)

    def refuse_staging(site_dir: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(site_dir.parent / ".site-staging-x"))

    def refuse_exchange(a: Path, b: Path) -> bool:
        raise OSError(errno.EROFS, "Read-only file system", str(a), None, str(b))

    for patch in (
        lambda: monkeypatch.setattr(mkdocs_plugin, "make_staging", refuse_staging),
        lambda: monkeypatch.setattr(atomic_site, "_rename_exchange", refuse_exchange),
    ):
        monkeypatch.undo()
        patch()
        caplog.clear()
        with pytest.raises(Abort):  # MkDocs logs a PluginError's message and aborts
            mkdocs_build(mkdocs_project)
        message = caplog.text
        assert f"„{site}“ lässt sich nicht schreiben" in message, message
        assert "Permission" not in message and "Read-only" not in message
        assert tree_digest(site) == before and leftovers(mkdocs_project.parent) == []
