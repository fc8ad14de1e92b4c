"""The install is reproducible: requirements.lock pins every dependency with hashes, and the
environment the tests run in is exactly what the lock says (a fresh clone once broke because
nothing was pinned and a new PyYAML changed an error message)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support import ROOT

LOCK = ROOT / "requirements.lock"


def _locked() -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) for the lock entries that apply to this interpreter."""
    entries: dict[str, tuple[str, list[str]]] = {}
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        spec, _, _rest = line.partition(" --hash")
        requirement = Requirement(spec.strip())
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        hashes = re.findall(r"sha256:[0-9a-f]{64}", line)
        (version,) = [s.version for s in requirement.specifier]
        entries[canonicalize_name(requirement.name)] = (version, hashes)
    return entries


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [spec for extra in project["optional-dependencies"].values() for spec in extra]
    requirements = [Requirement(spec) for spec in project["dependencies"] + declared]
    # The test extra names the project's own zensical extra; that is not a package to lock.
    return [r for r in requirements if canonicalize_name(r.name) != canonicalize_name(project["name"])]


def test_every_lock_entry_is_pinned_with_hashes() -> None:
    locked = _locked()
    assert len(locked) > 20
    for name, (version, hashes) in locked.items():
        assert re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version), name
        assert hashes, f"{name} has no hash in requirements.lock"


def test_every_declared_dependency_is_locked_within_its_range() -> None:
    locked = _locked()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is declared in pyproject.toml but not locked"
        version, _ = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (name, version)


def test_installed_versions_are_the_locked_ones() -> None:
    """What the tests run against is what the lock says (no drift from a stray pip install)."""
    mismatches = []
    for name, (version, _) in _locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            mismatches.append(f"{name}: not installed")
            continue
        if installed != version:
            mismatches.append(f"{name}: installed {installed}, locked {version}")
    assert not mismatches, mismatches
