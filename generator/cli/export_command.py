"""``offers export FEED… --out DIR``: write feeds without MkDocs (for upload jobs and CI).

Never changes the KURSNET delivery state: a differential file is computed against what KURSNET
has confirmed (``offers publish kursnet --store`` moves that on), so exporting twice gives the
same files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.catalogue_loader import build_date, load_catalogue
from generator.faults import os_error_sentence
from generator.feeds import FEED_MODULES
from generator.problems import CatalogueInvalid
from generator.report import render_text
from generator.site_config import DEFAULT_SITE_URL, MKDOCS_CONFIG, default_site_url


def _option_problem(args: argparse.Namespace) -> str | None:
    """A German sentence if a path given to an option cannot work; checked before anything is written."""
    from generator.feeds.kursnet_feed import state_file_problem

    if args.out.exists() and not args.out.is_dir():
        return f"„{args.out}“ ist eine Datei; für --out bitte einen Ordner angeben."
    if args.previous is not None and not args.previous.is_file():
        what = "ist ein Ordner" if args.previous.is_dir() else "gibt es nicht"
        return f"„{args.previous}“ {what}; für --previous bitte die zuletzt gelieferte KURSNET-Datei angeben."
    if args.state_file is not None:
        return state_file_problem(args.state_file)
    return None


def _export(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `offers validate` shares this package and must not load the feeds.
    from generator.catalogue_changes import changes_since
    from generator.feeds import FeedContext, FeedError, build_time, render_feeds, write_atomically

    problem = _option_problem(args)
    if problem:
        print(f"offers export: {problem}", file=sys.stderr)
        return 2
    try:
        catalogue = load_catalogue(args.offers_dir, build_date())
    except CatalogueInvalid as exc:
        print(render_text(exc.problems), file=sys.stderr)
        return 1
    names = list(FEED_MODULES) if "all" in args.feeds else args.feeds
    options = {"previous": args.previous, "encoding": args.encoding, "state_file": args.state_file, "out": args.out}
    site_url = args.site_url or default_site_url(args.offers_dir)
    ctx = FeedContext(catalogue=catalogue, site_url=site_url, build_time=build_time(), options=options)
    try:
        files = render_feeds(ctx, names)
    except FeedError as exc:
        print(f"offers export: {exc}", file=sys.stderr)
        return 1
    for line in changes_since(args.out, catalogue, args.offers_dir):  # offers.json of the last export
        print(line, file=sys.stderr)
    try:
        write_atomically(files, args.out)
    except OSError as exc:
        print(
            f"offers export: {os_error_sentence(exc, args.out, 'beschreiben')} Es wurde nichts geändert.",
            file=sys.stderr,
        )
        return 1
    if "kursnet" in names:
        from generator.feeds.kursnet_feed import held_back

        # The files are complete without these offers; `offers publish kursnet` stops on them.
        for line in held_back(ctx):
            print(line, file=sys.stderr)
    for relative, content in files.items():
        print(f"{args.out / relative}  ({len(content):,} Bytes)".replace(",", "."))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="Feeds in einen Ordner schreiben (ohne Website)")
    export.add_argument("feeds", nargs="+", choices=[*FEED_MODULES, "all"], help="welche Feeds")
    export.add_argument("--out", type=Path, default=Path("site/feeds"), help="Zielordner (Standard: site/feeds)")
    export.add_argument(
        "--site-url",
        default=None,
        help=f"Adresse der Website für Links in den Feeds (Standard: site_url aus {MKDOCS_CONFIG}, "
        f"sonst {DEFAULT_SITE_URL})",
    )
    export.add_argument("--previous", type=Path, help="KURSNET: zuletzt gelieferte Datei → Differenzlieferung")
    export.add_argument(
        "--encoding",
        choices=["iso-8859-15", "utf-8"],
        default="iso-8859-15",
        help="KURSNET: Zeichenkodierung (Standard wie die BA: iso-8859-15)",
    )
    export.add_argument(
        "--state-file",
        type=Path,
        help="KURSNET: Statusdatei (was KURSNET bestätigt hat; Standard: <out>/kursnet/<projekt>.seq.json)",
    )
    export.set_defaults(handler=_export)
