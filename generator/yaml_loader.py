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
  non-UTF-8 files. A UTF-8 byte order mark is tolerated;
* invisible characters named, not just refused (``generator.characters``): control and
  text-direction characters anywhere, invisible characters and odd spaces in field names and in
  fields that hold codes; in running text, the ones that only hide something get a warning;
* warnings where YAML silently reads something other than what the author sees: a plain text
  followed by `` #…`` (the rest of the line is a comment) and a quoted text that runs over several
  lines and swallows the next field (an unclosed quote).

Syntax errors are explained in German by ``generator.yaml_syntax``. The file is only ever read,
never written.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.characters import (
    INVISIBLE,
    PROSE_WARNING,
    REFUSED,
    REFUSED_IN_FILE,
    SPECIAL_SPACES,
    SUSPECT,
    describe,
    removal_hint,
)
from generator.problems import Problem, field_path
from generator.yaml_syntax import PREFIX, explain
from generator.yaml_writer import quote_scalar

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 40
MAX_NODES = 50_000

Path_ = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(
    r"[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?|[-+]?(0|[1-9][0-9]*)\.?[eE][-+]?[0-9]+|[-+]?(0|[1-9][0-9]*)\."
)
_TRAILING_COMMENT = re.compile(r"[ \t]+#")
# A line with something other than a comment: the file is not empty (the full check is the slow path).
_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FIELD_LINE = re.compile(r"[ \t]*(?:-[ \t]+)?([a-z_][a-z0-9_]*):(?:[ \t]|$)")  # field names are lower case
LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
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
    warnings: list[Problem] = field(default_factory=list)
    source_sha256: str = ""  # of the bytes that were read, so nobody needs to read the file again

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


def _fail(path: Path, message: str, line: int = 1, column: int = 1, hint: str = "", field: str = "") -> YamlError:
    return YamlError(Problem(file=path, line=line, column=column, field=field, message=message, hint=hint, code="yaml"))


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
    return decode_text(path, read_bytes(path, max_bytes))


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes; a file larger than ``max_bytes`` is refused before it is read."""
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
    return path.read_bytes()


def decode_text(path: Path, raw: bytes) -> str:
    """The bytes of ``path`` as UTF-8 text, refusing binary, non-UTF-8 and empty files in German."""
    if b"\x00" in raw:
        raise _fail(
            path,
            "Die Datei ist keine Textdatei (sie enthält Binärdaten).",
            hint="Bitte die Angebotsdatei als reine Textdatei (UTF-8) speichern.",
        )
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
            line,
            column,
            hint="Im Editor „Speichern unter“ wählen und die Kodierung „UTF-8“ einstellen.",
        ) from exc
    if not text.strip() or (
        _CONTENT_LINE.search(text) is None
        and all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())
    ):
        raise _fail(path, "Die Datei ist leer.", hint="Mit „offers new“ eine Vorlage anlegen.")
    return text


def load_yaml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> LoadedYaml:
    """Load one YAML file with positions. Raises YamlError with a German explanation."""
    raw = read_bytes(path, max_bytes)
    text = decode_text(path, raw)
    refused = REFUSED_IN_FILE.search(text)
    if refused:
        char = refused.group(0)
        raise _fail(
            path,
            f"Hier steht {describe(char)}; solche Zeichen sind in Angebotsdateien nicht erlaubt.",
            *_position(text, refused.start()),
            hint=removal_hint(char),
        )
    result = LoadedYaml(path=path, data=None, source_sha256=hashlib.sha256(raw).hexdigest())
    try:
        _build(path, text, result)
    except yaml.MarkedYAMLError as exc:
        explained = explain(exc, text, LOADER, MAX_DEPTH)
        raise _fail(path, explained.message, explained.line, explained.column, hint=explained.hint) from exc
    except yaml.YAMLError as exc:  # a ReaderError; the check above finds these characters first
        raise _fail(
            path,
            PREFIX + "Die Datei enthält ein Zeichen, das nicht erlaubt ist.",
            *_position(text, getattr(exc, "position", 0)),
            hint="Das Zeichen entfernen (oft beim Kopieren aus PDF oder Word mitgekommen).",
        ) from exc
    if not isinstance(result.data, dict):
        found = "eine Liste" if isinstance(result.data, list) else "ein einzelner Wert"
        raise _fail(
            path,
            f"Die Datei muss aus Feldern der Form „name: wert“ bestehen, gefunden wurde {found}.",
            hint="Die erste Zeile eines Angebots ist z. B. „id: mein-angebot“.",
        )
    return result


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index, counting line breaks as YAML does."""
    line = len(_LINE_BREAK.findall(text, 0, index)) + 1
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return line, index - line_start + 1


