"""German explanations for YAML syntax errors, placed where the author made the mistake.

libyaml (through PyYAML's C loader) and PyYAML's pure-Python scanner and parser report syntax
errors as English sentences, with a "problem" position and sometimes a "context" position.
Neither is shown to the author: every problem text both libraries can raise is mapped here to a
German sentence with a hint, and anything unknown (a newer PyYAML) falls back to a German
sentence too, so a library update never changes what a QTV reads.

Where the mistake is and where the parser notices it are often lines apart: an unclosed quote
surfaces at the next quote further down as an indentation problem, ``title:Foo`` at the next
line. ``explain`` therefore looks at the tokens before the failure and the source lines, and
names the line where the author has to act.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from generator.characters import INVISIBLE, describe, removal_hint
from generator.yaml_writer import quote_scalar

PREFIX = "Die Datei ist kein gültiges YAML: "
MAX_DEPTH_TEXT = "Die Datei ist zu tief verschachtelt (mehr als {depth} Ebenen)."

# Problem texts → kind. Left: libyaml 0.2.x (scanner.c, parser.c, reader.c, loader.c and PyYAML's
# _yaml.pyx composer); PyYAML's own scanner.py/parser.py/reader.py/composer.py wordings, whose
# ``%r`` parts vary, are matched by the same expressions.
PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"found character (.* )?that cannot start any token", "cannot_start"),
    (r"could not find expected ':'", "simple_key"),
    (r"mapping values are not allowed (in this context|here)", "colon"),
    (r"found unexpected ':'", "colon"),
    (r"(block )?sequence entries are not allowed (in this context|here)", "dash"),
    (r"mapping keys are not allowed (in this context|here)", "question_mark"),
    (r"did not find expected key", "expected_key"),
    (r"did not find expected '-' indicator", "expected_entry"),
    (r"expected <block end>, but found .*", "block_end"),
    (r"did not find expected node content", "expected_value"),
    (r"expected the node content, but found .*", "expected_value"),
    (r"did not find expected ',' or '\]'", "flow_sequence"),
    (r"expected ',' or '\]', but got .*", "flow_sequence"),
    (r"did not find expected ',' or '\}'", "flow_mapping"),
    (r"expected ',' or '\}', but got .*", "flow_mapping"),
    (r"invalid indentation or unclosed '\[' or '\{'", "flow_unclosed"),
    (r"found unexpected end of stream", "end_of_stream"),
    (r"found unexpected document (indicator|separator)", "document_marker"),
    (r"found unknown escape character.*", "escape_unknown"),
    (r"did not find expected hexdecimal number", "escape_hex"),
    (r"expected escape sequence of \d+ hexadecimal numbers, but found .*", "escape_hex"),
    (r"found invalid Unicode character escape code", "escape_code"),
    (r"did not find expected alphabetic or numeric character", "anchor"),
    (r"expected alphabetic or numeric character, but found .*", "anchor"),
    (r"found undefined alias.*", "alias"),
    (r"found duplicate anchor.*", "anchor_twice"),
    (r"second occurrence", "anchor_twice"),
    (r"did not find the expected '>'", "tag"),
    (r"did not find expected '!'", "tag"),
    (r"did not find expected tag URI", "tag"),
    (r"did not find URI escaped octet", "tag"),
    (r"found an incorrect (leading|trailing) UTF-8 octet", "tag"),
    (r"found undefined tag handle.*", "tag"),
    (r"found non-specific tag.*", "tag"),
    (r"expected '>', but found .*", "tag"),
    (r"expected '!', but found .*", "tag"),
    (r"expected URI, but found .*", "tag"),
    (r"expected URI escape sequence of 2 hexadecimal numbers, but found .*", "tag"),
    (r"expected ' ', but found .*", "tag_or_directive"),
    (r"did not find expected whitespace( or line break)?", "tag_or_directive"),
    (r"found unknown directive name", "directive"),
    (r"could not find expected directive name", "directive"),
    (r"found unexpected non-alphabetical character", "directive"),
    (r"did not find expected digit or '\.' character", "directive"),
    (r"expected a digit or '\.', but found .*", "directive"),
    (r"expected a digit or ' ', but found .*", "directive"),
    (r"expected a digit, but found .*", "directive"),
    (r"found extremely long version number", "directive"),
    (r"did not find expected version number", "directive"),
    (r"found duplicate %?YAML directive", "directive"),
    (r"found duplicate %TAG directive", "directive"),
    (r"duplicate tag handle.*", "directive"),
    (r"found incompatible YAML document.*", "directive"),
    (r"did not find expected <document start>", "document_start"),
    (r"expected '<document start>', but found .*", "document_start"),
    (r"did not find expected <stream-start>", "document_start"),
    (r"expected a single document in the stream", "several_documents"),
    (r"but found another document", "several_documents"),
    (r"found duplicate key", "duplicate_key"),
    (r"did not find expected comment or line break", "comment_or_break"),
    (r"expected a comment or a line break, but found .*", "comment_or_break"),
    (r"expected chomping or indentation indicators, but found .*", "block_header"),
    (r"found an indentation indicator equal to 0", "block_header"),
    (r"expected indentation indicator in the range 1-9, but found 0", "block_header"),
    (r"found a tab character (that violates indentation|where an indentation space is expected)", "tab"),
    (r"exceeded maximum nesting depth", "too_deep"),
    (r"(unacceptable character .*: )?(control|special) characters are not allowed", "character"),
    (r"invalid (leading|trailing) UTF-8 octet", "encoding"),
    (r"incomplete UTF-(8|16) (octet sequence|character|surrogate pair)", "encoding"),
    (r"invalid length of a UTF-8 sequence", "encoding"),
    (r"invalid Unicode character", "character"),
    (r"(unexpected|expected) low surrogate area", "encoding"),
    (r"input is too long", "too_long"),
    (r"input error", "encoding"),
)
_COMPILED = tuple((re.compile(pattern), kind) for pattern, kind in PROBLEMS)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# ``title:Foo``: a field name at the start of a line, a colon, and no space after it (not ``https://``).
_NO_SPACE = re.compile(r"^([ ]*(?:-[ ]+)?)([A-Za-z_][A-Za-z0-9_-]*):(?!//)(?=[^\s])")
# ``key: value`` (value not yet quoted), to build an example in the author's own words.
_KEY_VALUE = re.compile(r"^[ ]*(-[ ]+)?([^\s\"'#][^:#]*?):[ ]+(\S.*?)[ ]*$")


def classify(problem: str) -> str:
    """The kind of a library problem text, or ``"unknown"``."""
    for pattern, kind in _COMPILED:
        if pattern.fullmatch(problem):
            return kind
    return "unknown"


@dataclass
class _Failure:
    """One syntax error with everything needed to explain it."""

    kind: str
    problem: str
    context: str
    problem_at: tuple[int, int]  # 0-based line, column
    context_at: tuple[int, int] | None
    lines: list[str]
    tokens: list[Any]

    def line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def char(self, at: tuple[int, int]) -> str:
        text = self.line(at[0])
        return text[at[1]] if at[1] < len(text) else ""


@dataclass(frozen=True)
class Explanation:
    message: str
    hint: str
    line: int  # 1-based
    column: int


def explain(exc: yaml.MarkedYAMLError, text: str, loader: type, max_depth: int) -> Explanation:
    """German message, hint and position (1-based) for a syntax error raised while parsing ``text``."""
    mark = exc.problem_mark or exc.context_mark
    problem_at = (mark.line, mark.column) if mark else (0, 0)
    context_at = (exc.context_mark.line, exc.context_mark.column) if exc.context_mark else None
    lines = _LINE_BREAK.split(text)
    index = mark.index if mark else 0
    failure = _Failure(
        classify((exc.problem or "").strip()),
        exc.problem or "",
        exc.context or "",
        problem_at,
        context_at,
        lines,
        _tokens_before(text, loader, index),
    )
    for rule in (_tab_rule, _invisible_rule, _missing_space_rule, _quote_rule):
        found = rule(failure)
        if found:
            return found
    explainer = _EXPLAINERS.get(failure.kind, _unknown)
    message, hint, (line, column) = explainer(failure, max_depth)
    prefix = "" if failure.kind in _OWN_SENTENCES else PREFIX
    return Explanation(prefix + message, hint, line + 1, column + 1)


def _tokens_before(text: str, loader: type, index: int) -> list[Any]:
    """The scanner's tokens that start before the failure (the error path only, so scanning again is fine)."""
    tokens: list[Any] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if token.start_mark.index >= index:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _at(failure: _Failure, message: str, hint: str, at: tuple[int, int]) -> Explanation:
    return Explanation(PREFIX + message, hint, at[0] + 1, at[1] + 1)


