"""``offers summary --base DIR``: what a pull request does to the catalogue, in German.

Written for the job summary of a pull request (``>> "$GITHUB_STEP_SUMMARY"``): offers added,
changed and withdrawn compared with the target branch's catalogue, errors and warnings in the
files the change touches, KURSNET pre-flight findings, which projects KURSNET will receive
after the merge, and the link to the downloadable preview. ``--format providers`` prints only
the ids of the projects with KURSNET access whose offers changed (one a line), for the KURSNET
delivery job.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

from generator.catalogue_diff import CatalogueDiff, CatalogueSide, OfferChange, compare_folders, field_titles
from generator.catalogue_loader import build_date
from generator.problems import Problem

KURSNET_CODE = "kursnet"
MAX_LISTED_PROBLEMS = 50  # a summary is read by people; the annotations carry every line
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#<>!~])")


def md(text: str) -> str:
    """Text as it is, not as Markdown or HTML (a title may hold ``*``, ``|`` or ``<b>``)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _project(side: CatalogueSide, provider: str) -> str:
    data = side.providers.get(provider) or {}
    name = data.get("name")
    return md(name) if isinstance(name, str) and name else f"`{md(provider)}`"


def _offer(change: OfferChange) -> str:
    title = md(change.title) if change.title else "(ohne Titel)"
    return f"**{title}** (`{change.id}`)"


def _kursnet_providers(diff: CatalogueDiff) -> list[str]:
    head = diff.head
    if head is None:
        return []
    return [p for p in diff.affected_providers() if isinstance((head.providers.get(p) or {}).get("kursnet"), dict)]


def _where(problem: Problem) -> str:
    name = os.path.relpath(problem.file) if problem.file.is_absolute() else str(problem.file)
    line = f", Zeile {problem.line}" if problem.line else ""
    field = f" ({md(problem.field)})" if problem.field else ""
    return f"`{md(name)}`{line}{field}"


def _problem_lines(problems: list[Problem]) -> list[str]:
    lines = [f"- {_where(p)}: {md(p.message)}" + (f" → {md(p.hint)}" if p.hint else "") for p in problems]
    if len(lines) > MAX_LISTED_PROBLEMS:
        rest = len(lines) - MAX_LISTED_PROBLEMS
        lines = [*lines[:MAX_LISTED_PROBLEMS], f"- … und {rest} weitere (siehe Anmerkungen an den Dateien)"]
    return lines


