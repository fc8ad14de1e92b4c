"""The package works when installed from a wheel, run from any folder, away from this repository.

A normal ``pip install`` once gave an ``offers`` that failed with FileNotFoundError, because the
schemas were looked up next to the package. This builds the real wheel, installs it into a new
virtual environment and validates and builds a catalogue in an unrelated folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from generator import __version__
from tests.support import ROOT


def _run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    full_env.pop("PYTHONPATH", None)
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600, env=full_env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only our wheel installed; third-party packages come from this venv by path."""
    tmp = tmp_path_factory.mktemp("wheel")
    build = tmp / "src"
    # Build from a clean copy, as a release job would: nothing from the working tree's build dirs.
    top_level_only = {".venv", ".git", "site", "build", "tests", "benchmarks"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith(".egg-info") or n.startswith(".site-")}
        return skipped | (top_level_only & set(names) if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, build, symlinks=True, ignore=ignore)
    proc = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp / "dist"),
            str(build),
        ],
        cwd=tmp,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = (tmp / "dist").glob("*.whl")
    assert f"-{__version__}-" in wheel.name  # one version string: the package's
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/schemas/offer.schema.json" in names and "generator/theme/catalogue.html" in names
    assert "generator/synonyms/synonyms.yaml" in names
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=tmp).stdout.strip()
    )
    # Dependencies by path only: a plain path line does not run this venv's editable-install hooks,
    # so `generator` can only come from the wheel.
    (purelib / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    proc = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", str(wheel)], cwd=tmp)
    assert proc.returncode == 0, proc.stderr
    shutil.rmtree(build)
    return env_dir


def test_installed_package_is_the_wheel(installed: Path, tmp_path: Path) -> None:
    proc = _run([str(installed / "bin" / "python"), "-c", "import generator; print(generator.__file__)"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).is_relative_to(installed)


def test_validate_and_build_a_catalogue_elsewhere(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "mein-katalog"
    shutil.copytree(ROOT / "offers", project / "offers")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Start\n\n[Angebote](angebote/index.md)\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Katalog\nsite_url: https://katalog.example/\n"
        "theme:\n  name: material\n  language: de\n  font: false\n",
        encoding="utf-8",
    )
    offers = installed / "bin" / "offers"
    env = {"OFFERS_TODAY": "2026-11-22", "SOURCE_DATE_EPOCH": "1795000000"}
    proc = _run([str(offers), "validate"], cwd=project, **env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "keine Fehler" in proc.stdout
    proc = _run([str(offers), "build", "--no-search"], cwd=project, **env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = project / "site"
    assert (site / "angebote" / "koch-externenpruefung-vorbereitung" / "index.html").is_file()
    assert (site / "assets" / "javascripts" / "catalogue.js").is_file()  # the packaged theme overrides
    assert (site / "schema" / "offer.schema.json").read_bytes() == (ROOT / "schema" / "offer.schema.json").read_bytes()
    assert (site / "feeds" / "offers.json").is_file()
    search = json.loads((site / "assets" / "data" / "suche.json").read_text(encoding="utf-8"))
    assert search["groups"] and search["stop_words"]  # the synonyms came with the wheel
