"""Text KURSNET can show: typographic punctuation made plain, letters outside Latin-9 found.

KURSNET files are ISO-8859-15 (Latin-9) like the BA's own. Typographic punctuation that authors
paste from Word (en dash, curly quotes, ellipsis) is not in Latin-9; written into the file it
becomes a numeric reference (``&#8211;``) whose display in KURSNET is undocumented. It has a plain
equivalent, so it is transliterated – for KURSNET only; the site keeps the author's typography.
Letters without an equivalent (Arabic or Cyrillic names, emoji) are kept as references, and the
pre-flight check warns at the YAML line so that the author can decide.

Pure Python: ``offers validate`` uses it through the pre-flight check.
"""

from __future__ import annotations

import unicodedata

ENCODING = "iso-8859-15"

# Typographic punctuation → plain Latin-9 text. « » and the no-break space are Latin-9 and stay.
PUNCTUATION = {
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",  # horizontal bar
    "\u2212": "-",  # minus sign
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2039": "'",
    "\u203a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2026": "...",
    "\u2022": "-",  # bullet
    "\u2023": "-",
    "\u2043": "-",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2122": "(TM)",
    "\u2009": " ",  # thin space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u2002": " ",
    "\u2003": " ",
}
_TABLE = str.maketrans(PUNCTUATION)


def transliterate(text: str) -> str:
    """Typographic punctuation replaced by its plain Latin-9 form; everything else unchanged."""
    return text.translate(_TABLE)


def in_latin9(char: str) -> bool:
    try:
        char.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def outside_latin9(text: str) -> list[str]:
    """Characters (in order of first appearance) that stay numeric references after
    transliteration: letters of other scripts, emoji, rare symbols. Control characters are not
    listed here (the export removes them)."""
    if text.isascii():  # the common case, ~100x faster than asking per character
        return []
    text = unicodedata.normalize("NFC", transliterate(text))
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        pass
    else:
        return []
    found: dict[str, None] = {}
    for char in text:
        if ord(char) >= 0x20 and not in_latin9(char):
            found.setdefault(char, None)
    return list(found)


def describe(chars: list[str], limit: int = 5) -> str:
    """„😀“ (U+1F600 GRINNING FACE), … – for a German message; Unicode's own names, as the
    German names of thousands of characters are not at hand."""
    parts = []
    for char in chars[:limit]:
        name = unicodedata.name(char, "")
        parts.append(f"„{char}“ (U+{ord(char):04X}{' ' + name if name else ''})")
    more = len(chars) - limit
    return ", ".join(parts) + (f" und {more} weitere" if more > 0 else "")
