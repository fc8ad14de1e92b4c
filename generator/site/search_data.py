"""What the catalogue's search needs besides Pagefind's index, shipped as two small static JSON files.

Pagefind matches words, not meanings: an adviser types "Krankenschwester" where offers say
"Pflegefachkraft", and Pagefind's fallback (a word that is not in the index is replaced by its
longest prefix that is, so "Zahnmedizin" finds the "z" of "z. B.") makes hits out of nothing.
``search.js`` fixes that at query time and needs:

- ``assets/data/suche.json`` (loaded with the first search): synonym groups from
  ``data/synonyms.yaml`` (hand-made, extended by QTV staff, each group completed with the
  occupation names the offers carry for its KldB code), the stop words that never make a hit on
  their own, and after Pagefind ran, the list of Pagefind page ids in the order of the sorted
  offer ids, so results can be ranked by Pagefind's score without loading one fragment per hit;
- ``assets/data/suchbegriffe.json`` (loaded only when a search finds nothing): the words of
  titles, keywords, occupations and synonyms, for the "Meinten Sie …?" suggestion.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from generator.model import Catalogue
from generator.problems import field_path
from generator.yaml_loader import YamlError, load_yaml

# Shipped inside the package (in the repository a link to the top-level data/ that QTV staff edit).
SYNONYMS_FILE = Path(__file__).resolve().parents[1] / "synonyms" / "synonyms.yaml"
SYNONYMS_SCHEMA = SYNONYMS_FILE.with_name("synonyms.schema.json")
SEARCH_DATA_URI = "assets/data/suche.json"
TERMS_URI = "assets/data/suchbegriffe.json"
PAGEFIND_DIR = "pagefind"
# Occupation names too general to stand for one group ("Fachkraft für Lagerlogistik" must not
# make every "Fachkraft" a warehouse worker).
GENERIC_NAMES = {"fachkraft", "fachkräfte", "helfer", "helferin", "assistent", "assistentin", "fachmann", "fachfrau"}
MIN_TERM = 4  # shorter words make poor suggestions ("Bau" would be suggested for "Bus")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß-]*[A-Za-zÄÖÜäöüß]")


class SearchDataError(ValueError):
    """The synonym file is unreadable or breaks its schema; the message is German and names file and line."""


@dataclass(frozen=True)
class Synonyms:
    """The groups (each with an optional KldB code) and stop words of ``data/synonyms.yaml``."""

    groups: tuple[tuple[str | None, tuple[str, ...]], ...]
    stop_words: tuple[str, ...]


@lru_cache(maxsize=4)
def load_synonyms(path: Path = SYNONYMS_FILE) -> Synonyms:
    """Read and check the synonym file; a missing file means no synonyms (an installed package)."""
    if not path.exists():
        return Synonyms(groups=(), stop_words=())
    try:
        loaded = load_yaml(path)
    except YamlError as exc:
        p = exc.problem
        raise SearchDataError(f"{path}, Zeile {p.line}: {p.message}") from None
    schema = json.loads(SYNONYMS_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(loaded.data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        line = loaded.position_of(tuple(first.path)).line
        where = field_path(tuple(first.path)) or "(ganze Datei)"
        raise SearchDataError(f"{path}, Zeile {line}, Feld {where}: {_german(first)}")
    data = loaded.data
    groups = tuple((g.get("kldb"), tuple(g["terms"])) for g in data["groups"])
    return Synonyms(groups=groups, stop_words=tuple(data["stop_words"]))


def _german(error: jsonschema.ValidationError) -> str:
    """A plain German sentence for the schema rules this file uses."""
    rule = error.validator
    if rule == "pattern":
        return (
            f"„{error.instance}“ ist kein zulässiges Wort (nur Buchstaben und Bindestrich, "
            "3 bis 60 Zeichen; Stoppwörter klein geschrieben)."
        )
    if rule == "required":
        return f"Hier fehlt ein Pflichtfeld: {error.message.split()[0]}."
    if rule == "additionalProperties":
        return f"Unbekanntes Feld: {error.message}. Erlaubt sind groups, stop_words, terms, kldb."
    if rule == "uniqueItems":
        return "Ein Wort steht doppelt in der Liste."
    if rule == "minItems":
        return "Eine Gruppe braucht mindestens zwei Wörter."
    if rule == "type":
        return f"Falsche Art von Wert (erwartet: {error.validator_value})."
    return f"Regel „{rule}“ verletzt: {error.message}"


def occupation_words(name: str) -> list[str]:
    """Single-word occupation names in a BA title: "Pflegefachfrau/Pflegefachmann" → both words."""
    words = []
    for part in name.split("/"):
        part = re.split(r"\s[–(-]|\s(?:für|im|in)\s", part)[0].strip()
        if " " not in part and _WORD.fullmatch(part) and part.casefold() not in GENERIC_NAMES and len(part) >= MIN_TERM:
            words.append(part)
    return words


def synonym_groups(catalogue: Catalogue, synonyms: Synonyms) -> list[list[str]]:
    """The groups of the file, each completed with the catalogue's occupation names of its KldB code."""
    by_code: dict[str, list[str]] = {}
    for offer in catalogue.offers:
        for occupation in offer.data["profession"].get("occupations", []):
            if occupation.get("kldb"):
                by_code.setdefault(occupation["kldb"], []).extend(occupation_words(occupation["name"]))
    groups = []
    for code, terms in synonyms.groups:
        merged = list(terms) + (by_code.get(code, []) if code else [])
        groups.append(list(dict.fromkeys(merged)))
    return groups


