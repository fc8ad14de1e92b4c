"""Characters nobody can see: their German names, and which of them the catalogue refuses.

Offer texts are pasted from Word, PDFs and web pages and bring invisible characters along. A
message that only says "ungültig" leaves the author staring at a line that looks right, so every
such character is named ("ein geschütztes Leerzeichen (U+00A0)") and its column given. The
loader and ``offers new`` share these lists, so that what one writes the other reads.
"""

from __future__ import annotations

import re
import unicodedata

# Overrides and isolates can reorder what a reader sees ("Trojan Source"); refused everywhere.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Invisible, or a space that looks like an ordinary one. Refused in field names and in fields whose
# values are codes (ids, postal codes, e-mail addresses, links, dates, list choices).
SPECIAL_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
ZERO_WIDTH = "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u2028\u2029"

# In running text most of these are harmless or even deliberate (a non-breaking space in
# "§ 7 BQFG", a soft hyphen, a joiner inside an emoji). These few only ever hide something
# (a word that search no longer finds, a line break nobody sees), so prose gets a warning.
PROSE_WARNING = "\u061c\u180e\u200b\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u2028\u2029"

_NAMES = {
    "\t": "ein Tabulator",
    "\n": "ein Zeilenumbruch",
    "\r": "ein Wagenrücklauf (Zeilenende aus Windows oder altem Mac)",
    "\x85": "ein Zeilenumbruch-Steuerzeichen (NEL)",
    "\u00a0": "ein geschütztes Leerzeichen",
    "\u00ad": "ein weiches Trennzeichen",
    "\u061c": "eine unsichtbare arabische Schreibrichtungsmarke",
    "\u180e": "ein unsichtbares mongolisches Trennzeichen",
    "\u2007": "ein Ziffernleerzeichen",
    "\u2009": "ein schmales Leerzeichen",
    "\u200b": "ein unsichtbares Leerzeichen ohne Breite",
    "\u200c": "ein unsichtbarer Bindungsverhinderer",
    "\u200d": "ein unsichtbarer Verbinder ohne Breite",
    "\u200e": "eine unsichtbare Links-nach-rechts-Marke",
    "\u200f": "eine unsichtbare Rechts-nach-links-Marke",
    "\u2028": "ein Zeilentrennzeichen",
    "\u2029": "ein Absatztrennzeichen",
    "\u202a": "ein unsichtbares Schreibrichtungszeichen „Links-nach-rechts-Einbettung“",
    "\u202b": "ein unsichtbares Schreibrichtungszeichen „Rechts-nach-links-Einbettung“",
    "\u202c": "ein unsichtbares Schreibrichtungszeichen „Ende der Einbettung“",
    "\u202d": "ein unsichtbares Schreibrichtungszeichen „Links-nach-rechts-Überschreibung“",
    "\u202e": "ein unsichtbares Schreibrichtungszeichen „Rechts-nach-links-Überschreibung“",
    "\u202f": "ein schmales geschütztes Leerzeichen",
    "\u2060": "ein unsichtbarer Wortverbinder",
    "\u2066": "ein unsichtbares Schreibrichtungszeichen „Links-nach-rechts-Isolierung“",
    "\u2067": "ein unsichtbares Schreibrichtungszeichen „Rechts-nach-links-Isolierung“",
    "\u2068": "ein unsichtbares Schreibrichtungszeichen „erste starke Isolierung“",
    "\u2069": "ein unsichtbares Schreibrichtungszeichen „Ende der Isolierung“",
    "\u3000": "ein breites (ostasiatisches) Leerzeichen",
    "\ufeff": "eine unsichtbare Byte-Order-Markierung (BOM)",
    "\ufffe": "ein ungültiges Zeichen",
    "\uffff": "ein ungültiges Zeichen",
}

# Never allowed in an offer file, written or escaped: C0/C1 control characters other than tab and
# line breaks (invisible, and illegal in the XML feeds), lone surrogates (PyYAML's pure-Python
# scanner lets "\uD800" through), non-characters, and the bidi controls.
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff" + BIDI_CONTROLS + "]")
# Refused anywhere in the raw file: the above plus line breaks YAML 1.1 knows and editors do not
# show (NEL, U+2028, U+2029), which would split a line where nobody sees a break.
REFUSED_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029" + BIDI_CONTROLS + "]")
# Anything worth a second look in a value; one search per value keeps the common case fast.
SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff" + BIDI_CONTROLS + SPECIAL_SPACES + ZERO_WIDTH + "]"
)
INVISIBLE = frozenset(SPECIAL_SPACES + ZERO_WIDTH)


def describe(char: str) -> str:
    """German name plus code point, e.g. ``ein geschütztes Leerzeichen (U+00A0)``."""
    name = _NAMES.get(char)
    if name is None:
        if char in SPECIAL_SPACES:
            name = "ein besonderes Leerzeichen"
        elif unicodedata.category(char) == "Cc":
            name = "ein unsichtbares Steuerzeichen"
        elif unicodedata.category(char) == "Cs":
            name = "ein ungültiges Zeichen"
        else:
            name = "ein unsichtbares Zeichen"
    return f"{name} (U+{ord(char):04X})"


def removal_hint(char: str) -> str:
    """What to do about one character, in the author's terms."""
    if char in SPECIAL_SPACES:
        return "Das Zeichen durch ein normales Leerzeichen ersetzen (oder entfernen, wo keins hingehört)."
    why = (
        "Solche Zeichen ändern die Reihenfolge, in der ein Text angezeigt wird: er sähe anders aus, "
        "als er gespeichert ist. "
        if char in BIDI_CONTROLS
        else ""
    )
    return (
        why + "Das Zeichen entfernen: im Editor an die Stelle gehen, die Zeichen links und rechts davon "
        "löschen und neu tippen (es kommt oft beim Kopieren aus Word, PDF oder Webseiten mit)."
    )
