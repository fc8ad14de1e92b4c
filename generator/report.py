"""Render a list of Problems for people (text), programs (json) and GitHub Actions (github)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from generator.problems import Problem


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def render_text(problems: list[Problem], files_checked: int | None = None, show_warnings: bool = True) -> str:
    """German report: one block per problem, then a summary line (which always counts warnings).

    A problem on line 0 concerns a whole file or folder (not read, unreadable): no position.
    """
    lines = []
    for p in problems:
        if not (show_warnings or p.is_error):
            continue
        label = "Fehler" if p.is_error else "Warnung"
        where = _rel(p.file) + (f":{p.line}:{p.column}" if p.line else "")
        field = f" [{p.field}]" if p.field else ""
        lines.append(f"{where}: {label}{field}: {p.message}")
        if p.hint:
            lines.append(f"    → {p.hint}")
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = f"{_count(files_checked, 'Datei', 'Dateien')} geprüft: " if files_checked is not None else ""
    if errors:
        summary = f"{files}{errors} Fehler, {_count(warnings, 'Warnung', 'Warnungen')}. Bitte die Fehler beheben."
    elif warnings:
        summary = f"{files}keine Fehler, {_count(warnings, 'Warnung', 'Warnungen')}."
    else:
        summary = f"{files}alles in Ordnung."
    lines.append(summary)
    return "\n".join(lines)


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def render_json(problems: list[Problem], files_checked: int | None = None, show_warnings: bool = True) -> str:
    return json.dumps(
        {
            "files_checked": files_checked,
            "errors": sum(p.is_error for p in problems),
            "warnings": sum(not p.is_error for p in problems),
            "problems": [
                {
                    "file": _rel(p.file),
                    "line": p.line,
                    "column": p.column,
                    "field": p.field,
                    "severity": p.severity,
                    "message": p.message,
                    "hint": p.hint,
                    "code": p.code,
                }
                for p in problems
                if show_warnings or p.is_error
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: list[Problem], files_checked: int | None = None, show_warnings: bool = True) -> str:
    """GitHub Actions workflow commands: annotations on the right file and line."""
    lines = []
    for p in problems:
        if not (show_warnings or p.is_error):
            continue
        level = "error" if p.is_error else "warning"
        title = f"{p.field}" if p.field else "Angebotsdatei"
        message = p.message + (f"\n{p.hint}" if p.hint else "")
        position = f",line={p.line},col={p.column}" if p.line else ""  # line 0: about the whole file
        lines.append(
            f"::{level} file={_escape_property(_rel(p.file))}{position},"
            f"title={_escape_property(title)}::{_escape_data(message)}"
        )
    lines.append(render_text(problems, files_checked).splitlines()[-1])
    return "\n".join(lines)


REPORTERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
}
