"""How long ``offers validate`` takes on the example catalogue and on many copies of it.

Usage: ``.venv/bin/python benchmarks/validate_speed.py [COPIES ...]`` (default: 1 and 1000).
Each copy renames every offer (id and file name), so the cross-file checks see distinct offers.
Prints wall time of the real console script and peak memory (ru_maxrss of the child).
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFERS = ROOT / "offers"


def make_catalogue(target: Path, copies: int) -> int:
    shutil.copytree(OFFERS / "providers", target / "providers")
    count = 0
    for source in sorted(OFFERS.glob("*.yaml")):
        text = source.read_text(encoding="utf-8")
        for i in range(copies):
            new_id = source.stem if copies == 1 else f"{source.stem}-{i:04d}"
            body = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
            (target / f"{new_id}.yaml").write_text(body, encoding="utf-8")
            count += 1
    return count


def measure(copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "offers"
        folder.mkdir()
        files = make_catalogue(folder, copies)
        exe = Path(sys.executable).parent / "offers"
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        result = subprocess.run(
            [str(exe), "--offers-dir", str(folder), "validate", "-q"],
            capture_output=True,
            text=True,
            env={"OFFERS_TODAY": "2026-11-22", "PATH": "/usr/bin:/bin"},
        )
        elapsed = time.perf_counter() - started
        peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
        print(
            f"{copies:>5} copies  {files:>6} offer files  {elapsed:7.2f} s  {files / elapsed:7.0f} files/s  "
            f"peak {peak:6.0f} MB  exit {result.returncode}  | {summary}"
        )


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [1, 1000]:
        measure(n)