def _tab_rule(failure: _Failure) -> Explanation | None:
    for number in (failure.problem_at[0], (failure.context_at or failure.problem_at)[0]):
        text = failure.line(number)
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent or (failure.kind == "tab" and "\t" in text):
            column = text.index("\t")
            return _at(
                failure,
                "Die Zeile ist mit einem Tabulator eingerückt.",
                "Zum Einrücken nur Leerzeichen verwenden, keine Tabulatoren.",
                (number, column),
            )
    return None


def _invisible_rule(failure: _Failure) -> Explanation | None:
    """``title:`` + non-breaking space + ``Foo`` looks right and is not: name the character."""
    if failure.kind.startswith("escape_"):
        return None
    numbers = [failure.context_at[0]] if failure.context_at else []
    for number in dict.fromkeys([*numbers, failure.problem_at[0]]):
        text = failure.line(number)
        column = next((i for i, ch in enumerate(text) if ch in INVISIBLE), None)
        if column is not None:
            char = text[column]
            return _at(
                failure,
                f"Hier steht {describe(char)}, wo YAML ein normales Leerzeichen oder gar nichts "
                "erwartet; deshalb kann die Zeile nicht gelesen werden.",
                removal_hint(char),
                (number, column),
            )
    return None


def _quote_rule(failure: _Failure) -> Explanation | None:
    """An unclosed quote: name the line where it opens, not where the parser gave up."""
    if (
        failure.kind in ("end_of_stream", "document_marker")
        and "quoted scalar" in failure.context
        and failure.context_at
    ):
        opening = failure.context_at
        quote = failure.char(opening) or '"'
        until = (
            "bis zum Ende der Datei"
            if failure.kind == "end_of_stream"
            else f"bis zur Zeile „---“ in Zeile {failure.problem_at[0] + 1}"
        )
        return _at(
            failure,
            f"Das Anführungszeichen ({quote}) am Anfang dieses Textes wird nicht mehr geschlossen: "
            f"der Text läuft {until} weiter.",
            _close_quote_hint(failure.line(opening[0]), quote),
            opening,
        )
    if failure.kind.startswith("escape_"):
        return None
    scalars = [t for t in failure.tokens if isinstance(t, yaml.ScalarToken)]
    if not scalars:
        return None
    last = scalars[-1]
    start, end = last.start_mark, last.end_mark
    if last.style not in ('"', "'") or start.line == end.line or failure.problem_at[0] != end.line:
        return None
    quote = last.style
    return _at(
        failure,
        f"Das Anführungszeichen ({quote}) am Anfang dieses Textes wird in dieser Zeile nicht geschlossen: "
        f"YAML liest deshalb alles bis zum nächsten {quote} in Zeile {end.line + 1} als einen einzigen Text.",
        _close_quote_hint(failure.line(start.line), quote),
        (start.line, start.column),
    )