@lru_cache(maxsize=1)
def code_fields() -> frozenset[str]:
    """Names of fields whose text is a code: the schema constrains it (pattern, format, list of choices).

    In these an invisible character or an odd space always breaks something (an id that does not
    match, an e-mail address that bounces, a link that leads nowhere), so it is an error there.
    """
    from generator.schema import SCHEMA_DIR, schema_set

    schemas = schema_set(SCHEMA_DIR)
    names: set[str] = set()
    seen: set[tuple[int, str]] = set()
    pending: list[tuple[Any, str, str]] = [(doc, doc["$id"], "") for doc in schemas.documents.values()]
    while pending:
        node, base, name = pending.pop()
        if not isinstance(node, dict) or (id(node), name) in seen:
            continue
        seen.add((id(node), name))
        node, base = schemas.resolve(node, base)
        if name and any(key in node for key in ("pattern", "format", "enum", "const")):
            names.add(name)
        pending += [(sub, base, prop) for prop, sub in node.get("properties", {}).items()]
        pending += [(node[key], base, name) for key in ("items", "if", "then", "else") if key in node]
        pending += [(sub, base, name) for key in ("oneOf", "anyOf", "allOf") for sub in node.get(key, [])]
    return frozenset(names)


def _char_position(text: str, event: Any, char: str) -> tuple[int, int]:
    """Where ``char`` stands in the source of a scalar; the scalar's start if it was written as an escape."""
    start = event.start_mark
    index = text.find(char, start.index, event.end_mark.index)
    return _position(text, index) if index >= 0 else (start.line + 1, start.column + 1)


def _check_characters(path: Path, text: str, event: Any, vpath: Path_, is_key: bool, warnings: list[Problem]) -> None:
    """Name invisible characters: an error in field names and codes, a warning where they only hide something."""
    value = event.value
    refused = REFUSED.search(value)
    where = field_path(vpath)
    if refused:
        char = refused.group(0)
        raise _fail(
            path,
            f"Der Text enthält {describe(char)}.",
            *_char_position(text, event, char),
            hint=removal_hint(char),
            field=where,
        )
    hidden = next((ch for ch in value if ch in INVISIBLE), None)
    if hidden is None:
        return
    name = next((part for part in reversed(vpath) if isinstance(part, str)), "")
    if is_key:
        raise _fail(
            path,
            f"Im Feldnamen „{value.strip()}“ steht {describe(hidden)}.",
            *_char_position(text, event, hidden),
            hint=removal_hint(hidden),
            field=field_path(vpath[:-1]),
        )
    if not event.style and (value[0] in INVISIBLE or (value[0] in "-?:" and value[1:2] in SPECIAL_SPACES)):
        # "-" + non-breaking space (a bullet pasted from Word) is not a list entry, and a leading
        # invisible character hides where the value starts.
        char = value[0] if value[0] in INVISIBLE else value[1]
        raise _fail(
            path,
            f"Am Anfang des Werts steht {describe(char)}, wo ein normales Leerzeichen stehen muss (oder gar nichts).",
            *_char_position(text, event, char),
            hint=removal_hint(char),
            field=where,
        )
    if name in code_fields():
        raise _fail(
            path,
            f"Im Wert „{value.strip()}“ steht {describe(hidden)}; hier sind nur sichtbare Zeichen erlaubt.",
            *_char_position(text, event, hidden),
            field=where,
            hint="Das Zeichen löschen; wo wirklich ein Leerzeichen hingehört, ein normales tippen. "
            "Solche Zeichen kommen oft beim Kopieren aus Word, PDF oder Webseiten mit.",
        )
    hidden = next((ch for ch in value if ch in PROSE_WARNING), None)
    if hidden is not None:
        line, column = _char_position(text, event, hidden)
        warnings.append(
            Problem(
                file=path,
                line=line,
                column=column,
                field=where,
                severity="warning",
                code="yaml-invisible",
                message=f"Im Text steht {describe(hidden)}.",
                hint=removal_hint(hidden) + " Unsichtbare Zeichen stören die Suche und das Vorlesen.",
            )
        )


def _comment_gaps(text: str) -> set[int]:
    """Where a run of spaces before a ``#`` starts: a plain value ending there lost the rest of its line.

    Walks from each ``#`` (there are few) instead of matching every indentation run with a regex,
    which cost more than building the whole document.
    """
    gaps = set()
    found = text.find("#")
    while found >= 0:
        start = found
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if start < found:
            gaps.add(start)
        found = text.find("#", found + 1)
    return gaps


