"""Text cleaning and byte encoding of KURSNET files.

KURSNET receives the file as base64 bytes, so the XML declaration must always describe the
bytes. lxml writes the declaration and the bytes together and turns every character that the
target encoding lacks (Arabic, Cyrillic, emoji in ISO-8859-15) into a numeric character
reference, which is valid XML and loses nothing. What lxml cannot do for us: XML 1.0 forbids
most control characters outright (the file would not parse), and the same visible text can
arrive in two Unicode forms (NFC/NFD), which would count differently against KURSNET's
character limits and make the diff see changes that are none.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree

from generator.kursnet.latin9 import transliterate

DEFAULT_ENCODING = "ISO-8859-15"  # what all BA-generated files declare
ENCODINGS = {
    "iso-8859-15": "ISO-8859-15",
    "latin-9": "ISO-8859-15",
    "latin9": "ISO-8859-15",
    "utf-8": "UTF-8",
    "utf8": "UTF-8",
}

# Characters XML 1.0 does not allow at all (tab, LF and CR are allowed), plus U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Lone surrogates cannot be encoded either (they only come from broken input).
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """NFC-normalised text without XML-illegal characters, typographic punctuation made plain
    (``latin9.transliterate``: KURSNET shows Latin-9; the site keeps the author's typography)."""
    text = transliterate(unicodedata.normalize("NFC", text))
    return _SURROGATES.sub("", _ILLEGAL.sub("", text))


def encoding_name(option: str | None) -> str:
    """Canonical name for the ``encoding`` option (None → ISO-8859-15); ValueError if unknown."""
    if not option:
        return DEFAULT_ENCODING
    key = option.strip().lower()
    if key not in ENCODINGS:
        raise ValueError(f"Unbekannte Zeichenkodierung „{option}“ (möglich: ISO-8859-15, UTF-8).")
    return ENCODINGS[key]


def serialise(root: etree._Element, encoding: str | None = None) -> bytes:
    """The document as bytes in ``encoding`` with a matching XML declaration."""
    name = encoding_name(encoding)
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding=name, pretty_print=True)
