"""Dependencies point one way: core ← generators (KURSNET XML, feeds, site) ← adapters (CLI, renderers).

Two checks hold the package to that:

* ``offers validate`` runs in a fresh interpreter and must not load the XML library, any feed,
  the site, a renderer or a template engine: checking offers is the one command every author
  runs, and it should not pay for (or break with) what only a build needs;
* every ``import`` in ``generator/`` is read with ``ast`` and compared with the layer table
  below, so a new upward import fails here with the file, the line and the import. Imports
  inside functions count too. The one exception is a lazy import marked on its line (or the line
  above) with ``# adapter choice: <why>`` – a lower module deliberately handing over to a plug-in
  picked at run time; a module-level import cannot be excused that way. A string that names a
  module of the package (a registry such as ``FEED_MODULES``) counts as an import of it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
EXCUSE = "# adapter choice:"


@dataclass(frozen=True)
class Layer:
    """A group of modules. ``rank`` orders the groups: a module may import its own group and
    every group of a lower rank; groups of the same rank are siblings and import neither way."""

    name: str
    rank: int
    members: tuple[str, ...]  # "a.b" is that module (or package __init__), "a.b.*" everything below a.b


LAYERS = (
    Layer(
        "core",
        0,
        (
            "generator",
            "generator.faults",
            "generator.problems",
            "generator.characters",
            "generator.yaml_syntax",
            "generator.yaml_writer",
            "generator.yaml_loader",
            "generator.schema",
            "generator.schema_validator",
            "generator.offer_checks",
            "generator.catalogue_files",
            "generator.catalogue_loader",
            "generator.model",
            "generator.report",
            "generator.feed_error",
            "generator.dates",
            "generator.german_format",
            "generator.labels",
            # The form editor's configuration reads the schemas only.
            "generator.admin_config",
            "generator.codeowners",
            "generator.catalogue_diff",
            "generator.postcodes",
            "generator.postcode_states",
            "generator.build_cache",  # content-hash cache of build results (stdlib only)
            "generator.progress",  # where a long build is (stdlib only)
            # KURSNET's rules are part of validation (pure Python); its XML half is a generator below.
            "generator.kursnet",
            "generator.kursnet.values",
            "generator.kursnet.codelists",
            "generator.kursnet.preflight",
            "generator.kursnet.latin9",  # what KURSNET can show; the pre-flight check warns with it
            "generator.kursnet.answers",  # how KURSNET's upload answers are read (no I/O)
        ),
    ),
    Layer(
        "KURSNET XML",
        1,
        (
            "generator.kursnet.*",
            # delivery: the SOAP client (zeep), the confirmed state and log, the gate before upload
            "generator.kursnet.client",
            "generator.kursnet.delivery_state",
            "generator.kursnet.gate",
            "generator.kursnet.reconcile",
        ),
    ),
    Layer("offer scaffold", 1, ("generator.scaffold", "generator.scaffold_answers")),
    Layer(
        "feeds",
        2,
        (
            "generator.feeds",
            "generator.feeds.*",
            "generator.feeds.offer_table",  # the rows and typed columns both spreadsheet feeds write
            "generator.feeds.xlsx_feed",  # offers.xlsx (openpyxl: never loaded by `offers validate`)
        ),
    ),
    Layer("site", 3, ("generator.site", "generator.site.*")),
    Layer("catalogue changes", 3, ("generator.catalogue_changes",)),
    Layer(
        "adapters",
        4,
        (
            "generator.__main__",
            "generator.cli",
            "generator.cli.*",
            "generator.render",
            "generator.render.*",
            "generator.site_build",
            "generator.preview",
            "generator.source_tree",
            "generator.site_config",
            "generator.mkdocs_plugin",
            "generator.mkdocs_plugin_config",
        ),
    ),
)

# What `offers validate` must not load (a name or anything below it) ...
NOT_FOR_VALIDATE = (
    "lxml",
    "mkdocs",
    "material",
    "zeep",
    "icalendar",
    "openpyxl",
    "jinja2",
    "segno",
    "compound_split",
    "generator.feeds",
    "generator.site",
    "generator.site_build",
    "generator.source_tree",
    "generator.render.mkdocs_renderer",
    "generator.render.zensical_renderer",
    "generator.mkdocs_plugin",
    "generator.catalogue_changes",
)
# ... except the feeds registry package itself: the CLI offers the feed names as choices of
# `offers export`, so parsing any command reads ``generator/feeds/__init__.py``. It holds names and
# the export plumbing only (standard library and core); every writer stays unloaded, and the
# third-party libraries above prove that the registry pulls in none of them.
VALIDATE_MAY_LOAD = frozenset({"generator.feeds"})


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if not any(s.startswith(".") for s in p.parts)}


def layer_of(module: str) -> Layer | None:
    """The layer listing the module itself, else the one whose ``x.*`` is the closest package."""
    for layer in LAYERS:
        if module in layer.members:
            return layer
    best: tuple[int, Layer] | None = None
    for layer in LAYERS:
        for member in layer.members:
            closer = best is None or len(member) > best[0]
            if member.endswith(".*") and module.startswith(member[:-1]) and closer:
                best = (len(member), layer)
    return best[1] if best else None


def layer_name(module: str) -> str | None:
    layer = layer_of(module)
    return layer.name if layer else None


@dataclass(frozen=True)
class Import:
    source: Path
    line: int
    text: str
    target: str
    lazy: bool
    excused: bool


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative import: resolve against the importing package
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join(package + ([base] if base else []))
    found = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]
    return found or [base]


def imports_of(path: Path, module: str, known: set[str]) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                text = ast.get_source_segment(source, child) or ""
                nearby = lines[child.lineno - 1] + (lines[child.lineno - 2] if child.lineno > 1 else "")
                found.extend(
                    Import(path, child.lineno, " ".join(text.split()), target, inner, EXCUSE in nearby)
                    for target in _targets(child, module, path.name == "__init__.py", known)
                    if target == "generator" or target.startswith("generator.")
                )
            elif isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value in known:
                found.append(Import(path, child.lineno, repr(child.value), child.value, inner, False))
            visit(child, inner)

    visit(tree, False)
    return found


def layer_violations(modules: dict[str, Path], known: set[str]) -> list[str]:
    """One readable line per import against the rule (and per module that is in no layer)."""
    problems: list[str] = []
    for module, path in modules.items():
        layer = layer_of(module)
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        if layer is None:
            problems.append(f"{where}: {module} is in no layer; add it to LAYERS in tests/test_architecture.py")
            continue
        for imp in imports_of(path, module, known):
            if imp.excused and not imp.lazy:
                problems.append(
                    f"{where}:{imp.line}: `{imp.text}` – '{EXCUSE}' only excuses an import inside a "
                    "function; a module-level import always loads the layer above"
                )
                continue
            target = layer_of(imp.target)
            if target is None or target is layer or target.rank < layer.rank or imp.excused:
                continue
            direction = "a sibling" if target.rank == layer.rank else "a higher"
            problems.append(
                f"{where}:{imp.line}: `{imp.text}` – {module} ({layer.name}, rank {layer.rank}) imports "
                f"{imp.target} ({target.name}, rank {target.rank}), {direction} layer"
                + (" (inside a function)" if imp.lazy else "")
                + ". Move what both need into a lower layer, or pass it in from the caller."
            )
    return problems


def test_every_import_points_down_the_layers() -> None:
    modules = package_modules()
    problems = layer_violations(modules, set(modules))
    assert not problems, "Imports against the layer rule (core ← generators ← adapters):\n" + "\n".join(problems)


def test_the_layer_table_names_only_modules_that_exist() -> None:
    modules = set(package_modules())
    stale = [
        m
        for layer in LAYERS
        for m in layer.members
        if not (m in modules or (m.endswith(".*") and any(x.startswith(m[:-1]) for x in modules)))
    ]
    assert not stale, f"LAYERS lists modules that do not exist: {stale}"


def test_the_checker_finds_an_upward_import(tmp_path: Path) -> None:
    """The rule is only as good as the parser: an upward import, also a lazy one, must be seen."""
    known = set(package_modules())
    sample = tmp_path / "model.py"
    sample.write_text(
        "from generator.problems import Problem\n"
        "def f():\n"
        "    from generator.feeds import csv_feed\n"
        "    import generator.site.offer_page\n"
        "    from generator.kursnet import mapping  # adapter choice: test\n"
        "REGISTRY = {'x': 'generator.render.mkdocs_renderer'}\n",
        encoding="utf-8",
    )
    found = {(i.target, i.lazy, i.excused) for i in imports_of(sample, "generator.model", known)}
    assert found == {
        ("generator.problems", False, False),
        ("generator.feeds.csv_feed", True, False),
        ("generator.site.offer_page", True, False),
        ("generator.kursnet.mapping", True, True),
        ("generator.render.mkdocs_renderer", False, False),
    }
    problems = layer_violations({"generator.model": sample}, known)
    assert len(problems) == 3  # the excused one is not among them
    assert problems[0] == (
        f"{sample}:3: `from generator.feeds import csv_feed` – generator.model (core, rank 0) imports "
        "generator.feeds.csv_feed (feeds, rank 2), a higher layer (inside a function). Move what both need "
        "into a lower layer, or pass it in from the caller."
    )
    sample.write_text("from generator.site import labels  # adapter choice: not here\n", encoding="utf-8")
    assert "only excuses an import inside a function" in layer_violations({"generator.model": sample}, known)[0]
    assert layer_name("generator.kursnet.mapping") == "KURSNET XML"
    assert layer_name("generator.kursnet.values") == "core"
    assert layer_name("generator.kursnet") == "core"
    assert layer_name("generator.site_build") == "adapters"


def test_validate_loads_no_feed_site_renderer_or_xml() -> None:
    script = (
        "import json, sys\n"
        "from generator.cli import main\n"
        "code = main(['validate'])\n"
        "print('MODULES=' + json.dumps(sorted(sys.modules)))\n"
        "raise SystemExit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "keine Fehler" in result.stdout
    line = next(x for x in result.stdout.splitlines() if x.startswith("MODULES="))
    loaded = json.loads(line.removeprefix("MODULES="))
    assert "generator.catalogue_loader" in loaded and "generator.kursnet.preflight" in loaded  # it did validate
    unwanted = sorted(
        m
        for m in loaded
        if m not in VALIDATE_MAY_LOAD and any(m == x or m.startswith(x + ".") for x in NOT_FOR_VALIDATE)
    )
    xml_half = sorted(m for m in loaded if layer_name(m) == "KURSNET XML")
    assert not unwanted and not xml_half, f"offers validate loaded: {unwanted + xml_half}"
