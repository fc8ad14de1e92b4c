"""Full-text index with Pagefind: only pages marked ``data-pagefind-body`` (listed offers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.site.search_data import write_page_map


class PagefindError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def run_pagefind(site_dir: Path, timeout: int = 1800) -> str:
    """Index ``site_dir`` into ``site_dir/pagefind/``; return Pagefind's log.

    Runs the ``pagefind`` Python package's bundled binary (``python -m pagefind``), so no Node
    or network access is needed. German stemming is chosen from ``<html lang="de">``.
    """
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise PagefindError(f"Pagefind ist fehlgeschlagen ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    write_page_map(site_dir)  # the search ranks hits by offer without loading their fragments
    return proc.stdout
