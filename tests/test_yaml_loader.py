"""The loader's traps: YAML 1.1 surprises, bombs, odd encodings, and never touching the source."""

from __future__ import annotations

import ast
import re
import time
from pathlib import Path

import pytest
import yaml

from generator import yaml_loader
from generator.problems import Problem
from generator.yaml_loader import MAX_FILE_BYTES, YamlError, code_fields, load_yaml
from generator.yaml_syntax import classify, explain


def _write(tmp_path: Path, content: str | bytes, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _error(tmp_path: Path, content: str | bytes) -> str:
    with pytest.raises(YamlError) as info:
        load_yaml(_write(tmp_path, content))
    return info.value.problem.message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("v: no", "no"),  # YAML 1.1 would read False (the "Norway problem")
        ("v: on", "on"),
        ("v: yes", "yes"),
        ("v: 8:30", "8:30"),  # YAML 1.1 reads the sexagesimal integer 510
        ("v: 2027-03-01", "2027-03-01"),  # text: the schema checks dates with format: date
        ("v: 01067", "01067"),  # leading zero: kept as the author wrote it
        ("v: true", True),
        ("v: false", False),
        ("v: 42", 42),
        ("v: 4.5", 4.5),
        ("v: ~", None),
        ("v: .inf", ".inf"),  # not a number anyone means in an offer
        ("v: '42'", "42"),
    ],
)
def test_yaml_12_scalars(tmp_path: Path, source: str, expected: object) -> None:
    assert load_yaml(_write(tmp_path, source)).data["v"] == expected


def test_numbers_keep_their_source_text(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, "a:\n  postal_code: 10115\n"))
    assert loaded.data["a"]["postal_code"] == 10115
    assert loaded.texts[("a", "postal_code")] == "10115"


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, "id: x\nruns:\n  - start: 2027-01-01\n    end: 2027-02-01\n"))
    assert loaded.positions[("runs", 0, "end")].line == 4
    assert loaded.positions[("runs", 0, "end")].column == 10
    assert loaded.key_positions[("runs",)].line == 2
    assert loaded.position_of(("runs", 0, "missing")).line == 3


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("a: 1\nb: 2\na: 3\n", "„a“ steht doppelt (zuerst in Zeile 1)"),
        ("a: &x 1\nb: *x\n", "Anker"),
        ("base: {x: 1}\nother:\n  <<: {x: 2}\n", "„<<“"),
        ("", "leer"),
        ("# nur Kommentar\n\n", "leer"),
        ("- a\n- b\n", "gefunden wurde eine Liste"),
        ("einfach ein Satz\n", "gefunden wurde ein einzelner Wert"),
        ("a: 1\n---\nb: 2\n", "mehr als ein YAML-Dokument"),
        ("a: !!python/object:os.system x\n", "Typangabe"),
        ("a:\n\tb: 1\n", "Tabulator"),
        ("title: Modul 1: Grundlagen\n", "Doppelpunkt"),
        (b"id: x\x00\x01\x02", "keine Textdatei"),
        (b"title: Gr\xfc\xdfe\n", "nicht in UTF-8"),
        ('title: "Klingel\\a und Null\\0"\n', "Steuerzeichen (U+0007)"),
    ],
)
def test_refused_with_german_explanation(tmp_path: Path, content: str | bytes, fragment: str) -> None:
    assert fragment in _error(tmp_path, content)


def test_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    assert load_yaml(_write(tmp_path, b"\xef\xbb\xbftitle: Gr\xc3\xbc\xc3\x9fe\n")).data == {"title": "Grüße"}


def test_non_utf8_error_names_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(_write(tmp_path, b"id: x\ntitle: Gr\xfc\xdfe\n"))
    assert (info.value.problem.line, info.value.problem.column) == (2, 10)


