"""German labels, always read from the JSON Schema (the one source of wording)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SchemaSet, schema_set

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Labels:
    """Field titles and enum value labels of the offer (and provider) schema."""

    schemas: SchemaSet

    def field(self, *path: str | int) -> str:
        """Title of an offer field, e.g. ``field("schedule", "hours_per_week")`` → "Stunden pro Woche"."""
        return self.schemas.title(OFFER_SCHEMA, tuple(path))

    def provider_field(self, *path: str | int) -> str:
        return self.schemas.title(PROVIDER_SCHEMA, tuple(path))

    def options(self, *path: str | int) -> dict[Any, str]:
        """All labelled values of an enum field, in schema order."""
        return _options(self.schemas, tuple(path))

    def value(self, path: Path, value: Any) -> str:
        """Label of one enum value; the raw value if the schema has no label for it."""
        return self.options(*path).get(value, str(value))

    def values(self, path: Path, values: Iterable[Any]) -> list[str]:
        return [self.value(path, v) for v in values]


@lru_cache(maxsize=256)
def _options(schemas: SchemaSet, path: Path) -> dict[Any, str]:
    return schemas.enum_labels(OFFER_SCHEMA, path)


def labels() -> Labels:
    """Labels of the project's schemas (loaded once per process)."""
    return Labels(schema_set())