def _close_quote_hint(line: str, quote: str) -> str:
    example = line.strip()
    if example.count(quote) % 2 == 1:
        example = f"{example}{quote}"
    return f"Am Ende des Textes das schließende Anführungszeichen ergänzen, z. B. {example}"


def _missing_space_rule(failure: _Failure) -> Explanation | None:
    """``title:Foo`` reads as one word; the parser only notices a line or more later."""
    if failure.kind not in ("simple_key", "colon", "expected_key", "block_end", "expected_entry", "dash"):
        return None
    if failure.kind == "simple_key" and failure.context_at:
        candidates = [failure.context_at[0]]
    else:
        plain = [t for t in failure.tokens if isinstance(t, yaml.ScalarToken) and t.plain]
        first = plain[-1].start_mark.line if plain else failure.problem_at[0]
        first = max(first, failure.problem_at[0] - 20)
        candidates = list(range(first, failure.problem_at[0] + 1))
    for number in candidates:
        match = _NO_SPACE.match(failure.line(number))
        if match:
            key = match.group(2)
            value = failure.line(number)[match.end() :].strip()
            return _at(
                failure,
                "Nach dem Doppelpunkt fehlt ein Leerzeichen.",
                f"Zwischen Feldname und Wert gehört ein Leerzeichen: „{key}: {value}“ statt „{key}:{value}“.",
                (number, match.end()),
            )
    return None