def _comment_warning(path: Path, text: str, event: Any, vpath: Path_, value: Any) -> Problem:
    """A plain text followed by `` #…``: YAML dropped the rest of the line as a comment."""
    end = event.end_mark
    gap = _TRAILING_COMMENT.match(text, end.index)
    assert gap is not None
    hash_at = gap.end() - 1
    line_end = _LINE_BREAK.search(text, hash_at)
    comment = text[hash_at : line_end.start() if line_end else len(text)].rstrip()
    key = vpath[-1] if vpath else ""
    lead = f"{key}: " if isinstance(key, str) else "- "
    if value is None or value == "":
        message = f"Das Feld ist leer: alles ab „{comment}“ wurde als Kommentar gelesen, nicht als Wert."
        example = lead + quote_scalar(comment)
        subject = "zum Wert"
    else:
        shown = value if len(value) <= 60 else "…" + value[-50:]
        message = f"Alles ab „{comment}“ wurde als Kommentar gelesen, nicht als Text: gelesen wurde nur „{shown}“."
        example = lead + quote_scalar(value + gap.group(0)[:-1] + comment)
        subject = "zum Text"
    return Problem(
        file=path,
        line=end.line + 1,
        column=hash_at - (end.index - end.column) + 1,
        field=field_path(vpath),
        severity="warning",
        code="yaml-comment",
        message=message,
        hint=f"Gehört „{comment}“ {subject}, den Wert in Anführungszeichen setzen: {example}. "
        "Ist es ein Kommentar, ihn in eine eigene Zeile darüber schreiben.",
    )


def _quote_warning(path: Path, text: str, event: Any, vpath: Path_) -> Problem | None:
    """A quoted text over several lines that contains a ``name:`` line: most likely an unclosed quote."""
    start, end = event.start_mark, event.end_mark
    source_lines = _LINE_BREAK.split(text[start.index : end.index])[1:]
    swallowed = next((m.group(1) for m in map(_FIELD_LINE.match, source_lines) if m), None)
    if swallowed is None:
        return None
    quote = event.style
    return Problem(
        file=path,
        line=start.line + 1,
        column=start.column + 1,
        field=field_path(vpath),
        severity="warning",
        code="yaml-quote",
        message=(
            f"Der Text in Anführungszeichen {quote} reicht von hier bis Zeile {end.line + 1} und enthält "
            f"dabei „{swallowed}:“. Fehlt in dieser Zeile das schließende Anführungszeichen?"
        ),
        hint="Am Ende des Textes das schließende Anführungszeichen ergänzen; dann ist „"
        f"{swallowed}“ wieder ein eigenes Feld.",
    )


