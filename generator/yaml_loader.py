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
from typing import Any

import yaml

from generator.problems import Problem

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 40
MAX_NODES = 50_000

Path_ = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?|[-+]?(0|[1-9][0-9]*)\.?[eE][-+]?[0-9]+|[-+]?(0|[1-9][0-9]*)\.")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@dataclass(frozen=True)
class Position:
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


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


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
    """Build Python values from the event stream with an explicit stack (no recursion)."""
    # Each frame: [container, path, pending_key, key_event_mark, seen_keys]
    stack: list[list[Any]] = []
    documents = 0
    nodes = 0
    root: Any = None

    def attach(value: Any, start: Any, is_container: bool, plain_text: str | None = None) -> Path_ | None:
        """Put a value into the current container; return its path (or None for a key)."""
        nonlocal root
        if not stack:
            root = value
            result.positions[()] = _pos(start)
            return ()
        frame = stack[-1]
        container, cpath = frame[0], frame[1]
        if isinstance(container, list):
            vpath = cpath + (len(container),)
            container.append(value)
            result.positions[vpath] = _pos(start)
            return vpath
        if frame[2] is _NO_KEY:
            if is_container:
                raise _fail(path, "Ein Feldname darf keine Liste und keine Gruppe sein.", *_xy(start))
            key = plain_text if plain_text is not None else value
            if key is None or isinstance(key, bool) or not isinstance(key, (str, int, float)):
                raise _fail(path, "Ein Feldname fehlt oder ist ungültig.", *_xy(start))
            key = str(key)
            if key == "<<":
                raise _fail(path, "Zusammenführen mit „<<“ ist in Angebotsdateien nicht erlaubt.", *_xy(start),
                            hint="Die Angaben bitte ausschreiben.")
            if key in frame[4]:
                first = frame[4][key]
                raise _fail(path, f"Das Feld „{key}“ steht doppelt (zuerst in Zeile {first.line}).", *_xy(start),
                            hint="Jedes Feld darf nur einmal vorkommen: die beiden Angaben zusammenführen.")
            frame[4][key] = _pos(start)
            frame[2] = key
            result.key_positions[cpath + (key,)] = _pos(start)
            return None
        key = frame[2]
        frame[2] = _NO_KEY
        vpath = cpath + (key,)
        container[key] = value
        result.positions[vpath] = _pos(start)
        return vpath

    for event in yaml.parse(text, Loader=yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _fail(path, "Die Datei enthält mehr als ein YAML-Dokument („---“).", *_xy(event.start_mark),
                            hint="Pro Datei genau ein Angebot; die Zeile „---“ entfernen oder die Datei teilen.")
            continue
        if isinstance(event, yaml.AliasEvent):
            raise _fail(path, "Verweise mit „*“ sind in Angebotsdateien nicht erlaubt.", *_xy(event.start_mark),
                        hint="Die Angaben bitte ausschreiben statt auf einen Anker (&) zu verweisen.")
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            nodes += 1
            if nodes > MAX_NODES:
                raise _fail(path, f"Die Datei enthält zu viele Einträge (mehr als {MAX_NODES}).", *_xy(event.start_mark))
            if event.anchor is not None:
                raise _fail(path, "Anker mit „&“ sind in Angebotsdateien nicht erlaubt.", *_xy(event.start_mark),
                            hint="Das „&name“ entfernen.")
            tag = event.tag
            if tag not in (None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                raise _fail(path, f"Die Typangabe „{tag}“ ist nicht erlaubt.", *_xy(event.start_mark),
                            hint="Typangaben mit „!“ weglassen; Texte ggf. in Anführungszeichen setzen.")
        if isinstance(event, yaml.ScalarEvent):
            plain = not event.style and event.tag != "tag:yaml.org,2002:str" and event.implicit[0]
            value = _plain_scalar(event.value) if plain else event.value
            vpath = attach(value, event.start_mark, False, plain_text=event.value if plain else None)
            if vpath is not None and plain:
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    result.texts[vpath] = event.value
                elif isinstance(value, str):
                    result.plain_words[vpath] = value
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise _fail(path, f"Die Datei ist zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen).",
                            *_xy(event.start_mark))
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            vpath = attach(container, event.start_mark, True)
            stack.append([container, vpath, _NO_KEY, None, {}])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    result.data = root


def _xy(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()
