"""Parts of German compound words, so that full-text search finds "Buchhaltung" in "Finanzbuchhaltung".

Neither Pagefind nor Material's search split compounds (FIELD-NOTES), and advisers type the
short word ("Pflege", "Logistik") while offers use the long one ("Altenpflegehilfe",
"Lagerlogistik"). We split with ``compound-split`` (CharSplit's n-gram model, shipped with the
package) at build time and index the parts as extra, low-weight words of the page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

MIN_WORD = 10  # shorter words are rarely compounds and split badly ("Mentoring" → "Mento" + "Ring")
# Longer runs of letters are no words (the longest German ones have ~60 letters), and the
# splitter's time grows with the cube of the length: 2,000 letters would stall the build.
MAX_WORD = 64
MIN_PART = 4
MIN_HEAD = 5
MIN_SCORE = -0.6
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
# Endings the model sometimes cuts off as if they were words (Teilnehmer|innen, Sicher|heits…).
NOT_WORDS = {"innen", "ungen", "heits", "keits", "heiten", "keiten", "schaften"}


@lru_cache(maxsize=1)
def _splitter() -> Any:
    """The n-gram model, loaded on first use: its import costs ~3 s and ~365 MB, which a build
    whose offer pages all come from the cache never needs to pay."""
    # adapter choice: imported lazily, only when a word is really split
    from compound_split import char_split

    return char_split


def preload_splitter() -> None:
    """Load the model now (before worker processes fork, so they share it)."""
    _splitter()


@lru_cache(maxsize=20_000)
def split_word(word: str) -> tuple[str, ...]:
    """Inner parts of one noun that a prefix search would not reach, split recursively.

    Pagefind already matches prefixes ("Anerkennung" finds "Anerkennungsverfahren"), so only
    the heads are needed: "Finanzbuchhaltung" → "Buchhaltung", "Haltung"... but not "Finanz".
    """
    if not MIN_WORD <= len(word) <= MAX_WORD or not word[0].isupper():
        return ()
    candidates = _splitter().split_compound(word)
    if not candidates:
        return ()
    score, modifier, head = candidates[0]
    if score < MIN_SCORE or len(modifier) < MIN_PART or len(head) < MIN_HEAD:
        return ()
    parts = [head, *split_word(head), *split_word(modifier)]
    return tuple(dict.fromkeys(p.capitalize() for p in parts if p.casefold() not in NOT_WORDS))


def compound_parts(texts: Iterable[str]) -> list[str]:
    """Parts of the compounds in the texts that do not already occur there as words, sorted."""
    words = {w for text in texts for w in _WORD.findall(text)}
    present = {w.casefold() for w in words}
    parts = {p for w in words for p in split_word(w) if p.casefold() not in present}
    return sorted(parts, key=str.casefold)


def offer_texts(data: dict[str, Any]) -> list[str]:
    """The texts of an offer that people search in."""
    texts = [data["title"], data["summary"], data["description"], data["target_group"]]
    texts += [o["name"] for o in data["profession"].get("occupations", [])]
    texts += [m[k] for m in data.get("modules", []) for k in ("title", "content") if k in m]
    texts += data.get("keywords", [])
    texts.append(data["outcome"]["title"])
    return texts