def suggestion_terms(catalogue: Catalogue, groups: list[list[str]]) -> list[str]:
    """Words worth suggesting: from titles, keywords, occupations and synonyms of listed offers."""
    texts: list[str] = []
    for offer in catalogue.listed():
        d = offer.data
        texts.append(d["title"])
        texts += d.get("keywords", [])
        texts += [o["name"] for o in d["profession"].get("occupations", [])]
    # A group's words only where the catalogue has one of them: "Dolmetscher" suggested for
    # "Dolmetcher" would lead to nothing.
    present = {w.casefold() for t in texts for w in _WORD.findall(t)}
    texts += [t for g in groups if any(w.casefold() in present for w in g) for t in g]
    seen: dict[str, str] = {}
    for text in texts:
        for word in _WORD.findall(text):
            word = word.strip("-")
            if len(word) >= MIN_TERM and "-" not in word:
                seen.setdefault(word.casefold(), word)
    return sorted(seen.values(), key=str.casefold)


def search_assets(catalogue: Catalogue, synonyms: Synonyms | None = None) -> dict[str, bytes]:
    """The two JSON files of the search, as site assets."""
    synonyms = load_synonyms() if synonyms is None else synonyms
    groups = synonym_groups(catalogue, synonyms)
    data = {"groups": groups, "stop_words": list(synonyms.stop_words)}
    return {
        SEARCH_DATA_URI: _json(data),
        TERMS_URI: _json(suggestion_terms(catalogue, groups)),
    }


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_fragment(path: Path) -> dict[str, Any]:
    """One Pagefind fragment: gzip, a signature, then the JSON that ``result.data()`` returns."""
    raw = gzip.decompress(path.read_bytes())
    return json.loads(raw[raw.index(b"{") :])


def write_page_map(site_dir: Path) -> None:
    """Add Pagefind's page ids, ordered by offer id, to ``suche.json`` (after Pagefind has run).

    The browser sorts the offer ids of the catalogue's cards the same way, so the n-th id here
    is the n-th offer: one short string instead of a fragment download per hit.
    """
    data_file = site_dir / SEARCH_DATA_URI
    fragments = site_dir / PAGEFIND_DIR / "fragment"
    if not data_file.exists() or not fragments.is_dir():
        return
    pages: dict[str, str] = {}
    for path in fragments.glob("*.pf_fragment"):
        offer_ids = read_fragment(path).get("filters", {}).get("angebot", [])
        if offer_ids:
            pages[offer_ids[0]] = path.name.removesuffix(".pf_fragment")
    data = json.loads(data_file.read_text(encoding="utf-8"))
    data.update(pack_pages([pages[offer_id] for offer_id in sorted(pages)]))
    data_file.write_bytes(_json(data))


_PAGE_ID = re.compile(r"([a-z-]+_)([0-9a-f]{7})")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def pack_pages(page_ids: list[str]) -> dict[str, str]:
    """Page ids as short as the first search's byte budget needs them.

    Pagefind names fragments ``<language>_<7 hex digits>``: 28 bits, five base-64 letters each
    (10 KB for 2,000 offers instead of 22 KB spelled out; the search no longer loads Pagefind's
    filter index, which this replaces). Ids of any other shape are written out, space-separated.
    """
    matches = [_PAGE_ID.fullmatch(p) for p in page_ids]
    prefixes = {m.group(1) for m in matches if m}
    if not page_ids or not all(matches) or len(prefixes) != 1:
        return {"pages": " ".join(page_ids)}
    packed = []
    for m in matches:
        assert m is not None  # all() above
        n = int(m.group(2), 16)
        packed.append("".join(_B64[(n >> shift) & 63] for shift in (24, 18, 12, 6, 0)))
    return {"page_prefix": prefixes.pop(), "pages_packed": "".join(packed)}
