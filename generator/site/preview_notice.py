"""The German notice a preview shows while an offer file is invalid (``mkdocs serve`` only).

A QTV person edits a file with the preview open in the browser. When the file is broken the
preview keeps showing the last good catalogue, and every page says so at the top: which file,
which line, what is wrong, so the person sees it without reading a terminal. The notice is
plain HTML with its own inline styles (it must show even if the site's CSS failed), inside
``<main>`` so that it sits in a landmark, and ``role="alert"`` so screen readers announce it.
"""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path

from generator.problems import Problem

NOTICE_ID = "iq-vorschau-hinweis"
MAX_LISTED = 20  # a broken file can give hundreds of problems; the first ones say where to start
_MAIN_OPEN = re.compile(r"<main\b[^>]*>")
_BODY_OPEN = re.compile(r"<body\b[^>]*>")
_OLD_NOTICE = re.compile(f"<!-- {NOTICE_ID} -->.*?<!-- /{NOTICE_ID} -->", re.S)
_BOX = (
    "margin:1rem auto;max-width:61rem;padding:1rem 1.25rem;border:3px solid #b00020;border-radius:4px;"
    "background:#fff4f4;color:#1a1a1a;font-size:.8rem;line-height:1.5"
)


def where(problem: Problem, root: Path) -> str:
    """``offers/x.yaml, Zeile 12`` (the path as the author finds it in the project)."""
    try:
        shown = os.path.relpath(problem.file, root)
    except ValueError:  # another drive (Windows)
        shown = str(problem.file)
    if shown.startswith(".."):
        shown = str(problem.file)
    return f"{shown}, Zeile {problem.line}" if problem.line else shown


def notice_html(problems: list[Problem], root: Path, fallback: str = "", has_previous: bool = True) -> str:
    """The notice for the errors among ``problems``; ``fallback`` (a German message) if there are none."""
    errors = [p for p in problems if p.is_error]
    stand = (
        "Die Vorschau zeigt den letzten fehlerfreien Stand der Angebote."
        if has_previous
        else "Die Angebote können erst angezeigt werden, wenn die Fehler behoben sind."
    )
    items = []
    for problem in errors[:MAX_LISTED]:
        field = f" <code>{escape(problem.field)}</code>:" if problem.field else ""
        hint = f"<br>→ {escape(problem.hint)}" if problem.hint else ""
        items.append(
            f"<li><strong>{escape(where(problem, root))}</strong>:{field} {escape(problem.message)}{hint}</li>"
        )
    if len(errors) > MAX_LISTED:
        items.append(
            f"<li>… und {len(errors) - MAX_LISTED} weitere Fehler (alle zeigt <code>offers validate</code>).</li>"
        )
    details = f"<ul>{''.join(items)}</ul>" if items else f"<pre>{escape(fallback)}</pre>"
    count = len(errors)
    heading = (
        f"Vorschau: {count} Fehler in den Angebotsdateien"
        if count
        else "Vorschau: Die Website konnte nicht neu gebaut werden"
    )
    return (
        f'<!-- {NOTICE_ID} --><div id="{NOTICE_ID}" role="alert" style="{_BOX}">'
        f'<p style="margin:0 0 .5rem;font-size:1rem"><strong>{escape(heading)}</strong></p>'
        f'<p style="margin:0">{stand} Sobald Sie die Datei korrigiert und gespeichert haben, '
        "lädt diese Seite neu und der Hinweis verschwindet.</p>"
        f"{details}</div><!-- /{NOTICE_ID} -->"
    )


def add_notice(page: str, notice: str) -> str:
    """``page`` with ``notice`` at the top of its ``<main>`` (or ``<body>``), replacing an older one.

    An empty ``notice`` removes the old one (the file was fixed).
    """
    page = _OLD_NOTICE.sub("", page)
    if not notice:
        return page
    found = _MAIN_OPEN.search(page) or _BODY_OPEN.search(page)
    at = found.end() if found else 0
    return page[:at] + notice + page[at:]


def mark_site(site_dir: Path, notice: str) -> int:
    """Put ``notice`` into (or, when empty, take it out of) every HTML page of a built site; returns how many."""
    changed = 0
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        marked = add_notice(text, notice)
        if marked != text:
            path.write_text(marked, encoding="utf-8")
            changed += 1
    return changed


def error_page_markdown() -> str:
    """A page for the catalogue's address while no good catalogue exists yet (the first build failed)."""
    return (
        "---\ntitle: Angebote finden\n---\n\n# Angebote finden\n\n"
        "Die Angebote können gerade nicht angezeigt werden, weil eine Angebotsdatei Fehler enthält. "
        "Oben auf dieser Seite steht, welche Datei und welche Zeile.\n"
    )
