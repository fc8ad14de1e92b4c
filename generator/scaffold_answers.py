"""How ``offers new`` reads one answer: a code, the German label it shows, or its list number.

A QTV person reads "3  Brückenmaßnahme (akademische Berufe)" and types "3", "Brückenmaßnahme"
or "bridge_measure"; all three mean the same. Labels are compared loosely (case, accents,
``ß``/``ss``, extra spaces, the bracketed part of a label) and a unique beginning is enough;
an answer that fits several values is refused with the candidates, never guessed. Wrong answers
raise ``AnswerError`` with a German sentence, so the wizard can say it and ask again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

_POSTAL_CODE = re.compile(r"[0-9]{5}", re.ASCII)
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*", re.ASCII)
_MIN_PREFIX = 3  # "Br" would be a guess; "Brü" is a choice


class AnswerError(ValueError):
    """An answer that cannot be used; the message is German and says what would be accepted."""


@dataclass(frozen=True)
class Choices:
    """The values a question offers, in the order they are shown (numbered from 1)."""

    labels: Mapping[str, str]  # code → German label (may equal the code)

    def numbered(self) -> list[str]:
        """The lines the wizard shows: number, code, label."""
        width = max((len(code) for code in self.labels), default=0)
        return [
            f"  {number:>2}  {code:<{width}}  {label}" if label != code else f"  {number:>2}  {code}"
            for number, (code, label) in enumerate(self.labels.items(), start=1)
        ]

    def pick(self, answer: str) -> str:
        """The code an answer means: list number, code, label, or the unique beginning of one."""
        text = answer.strip()
        codes = list(self.labels)
        if not text:
            raise AnswerError("Bitte eine Auswahl eingeben (Nummer, Kürzel oder Bezeichnung).")
        if text.isdigit():
            number = int(text)
            if 1 <= number <= len(codes):
                return codes[number - 1]
            raise AnswerError(f"Die Nummer {text} gibt es nicht; bitte eine Nummer von 1 bis {len(codes)} wählen.")
        wanted = _loose(text)
        names = {c: (_loose(c), _loose(self.labels[c]), _loose(_short(self.labels[c]))) for c in codes}
        rounds = [[c for c in codes if wanted in names[c]]]
        if len(wanted) >= _MIN_PREFIX:  # then the beginning of any word of a code or label
            rounds.append([c for c in codes if any(f" {wanted}" in f" {name}" for name in names[c][:2])])
        for found in rounds:
            if len(found) == 1:
                return found[0]
            if found:
                shown = "; ".join(f"{codes.index(c) + 1} = {self.labels[c]}" for c in found)
                raise AnswerError(f"„{text}“ passt zu mehreren Einträgen ({shown}). Bitte die Nummer eingeben.")
        raise AnswerError(
            f"„{text}“ steht nicht in der Liste. Bitte die Nummer, das Kürzel oder die Bezeichnung eingeben."
        )


def _short(label: str) -> str:
    """A label without its bracketed explanation: "Brückenmaßnahme (akademische Berufe)" → "Brückenmaßnahme"."""
    return re.sub(r"\s*\(.*?\)\s*", " ", label).strip()


def _loose(text: str) -> str:
    """Compare as a person reads: no case, no accents, ß = ss, punctuation and ``_`` as one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def offer_id_answer(answer: str, existing: set[str]) -> str:
    """A new offer's id: lower-case letters, digits and single hyphens, not yet used in the catalogue."""
    text = answer.strip()
    if not text:
        raise AnswerError("Bitte eine Kennung eingeben, z. B. pflege-anpassung-leipzig.")
    if not _SLUG.fullmatch(text):
        suggestion = slug(text)
        hint = f" Vorschlag: {suggestion}" if suggestion and suggestion != text else ""
        raise AnswerError(
            f"„{text}“ ist keine gültige Kennung: nur Kleinbuchstaben, Ziffern und einzelne Bindestriche "
            f"(keine Umlaute, keine Leerzeichen).{hint}"
        )
    if text in existing:
        raise AnswerError(f"Ein Angebot „{text}“ gibt es schon; bitte eine andere Kennung wählen.")
    return text


def slug(text: str) -> str:
    """An id made from free text: "Pflege in Köln" → "pflege-in-koeln" (German transliteration)."""
    lowered = text.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        lowered = lowered.replace(umlaut, spelled)
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(ch for ch in decomposed if ch.isascii() and not unicodedata.combining(ch))
    return "-".join(re.findall(r"[a-z0-9]+", ascii_only))


def postal_code_answer(answer: str) -> str:
    """A German postal code: five digits (spaces are dropped: "01 067" is 01067)."""
    text = "".join(answer.split())
    if not _POSTAL_CODE.fullmatch(text):
        raise AnswerError(f"„{answer.strip()}“ ist keine Postleitzahl: bitte fünf Ziffern eingeben, z. B. 01067.")
    return text


def text_answer(answer: str, what: str) -> str:
    """A one-line text that must not be empty (a title, a city)."""
    text = answer.strip()
    if not text:
        raise AnswerError(f"Bitte {what} eingeben.")
    return text
