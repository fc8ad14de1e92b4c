"""The JSON Schemas in ``schema/``: the one source of field names, German labels and enum labels.

Pages, facets, error messages and feeds ask this module for labels instead of repeating them.
Labelled enums are written in the schema as ``oneOf`` lists of ``{"const": …, "title": …}``.

Two validators read the schemas: ``jsonschema_rs`` decides (fast, ECMA-262 regular expressions as
JSON Schema prescribes), ``jsonschema`` walks a rejected file again for the details the German
messages are built from. So that the two cannot disagree on a single value, the detailed one
asks the fast one's engine for every ``pattern`` and ``format``: Python's ``re`` would accept
"10117" followed by a line break for ``^[0-9]{5}$`` (its ``$`` also matches before a final
newline) and Arabic-Indic digits for a digit class, and jsonschema's own ``email`` check only
looks for an ``@``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from referencing import Registry, Resource

# The one place schemas come from: shipped inside the package (in the repository a link to the
# top-level schema/), so an installed `offers` finds them from any folder.
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
OFFER_SCHEMA = "offer.schema.json"
PROVIDER_SCHEMA = "provider.schema.json"


@dataclass(frozen=True)
class SchemaSet:
    """Both schemas, compiled once, with helpers to walk them along a data path."""

    directory: Path

    @cached_property
    def documents(self) -> dict[str, dict[str, Any]]:
        return {
            name: json.loads((self.directory / name).read_text(encoding="utf-8"))
            for name in (OFFER_SCHEMA, PROVIDER_SCHEMA)
        }

    @cached_property
    def registry(self) -> Registry:
        return Registry().with_resources((doc["$id"], Resource.from_contents(doc)) for doc in self.documents.values())

    def validator(self, name: str) -> jsonschema.protocols.Validator:
        """The detailed validator (for messages); its patterns and formats are the fast one's."""
        return self._validators[name]

    @cached_property
    def _validators(self) -> dict[str, Any]:
        checker = fast_format_checker(_formats_in(list(self.documents.values())))
        return {
            name: DetailedValidator(doc, registry=self.registry, format_checker=checker)
            for name, doc in self.documents.items()
        }

    def is_valid(self, name: str, instance: Any) -> bool:
        """Fast pass/fail check (Rust validator, ~100× faster than jsonschema).

        Only files that fail it are run through ``jsonschema`` again, whose detailed errors the
        German messages are built from; that one stays the reference.
        """
        return self._fast_validators[name].is_valid(instance)

    def fast_errors(self, name: str, instance: Any) -> list[Any]:
        """The fast validator's own errors (``instance_path``, ``kind.name`` = keyword): the verdict."""
        return list(self._fast_validators[name].iter_errors(instance))

    @cached_property
    def _fast_validators(self) -> dict[str, Any]:
        registry = jsonschema_rs.Registry([(doc["$id"], doc) for doc in self.documents.values()])
        return {
            name: jsonschema_rs.Draft202012Validator(doc, validate_formats=True, registry=registry)
            for name, doc in self.documents.items()
        }

    def resolve(self, schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        """Follow ``$ref`` chains; keep sibling ``title``/``description`` of the referring schema."""
        overrides: dict[str, Any] = {k: schema[k] for k in ("title", "description") if k in schema}
        while "$ref" in schema:
            ref = schema["$ref"]
            doc_part, _, pointer = ref.partition("#")
            doc_id = base if not doc_part else _join(base, doc_part)
            doc = self.registry.contents(doc_id)
            target: Any = doc
            for token in [t for t in pointer.split("/") if t]:
                target = target[token.replace("~1", "/").replace("~0", "~")]
            schema, base = target, doc_id
        if overrides:
            schema = {**schema, **overrides}
        return schema, base

    def find(self, name: str, path: tuple[str | int, ...]) -> dict[str, Any] | None:
        """The schema that describes the value at a data path, or None if the path is unknown.

        For data that may be wrong (the validator explains unknown fields); code that names a
        field itself asks ``subschema``, which refuses a misspelled path.
        """
        schema, base = self.resolve(self.documents[name], self.documents[name]["$id"])
        for part in path:
            if isinstance(part, int):
                items = schema.get("items")
                if not isinstance(items, dict):
                    return None
                schema, base = self.resolve(items, base)
            else:
                props = schema.get("properties", {})
                if part not in props:
                    return None
                schema, base = self.resolve(props[part], base)
        return schema

    def subschema(self, name: str, path: tuple[str | int, ...]) -> dict[str, Any]:
        """The schema of a field that code names (a label, a feed column): a typo raises.

        A misspelled path would otherwise give an empty label or no value labels, and every
        page and feed would still build.
        """
        found = self.find(name, path)
        if found is None:
            raise UnknownFieldPath(name, path)
        return found

    def title(self, name: str, path: tuple[str | int, ...]) -> str:
        """German label of a field, e.g. ``Beginn`` for ``runs[0].start``; unknown paths raise."""
        return self.subschema(name, tuple(path)).get("title", "")

    def enum_labels(self, name: str, path: tuple[str | int, ...]) -> dict[Any, str]:
        """Value → German label for a labelled enum at a data path (list items: use index 0)."""
        return labels_of(self.subschema(name, path))


class UnknownFieldPath(LookupError):
    """Code asked the schema for a field it does not have: a misspelling in a template or feed."""

    def __init__(self, schema: str, path: tuple[str | int, ...]) -> None:
        self.schema, self.path = schema, path
        shown = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
        super().__init__(f"{schema} has no field {shown or '(root)'}")


@cache
def _pattern_checker(pattern: str) -> Any:
    return jsonschema_rs.validator_for({"type": "string", "pattern": pattern})


def ecma_search(pattern: str, text: str) -> bool:
    """``pattern`` matches somewhere in ``text`` under ECMA-262 rules (``$`` is the very end).

    Uses jsonschema_rs's regex engine, so the detailed validator answers exactly as the fast one.
    """
    return bool(_pattern_checker(pattern).is_valid(text))


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not ecma_search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


DetailedValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})


def fast_format_checker(formats: set[str]) -> jsonschema.FormatChecker:
    """A jsonschema FormatChecker whose every format is decided by jsonschema_rs."""
    checker = jsonschema.FormatChecker(formats=())
    for fmt in sorted(formats):
        checker.checks(fmt)(jsonschema_rs.validator_for({"format": fmt}, validate_formats=True).is_valid)
    return checker


def _formats_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(_formats_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_formats_in(v) for v in node))
    return set()


def labels_of(schema: dict[str, Any]) -> dict[Any, str]:
    """Value → label of a ``oneOf``-of-``const`` schema (or of a plain ``enum``)."""
    if "oneOf" in schema and all("const" in alt for alt in schema["oneOf"]):
        return {alt["const"]: alt.get("title", str(alt["const"])) for alt in schema["oneOf"]}
    if "enum" in schema:
        return {v: str(v) for v in schema["enum"]}
    return {}


def _join(base: str, relative: str) -> str:
    if "://" in relative:
        return relative
    return base.rsplit("/", 1)[0] + "/" + relative


@lru_cache(maxsize=4)
def schema_set(directory: Path = SCHEMA_DIR) -> SchemaSet:
    """The schemas of a directory, loaded once per process."""
    return SchemaSet(Path(directory))
