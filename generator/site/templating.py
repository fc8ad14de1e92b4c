"""The Jinja2 environment for page fragments in ``generator/templates/`` (autoescaped HTML)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Autoescape is on for every template: text from YAML files is never trusted as HTML.

    ``StrictUndefined``: a name or field that is not there raises instead of rendering as
    nothing, so a misspelled ``d.costs.notee`` fails the build and the tests. Optional YAML
    fields are asked for explicitly: ``d.costs.get("note")`` or ``… is defined``.
    """
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "jinja"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    return env


def render(template: str, **context: object) -> str:
    """Render a fragment and drop blank lines.

    Python-Markdown ends a raw HTML block at a blank line in some cases; a fragment without
    blank lines is always passed through untouched, so YAML text can never become Markdown.
    """
    html = environment().get_template(template).render(**context)
    return "\n".join(line for line in html.splitlines() if line.strip())