def test_billion_laughs_refused_fast(tmp_path: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    started = time.perf_counter()
    assert "Anker" in _error(tmp_path, "\n".join(lines))
    assert time.perf_counter() - started < 2


def test_huge_file_refused_before_reading(tmp_path: Path) -> None:
    path = _write(tmp_path, "a: " + "x" * (MAX_FILE_BYTES + 10))
    with pytest.raises(YamlError) as info:
        load_yaml(path)
    assert "zu groß" in info.value.problem.message


def test_deep_nesting_refused(tmp_path: Path) -> None:
    assert "verschachtelt" in _error(tmp_path, "a: " + "[" * 5000 + "]" * 5000)


def test_source_file_is_never_modified(tmp_path: Path) -> None:
    path = _write(tmp_path, "id: x\npostal_code: 01067\nflag: no\n")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load_yaml(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# --- German messages for every syntax error (libyaml and PyYAML's pure-Python loader) ---------

YAML_PACKAGE = Path(yaml.__file__).parent

# Every problem text of libyaml 0.2.x (src/scanner.c, parser.c, reader.c, loader.c) and PyYAML 6
# (scanner.py, parser.py, reader.py, composer.py, and _yaml.pyx's composer), with sample values
# where PyYAML fills in the character it found.
ENGLISH_PROBLEMS = [
    # libyaml scanner.c
    "found character that cannot start any token",
    "could not find expected ':'",
    "block sequence entries are not allowed in this context",
    "mapping keys are not allowed in this context",
    "mapping values are not allowed in this context",
    "found unknown directive name",
    "did not find expected comment or line break",
    "could not find expected directive name",
    "found unexpected non-alphabetical character",
    "did not find expected digit or '.' character",
    "found extremely long version number",
    "did not find expected version number",
    "did not find expected whitespace",
    "did not find expected whitespace or line break",
    "did not find expected alphabetic or numeric character",
    "did not find the expected '>'",
    "did not find expected '!'",
    "did not find expected tag URI",
    "did not find URI escaped octet",
    "found an incorrect leading UTF-8 octet",
    "found an incorrect trailing UTF-8 octet",
    "found an indentation indicator equal to 0",
    "found a tab character where an indentation space is expected",
    "found unexpected document indicator",
    "found unexpected end of stream",
    "found unknown escape character",
    "did not find expected hexdecimal number",
    "found invalid Unicode character escape code",
    "found unexpected ':'",
    "found a tab character that violates indentation",
    # libyaml parser.c (and the nesting limit of the libyaml bundled with PyYAML 6.0.4)
    "did not find expected <stream-start>",
    "did not find expected <document start>",
    "found duplicate %YAML directive",
    "found incompatible YAML document",
    "found duplicate %TAG directive",
    "found undefined tag handle",
    "did not find expected node content",
    "did not find expected key",
    "did not find expected '-' indicator",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "exceeded maximum nesting depth",
    # libyaml reader.c
    "control characters are not allowed",
    "invalid leading UTF-8 octet",
    "invalid length of a UTF-8 sequence",
    "invalid trailing UTF-8 octet",
    "invalid Unicode character",
    "incomplete UTF-8 octet sequence",
    "incomplete UTF-16 character",
    "incomplete UTF-16 surrogate pair",
    "unexpected low surrogate area",
    "expected low surrogate area",
    "input is too long",
    "input error",
    # libyaml loader.c / _yaml.pyx composer
    "found undefined alias",
    "found duplicate anchor; first occurrence",
    "second occurrence",
    "expected a single document in the stream",
    "but found another document",
    # PyYAML scanner.py
    "found character '@' that cannot start any token",
    "expected alphabetic or numeric character, but found ' '",
    "expected a digit or '.', but found 'x'",
    "expected a digit or ' ', but found 'x'",
    "expected a digit, but found 'x'",
    "expected ' ', but found 'x'",
    "expected a comment or a line break, but found 'x'",
    "expected chomping or indentation indicators, but found 'x'",
    "expected '!', but found 'x'",
    "expected URI, but found 'x'",
    "sequence entries are not allowed here",
    "mapping keys are not allowed here",
    "mapping values are not allowed here",
    "expected '>', but found '\\n'",
    "found unexpected document separator",
    "expected indentation indicator in the range 1-9, but found 0",
    "expected URI escape sequence of 2 hexadecimal numbers, but found 'x'",
    "found unknown escape character 'B'",
    "expected escape sequence of 4 hexadecimal numbers, but found 'x'",
    "invalid indentation or unclosed '[' or '{'",
    # PyYAML parser.py, composer.py, reader.py
    "expected <block end>, but found '<scalar>'",
    "expected '<document start>', but found '<scalar>'",
    "found duplicate YAML directive",
    "found incompatible YAML document (version 1.* is required)",
    "expected ',' or ']', but got ':'",
    "expected ',' or '}', but got ':'",
    "duplicate tag handle '!x!'",
    "found undefined tag handle '!foo!'",
    "expected the node content, but found ','",
    "found non-specific tag '!'",
    "found undefined alias 'x'",
    "found duplicate anchor 'x'; first occurrence",
    "found duplicate key",
    "unacceptable character #x0001: special characters are not allowed",
]

_MESSAGE_PREFIXES = (
    "found ",
    "did not find",
    "could not find",
    "mapping ",
    "block sequence",
    "exceeded",
    "control characters",
    "invalid leading",
    "invalid trailing",
    "invalid Unicode",
    "invalid length",
    "incomplete UTF",
    "input is too long",
    "input error",
    "unexpected low",
    "expected low",
    "second occurrence",
)


def _pure_python_problem_texts() -> list[str]:
    """The problem texts in the installed PyYAML's own sources, ``%r`` parts filled with a sample."""
    texts = []
    for name in ("scanner.py", "parser.py", "composer.py"):
        for node in ast.walk(ast.parse((YAML_PACKAGE / name).read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith("Error")):
                continue
            for arg in node.args[2:3]:
                template = arg.left if isinstance(arg, ast.BinOp) else arg
                if isinstance(template, ast.Constant) and isinstance(template.value, str):
                    texts.append(template.value.replace("%r", "'x'").replace("%d", "4").replace("%s", "x"))
    return texts


def _libyaml_problem_texts() -> list[str]:
    """The problem texts compiled into the installed PyYAML's libyaml extension."""
    found = set()
    for library in YAML_PACKAGE.glob("_yaml*.so"):
        for raw in re.findall(rb"[\x20-\x7e]{6,}", library.read_bytes()):
            text = raw.decode("ascii")
            if text.startswith(_MESSAGE_PREFIXES) and not re.search(r"->|&&|==|[()]", text):  # not C assertions
                found.add(text)
    return sorted(found)


def test_every_known_english_problem_has_a_german_translation() -> None:
    assert [text for text in ENGLISH_PROBLEMS if classify(text) == "unknown"] == []


def test_installed_pyyaml_raises_no_problem_without_translation() -> None:
    """A PyYAML update that adds a message fails here, before any author sees English."""
    pure = _pure_python_problem_texts()
    assert len(pure) > 30
    untranslated = [text for text in pure if classify(text) == "unknown"]
    if yaml.__with_libyaml__:
        compiled = _libyaml_problem_texts()
        assert len(compiled) > 40
        untranslated += [text for text in compiled if classify(text) == "unknown"]
    assert untranslated == []


ENGLISH_WORDS = {word.lower() for text in ENGLISH_PROBLEMS for word in re.findall(r"[A-Za-z]{4,}", text)} - {
    "yaml",
    "name",
}  # also German

BROKEN = {
    "unclosed_double_quote": (
        'id: x\ntitle: "Pflege\nsummary: ok\nkind: a\nruns:\n  - id: x\n    start: "2027-02-01"\n',
        2,
    ),
    "unclosed_quote_at_end": ('id: x\ntitle: "Pflege\nsummary: ok\n', 2),
    "unclosed_single_quote": ("id: x\ntitle: 'Pflege\nsummary: ok\nkind: 'a'\n", 2),
    "no_space_after_colon": ("id: x\ntitle:Pflege\nsummary: ok\n", 2),
    "no_space_last_line": ("id: x\ntitle:Pflege\n", 2),
    "no_space_nested": ("id: x\nformat:\n  mode:blended\n  setting: group\n", 3),
    "unknown_escape": ('id: x\ntitle: "A\\B"\n', 2),
    "bad_hex_escape": ('title: "a\\xZZ"\n', 1),
    "list_after_value": ("id: x\ntitle: Pflege\n- a\n", 3),
    "list_item_field_outdented": ("modules:\n  - title: a\n  hours: 3\n", 3),
    "dash_as_value": ("id: x\nlanguages: - deu\n", 2),
    "colon_in_text": ("how: Anmeldung: Anruf genügt.\n", 1),
    "field_outdented": ("format:\n  mode: x\n setting: y\n", 3),
    "field_indented_too_far": ("format:\n  mode: x\n    setting: y\n", 3),
    "flow_list_unclosed": ("patterns: [evening, weekend\nid: x\n", 1),
    "flow_group_unclosed": ("a: {x: 1\nb: 2\n", 1),
    "at_sign": ("title: @Home Office\n", 1),
    "backtick": ("title: `Pflege`\n", 1),
    "tab_indent": ("a:\n\tb: 1\n", 2),
    "document_marker_in_quote": ('a: "x\n---\ny"\n', 1),
    "ampersand": ("title: & Co\n", 1),
    "asterisk": ("title: *neu* Pflege\n", 1),
    "text_after_block_indicator": ("description: | Erster Satz\n  zweiter\n", 1),
    "text_after_quote": ('title: "Kurs "Pflege" plus"\n', 1),
    "text_after_list": ("patterns: [evening] abends\n", 1),
    "double_comma": ("patterns: [evening,, weekend]\n", 1),
    "closing_bracket": ("title: ]\n", 1),
    "question_mark": ("title: ? Pflege\n", 1),
    "verbatim_tag": ("title: !<x\n", 1),
    "text_line_without_colon": ("id: x\nEinfach ein Satz\nb: 1\n", 2),
}


@pytest.fixture(params=["libyaml", "pure-python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with PyYAML's C loader and again with its pure-Python one."""
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML was built without libyaml")
        monkeypatch.setattr(yaml_loader, "LOADER", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yaml_loader, "LOADER", yaml.SafeLoader)
    return request.param


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_documents_are_explained_in_german_at_the_right_line(tmp_path: Path, loader: str, case: str) -> None:
    content, line = BROKEN[case]
    with pytest.raises(YamlError) as info:
        load_yaml(_write(tmp_path, content))
    problem = info.value.problem
    words = {word.lower() for word in re.findall(r"[A-Za-z]{4,}", problem.message + " " + problem.hint)}
    assert words & ENGLISH_WORDS == set(), problem
    assert problem.line == line, problem
    assert problem.message.startswith(("Die Datei", "Hier")) and problem.hint


def test_both_loaders_say_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def report(loader: type, content: str) -> tuple[str, str, int, int]:
        monkeypatch.setattr(yaml_loader, "LOADER", loader)
        with pytest.raises(YamlError) as info:
            load_yaml(_write(tmp_path, content))
        p = info.value.problem
        return p.message, p.hint, p.line, p.column

    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    differing = {
        case
        for case, (content, _) in BROKEN.items()
        if report(yaml.CSafeLoader, content) != report(yaml.SafeLoader, content)
    }
    assert differing == set()


def test_unclosed_quote_points_at_the_opening_quote(tmp_path: Path) -> None:
    content = 'id: x\ntitle: "Pflege\n' + "".join(f"f{i}: wert\n" for i in range(10)) + 'end: "2027-01-01"\n'
    with pytest.raises(YamlError) as info:
        load_yaml(_write(tmp_path, content))
    problem = info.value.problem
    assert (problem.line, problem.column) == (2, 8)
    assert "Anführungszeichen" in problem.message and "Zeile 13" in problem.message
    assert 'title: "Pflege"' in problem.hint


def test_missing_space_after_colon_names_that_line(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(_write(tmp_path, "id: x\ntitle:Foo\nsummary: y\n"))
    problem = info.value.problem
    assert (problem.line, problem.column) == (2, 7)
    assert "Nach dem Doppelpunkt fehlt ein Leerzeichen" in problem.message
    assert "„title: Foo“ statt „title:Foo“" in problem.hint


def test_unknown_problem_text_falls_back_to_german(tmp_path: Path) -> None:
    mark = yaml.Mark("x", 7, 1, 2, "", 0)
    exc = yaml.MarkedYAMLError("while doing something new", mark, "found a brand new problem", mark)
    found = explain(exc, "a: 1\nb: 2\n", yaml.SafeLoader, 40)
    assert (found.line, found.column) == (2, 3)
    assert found.message == "Die Datei ist kein gültiges YAML: An dieser Stelle kann die Datei nicht gelesen werden."
    assert "brand" not in found.message + found.hint


# --- text read as written: " #" comments ----------------------------------------------------------


def _warnings(tmp_path: Path, content: str) -> list[Problem]:
    return load_yaml(_write(tmp_path, content)).warnings


def test_comment_after_plain_text_warns_with_quoted_example(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, "id: x\ntitle: Vorbereitung Pflege #1 in Berlin\n"))
    assert loaded.data["title"] == "Vorbereitung Pflege"
    [warning] = loaded.warnings
    assert (warning.severity, warning.line, warning.column, warning.field) == ("warning", 2, 28, "title")
    assert "„#1 in Berlin“" in warning.message and "„Vorbereitung Pflege“" in warning.message
    assert 'title: "Vorbereitung Pflege #1 in Berlin"' in warning.hint
    # the hint's example is itself read back as the author meant it
    example = warning.hint.split(": ", 1)[1].split(". Ist es")[0]
    assert load_yaml(_write(tmp_path, example, "example.yaml")).data == {"title": "Vorbereitung Pflege #1 in Berlin"}


@pytest.mark.parametrize(
    ("content", "line", "column"),
    [
        ("title: #1 Kurs\n", 1, 8),  # the whole value vanished
        ("patterns:\n  - evening # und samstags\n", 2, 13),
        ("a:\n  b: Kurs\t# 2\n", 2, 11),
        ("d: Zeile eins\n  Zeile zwei # drei\n", 2, 14),
    ],
)
def test_comment_warning_positions(tmp_path: Path, content: str, line: int, column: int) -> None:
    [warning] = _warnings(tmp_path, content)
    assert (warning.line, warning.column) == (line, column)


@pytest.mark.parametrize(
    "content",
    [
        "# Kommentar in eigener Zeile\ntitle: Pflege\n",
        'title: "Pflege #1"  # nach Anführungszeichen\n',
        "title: 'Pflege' # nach Anführungszeichen\n",
        "format:  # nach einem Feld mit Unterfeldern\n  mode: blended\n",
        "patterns: [evening, weekend]  # nach einer Liste\n",
        "patterns:  # nach dem Listenbeginn\n  - evening\n",
        "description: |  # nach dem Blockanfang\n  Text # mit Raute im Block\n",
        "hours: 40  # eine Zahl verliert nichts\n",
        "free: true # ein Wahrheitswert auch nicht\n",
        "title: Programmieren in C# und F#\n",
        "title: Pflege\n  # eingerückter Kommentar in eigener Zeile\n",
    ],
)
def test_comments_that_lose_nothing_do_not_warn(tmp_path: Path, content: str) -> None:
    assert _warnings(tmp_path, content) == []


def test_quoted_text_that_swallows_the_next_field_warns(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, 'id: x\ntitle: "Pflege\nsummary: Kurs"\n'))
    assert loaded.data == {"id": "x", "title": "Pflege summary: Kurs"}
    [warning] = loaded.warnings
    assert (warning.line, warning.column, warning.code) == (2, 8, "yaml-quote")
    assert "„summary:“" in warning.message


# --- invisible characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragment", "line", "column"),
    [
        (
            "id: x\nsummary: Pflege \u202eneu\u202c\n",
            "Schreibrichtungszeichen „Rechts-nach-links-Überschreibung“ (U+202E)",
            2,
            17,
        ),
        ("id: x  # Kommentar \u2066versteckt\u2069\n", "(U+2066)", 1, 20),
        ('id: x\nsummary: "Pflege \\u202E"\n', "(U+202E)", 2, 10),
        ("id: kurs\u00a0pflege\n", "geschütztes Leerzeichen (U+00A0)", 1, 9),
        ("place:\n  postal_code: '10117\u00a0'\n", "geschütztes Leerzeichen (U+00A0)", 2, 22),
        ("contact:\n  email: max@\u200bexample.org\n", "Leerzeichen ohne Breite (U+200B)", 2, 14),
        ("url: https://example.org/\u2060kurs\n", "Wortverbinder (U+2060)", 1, 26),
        ("mode: blended\ufeff\n", "Byte-Order-Markierung (BOM) (U+FEFF)", 1, 14),
        ("ti\u200dtle: Pflege\n", "Feldnamen", 1, 3),
        ("title: a\x85b\n", "Zeilenumbruch-Steuerzeichen (NEL) (U+0085)", 1, 9),
        ("title: a\u2028b\n", "Zeilentrennzeichen (U+2028)", 1, 9),
        ("title: a\x01b\n", "Steuerzeichen (U+0001)", 1, 9),
        ("id: x\ntitle:\u00a0Pflege\nsummary: y\n", "geschütztes Leerzeichen (U+00A0), wo YAML ein normales", 2, 7),
        ("patterns:\n  -\u00a0evening\n", "Am Anfang des Werts steht ein geschütztes Leerzeichen", 2, 4),
        ("format:\n  mode: blended\n\u00a0 setting: group\n", "Im Feldnamen „setting“", 3, 1),
    ],
)
def test_invisible_characters_are_named_where_they_break_things(
    tmp_path: Path, content: str, fragment: str, line: int, column: int
) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(_write(tmp_path, content))
    problem = info.value.problem
    assert fragment in problem.message
    assert (problem.line, problem.column) == (line, column)


def test_invisible_characters_in_prose_are_allowed_or_warned(tmp_path: Path) -> None:
    content = (
        "title: Anerkennung nach §\u00a07 BQFG\n"  # non-breaking space: deliberate typography
        "summary: Anerkennungs\u00adverfahren für Pflege\u200bkräfte\n"  # soft hyphen fine, zero width warned
        "description: |\n  Erste Zeile\n  mit\ufeffBOM\n"
    )
    loaded = load_yaml(_write(tmp_path, content))
    assert loaded.data["title"] == "Anerkennung nach §\u00a07 BQFG"
    assert [(w.line, w.column, w.field, w.message) for w in loaded.warnings] == [
        (2, 43, "summary", "Im Text steht ein unsichtbares Leerzeichen ohne Breite (U+200B)."),
        (5, 6, "description", "Im Text steht eine unsichtbare Byte-Order-Markierung (BOM) (U+FEFF)."),
    ]


def test_positions_count_windows_line_ends(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml(_write(tmp_path, "id: x\r\ntitle: a\r\nsummary: b\u202ec\r\n"))
    assert (info.value.problem.line, info.value.problem.column) == (3, 11)


def test_code_fields_come_from_the_schema() -> None:
    fields = code_fields()
    assert {"id", "postal_code", "email", "url", "date", "start", "kind", "mode", "state"} <= fields
    assert not {"title", "summary", "description", "name", "content", "note"} & fields


def test_quoted_text_over_several_lines_with_a_german_label_does_not_warn(tmp_path: Path) -> None:
    content = 'summary: "Ein langer Text,\n  Hinweis: der weitergeht."\n'
    assert _warnings(tmp_path, content) == []