def _example(line: str) -> str:
    """The author's ``key: value`` line with the value quoted, for hints; "" if the line is no such pair."""
    match = _KEY_VALUE.match(line)
    if not match or match.group(3)[0] in "\"'":
        return ""
    dash = "- " if match.group(1) else ""
    return f"{dash}{match.group(2)}: {quote_scalar(match.group(3))}"


def _quote_hint(
    failure: _Failure, number: int, default: str, lead: str = "Ist es Text, ihn in Anführungszeichen setzen"
) -> str:
    example = _example(failure.line(number))
    if example:
        return f"{lead}: {example}"
    return default


Result = tuple[str, str, tuple[int, int]]
# Kinds the loader also reports itself, in the same words (without "kein gültiges YAML").
_OWN_SENTENCES = frozenset(
    {"too_deep", "alias", "anchor_twice", "several_documents", "duplicate_key", "encoding", "too_long"}
)


def _cannot_start(failure: _Failure, _: int) -> Result:
    char = failure.char(failure.problem_at)
    if char in "@`":
        message = (
            f"Ein Wert ohne Anführungszeichen darf nicht mit „{char}“ beginnen (das Zeichen ist in YAML reserviert)."
        )
    elif char == "%":
        message = "Ein Wert ohne Anführungszeichen darf nicht mit „%“ beginnen."
    elif char:
        message = f"Mit dem Zeichen „{char}“ darf an dieser Stelle nichts beginnen."
    else:
        message = "An dieser Stelle steht ein Zeichen, mit dem nichts beginnen darf."
    hint = _quote_hint(failure, failure.problem_at[0], 'Den Text in Anführungszeichen setzen, z. B. title: "@Home".')
    return message, hint, failure.problem_at


def _simple_key(failure: _Failure, _: int) -> Result:
    at = failure.context_at or failure.problem_at
    return (
        "In dieser Zeile fehlt der Doppelpunkt nach dem Feldnamen.",
        (
            "Jede Zeile hat die Form „name: wert“. Geht ein Text in der nächsten Zeile weiter, "
            "diese weiter einrücken als den Feldnamen."
        ),
        at,
    )


def _colon(failure: _Failure, _: int) -> Result:
    line_no, column = failure.problem_at
    plain = [t for t in failure.tokens if isinstance(t, yaml.ScalarToken) and t.plain]
    started = plain[-1].start_mark.line if plain else line_no
    if started < line_no:
        text = failure.line(line_no)
        indent = len(text) - len(text.lstrip(" "))
        return (
            (
                f"Die Einrückung stimmt nicht: diese Zeile ist weiter eingerückt als das Feld davor und wird "
                f"deshalb als Fortsetzung des Textes aus Zeile {started + 1} gelesen."
            ),
            "Felder derselben Ebene beginnen genau untereinander (gleich viele Leerzeichen am Zeilenanfang).",
            (line_no, indent),
        )
    hint = _quote_hint(
        failure,
        line_no,
        'Texte mit Doppelpunkt in Anführungszeichen setzen, z. B. title: "Modul 1: Grundlagen".',
        lead="Einen Text mit Doppelpunkt in Anführungszeichen setzen",
    )
    return "Hier steht ein Doppelpunkt, wo keiner stehen darf.", hint, (line_no, column)


def _dash(failure: _Failure, _: int) -> Result:
    match = _KEY_VALUE.match(failure.line(failure.problem_at[0]))
    if match and match.group(3).startswith("-"):
        key, value = match.group(2), match.group(3)
        hint = (
            f"Eine Liste beginnt in der Zeile unter dem Feldnamen, eingerückt: „{key}:“ und darunter "
            f"„  {value}“. Ist „{value}“ dagegen Text, ihn in Anführungszeichen setzen: {key}: {quote_scalar(value)}"
        )
    else:
        hint = (
            "Eine Liste beginnt in der Zeile unter dem Feldnamen, eingerückt: „patterns:“ und darunter „  - evening“."
        )
    return "Hier beginnt ein Listeneintrag („- “), wo keiner stehen darf.", hint, failure.problem_at


def _question_mark(failure: _Failure, _: int) -> Result:
    return (
        "Ein Wert ohne Anführungszeichen darf nicht mit „? “ beginnen.",
        _quote_hint(failure, failure.problem_at[0], "Den Text in Anführungszeichen setzen."),
        failure.problem_at,
    )


