"""``offers preview``: the site at http://127.0.0.1:8000/, an edited offer visible within seconds."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from generator.build_cache import CACHE_DIR
from generator.cli.build_command import add_site_arguments
from generator.faults import EXIT_FAILED
from generator.progress import Progress

PREVIEW_SITE = "vorschau"  # inside .offers-cache/: never the published site/


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _preview(args: argparse.Namespace) -> int:
    # Imported here: the pipeline pulls in every feed and lxml, which `offers validate` must not load.
    from generator.preview import Preview, server
    from generator.site_config import SiteConfigError

    config_path: Path = args.config
    try:
        root = config_path.resolve().parent
        preview = Preview(config_path, root / CACHE_DIR / PREVIEW_SITE, renderer_name=args.renderer, log=_say)
    except (SiteConfigError, OSError) as exc:
        print(f"offers preview: {exc}", file=sys.stderr)
        return EXIT_FAILED
    report = preview.full_build(Progress(sys.stderr))
    if report is None:
        _say("Die Vorschau startet trotzdem; sie zeigt die Fehler, bis die Dateien korrigiert sind.")
    try:
        httpd = server(preview, args.host, args.port)
    except OSError as exc:
        print(f"offers preview: Port {args.port} ist belegt oder nicht erlaubt ({exc.strerror}); --port wählen.")
        return EXIT_FAILED
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    host = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
    print(
        f"Vorschau: http://{host}:{httpd.server_address[1]}/ – gespeicherte Änderungen in "
        f"{preview.config.offers_dir.name}/ erscheinen nach wenigen Sekunden. Beenden mit Strg+C.",
        flush=True,
    )
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        httpd.server_close()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    preview = sub.add_parser("preview", help="Vorschau der Website im Browser; Änderungen erscheinen sofort")
    add_site_arguments(preview)
    preview.add_argument("--host", default="127.0.0.1", help="Adresse (Standard: 127.0.0.1, nur dieser Rechner)")
    preview.add_argument("--port", type=int, default=8000, help="Port (Standard: 8000)")
    preview.set_defaults(handler=_preview)
