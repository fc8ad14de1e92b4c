"""The loader's traps: YAML 1.1 surprises, bombs, odd encodings, and never touching the source."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.yaml_loader import MAX_FILE_BYTES, YamlError, load_yaml


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