def render_markdown(diff: CatalogueDiff, preview_url: str | None = None) -> str:
    """The German job summary."""
    head = diff.head or CatalogueSide({}, {}, frozenset(), [], 0)
    out = ["## Angebote: Was diese Änderung bewirkt", ""]
    errors = [p for p in head.problems if p.is_error]
    warnings = [p for p in head.problems if not p.is_error]
    checked = f"{_count(head.files_checked, 'Datei', 'Dateien')} geprüft"
    if errors:
        out.append(
            f"❌ **{_count(len(errors), 'Fehler', 'Fehler')}** ({checked}, "
            f"{_count(len(warnings), 'Warnung', 'Warnungen')}). So kann die Änderung nicht übernommen werden; "
            "jeder Fehler steht auch als Anmerkung an der Zeile der Datei."
        )
    else:
        out.append(f"✅ **Keine Fehler** ({checked}, {_count(len(warnings), 'Warnung', 'Warnungen')}).")
    out.append("")
    if diff.is_empty:
        out += ["Die Änderung ändert kein Angebot und kein Projekt.", ""]
    if diff.added:
        out += [f"### Neu ({len(diff.added)})", "", "| Angebot | Projekt | Im Katalog |", "|---|---|---|"]
        for c in diff.added:
            shown = "ja" if c.listed else "nein (noch nicht oder nicht mehr sichtbar, oder fehlerhaft)"
            out.append(f"| {_offer(c)} | {_project(head, c.provider)} | {shown} |")
        out.append("")
    if diff.changed:
        out += [f"### Geändert ({len(diff.changed)})", "", "| Angebot | Projekt | Geänderte Angaben |", "|---|---|---|"]
        for c in diff.changed:
            fields = ", ".join(md(t) for t in field_titles(c.fields)) or "Datei fehlerhaft, Angaben nicht lesbar"
            out.append(f"| {_offer(c)} | {_project(head, c.provider)} | {fields} |")
        out.append("")
    if diff.withdrawn:
        out += [
            f"### Zurückgezogen ({len(diff.withdrawn)})",
            "",
            "| Angebot | Projekt | Grund |",
            "|---|---|---|",
        ]
        for c in diff.withdrawn:
            out.append(f"| {_offer(c)} | {_project(head, c.provider)} | {md(c.reason)} |")
        out += [
            "",
            (
                "Die Seite eines zurückgezogenen Angebots verschwindet aus Suche und Feeds; gedruckte QR-Codes "
                "führen bei gelöschten Dateien ins Leere."
            ),
            "",
        ]
    if diff.providers_changed:
        names = ", ".join(_project(head, p) for p in sorted(diff.providers_changed))
        out += [f"**Geänderte Projektdateien:** {names}", ""]
    touched = diff.touched_files | {f"providers/{p}" for p in diff.providers_changed}

    def in_touched(p: Problem) -> bool:
        key = p.file.stem if p.file.parent.name != "providers" else f"providers/{p.file.stem}"
        return key in touched

    own_errors = [p for p in errors if in_touched(p)]
    if own_errors:
        out += ["### Fehler in den geänderten Dateien", "", *_problem_lines(own_errors), ""]
    elif errors:
        out += [
            (
                f"Die {_count(len(errors), 'Fehler steht', 'Fehler stehen')} in Dateien, die diese Änderung nicht "
                "berührt (siehe Anmerkungen)."
            ),
            "",
        ]
    own_warnings = [p for p in warnings if in_touched(p) and p.code != KURSNET_CODE]
    if own_warnings:
        out += ["### Warnungen in den geänderten Dateien", "", *_problem_lines(own_warnings), ""]
    out += ["### KURSNET-Vorabprüfung", ""]
    kursnet = [p for p in warnings if in_touched(p) and p.code == KURSNET_CODE]
    out += _problem_lines(kursnet) if kursnet else ["Keine Beanstandungen für die geänderten Angebote."]
    providers = _kursnet_providers(diff)
    out.append("")
    if providers:
        names = ", ".join(_project(head, p) for p in providers)
        out.append(f"Nach dem Zusammenführen wird KURSNET neu beliefert für: {names}.")
    else:
        out.append(
            "Nach dem Zusammenführen wird kein Projekt an KURSNET geliefert (keine Änderung mit KURSNET-Zugang)."
        )
    out += ["", "### Vorschau", ""]
    if preview_url:
        out.append(
            f"[Vorschau der Website herunterladen]({preview_url}) (ZIP-Datei: entpacken, dann im Ordner "
            "`index.html` öffnen; die Suche braucht einen kleinen Webserver, z. B. `python3 -m http.server`)."
        )
    else:
        out.append("Die Vorschau der Website liegt als Artefakt „vorschau“ bei diesem Lauf (unten auf der Seite).")
    return "\n".join(out) + "\n"


def render_json(diff: CatalogueDiff) -> str:
    def entry(c: OfferChange) -> dict[str, object]:
        return {"id": c.id, "title": c.title, "provider": c.provider, "listed": c.listed, "fields": list(c.fields)}

    return json.dumps(
        {
            "added": [entry(c) for c in diff.added],
            "changed": [entry(c) for c in diff.changed],
            "withdrawn": [{**entry(c), "reason": c.reason} for c in diff.withdrawn],
            "providers_changed": sorted(diff.providers_changed),
            "kursnet_providers": _kursnet_providers(diff),
        },
        ensure_ascii=False,
        indent=2,
    )


def _summary(args: argparse.Namespace) -> int:
    diff = compare_folders(args.base, args.offers_dir, build_date())
    if args.format == "providers":
        text = "".join(f"{p}\n" for p in _kursnet_providers(diff))
    elif args.format == "json":
        text = render_json(diff) + "\n"
    else:
        text = render_markdown(diff, args.preview_url or os.environ.get("OFFERS_PREVIEW_URL") or None)
    print(text, end="")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser(
        "summary",
        help="Was eine Änderung am Katalog bewirkt (für Pull Requests und die KURSNET-Lieferung)",
        description="Vergleicht den Katalog (--offers-dir) mit einem früheren Stand (--base) und beschreibt "
        "neue, geänderte und zurückgezogene Angebote.",
    )
    command.add_argument(
        "--base", type=Path, required=True, help="Angebotsordner des Vergleichsstands (z. B. aus dem Zielzweig)"
    )
    command.add_argument(
        "--format",
        choices=["markdown", "providers", "json"],
        default="markdown",
        help="markdown: Zusammenfassung; providers: zu liefernde KURSNET-Projekte; json",
    )
    command.add_argument("--preview-url", default=None, help="Adresse der Vorschau (Standard: $OFFERS_PREVIEW_URL)")
    command.set_defaults(handler=_summary)
