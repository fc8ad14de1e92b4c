"""Build into a staging folder next to the site folder, then swap it in: never a half-written site.

Promise: whatever instant a build is killed (SIGKILL, the OOM killer, Ctrl-C), also with a second
build racing it, ``site/`` holds either the previous complete site or the new complete one, and the
next build (or ``offers`` command) calling ``recover`` puts things back and removes leftovers.

Why the swap is an exchange: replacing a non-empty folder by another cannot be done with one
``rename`` (POSIX refuses to rename over a non-empty directory), and two renames (``site`` →
aside, staging → ``site``) leave a moment without ``site/``; a build killed there lost the site.
Linux's ``renameat2(RENAME_EXCHANGE)`` swaps the two names in one step, so there is no such
moment; the old tree then sits under the staging name and is deleted at leisure. Python has no
binding for it, hence ctypes. Where it is missing (other systems; file systems answering EINVAL
or ENOSYS) the two-rename swap remains, and ``recover`` closes its window: the old tree is moved
to a ``.site-old-*`` name first, and a build killed before the new tree arrives leaves exactly
that complete old tree, which ``recover`` puts back.

Why folders are locked, not named after PIDs: a leftover may be removed only when no running
build owns it. PIDs are reused and say nothing about processes on another machine sharing the
folder; an ``flock`` on the staging folder itself is released by the kernel the instant its
owner dies, whatever the cause, needs no extra file next to ``site/``, and moves with the folder
when it is renamed. So: a staging folder whose lock can be taken is garbage, either a dead
build's half-written tree or a replaced site waiting to be deleted. The lock is taken right
after the folder is created; a ``recover`` that slips in between removes the empty folder, and
the build notices (the path no longer names its folder) and makes a new one.

Why one more lock on the parent folder: the two-rename fallback has a window, and
``recover`` must not mistake a live build's window for a dead one. Every swap and every repair
of ``site/`` holds an ``flock`` on the parent folder; it is held only for a few renames, never
while deleting trees. Under it, "``site/`` missing and a ``.site-old-*`` present" can only mean
a build died mid-swap. Old trees no longer needed are renamed to staging-style names under the
lock, so a ``.site-old-*`` folder is always a complete site.

Staging is a sibling of ``site/`` so that every rename stays on one file system. POSIX only
(``fcntl``, ``O_DIRECTORY``): builds run on Linux (CI, hosting), macOS takes the fallback.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import re
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

STAGING_PREFIX = ".site-staging-"
OLD_PREFIX = ".site-old-"
# Our tokens are 12 hex digits; 8 characters of [a-z0-9_] are tempfile's, used by earlier
# versions, whose leftovers are recovered too.
_TOKEN = r"[a-z0-9_]{8,12}"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

Step = Callable[[str], None]
"""Called after every file-system step with its name; tests kill the process there."""


def _no_step(name: str) -> None:
    pass


@dataclass
class Staging:
    """A staging folder owned by this process for as long as ``lock_fd`` is open."""

    path: Path
    lock_fd: int


@dataclass
class Recovery:
    """What ``recover`` did, for a line in the build log."""

    restored: Path | None = None
    removed: list[Path] = field(default_factory=list)


def make_staging(site_dir: Path, *, step: Step = _no_step) -> Staging:
    """A new, locked, empty sibling folder of ``site_dir`` to build into."""
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    while True:
        path = _fresh_name(STAGING_PREFIX, site_dir)
        try:
            os.mkdir(path, 0o755)
        except FileExistsError:
            continue
        step("staging created")
        try:
            fd = _open_dir(path)
        except FileNotFoundError:
            continue  # a concurrent recover() took it for a dead build's leftover
        fcntl.flock(fd, fcntl.LOCK_EX)
        if _names(fd, path):
            os.chmod(path, 0o755)  # the umask may have narrowed it; a web server must read the site
            step("staging locked")
            return Staging(path, fd)
        os.close(fd)


def swap_into_place(staging: Staging, site_dir: Path, *, step: Step = _no_step) -> None:
    """Make the complete tree in ``staging`` the site; delete the tree it replaces."""
    site_dir = Path(site_dir).resolve()
    try:
        with _parent_lock(site_dir):
            step("swap lock taken")
            _repair(site_dir, step)
            if not os.path.lexists(site_dir):
                os.rename(staging.path, site_dir)
                step("staging renamed to site")
            elif _rename_exchange(staging.path, site_dir):
                step("site exchanged with staging")
            else:
                _swap_by_renames(staging.path, site_dir, step)
        step("swap lock released")
        _remove_tree(staging.path)  # now the replaced site, or nothing on a first build
        step("old tree removed")
    finally:
        _release(staging)


def discard(staging: Staging | None) -> None:
    """Remove a staging folder of a build that failed; the site stays as it was."""
    if staging is not None:
        _remove_tree(staging.path)
        _release(staging)


def recover(site_dir: Path, *, step: Step = _no_step) -> Recovery:
    """Put back a site lost by a build killed mid-swap; remove leftovers of builds not running.

    Safe to call at any time, also while other builds run: their folders are locked.
    """
    site_dir = Path(site_dir).resolve()
    result = Recovery()
    if not site_dir.parent.is_dir():
        return result
    with _parent_lock(site_dir):
        step("recover lock taken")
        result.restored = _repair(site_dir, step)
    step("recover lock released")
    for path in _leftovers(site_dir, STAGING_PREFIX):
        if _remove_if_abandoned(path):
            result.removed.append(path)
            step("leftover removed")
    return result


def _swap_by_renames(staging: Path, site_dir: Path, step: Step) -> None:
    """The fallback: aside, in, and the old tree under the staging name (as after an exchange)."""
    old = _fresh_name(OLD_PREFIX, site_dir)
    os.rename(site_dir, old)
    step("site renamed to old")
    try:
        os.rename(staging, site_dir)
    except OSError:
        os.rename(old, site_dir)
        raise
    step("staging renamed to site")
    os.rename(old, staging)
    step("old renamed to staging name")


def _repair(site_dir: Path, step: Step) -> Path | None:
    """Under the parent lock: bring back a site lost mid-swap; retire every other old tree.

    Returns the folder that was put back at ``site_dir``, if any.
    """
    olds = _leftovers(site_dir, OLD_PREFIX)
    restored = None
    if olds and not os.path.lexists(site_dir):
        # Normally exactly one: every swap retires the others before opening its own window.
        restored = max(olds, key=lambda p: p.lstat().st_ctime_ns)
        os.rename(restored, site_dir)
        olds.remove(restored)
        step("old put back at site")
    for old in olds:
        os.rename(old, _fresh_name(STAGING_PREFIX, site_dir))  # unlocked, so garbage from now on
        step("stale old renamed to staging name")
    return restored


def _remove_if_abandoned(path: Path) -> bool:
    """Remove ``path`` unless a running build holds its lock; True if it was removed."""
    try:
        fd = _open_dir(path)
    except OSError:
        return False  # gone already, or a file or symlink that we did not make
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if not _names(fd, path):
            return False
        _remove_tree(path)  # holding the lock, so a build that just created it makes a new one
        return not os.path.lexists(path)
    finally:
        os.close(fd)


def _leftovers(site_dir: Path, prefix: str) -> list[Path]:
    pattern = re.compile(re.escape(prefix + site_dir.name + "-") + _TOKEN)
    try:
        names = os.listdir(site_dir.parent)
    except FileNotFoundError:
        return []
    return sorted(site_dir.parent / name for name in names if pattern.fullmatch(name))


def _fresh_name(prefix: str, site_dir: Path) -> Path:
    while True:
        path = site_dir.parent / f"{prefix}{site_dir.name}-{secrets.token_hex(6)}"
        if not os.path.lexists(path):
            return path


@contextmanager
def _parent_lock(site_dir: Path) -> Iterator[None]:
    fd = _open_dir(site_dir.parent)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _open_dir(path: Path) -> int:
    return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)


def _names(fd: int, path: Path) -> bool:
    """Whether ``path`` still names the folder open as ``fd`` (it may have been removed or replaced)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    own = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino)


def _release(staging: Staging) -> None:
    if staging.lock_fd >= 0:
        os.close(staging.lock_fd)
        staging.lock_fd = -1


def _remove_tree(path: Path) -> None:
    # Errors are left for the next recover(): the site is already right, only disk space is at stake.
    shutil.rmtree(path, ignore_errors=True)


def _rename_exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` atomically; False where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # kernel or file system without RENAME_EXCHANGE
    raise OSError(err, os.strerror(err), str(a), None, str(b))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28, musl >= 1.2.1
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func
