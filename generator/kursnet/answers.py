"""How the answers of KURSNET's upload service are read: the one place to change them.

The service description (WSDL) only says that ``upload`` returns a string; what that string says
on success or failure is not documented. A false success is the expensive mistake (offers vanish
from the Bundesagentur's portal and nobody notices), so the reading is strict: an answer counts
as success only when it matches the success form below *and* names no error. Everything else –
an error text in an HTTP 200 answer, an empty or unknown answer – is a failure, shown in full.

Assumed success form (to be confirmed with the first real check upload and then adjusted here,
nowhere else): the text starts with "Datei fehlerfrei geprüft" (action 1, check only) or
"Datei fehlerfrei gespeichert" (action 2, check and store). The local stand-in service in
``tests/test_publish_cli.py`` answers in exactly that form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTION_CHECK = 1
ACTION_STORE = 2

SUCCESS = {
    ACTION_CHECK: re.compile(r"^\s*Datei fehlerfrei geprüft\b", re.IGNORECASE),
    ACTION_STORE: re.compile(r"^\s*Datei fehlerfrei gespeichert\b", re.IGNORECASE),
}
# Words that make any answer a failure, even one that starts like a success.
ERROR_WORDS = re.compile(
    r"\bfehler(?!frei)|\bfehlerhaft|\bungültig|\bnicht valide|\babgelehnt|\bnichts wurde gespeichert"
    r"|\bnicht gespeichert|\berror\b|\bexception\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Answer:
    """The service's answer text and how it was read."""

    ok: bool
    text: str
    reason: str = ""  # German, why it is not a success


def read_upload_answer(text: str | None, action: int) -> Answer:
    """Success only for the assumed success form of this action without any error word."""
    body = (text or "").strip()
    if not body:
        return Answer(False, body, "KURSNET hat eine leere Antwort geschickt.")
    if ERROR_WORDS.search(body):
        return Answer(False, body, "KURSNET meldet Fehler.")
    if not SUCCESS[action].search(body):
        return Answer(
            False,
            body,
            "Die Antwort von KURSNET hat nicht die bekannte Form einer erfolgreichen "
            + ("Prüfung." if action == ACTION_CHECK else "Speicherung."),
        )
    return Answer(True, body)
