"""Safe YAML loading with the line and column of every value.

QTV staff write the offer files by hand, so the loader is strict where YAML is surprising and
explains itself in German. It builds values straight from libyaml's event stream (no PyYAML
constructors), which gives us, in one bounded pass:

* positions for every key and value, so that every message can name file:line:column;
* YAML 1.2 scalar rules instead of YAML 1.1: ``no``/``on``/``yes`` stay text, ``8:30`` is not
  the number 510, unquoted dates stay text (the schema checks them with ``format: date``);
* refusal of anchors, aliases and merge keys (``&``, ``*``, ``<<``): offers never need them and
  they are the way to build "billion laughs" bombs;
* refusal of duplicate keys, several documents, deep nesting, huge, empty, binary and
  non-UTF-8 files. A UTF-8 byte order mark is tolerated.

The file is only ever read, never written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.problems import Problem

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 40
MAX_NODES = 50_000

Path_ = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?|[-+]?(0|[1-9][0-9]*)\.?[eE][-+]?[0-9]+|[-+]?(0|[1-9][0-9]*)\.")
# C0/C1 control characters other than tab and line breaks: invisible, and illegal in XML feeds.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class Position(NamedTuple):
    line: int
    column: int


@dataclass
class LoadedYaml:
    """A loaded document plus where each value and key stands in the file.

    ``positions`` maps a field path (keys and list indices) to the position of its value,
    ``key_positions`` to the position of its key; ``texts`` keeps the source text of every
    plain scalar that was read as a number, so that a value meant as text (a postal code like
    ``10115``) can be read back as the author wrote it.
    """

    path: Path
    data: Any
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    texts: dict[Path_, str] = field(default_factory=dict)
    plain_words: dict[Path_, str] = field(default_factory=dict)

    def position_of(self, path: Path_) -> Position:
        """Best position for a path: its value, else its key, else the nearest parent."""
        path = tuple(path)
        while True:
            if path in self.positions:
                return self.positions[path]
            if path in self.key_positions:
                return self.key_positions[path]
            if not path:
                return Position(1, 1)
            path = path[:-1]


class YamlError(Exception):
    """The file cannot be read as an offer file; carries one Problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _fail(path: Path, message: str, line: int = 1, column: int = 1, hint: str = "") -> YamlError:
    return YamlError(Problem(file=path, line=line, column=column, field="", message=message, hint=hint, code="yaml"))


def _plain_scalar(text: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema (not YAML 1.1)."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text) and any(ch.isdigit() for ch in text):
        value = float(text)
        if math.isfinite(value):
            return value
    return text


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a file as UTF-8 text, refusing what is not an offer file with a German message."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(path, f"Die Datei kann nicht gelesen werden ({exc.strerror}).") from exc
    if size > max_bytes:
        raise _fail(
            path,
            f"Die Datei ist zu groß ({size // 1024} KB, erlaubt sind höchstens {max_bytes // 1024} KB).",
            hint="Ein Angebot passt in eine kleine Textdatei. Ist versehentlich etwas anderes gespeichert?",
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise _fail(path, "Die Datei ist keine Textdatei (sie enthält Binärdaten).",
                    hint="Bitte die Angebotsdatei als reine Textdatei (UTF-8) speichern.")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(
            path,
            "Die Datei ist nicht in UTF-8 gespeichert (z. B. Umlaute aus Windows-1252 oder Latin-1).",
            line, column,
            hint="Im Editor „Speichern unter“ wählen und die Kodierung „UTF-8“ einstellen.",
        ) from exc
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _fail(path, "Die Datei ist leer.", hint="Mit „offers new“ eine Vorlage anlegen.")
    return text


def load_yaml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> LoadedYaml:
    """Load one YAML file with positions. Raises YamlError with a German explanation."""
    text = read_text(path, max_bytes)
    result = LoadedYaml(path=path, data=None)
    try:
        _build(path, text, result)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        line_text = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        raise _fail(path, _syntax_message(exc, line_text), line, column,
                    hint=_syntax_hint(exc, line_text)) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always marks its errors
        raise _fail(path, f"Die Datei ist kein gültiges YAML ({exc}).") from exc
    if not isinstance(result.data, dict):
        found = "eine Liste" if isinstance(result.data, list) else "ein einzelner Wert"
        raise _fail(path, f"Die Datei muss aus Feldern der Form „name: wert“ bestehen, gefunden wurde {found}.",
                    hint="Die erste Zeile eines Angebots ist z. B. „id: mein-angebot“.")
    return result


def _syntax_message(exc: yaml.MarkedYAMLError, line_text: str = "") -> str:
    problem = (exc.problem or "").strip()
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())]:
        return "Die Datei ist kein gültiges YAML: Die Zeile ist mit einem Tabulator eingerückt."
    translations = {
        "mapping values are not allowed": "Hier steht ein Doppelpunkt, wo keiner stehen darf.",
        "found character that cannot start any token": "Hier steht ein Zeichen, mit dem kein Wert beginnen darf.",
        "could not find expected ':'": "Es fehlt ein Doppelpunkt nach dem Feldnamen.",
        "found unexpected end of stream": "Die Datei endet mitten in einem Wert (fehlt ein Anführungszeichen?).",
        "did not find expected key": "Die Einrückung stimmt nicht: hier wurde ein Feldname erwartet.",
        "did not find expected '-' indicator": "Die Einrückung stimmt nicht: hier wurde ein Listeneintrag („- “) erwartet.",
        "found undefined alias": "Verweise mit * sind nicht erlaubt.",
        # PyYAML 6.0.4's C loader stops deep nesting itself, before our own depth check runs.
        "exceeded maximum nesting depth": f"Die Datei ist zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen).",
    }
    for english, german in translations.items():
        if problem.startswith(english):
            return f"Die Datei ist kein gültiges YAML: {german}"
    return f"Die Datei ist kein gültiges YAML: {problem or exc}."


