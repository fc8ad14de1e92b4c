"""Render step: a generated source tree (see ``generator.source_tree``) → HTML.

Each renderer is one small module with ``render(config_path) -> Path`` returning the folder it
wrote. They know nothing about offers; moving from MkDocs + Material to Zensical (or a later
renderer) means adding a module here, not touching the pipeline.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

RENDERERS: dict[str, str] = {
    "mkdocs": "generator.render.mkdocs_renderer",
    "zensical": "generator.render.zensical_renderer",
}
DEFAULT_RENDERER = "mkdocs"


class RenderError(Exception):
    """The renderer failed; the message is German and carries the renderer's own output."""


def renderer(name: str) -> Callable[[Path], Path]:
    """The ``render`` function of a renderer; imported only when used (MkDocs is heavy)."""
    if name not in RENDERERS:
        raise RenderError(f"Unbekannter Renderer „{name}“ (möglich: {', '.join(RENDERERS)}).")
    render: Callable[[Path], Path] = importlib.import_module(RENDERERS[name]).render
    return render
