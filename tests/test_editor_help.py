"""Editor help: VS Code maps the schemas onto the offer files; pre-commit runs offers validate."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from pathlib import Path

import yaml

from tests.conftest import run_offers
from tests.support import OFFERS, ROOT


def test_vscode_maps_each_schema_onto_its_files() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    offer_globs = mapping["./schema/offer.schema.json"]
    provider_globs = mapping["./schema/provider.schema.json"]
    for path in OFFERS.glob("*.yaml"):
        relative = path.relative_to(ROOT).as_posix()
        assert any(fnmatch.fnmatch(relative, g) for g in offer_globs)
        assert not any(fnmatch.fnmatch(relative, g) for g in provider_globs)
    for path in (OFFERS / "providers").glob("*.yaml"):
        relative = path.relative_to(ROOT).as_posix()
        assert any(fnmatch.fnmatch(relative, g) for g in provider_globs)
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_schemas_carry_german_help_for_hover() -> None:
    """redhat.vscode-yaml shows title/description on hover: every offer field has both."""
    schema = json.loads((ROOT / "schema" / "offer.schema.json").read_text(encoding="utf-8"))
    missing = [k for k, v in schema["properties"].items() if not (v.get("title") and v.get("description"))]
    assert not missing


def _hook(config: dict, hook_id: str) -> dict:
    return next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == hook_id)


def test_published_hook_and_own_config_check_offer_files() -> None:
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in published if h["id"] == "offers-validate")
    assert hook["entry"] == "offers validate" and hook["language"] == "python"
    own = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = _hook(own, "offers-validate")
    assert own["repos"][0]["repo"] == "local"
    for pattern in (hook["files"], local["files"]):
        assert re.search(pattern, "offers/mein-angebot.yaml")
        assert re.search(pattern, "offers/providers/iq-be-x.yml")
        assert not re.search(pattern, "docs/index.md") and not re.search(pattern, "offers/sub/x/y.yaml")


def test_the_local_hook_command_stops_a_broken_offer(offers_copy: Path) -> None:
    own = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entry = shlex.split(_hook(own, "offers-validate")["entry"])
    assert entry[:2] == [".venv/bin/offers", "validate"]
    broken = offers_copy / "maurer-anpassungsqualifizierung.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: ", "kind: gibt_es_nicht\n_x: ", 1))
    # pre-commit passes the staged file names after the entry
    result = run_offers(*entry[1:], str(broken))
    assert result.returncode == 1 and "Fehler" in result.stdout
    fine = offers_copy / "it-fachkraefte-brueckenmassnahme.yaml"
    assert run_offers(*entry[1:], str(fine)).returncode == 0
