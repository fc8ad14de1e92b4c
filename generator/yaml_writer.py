"""Write one text value so that our loader reads back exactly that text.

``offers new`` fills a template with what the author typed, and the validator's hints show the
author how to quote their own text. Both go through ``quote_scalar``, so a title with a
backslash, quotes, a colon or a ``#`` is written as text, never as YAML syntax.
"""

from __future__ import annotations

import unicodedata

import yaml

from generator.characters import BIDI_CONTROLS, INVISIBLE


def _readable(text: str) -> bool:
    """True when every character can stand in quotes as it is (nothing to escape, nothing hidden)."""
    return all(
        ch not in INVISIBLE and ch not in BIDI_CONTROLS and unicodedata.category(ch) not in ("Cc", "Cs", "Cn")
        for ch in text
    )


def quote_scalar(text: str) -> str:
    """``text`` as one quoted YAML scalar on one line.

    Prefers what a person reads most easily: ``"…"`` when the text holds neither ``"`` nor ``\\``,
    otherwise ``'…'`` (where a backslash is just a backslash). Anything with characters that
    must be escaped goes through PyYAML's own emitter in double-quoted style; invisible
    characters, which the emitter would write as they are, become visible ``\\uXXXX`` escapes
    (every character left in the emitter's output is text inside the quotes, so this is safe).
    """
    if _readable(text):
        if '"' not in text and "\\" not in text:
            return f'"{text}"'
        return "'" + text.replace("'", "''") + "'"
    dumped = yaml.dump(text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=2**30)
    dumped = dumped.rstrip("\n").removesuffix("\n...")
    return "".join(f"\\u{ord(ch):04X}" if ch in INVISIBLE or ch in BIDI_CONTROLS else ch for ch in dumped)
