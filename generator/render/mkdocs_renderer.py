"""MkDocs + Material (the default renderer), run in-process on a generated tree."""

from __future__ import annotations

import logging
from pathlib import Path

from generator.render import RenderError


def render(config_path: Path) -> Path:
    """``mkdocs build --strict`` of the tree; the site lands in the tree's ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # MkDocs' own INFO lines (one per build step) would drown our summary; warnings still show.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_path), strict=True)
        build(config)
    except MkDocsException as exc:
        raise RenderError(f"MkDocs konnte die Seiten nicht erzeugen: {exc}") from None
    return Path(config.site_dir)