def _syntax_hint(exc: yaml.MarkedYAMLError, line_text: str) -> str:
    problem = exc.problem or ""
    if "mapping values" in problem:
        return "Texte mit Doppelpunkt in Anführungszeichen setzen, z. B. title: \"Modul 1: Grundlagen\"."
    if "\t" in line_text:
        return "Zum Einrücken nur Leerzeichen verwenden, keine Tabulatoren."
    return "Einrückung (nur Leerzeichen) und Anführungszeichen in dieser und der vorigen Zeile prüfen."


def _build(path: Path, text: str, result: LoadedYaml) -> None:
    """Build Python values from the event stream with an explicit stack (no recursion).

    This loop runs for every value of every file, so it is written flat: positions are stored
    as Position tuples, and the container bookkeeping is inlined.
    """
    positions, key_positions = result.positions, result.key_positions
    texts, plain_words = result.texts, result.plain_words
    # Each frame: [container, path, pending key or _NO_KEY, {key: Position}]
    stack: list[list[Any]] = []
    documents = nodes = 0
    root: Any = None
    loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    node_events = (scalar_event, mapping_start, sequence_start)

    for event in yaml.parse(text, Loader=loader):
        cls = type(event)
        if cls not in node_events:
            if cls in collection_end:
                stack.pop()
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _fail(path, "Die Datei enthält mehr als ein YAML-Dokument („---“).", *_xy(event.start_mark),
                                hint="Pro Datei genau ein Angebot; die Zeile „---“ entfernen oder die Datei teilen.")
            elif cls is yaml.AliasEvent:
                raise _fail(path, "Verweise mit „*“ sind in Angebotsdateien nicht erlaubt.", *_xy(event.start_mark),
                            hint="Die Angaben bitte ausschreiben statt auf einen Anker (&) zu verweisen.")
            continue
        nodes += 1
        mark = event.start_mark
        if nodes > MAX_NODES:
            raise _fail(path, f"Die Datei enthält zu viele Einträge (mehr als {MAX_NODES}).", *_xy(mark))
        if event.anchor is not None:
            raise _fail(path, "Anker mit „&“ sind in Angebotsdateien nicht erlaubt.", *_xy(mark),
                        hint="Das „&name“ entfernen.")
        tag = event.tag
        if tag is not None and tag not in _ALLOWED_TAGS:
            raise _fail(path, f"Die Typangabe „{tag}“ ist nicht erlaubt.", *_xy(mark),
                        hint="Typangaben mit „!“ weglassen; Texte ggf. in Anführungszeichen setzen.")
        here = Position(mark.line + 1, mark.column + 1)
        is_scalar = cls is scalar_event
        if is_scalar:
            if _CONTROL.search(event.value):
                char = _CONTROL.search(event.value).group(0)
                raise _fail(path, f"Der Text enthält ein unsichtbares Steuerzeichen (U+{ord(char):04X}).", *_xy(mark),
                            hint="Das Zeichen entfernen (oft beim Kopieren aus PDF oder Word mitgekommen).")
            plain = not event.style and tag != "tag:yaml.org,2002:str" and event.implicit[0]
            value: Any = _plain_scalar(event.value) if plain else event.value
        else:
            if len(stack) >= MAX_DEPTH:
                raise _fail(path, f"Die Datei ist zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen).", *_xy(mark))
            plain = False
            value = {} if cls is mapping_start else []
        if not stack:
            root = value
            vpath: Path_ | None = ()
            positions[()] = here
        else:
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                vpath = frame[1] + (len(container),)
                container.append(value)
                positions[vpath] = here
            elif frame[2] is _NO_KEY:
                if not is_scalar:
                    raise _fail(path, "Ein Feldname darf keine Liste und keine Gruppe sein.", *_xy(mark))
                key = event.value if plain else value
                if key is None or key == "" or (plain and value is None) or isinstance(value, bool):
                    raise _fail(path, "Ein Feldname fehlt oder ist ungültig.", *_xy(mark))
                if key == "<<":
                    raise _fail(path, "Zusammenführen mit „<<“ ist in Angebotsdateien nicht erlaubt.", *_xy(mark),
                                hint="Die Angaben bitte ausschreiben.")
                seen = frame[3]
                if key in seen:
                    raise _fail(path, f"Das Feld „{key}“ steht doppelt (zuerst in Zeile {seen[key].line}).",
                                *_xy(mark), hint="Jedes Feld darf nur einmal vorkommen: die beiden Angaben zusammenführen.")
                seen[key] = here
                frame[2] = key
                key_positions[frame[1] + (key,)] = here
                continue
            else:
                key = frame[2]
                frame[2] = _NO_KEY
                vpath = frame[1] + (key,)
                container[key] = value
                positions[vpath] = here
        if is_scalar:
            if plain:
                if type(value) is str:
                    plain_words[vpath] = value
                elif value is not None and type(value) is not bool:
                    texts[vpath] = event.value
        else:
            stack.append([value, vpath, _NO_KEY, {}])
    result.data = root


_ALLOWED_TAGS = {"!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _xy(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()
