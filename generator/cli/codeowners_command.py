"""``offers codeowners [--check]``: write (or compare) ``.github/CODEOWNERS`` from the provider files.

The catch-all owner (the editorial team) comes from ``--fallback`` or, so that nobody has to
remember it, from ``extra.betreiber.github`` in ``mkdocs.yml``, next to the operator's other
details. ``--check`` changes nothing and exits 1 when the committed file is out of date (for the
pre-commit hook and CI).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from generator.codeowners import CodeownersError, codeowners_text
from generator.faults import EXIT_FAILED, EXIT_USAGE, os_error_sentence
from generator.site_config import MKDOCS_CONFIG, SiteConfigError, read_site_config

DEFAULT_OUT = Path(".github") / "CODEOWNERS"


def fallback_from_config(config: Path) -> tuple[str, ...]:
    """``extra.betreiber.github`` of mkdocs.yml (one name or a list); empty if not there."""
    try:
        extra = read_site_config(config).extra
    except SiteConfigError:
        return ()
    operator = extra.get("betreiber")
    value = operator.get("github") if isinstance(operator, dict) else None
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(n for n in names if isinstance(n, str) and n.strip())


def _write(path: Path, text: str) -> None:
    """Replace the file in one step: a reader never sees half a CODEOWNERS."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".CODEOWNERS-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _codeowners(args: argparse.Namespace) -> int:
    root: Path = args.root
    out: Path = args.out if args.out is not None else root / DEFAULT_OUT
    fallback = tuple(args.fallback) or fallback_from_config(root / MKDOCS_CONFIG)
    try:
        text = codeowners_text(args.offers_dir, root, fallback)
    except CodeownersError as exc:
        print(f"offers codeowners: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        current = out.read_text(encoding="utf-8") if out.is_file() else None
    except (OSError, UnicodeDecodeError):
        current = None
    if args.check:
        if current == text:
            print(f"{out} ist aktuell.")
            return 0
        print(
            f"offers codeowners: {out} passt nicht zu den owners: der Projektdateien. "
            "Bitte „offers codeowners“ ausführen und die Datei mit übernehmen.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if current == text:
        print(f"{out} ist schon aktuell.")
        return 0
    try:
        _write(out, text)
    except OSError as exc:
        print(f"offers codeowners: {os_error_sentence(exc, out, 'schreiben')}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Geschrieben: {out}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser(
        "codeowners",
        help="GitHub-CODEOWNERS aus den owners: der Projektdateien schreiben",
        description="Jede Projektdatei und ihre Angebote gehören den dort unter owners: genannten "
        "GitHub-Konten; alles andere der Redaktion (--fallback oder extra.betreiber.github in mkdocs.yml).",
    )
    command.add_argument("--root", type=Path, default=Path(), help="Wurzel des Repositorys (Standard: .)")
    command.add_argument("--out", type=Path, default=None, help=f"Zieldatei (Standard: {DEFAULT_OUT})")
    command.add_argument(
        "--fallback", action="append", default=[], help="Konto oder Team für alle übrigen Dateien (mehrfach möglich)"
    )
    command.add_argument("--check", action="store_true", help="nichts schreiben; Exit 1, wenn die Datei veraltet ist")
    command.set_defaults(handler=_codeowners)
