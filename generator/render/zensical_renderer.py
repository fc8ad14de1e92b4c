"""Zensical (Material's successor) as renderer, run as a subprocess on a generated tree.

Zensical reads the same ``mkdocs.yml`` and honours ``theme.custom_dir``; it runs no MkDocs
plugins, which is why the tree it gets is complete before it starts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.render import RenderError
from generator.source_tree import TREE_OUTPUT

# Zensical writes its own client-side index (every page's text); the catalogue searches with
# Pagefind, so the file would only be dead weight.
UNUSED_OUTPUT = ("search.json",)


def render(config_path: Path, timeout: int = 1800) -> Path:
    cmd = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config_path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=config_path.parent)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(f"Zensical konnte nicht gestartet werden oder brauchte zu lange ({exc}).") from None
    if proc.returncode != 0:
        raise RenderError(
            f"Zensical konnte die Seiten nicht erzeugen ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    site = config_path.parent / TREE_OUTPUT
    for name in UNUSED_OUTPUT:
        (site / name).unlink(missing_ok=True)
    return site
