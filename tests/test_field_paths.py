"""Every field path that code and templates name exists in the schema: a typo fails here.

Plain dicts answer a misspelled key with nothing (``.get``) and a template's ``{% if %}`` hides
it, so a typo in a template or a feed would pass every other test. This test reads the
templates (Jinja's own parser) and the Python code (``ast``) without running them and checks
each path against the JSON Schema: data lookups (``d.costs.get("note")``,
``offer.data["format"]["places"]``, ``run.data.get("seats")``) and label lookups
(``lab.field("schedule", "hours_per_week")``, ``lab.value(("kind",), …)``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from jinja2 import nodes

from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, schema_set
from generator.site.templating import TEMPLATE_DIR, environment
from tests.support import ROOT

FieldPath = tuple[str | int, ...]
Where = tuple[str, FieldPath]  # (schema, path)

# Label lookups: method → schema; "value"-like ones take the path as a tuple first argument.
LABEL_FIELDS = {"field": OFFER_SCHEMA, "options": OFFER_SCHEMA, "provider_field": PROVIDER_SCHEMA}
LABEL_FIELDS.update(provider_options=PROVIDER_SCHEMA)
LABEL_VALUES = {"value": OFFER_SCHEMA, "values": OFFER_SCHEMA, "provider_value": PROVIDER_SCHEMA}
LABEL_OWNERS = {"lab", "labels"}  # lab.field(…), ctx.lab.field(…), ctx.labels.value(…)

# Where offer and provider data enter templates and code (everything else is derived from these).
TEMPLATE_ROOTS: dict[str, Where] = {
    "d": (OFFER_SCHEMA, ()),
    "offer.data": (OFFER_SCHEMA, ()),
    "offer.provider.data": (PROVIDER_SCHEMA, ()),
    "r.run.data": (OFFER_SCHEMA, ("runs", 0)),
    "offer.places": (OFFER_SCHEMA, ("format", "places")),
}
PYTHON_ROOTS: dict[str, Where] = {
    **{f"{o}.data": (OFFER_SCHEMA, ()) for o in ("offer", "o", "ctx.offer", "self.offer", "c.offer")},
    **{f"{r}.data": (OFFER_SCHEMA, ("runs", 0)) for r in ("run", "r", "r.run", "self.run")},
    **{f"{p}.data": (PROVIDER_SCHEMA, ()) for p in ("provider", "p", "offer.provider", "o.provider")},
}
DICT_METHODS = {"get", "items", "keys", "values"}
SELF_DATA = {"Offer": (OFFER_SCHEMA, ()), "Run": (OFFER_SCHEMA, ("runs", 0)), "Provider": (PROVIDER_SCHEMA, ())}
PYTHON_DIRS = ["generator/feeds", "generator/site", "generator/kursnet", "generator"]


@dataclass(frozen=True, order=True)
class Use:
    file: str
    line: int
    schema: str
    path: FieldPath

    def __str__(self) -> str:
        shown = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in self.path).replace(".[", "[")
        return f"{self.file}:{self.line}: {shown} (not in {self.schema})"


def unknown(uses: list[Use]) -> list[str]:
    schemas = schema_set()
    return [str(u) for u in sorted(set(uses)) if schemas.find(u.schema, u.path) is None]


# --- templates -------------------------------------------------------------------------------


def _dotted_jinja(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _dotted_jinja(node.node)
        return f"{base}.{node.attr}" if base else None
    return None


@dataclass
class Scope:
    """What template names stand for: data at schema paths, or one of a few literal keys."""

    data: dict[str, list[Where]] = field(default_factory=dict)
    keys: dict[str, list[str | int]] = field(default_factory=dict)

    def inner(self) -> Scope:
        return Scope(dict(self.data), dict(self.keys))


def _keys(node: nodes.Node, scope: Scope) -> list[str | int] | None:
    """The keys an expression can be (a literal, or a loop over literals); None if unknown."""
    if isinstance(node, nodes.Const):
        return [node.value] if isinstance(node.value, str | int) else None
    if isinstance(node, nodes.Name):
        return scope.keys.get(node.name)
    return None


def _jinja_paths(node: nodes.Node, scope: Scope) -> list[Where]:
    """The schema paths an expression stands for ([] if it is not offer/provider data)."""
    dotted = _dotted_jinja(node)
    if dotted in TEMPLATE_ROOTS:
        return [TEMPLATE_ROOTS[dotted]]
    if isinstance(node, nodes.Name):
        return scope.data.get(node.name, [])
    if isinstance(node, nodes.Getattr) and node.attr not in DICT_METHODS:
        return [(s, (*p, node.attr)) for s, p in _jinja_paths(node.node, scope)]
    if isinstance(node, nodes.Getitem):
        keys = _keys(node.arg, scope) or []
        return [(s, (*p, k)) for s, p in _jinja_paths(node.node, scope) for k in keys]
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) and node.node.attr == "get":
        keys = (_keys(node.args[0], scope) if node.args else None) or []
        return [(s, (*p, k)) for s, p in _jinja_paths(node.node.node, scope) for k in keys if isinstance(k, str)]
    return []


def _label_call_jinja(node: nodes.Call, scope: Scope) -> list[Where]:
    func = node.node
    if not (isinstance(func, nodes.Getattr) and _dotted_jinja(func.node) in LABEL_OWNERS | {"ctx.lab"}):
        return []
    if func.attr in LABEL_FIELDS:
        paths: list[FieldPath] = [()]
        for arg in node.args:
            options = _keys(arg, scope)
            if options is None:
                return []
            paths = [(*p, o) for p in paths for o in options]
        return [(LABEL_FIELDS[func.attr], p) for p in paths]
    if func.attr in LABEL_VALUES and node.args and isinstance(node.args[0], nodes.Tuple):
        items = [_keys(i, scope) for i in node.args[0].items]
        if all(i is not None and len(i) == 1 for i in items):
            return [(LABEL_VALUES[func.attr], tuple(i[0] for i in items if i))]
    return []


def _walk_template(node: nodes.Node, scope: Scope, file: str, uses: list[Use]) -> None:
    if isinstance(node, nodes.For):
        _walk_template(node.iter, scope, file, uses)
        inner = scope.inner()
        if isinstance(node.target, nodes.Name):
            literals = node.iter.items if isinstance(node.iter, nodes.Tuple) else []
            keys = [c.value for c in literals if isinstance(c, nodes.Const) and isinstance(c.value, str | int)]
            if literals and len(keys) == len(literals):
                inner.keys[node.target.name] = keys
            elif paths := _jinja_paths(node.iter, scope):
                inner.data[node.target.name] = [(s, (*p, 0)) for s, p in paths]
        for child in [*node.body, *node.else_]:
            _walk_template(child, inner, file, uses)
        return
    if (
        isinstance(node, nodes.Assign)
        and isinstance(node.target, nodes.Name)
        and (paths := _jinja_paths(node.node, scope))
    ):
        scope.data[node.target.name] = paths
    if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Call):
        found = _jinja_paths(node, scope)
        if isinstance(node, nodes.Call):
            found += _label_call_jinja(node, scope)
        uses += [Use(file, node.lineno, s, p) for s, p in found]
    for child in node.iter_child_nodes():
        _walk_template(child, scope, file, uses)


def template_uses(source: str, file: str) -> list[Use]:
    uses: list[Use] = []
    _walk_template(environment().parse(source), Scope(), file, uses)
    return uses


# --- Python ----------------------------------------------------------------------------------


def _const_path(items: list[ast.expr]) -> FieldPath:
    """The path a list of literal arguments names (other literals, e.g. None, never match a field)."""
    return tuple(
        i.value if isinstance(i.value, str | int) else repr(i.value) for i in items if isinstance(i, ast.Constant)
    )


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class _PythonPaths(ast.NodeVisitor):
    def __init__(self, file: str) -> None:
        self.file = file
        self.uses: list[Use] = []
        self.classes: list[str] = []
        self.env: dict[str, list[Where]] = {}

    def paths(self, node: ast.expr) -> list[Where]:
        dotted = _dotted(node)
        if dotted in PYTHON_ROOTS:
            return [PYTHON_ROOTS[dotted]]
        if dotted == "self.data" and self.classes and self.classes[-1] in SELF_DATA:
            return [SELF_DATA[self.classes[-1]]]
        if isinstance(node, ast.Name):
            return self.env.get(node.id, [])
        key: object = None
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            base, key = node.value, node.slice.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            base, key = node.func.value, node.args[0].value
        if isinstance(key, str | int):
            return [(s, (*p, key)) for s, p in self.paths(base)]
        return []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        saved, self.env = self.env, {}
        self.generic_visit(node)
        self.env = saved

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and (found := self.paths(node.value)):
            self.env[node.targets[0].id] = found

    def visit_For(self, node: ast.For) -> None:
        if isinstance(node.target, ast.Name) and (found := self.paths(node.iter)):
            self.env[node.target.id] = [(s, (*p, 0)) for s, p in found]
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        if isinstance(node.target, ast.Name) and (found := self.paths(node.iter)):
            self.env[node.target.id] = [(s, (*p, 0)) for s, p in found]
        self.generic_visit(node)

    def visit_ListComp(self, node: ast.ListComp) -> None:
        for gen in node.generators:  # bind the loop names before the element is read
            self.visit(gen)
        self.visit(node.elt)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.record(node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.record(node)
        func = node.func
        if isinstance(func, ast.Attribute) and (_dotted(func.value) or "").split(".")[-1] in LABEL_OWNERS:
            args = node.args
            if func.attr in LABEL_FIELDS and args and all(isinstance(a, ast.Constant) for a in args):
                self.uses.append(Use(self.file, node.lineno, LABEL_FIELDS[func.attr], _const_path(args)))
            elif func.attr in LABEL_VALUES and args and isinstance(args[0], ast.Tuple):
                items = args[0].elts
                if all(isinstance(i, ast.Constant) for i in items):
                    self.uses.append(Use(self.file, node.lineno, LABEL_VALUES[func.attr], _const_path(items)))
        self.generic_visit(node)

    def record(self, node: ast.expr) -> None:
        self.uses += [Use(self.file, node.lineno, s, p) for s, p in self.paths(node)]


def _path_helpers(tree: ast.Module) -> dict[str, int | None]:
    """Module functions that take a field path: name → index of a ``path`` tuple (None: ``*path``).

    Feeds build columns with helpers like ``_number(lab, "schedule", "total_hours")`` and
    ``_label_of(lab, ("runs", 0, "status"), value)``; their calls name offer fields too.
    """
    helpers: dict[str, int | None] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in node.args.args]
            if node.args.vararg is not None and node.args.vararg.arg == "path":
                helpers[node.name] = None
            elif "path" in names and node.name not in ("_get",):
                helpers[node.name] = names.index("path")
    return helpers


def python_uses(source: str, file: str) -> list[Use]:
    tree = ast.parse(source)
    visitor = _PythonPaths(file)
    visitor.visit(tree)
    helpers = _path_helpers(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in helpers:
            at = helpers[node.func.id]
            if at is None:  # f(lab, "schedule", "total_hours")
                items = node.args[1:]
            else:  # f(lab, ("runs", 0, "status"), value)
                arg = node.args[at] if len(node.args) > at else None
                items = arg.elts if isinstance(arg, ast.Tuple) else []
            if items and all(isinstance(i, ast.Constant) for i in items):
                visitor.uses.append(Use(file, node.lineno, OFFER_SCHEMA, _const_path(items)))
    return visitor.uses


def _python_files() -> Iterator[Path]:
    for folder in PYTHON_DIRS:
        yield from sorted((ROOT / folder).glob("*.py"))


# --- the checks ------------------------------------------------------------------------------


def test_every_field_path_in_the_templates_is_in_the_schema() -> None:
    uses = [
        u
        for path in sorted(TEMPLATE_DIR.glob("*.jinja"))
        for u in template_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert len({u.path for u in uses}) > 60, "the extractor found too few paths to be reading the templates"
    bad = unknown(uses)
    assert not bad, "Field paths the schema does not have:\n" + "\n".join(bad)


def test_every_field_path_in_feeds_and_site_code_is_in_the_schema() -> None:
    uses = [
        u
        for path in _python_files()
        for u in python_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert len({u.path for u in uses}) > 80, "the extractor found too few paths to be reading the code"
    bad = unknown(uses)
    assert not bad, "Field paths the schema does not have:\n" + "\n".join(bad)


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ('{% if d.costs.get("notee") %}{{ d.costs.notee }}{% endif %}', "costs.notee"),
        ("{% for r in d.runs %}{{ r.strat }}{% endfor %}", "runs[0].strat"),
        ('{% set c = d.support.contact %}{{ c.get("hour") }}', "support.contact.hour"),
        ('{% for k in ("benefits", "nte") %}{{ d.employer[k] }}{% endfor %}', "employer.nte"),
        ('{{ lab.field("schedule", "hours_per_wek") }}', "schedule.hours_per_wek"),
        ('{{ lab.value(("outcome", "typ"), x) }}', "outcome.typ"),
        ('{{ offer.provider.data.get("websit") }}', "websit"),
    ],
)
def test_a_misspelled_template_path_is_named_with_its_line(source: str, bad: str) -> None:
    found = unknown(template_uses("\n" + source, "x.jinja"))
    assert len(found) == 1 and found[0].startswith(f"x.jinja:2: {bad} ("), found


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ('offer.data["format"]["plces"]', "format.plces"),
        ('offer.data["schedule"].get("hours_per_wek")', "schedule.hours_per_wek"),
        ('schedule = offer.data["schedule"]\nschedule["total_hour"]', "schedule.total_hour"),
        ('[p.get("nme") for p in o.data["format"]["places"]]', "format.places[0].nme"),
        ('run.data.get("seat")', "runs[0].seat"),
        ('ctx.lab.field("schedule", "hours_per_wek")', "schedule.hours_per_wek"),
        ('ctx.labels.value(("knd",), x)', "knd"),
        ('lab.provider_field("organisaton")', "organisaton"),
        ('_number(lab, "schedule", "hours_per_wek")', "schedule.hours_per_wek"),
        ('_label_of(lab, ("runs", 0, "stauts"), x)', "runs[0].stauts"),
    ],
)
def test_a_misspelled_python_path_is_named_with_its_line(source: str, bad: str) -> None:
    helpers = "def _number(lab, *path):\n    pass\n\n\ndef _label_of(lab, path, value):\n    pass\n\n\n"
    body = source.replace("\n", "\n    ")
    found = unknown(python_uses(f"{helpers}def f():\n    x = 1\n    {body}\n", "x.py"))
    assert len(found) == 1 and f": {bad} (" in found[0], found


def test_correct_paths_are_not_reported() -> None:
    source = '{% for pl in offer.places %}{{ pl.get("note") }}{% endfor %}{{ lab.field("runs", 0, "seats") }}'
    paths = {u.path for u in template_uses(source, "x.jinja")}
    assert paths == {("format", "places"), ("format", "places", 0, "note"), ("runs", 0, "seats")}
    assert unknown(template_uses(source, "x.jinja")) == []