def _expected_key(failure: _Failure, _: int) -> Result:
    at = failure.problem_at
    previous = failure.tokens[-1] if failure.tokens else None
    on_same_line = previous is not None and previous.end_mark.line == at[0]
    if failure.char(at) == "-":
        return (
            "Hier steht ein Listeneintrag („- “), wo ein Feldname erwartet wird.",
            (
                "Gehört die Liste zu dem Feld darüber, steht dort nur der Feldname mit Doppelpunkt "
                "(z. B. „patterns:“) und die Einträge darunter, weiter eingerückt."
            ),
            at,
        )
    if on_same_line and isinstance(previous, yaml.ScalarToken) and previous.style in ('"', "'"):
        quote = previous.style
        return (
            f"Nach dem schließenden Anführungszeichen {quote} steht noch Text.",
            (
                "Enthält der Text selbst Anführungszeichen, ihn in die jeweils anderen setzen, "
                'z. B. title: \'Kurs "Pflege plus"\' oder title: "Anna\'s Kurs".'
            ),
            at,
        )
    if on_same_line and isinstance(previous, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        return (
            "Nach der schließenden Klammer steht noch Text.",
            "Eine Liste in eckigen Klammern endet mit „]“; danach darf in der Zeile nur ein Kommentar (#) stehen.",
            at,
        )
    return (
        "Die Einrückung stimmt nicht: hier wurde ein Feldname auf derselben Ebene wie die Felder darüber erwartet.",
        "Felder derselben Ebene beginnen genau untereinander; zum Einrücken nur Leerzeichen verwenden.",
        at,
    )


def _expected_entry(failure: _Failure, _: int) -> Result:
    return (
        "Die Einrückung stimmt nicht: hier wurde ein weiterer Listeneintrag („- “) erwartet.",
        (
            "Die Felder eines Listeneintrags stehen genau unter dem ersten Feld nach „- “, also zwei "
            "Leerzeichen weiter eingerückt als der Strich."
        ),
        failure.problem_at,
    )


def _block_end(failure: _Failure, depth: int) -> Result:
    if "block collection" in failure.context:
        return _expected_entry(failure, depth)
    return _expected_key(failure, depth)


def _expected_value(failure: _Failure, _: int) -> Result:
    char = failure.char(failure.problem_at)
    if char and char in "]},:":
        message = f"Hier wurde ein Wert erwartet, aber es steht „{char}“ da."
    else:
        message = "Hier wurde ein Wert erwartet."
    return (
        message,
        (
            "Beginnt der Text mit „[“, „]“, „{“, „}“ oder „,“, ihn in Anführungszeichen setzen; "
            "in einer Liste [a, b] steht zwischen zwei Kommas immer ein Eintrag."
        ),
        failure.problem_at,
    )


def _flow(closing: str, what: str) -> Callable[[_Failure, int], Result]:
    def explain_flow(failure: _Failure, _: int) -> Result:
        opening = failure.context_at or failure.problem_at
        where = "" if opening[0] == failure.problem_at[0] else f" (spätestens in Zeile {failure.problem_at[0] + 1})"
        return (
            f"{what} wird nicht richtig geschlossen: es fehlt „{closing}“ oder ein Komma zwischen zwei Einträgen{where}.",
            (
                "Eine Liste in einer Zeile sieht so aus: patterns: [evening, weekend]. Beginnt ein Text mit "
                "„[“ oder „{“, ihn in Anführungszeichen setzen."
            ),
            opening,
        )

    return explain_flow


def _flow_unclosed(failure: _Failure, _: int) -> Result:
    return (
        "Eine Klammer „[“ oder „{“ wird nicht geschlossen, oder die Einrückung stimmt nicht.",
        "Eine Liste in einer Zeile sieht so aus: patterns: [evening, weekend].",
        failure.problem_at,
    )


def _end_of_stream(failure: _Failure, _: int) -> Result:
    return (
        "Die Datei endet mitten in einem Wert (fehlt ein Anführungszeichen?).",
        "Prüfen, ob jedes Anführungszeichen geschlossen ist.",
        failure.context_at or failure.problem_at,
    )


def _document_marker(failure: _Failure, _: int) -> Result:
    return (
        "Mitten in einem Text steht eine Zeile „---“ (fehlt ein Anführungszeichen?).",
        "Prüfen, ob jedes Anführungszeichen geschlossen ist.",
        failure.context_at or failure.problem_at,
    )


def _backslash(failure: _Failure) -> tuple[int, int]:
    """Where the offending ``\\`` stands (libyaml points at it, PyYAML one character later)."""
    line_no, column = failure.problem_at
    text = failure.line(line_no)
    found = text.rfind("\\", 0, column + 1)
    return (line_no, found) if found >= 0 else failure.problem_at


def _escape_hint(failure: _Failure, number: int) -> str:
    text = failure.line(number).strip()
    match = re.fullmatch(r"(-[ ]+)?([^\s\"'#][^:#]*?):[ ]+\"(.*)\"", text)
    if match and "\\" in match.group(3):
        single = "'" + match.group(3).replace("'", "''") + "'"
        return (
            f"Soll der Backslash zum Text gehören, den Text in einfache Anführungszeichen setzen: "
            f"{match.group(1) or ''}{match.group(2)}: {single} (oder jeden Backslash doppelt schreiben: \\\\)."
        )
    return (
        "Soll der Backslash zum Text gehören, den Text in einfache Anführungszeichen setzen "
        "(oder jeden Backslash doppelt schreiben: \\\\)."
    )


def _escape_unknown(failure: _Failure, _: int) -> Result:
    at = _backslash(failure)
    sequence = failure.line(at[0])[at[1] : at[1] + 2]
    return (
        (
            f"Im Text in doppelten Anführungszeichen steht „{sequence}“: ein Backslash (\\) leitet dort ein "
            f"Sonderzeichen ein, und „{sequence}“ gibt es nicht."
        ),
        _escape_hint(failure, at[0]),
        at,
    )


def _escape_hex(failure: _Failure, _: int) -> Result:
    at = _backslash(failure)
    return (
        "Nach „\\x“, „\\u“ oder „\\U“ in doppelten Anführungszeichen müssen Hexadezimalziffern (0–9, A–F) folgen.",
        _escape_hint(failure, at[0]),
        at,
    )


def _escape_code(failure: _Failure, _: int) -> Result:
    at = _backslash(failure)
    return ("Das mit „\\u…“ angegebene Zeichen gibt es nicht.", _escape_hint(failure, at[0]), at)


def _anchor(failure: _Failure, _: int) -> Result:
    at = failure.context_at or failure.problem_at
    return (
        "Ein Wert ohne Anführungszeichen darf nicht mit „&“ oder „*“ beginnen (YAML liest das als Anker oder Verweis).",
        _quote_hint(failure, at[0], 'Den Text in Anführungszeichen setzen, z. B. title: "*neu* Pflege".'),
        at,
    )


def _alias(failure: _Failure, _: int) -> Result:
    return (
        "Verweise mit „*“ sind in Angebotsdateien nicht erlaubt.",
        "Die Angaben bitte ausschreiben statt auf einen Anker (&) zu verweisen.",
        failure.problem_at,
    )


def _anchor_twice(failure: _Failure, _: int) -> Result:
    return ("Anker mit „&“ sind in Angebotsdateien nicht erlaubt.", "Das „&name“ entfernen.", failure.problem_at)


def _tag(failure: _Failure, _: int) -> Result:
    at = failure.context_at or failure.problem_at
    return (
        "Ein Wert ohne Anführungszeichen darf nicht mit „!“ beginnen (YAML liest das als Typangabe).",
        _quote_hint(failure, at[0], 'Den Text in Anführungszeichen setzen, z. B. title: "!Neu".'),
        at,
    )


def _directive(failure: _Failure, _: int) -> Result:
    at = failure.context_at or failure.problem_at
    return (
        "Zeilen, die mit „%“ beginnen, sind in Angebotsdateien nicht erlaubt.",
        "Die Zeile entfernen; ein Text, der mit „%“ beginnt, gehört in Anführungszeichen.",
        (at[0], 0),
    )


def _tag_or_directive(failure: _Failure, depth: int) -> Result:
    if "directive" in failure.context:
        return _directive(failure, depth)
    return _tag(failure, depth)


def _document_start(failure: _Failure, _: int) -> Result:
    return (
        (
            "Hier geht die Datei weiter, obwohl YAML das Dokument für beendet hält (nach „...“ oder nach einem "
            "Text in Anführungszeichen, dem ein Doppelpunkt ohne Leerzeichen folgt)."
        ),
        "Zeilen „...“ entfernen; nach einem Feldnamen in Anführungszeichen folgt „: “ mit Leerzeichen.",
        failure.problem_at,
    )


def _several_documents(failure: _Failure, _: int) -> Result:
    return (
        "Die Datei enthält mehr als ein YAML-Dokument („---“).",
        "Pro Datei genau ein Angebot; die Zeile „---“ entfernen oder die Datei teilen.",
        failure.problem_at,
    )


def _duplicate_key(failure: _Failure, _: int) -> Result:
    return ("Ein Feld steht doppelt.", "Jedes Feld darf nur einmal vorkommen.", failure.problem_at)


def _comment_or_break(failure: _Failure, depth: int) -> Result:
    if "directive" in failure.context:
        return _directive(failure, depth)
    return _block_header(failure, depth)


def _block_header(failure: _Failure, _: int) -> Result:
    at = failure.context_at or failure.problem_at
    char = failure.char(at) or "|"
    return (
        f"Nach „{char}“ muss die Zeile enden; der Text beginnt erst in der nächsten Zeile.",
        (
            f"Den Text in die Zeilen darunter schreiben, eingerückt: „description: {char}“ und darunter "
            "„  Erster Satz …“. Ist „|“ oder „>“ Teil eines Textes, den Text in Anführungszeichen setzen."
        ),
        at,
    )


def _tab(failure: _Failure, _: int) -> Result:
    return (
        "Die Zeile ist mit einem Tabulator eingerückt.",
        "Zum Einrücken nur Leerzeichen verwenden, keine Tabulatoren.",
        failure.problem_at,
    )


def _too_deep(failure: _Failure, depth: int) -> Result:
    return (
        MAX_DEPTH_TEXT.format(depth=depth),
        "Ein Angebot braucht nur wenige Ebenen; die Klammern prüfen.",
        failure.problem_at,
    )


def _character(failure: _Failure, _: int) -> Result:
    return (
        "Die Datei enthält ein Zeichen, das in YAML nicht erlaubt ist.",
        "Das Zeichen entfernen (oft beim Kopieren aus PDF oder Word mitgekommen).",
        failure.problem_at,
    )


def _encoding(failure: _Failure, _: int) -> Result:
    return (
        "Die Datei ist nicht in UTF-8 gespeichert.",
        "Im Editor „Speichern unter“ wählen und die Kodierung „UTF-8“ einstellen.",
        failure.problem_at,
    )


def _too_long(failure: _Failure, _: int) -> Result:
    return "Die Datei ist zu groß.", "Ein Angebot passt in eine kleine Textdatei.", failure.problem_at


def _unknown(failure: _Failure, _: int) -> Result:
    return (
        "An dieser Stelle kann die Datei nicht gelesen werden.",
        "Einrückung (nur Leerzeichen), Doppelpunkte und Anführungszeichen in dieser und der vorigen Zeile prüfen.",
        failure.problem_at,
    )


_EXPLAINERS: dict[str, Callable[[_Failure, int], Result]] = {
    "cannot_start": _cannot_start,
    "simple_key": _simple_key,
    "colon": _colon,
    "dash": _dash,
    "question_mark": _question_mark,
    "expected_key": _expected_key,
    "expected_entry": _expected_entry,
    "block_end": _block_end,
    "expected_value": _expected_value,
    "flow_sequence": _flow("]", "Die Liste in eckigen Klammern, die hier beginnt,"),
    "flow_mapping": _flow("}", "Die Gruppe in geschweiften Klammern, die hier beginnt,"),
    "flow_unclosed": _flow_unclosed,
    "end_of_stream": _end_of_stream,
    "document_marker": _document_marker,
    "escape_unknown": _escape_unknown,
    "escape_hex": _escape_hex,
    "escape_code": _escape_code,
    "anchor": _anchor,
    "alias": _alias,
    "anchor_twice": _anchor_twice,
    "tag": _tag,
    "tag_or_directive": _tag_or_directive,
    "directive": _directive,
    "document_start": _document_start,
    "several_documents": _several_documents,
    "duplicate_key": _duplicate_key,
    "comment_or_break": _comment_or_break,
    "block_header": _block_header,
    "tab": _tab,
    "too_deep": _too_deep,
    "character": _character,
    "encoding": _encoding,
    "too_long": _too_long,
    "unknown": _unknown,
}
