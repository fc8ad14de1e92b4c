"""German labels of fields and coded values, always read from the JSON Schema (the one source of wording).

Pages, facets and every feed ask this one object, so a label renamed in the schema changes on
the page, in the CSV header and in the KURSNET file at once. A build renders the same few
dozen labels for every offer; each is looked up in the schema once per ``Labels`` and kept,
and ``labels()`` hands out one ``Labels`` per set of schemas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SchemaSet, schema_set

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)
class Labels:
    """Field titles and enum value labels of the offer and provider schemas.

    A path names a field as the offer file does; list items are index 0, e.g.
    ``("runs", 0, "start")``. Returned mappings are shared: read them, do not change them.
    """

    schemas: SchemaSet
    _titles: dict[tuple[str, FieldPath], str] = field(default_factory=dict, init=False, repr=False)
    _options: dict[tuple[str, FieldPath], dict[Any, str]] = field(default_factory=dict, init=False, repr=False)

    def field(self, *path: str | int) -> str:
        """Title of an offer field, e.g. ``field("schedule", "hours_per_week")`` → "Stunden pro Woche"."""
        return self._title(OFFER_SCHEMA, path)

    def provider_field(self, *path: str | int) -> str:
        """Title of a provider (QTV) field, e.g. ``provider_field("organisation")``."""
        return self._title(PROVIDER_SCHEMA, path)

    def options(self, *path: str | int) -> dict[Any, str]:
        """All labelled values of an offer enum field, in schema order."""
        return self._labels(OFFER_SCHEMA, path)

    def provider_options(self, *path: str | int) -> dict[Any, str]:
        """All labelled values of a provider enum field, in schema order."""
        return self._labels(PROVIDER_SCHEMA, path)

    def value(self, path: FieldPath, value: Any) -> str:
        """Label of one offer enum value; the raw value if the schema has no label for it."""
        return self.options(*path).get(value, str(value))

    def provider_value(self, path: FieldPath, value: Any) -> str:
        """Label of one provider enum value; the raw value if the schema has no label for it."""
        return self.provider_options(*path).get(value, str(value))

    def values(self, path: FieldPath, values: Iterable[Any]) -> list[str]:
        """Labels of several values of one offer enum field (a list field's items), in their order."""
        return [self.value(path, v) for v in values]

    def _title(self, schema: str, path: FieldPath) -> str:
        key = (schema, tuple(path))
        if key not in self._titles:
            self._titles[key] = self.schemas.title(schema, key[1])
        return self._titles[key]

    def _labels(self, schema: str, path: FieldPath) -> dict[Any, str]:
        key = (schema, tuple(path))
        if key not in self._options:
            self._options[key] = self.schemas.enum_labels(schema, key[1])
        return self._options[key]


def labels(schemas: SchemaSet | None = None) -> Labels:
    """The labels of ``schemas`` (default: the project's), one instance per process and schema set."""
    return _labels_of(schemas or schema_set())


@lru_cache(maxsize=4)
def _labels_of(schemas: SchemaSet) -> Labels:
    return Labels(schemas)
