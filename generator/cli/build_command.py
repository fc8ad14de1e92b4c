"""``offers build``: the whole site (pages, feeds, search index) from mkdocs.yml's folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.faults import EXIT_FAILED
from generator.progress import Progress
from generator.render import DEFAULT_RENDERER, RENDERERS
from generator.site_config import MKDOCS_CONFIG

STAGE_NAMES = {
    "load": "Laden",
    "generate": "Erzeugen",
    "render": "Darstellen",
    "stamp": "Angebotsseiten",
    "index": "Suchindex",
    "feeds": "Feeds",
    "swap": "Einsetzen",
}


def _build(args: argparse.Namespace) -> int:
    # Imported here: the pipeline pulls in every feed and lxml, which `offers validate` must not load.
    from generator.site_build import BuildError, build_site

    try:
        report = build_site(
            args.config,
            renderer_name=args.renderer,
            site_dir=args.site_dir,
            search=False if args.no_search else None,
            progress=Progress(sys.stderr),
        )
    except BuildError as exc:
        print(f"offers build: {exc}", file=sys.stderr)
        print("Die bisherige Website bleibt unverändert.", file=sys.stderr)
        return EXIT_FAILED
    for note in report.notes:
        print(note, file=sys.stderr)
    stages = ", ".join(f"{STAGE_NAMES.get(k, k)} {v:.1f} s" for k, v in report.stages.items())
    print(
        f"Website gebaut: {report.site_dir} ({report.pages} Seiten, {report.listed} von {report.offers} "
        f"Angeboten im Katalog, {report.renderer}; {stages})"
    )
    return 0


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """--config and --renderer, shared by every command that builds the site."""
    parser.add_argument(
        "--config", type=Path, default=Path(MKDOCS_CONFIG), help=f"Website-Einstellungen (Standard: {MKDOCS_CONFIG})"
    )
    parser.add_argument(
        "--renderer",
        choices=sorted(RENDERERS),
        default=DEFAULT_RENDERER,
        help=f"womit die Seiten dargestellt werden (Standard: {DEFAULT_RENDERER})",
    )


def register(sub: argparse._SubParsersAction) -> None:
    build = sub.add_parser("build", help="Website mit allen Angebotsseiten, Feeds und Suchindex bauen")
    add_site_arguments(build)
    build.add_argument("--site-dir", type=Path, default=None, help="Zielordner (Standard: site_dir aus mkdocs.yml)")
    build.add_argument("--no-search", action="store_true", help="ohne Suchindex (schneller, für Vorschauen)")
    build.set_defaults(handler=_build)
