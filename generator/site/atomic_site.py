"""Build into a staging folder next to the site folder, then swap it in: never a half-written site.

A web server (or a feed consumer) reading ``site/`` sees either the previous complete build or
the new complete build. A failed build only leaves a staging folder behind, which ``discard``
removes; the previous site stays byte-identical.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

STAGING_PREFIX = ".site-staging-"
OLD_PREFIX = ".site-old-"


def make_staging(site_dir: Path) -> Path:
    """An empty sibling folder of ``site_dir`` (same file system, so the swap is a rename)."""
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + site_dir.name + "-", dir=site_dir.parent))


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``staging``: two renames; the old tree is deleted afterwards."""
    site_dir = Path(site_dir).resolve()
    os.chmod(staging, 0o755)  # mkdtemp creates 0700; a web server must be able to read the site
    old: Path | None = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX + site_dir.name + "-", dir=site_dir.parent))
        os.rmdir(old)
        os.rename(site_dir, old)
    try:
        os.rename(staging, site_dir)
    except OSError:
        if old is not None:
            os.rename(old, site_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