def _build(path: Path, text: str, result: LoadedYaml) -> None:
    """Build Python values from the event stream with an explicit stack (no recursion).

    This loop runs for every value of every file, so it is written flat: the parser is asked
    for events directly (no generator), scalars are dispatched first (most events are
    scalars), positions are made without Position's Python-level constructor, and the
    character check runs per value only where a suspect character can be (anywhere in the
    file, or made by an escape in a double-quoted value).
    """
    positions, key_positions = result.positions, result.key_positions
    texts, plain_words, warnings = result.texts, result.plain_words, result.warnings
    comment_gaps = _comment_gaps(text)
    file_suspect = SUSPECT.search(text) is not None
    suspect_search = SUSPECT.search
    new_tuple = tuple.__new__
    # Each frame: [container, path, pending key or _NO_KEY, {key: Position}]
    stack: list[list[Any]] = []
    documents = nodes = 0
    root: Any = None
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    no_key, allowed_tags = _NO_KEY, _ALLOWED_TAGS

    # The stubs type every event as the base Event; the loop reads the subclasses' fields (value,
    # style, anchor, marks) after dispatching on type(event), which mypy cannot follow, and
    # isinstance() narrowing in this hottest loop would cost time for no safety gained.
    event: Any
    parser: Any = LOADER(text)
    get_event = parser.get_event
    try:
        while (event := get_event()) is not None:
            cls = type(event)
            is_scalar = cls is scalar_event
            if not is_scalar and cls is not mapping_start and cls is not sequence_start:
                if cls in collection_end:
                    stack.pop()
                elif cls is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _fail(
                            path,
                            "Die Datei enthält mehr als ein YAML-Dokument („---“).",
                            *_xy(event.start_mark),
                            hint="Pro Datei genau ein Angebot; die Zeile „---“ entfernen oder die Datei teilen.",
                        )
                elif cls is yaml.AliasEvent:
                    raise _fail(
                        path,
                        "Verweise mit „*“ sind in Angebotsdateien nicht erlaubt.",
                        *_xy(event.start_mark),
                        hint="Die Angaben bitte ausschreiben statt auf einen Anker (&) zu verweisen.",
                    )
                continue
            nodes += 1
            mark = event.start_mark
            if nodes > MAX_NODES:
                raise _fail(path, f"Die Datei enthält zu viele Einträge (mehr als {MAX_NODES}).", *_xy(mark))
            if event.anchor is not None:
                raise _fail(
                    path,
                    "Anker mit „&“ sind in Angebotsdateien nicht erlaubt.",
                    *_xy(mark),
                    hint="Das „&name“ entfernen.",
                )
            tag = event.tag
            if tag is not None and tag not in allowed_tags:
                raise _fail(
                    path,
                    f"Die Typangabe „{tag}“ ist nicht erlaubt.",
                    *_xy(mark),
                    hint="Typangaben mit „!“ weglassen; Texte ggf. in Anführungszeichen setzen.",
                )
            here = new_tuple(Position, (mark.line + 1, mark.column + 1))
            if is_scalar:
                source = event.value
                style = event.style
                suspect = (file_suspect or style == '"') and suspect_search(source) is not None
                plain = not style and tag != "tag:yaml.org,2002:str" and event.implicit[0]
                if not plain:
                    value: Any = source
                elif source[:1] not in _MAYBE_NOT_TEXT:  # a word: neither null, bool nor number
                    value = source
                else:
                    value = _plain_scalar(source)
            else:
                if len(stack) >= MAX_DEPTH:
                    raise _fail(path, f"Die Datei ist zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen).", *_xy(mark))
                plain = False
                value = {} if cls is mapping_start else []
            if not stack:
                root = value
                vpath: Path_ = ()
                positions[()] = here
            else:
                frame = stack[-1]
                container = frame[0]
                if type(container) is list:
                    vpath = frame[1] + (len(container),)
                    container.append(value)
                    positions[vpath] = here
                elif frame[2] is no_key:
                    if not is_scalar:
                        raise _fail(path, "Ein Feldname darf keine Liste und keine Gruppe sein.", *_xy(mark))
                    key = source if plain else value
                    if suspect:
                        _check_characters(path, text, event, frame[1] + (key,), True, warnings)
                    if key is None or key == "" or (plain and value is None) or isinstance(value, bool):
                        raise _fail(path, "Ein Feldname fehlt oder ist ungültig.", *_xy(mark))
                    if key == "<<":
                        raise _fail(
                            path,
                            "Zusammenführen mit „<<“ ist in Angebotsdateien nicht erlaubt.",
                            *_xy(mark),
                            hint="Die Angaben bitte ausschreiben.",
                        )
                    seen = frame[3]
                    if key in seen:
                        raise _fail(
                            path,
                            f"Das Feld „{key}“ steht doppelt (zuerst in Zeile {seen[key].line}).",
                            *_xy(mark),
                            hint="Jedes Feld darf nur einmal vorkommen: die beiden Angaben zusammenführen.",
                        )
                    seen[key] = here
                    frame[2] = key
                    key_positions[frame[1] + (key,)] = here
                    continue
                else:
                    key = frame[2]
                    frame[2] = no_key
                    vpath = frame[1] + (key,)
                    container[key] = value
                    positions[vpath] = here
            if is_scalar:
                if suspect:
                    _check_characters(path, text, event, vpath, False, warnings)
                if plain:
                    if type(value) is str:
                        plain_words[vpath] = value
                    elif value is not None and type(value) is not bool:
                        texts[vpath] = source
                    if comment_gaps and event.end_mark.index in comment_gaps and (type(value) is str or not source):
                        warnings.append(_comment_warning(path, text, event, vpath, value))
                elif style in ('"', "'") and event.end_mark.line != mark.line:
                    found = _quote_warning(path, text, event, vpath)
                    if found:
                        warnings.append(found)
            else:
                stack.append([value, vpath, no_key, {}])
    finally:
        parser.dispose()
    result.data = root


# First characters of a plain scalar that may be null, true/false or a number (YAML 1.2 core
# schema); any other first character makes it text without asking the patterns.
_MAYBE_NOT_TEXT = frozenset("~nNtTfF0123456789+-.") | {""}
_ALLOWED_TAGS = {"!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _xy(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()
