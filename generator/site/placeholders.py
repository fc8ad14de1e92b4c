"""``{{ extra.betreiber.name }}`` placeholders in hand-written pages, filled from mkdocs.yml ``extra:``.

The legal notice and the accessibility statement name the operator; keeping those values in one
place (mkdocs.yml) means a change of address is one edit, not a search through every page.
"""

from __future__ import annotations

import html
import re
from typing import Any, Mapping

PLACEHOLDER = re.compile(r"\{\{\s*extra\.([A-Za-z0-9_.]+)\s*\}\}")


class PlaceholderError(KeyError):
    """A page names a value that mkdocs.yml ``extra:`` does not have."""


def lookup(extra: Mapping[str, Any], dotted: str) -> Any:
    value: Any = extra
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise PlaceholderError(f"extra.{dotted} fehlt in mkdocs.yml")
        value = value[part]
    return value


def fill_placeholders(markdown: str, extra: Mapping[str, Any]) -> str:
    """Replace every ``{{ extra.a.b }}`` with its value; an unknown key raises PlaceholderError.

    Values are HTML-escaped, so a value is always shown as text (names, addresses, e-mail).
    """
    return PLACEHOLDER.sub(lambda m: html.escape(str(lookup(extra, m.group(1))), quote=False), markdown)
