"""The ``offers`` command: validate, new, and export/publish (defined in their own modules).

Exit codes: 0 success (warnings allowed), 1 errors in the offers or a failed operation,
2 wrong usage. ``main()`` only parses; each command is a plain function returning its code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.catalogue_loader import PROVIDERS_SUBDIR, build_date, check_catalogue
from generator.cli import (
    build_command,
    codeowners_command,
    export_command,
    kursnet_command,
    preview_command,
    publish_command,
    summary_command,
)
from generator.cli.german import use_german_messages
from generator.faults import EXIT_FAILED, EXIT_USAGE, SettingError, os_error_sentence
from generator.report import REPORTERS

DEFAULT_OFFERS_DIR = Path("offers")


def _validate(args: argparse.Namespace) -> int:
    offers_dir: Path = args.offers_dir
    files: list[Path] = []
    for raw in args.paths:
        path = Path(raw)
        if path.is_dir():
            offers_dir = path
        elif path.is_file():
            files.append(path)
        else:
            print(f"offers validate: „{raw}“ gibt es nicht.", file=sys.stderr)
            return 2
    if files and args.offers_dir == DEFAULT_OFFERS_DIR:
        offers_dir = _catalogue_of(files[0]) or offers_dir
    if not offers_dir.is_dir():
        print(
            f"offers validate: Der Ordner „{offers_dir}“ fehlt (den Katalogordner mit --offers-dir angeben).",
            file=sys.stderr,
        )
        return 2
    result = check_catalogue(offers_dir, build_date(), only=files or None, keep_offers=False)
    print(REPORTERS[args.format](result.problems, result.files_checked, show_warnings=not args.quiet))
    return 1 if result.errors else 0


def _catalogue_of(path: Path) -> Path | None:
    """The catalogue folder a file belongs to (the one holding ``providers/``), if any.

    So ``offers validate elsewhere/offers/x.yaml`` checks x against its own providers, and a
    provider file is checked as a provider, without the user naming ``--offers-dir``.
    """
    folder = path.resolve().parent
    candidate = folder.parent if folder.name == PROVIDERS_SUBDIR else folder
    return candidate if (candidate / PROVIDERS_SUBDIR).is_dir() else None


def _new(args: argparse.Namespace) -> int:
    from generator.scaffold import ScaffoldError, new_offer

    try:
        path = new_offer(
            args.offers_dir,
            offer_id=args.id,
            provider=args.provider,
            title=args.title,
            kind=args.kind,
            mode=args.mode,
            interactive=sys.stdin.isatty() and not args.no_input,
        )
    except ScaffoldError as exc:
        print(f"offers new: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"Angelegt: {path}\nJetzt die leeren Felder ausfüllen und mit „offers validate {path}“ prüfen.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    use_german_messages()
    parser = argparse.ArgumentParser(
        prog="offers", description="IQ-Angebotskatalog: Angebote prüfen, anlegen und exportieren."
    )
    parser.add_argument(
        "--offers-dir", type=Path, default=DEFAULT_OFFERS_DIR, help="Ordner mit den Angebotsdateien (Standard: offers)"
    )
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL")
    sub.required = True

    validate = sub.add_parser("validate", help="Angebotsdateien prüfen")
    validate.add_argument("paths", nargs="*", help="Dateien oder Ordner (Standard: der ganze Katalog)")
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text", help="Ausgabeformat")
    validate.add_argument("-q", "--quiet", action="store_true", help="nur Fehler zeigen, keine Warnungen")
    validate.set_defaults(handler=_validate)

    new = sub.add_parser("new", help="neue Angebotsdatei aus der Vorlage anlegen")
    new.add_argument("--id", help="Kennung des Angebots, z. B. pflege-anpassung-leipzig")
    new.add_argument("--provider", help=f"Kennung des Projekts aus offers/{PROVIDERS_SUBDIR}/")
    new.add_argument("--title", help="Titel des Angebots")
    new.add_argument("--kind", help="Art der Qualifizierung (z. B. compensation_measure)")
    new.add_argument("--mode", help="Lernform: in_person, online_live, self_paced, blended")
    new.add_argument("--no-input", action="store_true", help="nicht nachfragen, auch im Terminal")
    new.set_defaults(handler=_new)

    build_command.register(sub)
    preview_command.register(sub)
    export_command.register(sub)
    publish_command.register(sub)
    kursnet_command.register(sub)
    codeowners_command.register(sub)
    summary_command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the guard, not at interpreter exit
        return code
    except SettingError as exc:  # OFFERS_TODAY=26.11.2026, SOURCE_DATE_EPOCH=gestern
        print(f"offers: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `offers validate | head -1`: the reader has all it wants
        _silence_stdout()
        return EXIT_FAILED
    except OSError as exc:  # last line of defence; the commands word the faults they expect
        print(f"offers: {os_error_sentence(exc, action='verarbeiten')}", file=sys.stderr)
        return EXIT_FAILED


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush does not raise (and print) again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor (tests)
        pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
