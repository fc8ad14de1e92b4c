"""``offers export FEED… --out DIR``: write feeds without MkDocs (for upload jobs and CI)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.catalog_loader import build_date, load_catalog
from generator.feeds import FEED_MODULES, FeedContext, FeedError, build_time, render_feeds, write_atomically
from generator.problems import CatalogInvalid
from generator.report import render_text

DEFAULT_SITE_URL = "https://iq-angebote.example/"


def _export(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(args.offers_dir, build_date())
    except CatalogInvalid as exc:
        print(render_text(exc.problems), file=sys.stderr)
        return 1
    names = list(FEED_MODULES) if "all" in args.feeds else args.feeds
    options = {"previous": args.previous, "encoding": args.encoding, "state_file": args.state_file}
    ctx = FeedContext(catalog=catalog, site_url=args.site_url, build_time=build_time(), options=options)
    try:
        files = render_feeds(ctx, names)
    except FeedError as exc:
        print(f"offers export: {exc}", file=sys.stderr)
        return 1
    write_atomically(files, args.out)
    for relative, content in files.items():
        print(f"{args.out / relative}  ({len(content):,} Bytes)".replace(",", "."))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="Feeds in einen Ordner schreiben (ohne Website)")
    export.add_argument("feeds", nargs="+", choices=[*FEED_MODULES, "all"], help="welche Feeds")
    export.add_argument("--out", type=Path, default=Path("site/feeds"), help="Zielordner (Standard: site/feeds)")
    export.add_argument("--site-url", default=DEFAULT_SITE_URL, help="Adresse der Website für Links in den Feeds")
    export.add_argument("--previous", type=Path, help="KURSNET: zuletzt gelieferte Datei → Differenzlieferung")
    export.add_argument("--encoding", choices=["iso-8859-15", "utf-8"], default="iso-8859-15",
                        help="KURSNET: Zeichenkodierung (Standard wie die BA: iso-8859-15)")
    export.add_argument("--state-file", type=Path, help="KURSNET: Datei mit der laufenden seq_number")
    export.set_defaults(handler=_export)
