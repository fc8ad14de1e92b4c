"""Faults outside the offer files, told as German sentences: bad settings and OS errors.

The people who run ``offers`` and the build are not programmers; a traceback or Python's English
``strerror`` ("No space left on device") tells them nothing. Every OS error they can meet (full
disk, read-only folder, missing permission, a folder where a file is expected) is put into one
sentence that names the path and what to do.
"""

from __future__ import annotations

import errno
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

EXIT_FAILED = 1
EXIT_USAGE = 2


class SettingError(Exception):
    """An environment variable or option value is not in the expected form; German message (exit 2)."""


# errno → German reason: a short main clause that follows "„<path>“ lässt sich nicht lesen: …".
_REASONS: dict[int, str] = {
    errno.ENOSPC: "der Datenträger ist voll",
    errno.EROFS: "der Datenträger ist schreibgeschützt",
    errno.EACCES: "die Berechtigung fehlt",
    errno.EPERM: "die Berechtigung fehlt",
    errno.ENOENT: "den Pfad gibt es nicht",
    errno.EISDIR: "das ist ein Ordner, keine Datei",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.EEXIST: "es gibt dort schon etwas mit diesem Namen",
    errno.ENOTEMPTY: "der Ordner ist nicht leer",
    errno.EIO: "der Datenträger meldet einen Lese- oder Schreibfehler",
    errno.ENAMETOOLONG: "der Name ist zu lang",
    errno.ELOOP: "eine Verknüpfung zeigt im Kreis",
    errno.EMFILE: "es sind zu viele Dateien gleichzeitig geöffnet",
    errno.ENFILE: "es sind zu viele Dateien gleichzeitig geöffnet",
    errno.EBUSY: "der Pfad wird gerade von einem anderen Programm benutzt",
    errno.EXDEV: "Quelle und Ziel liegen auf verschiedenen Datenträgern",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "der zugeteilte Speicherplatz ist aufgebraucht"

_HINTS: dict[int, str] = {
    errno.ENOSPC: "Platz schaffen (alte Dateien löschen) und noch einmal versuchen.",
    errno.EROFS: "Einen anderen Zielordner wählen oder den Datenträger beschreibbar machen.",
    errno.EACCES: "Einen Ordner wählen, in dem Sie schreiben dürfen, oder die Rechte prüfen lassen.",
    errno.EPERM: "Einen Ordner wählen, in dem Sie schreiben dürfen, oder die Rechte prüfen lassen.",
}


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, as a German clause (never Python's English strerror)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    name = errno.errorcode.get(exc.errno or 0)
    return f"das Betriebssystem meldet den Fehler {name}" if name else "das Betriebssystem meldet einen Fehler"


def os_hint(exc: OSError) -> str:
    return _HINTS.get(exc.errno or 0, "")


def os_error_sentence(exc: OSError, path: Path | str | None = None, action: str = "lesen") -> str:
    """``„<path>“ lässt sich nicht <action>: <reason>. <hint>`` – the path given, else the one in ``exc``."""
    where = path if path is not None else (exc.filename or "")
    subject = f"„{where}“ lässt sich nicht {action}" if where else f"Eine Datei lässt sich nicht {action}"
    hint = os_hint(exc) if action != "lesen" else ""
    return f"{subject}: {os_reason(exc)}." + (f" {hint}" if hint else "")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_from_env(name: str) -> date | None:
    """A date setting in the form JJJJ-MM-TT, or None when unset; SettingError otherwise."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise SettingError(
            f"Die Umgebungsvariable {name} hat den Wert „{value}“; erwartet wird ein Datum in der Form "
            f"JJJJ-MM-TT, z. B. {name}=2026-11-26 (oder die Variable weglassen: dann gilt das heutige Datum)."
        ) from None


_INTEGER = re.compile(r"[0-9]+")


def epoch_from_env(name: str) -> datetime | None:
    """A Unix timestamp setting (whole seconds since 1970, UTC), or None when unset; SettingError otherwise."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        if not _INTEGER.fullmatch(value):
            raise ValueError(value)
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise SettingError(
            f"Die Umgebungsvariable {name} hat den Wert „{value}“; erwartet wird eine ganze Zahl: die Sekunden "
            f"seit dem 1.1.1970 (UTC), z. B. {name}=1795000000 (oder die Variable weglassen: dann gilt die Zeit "
            "des letzten Commits)."
        ) from None


def fault_sentence(exc: SettingError | OSError) -> str:
    """The German sentence for a bad setting or an OS error (for callers that catch both)."""
    return os_error_sentence(exc) if isinstance(exc, OSError) else str(exc)
