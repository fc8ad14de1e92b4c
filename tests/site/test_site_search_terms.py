"""Compound splitting for search: inner parts are indexed, prefixes and short words are not."""

from __future__ import annotations

from generator.site.search_terms import compound_parts, split_word


def test_heads_of_compounds_are_found() -> None:
    assert "Buchhaltung" in split_word("Finanzbuchhaltung")
    assert "Logistik" in split_word("Lagerlogistik")
    assert {"Pflege", "Hilfe"} <= set(split_word("Altenpflegehilfe"))
    assert "Technik" in split_word("Elektroinstallationstechnik")


def test_prefixes_short_words_and_lowercase_are_left_alone() -> None:
    assert "Finanz" not in split_word("Finanzbuchhaltung")  # Pagefind's prefix search finds it already
    assert split_word("Mentoring") == ()
    assert split_word("zusammenarbeiten") == ()


def test_parts_already_present_as_words_are_not_repeated() -> None:
    parts = compound_parts(["Finanzbuchhaltung und Buchhaltung", "Lagerlogistik"])
    assert "Buchhaltung" not in parts
    assert "Logistik" in parts
    assert parts == sorted(parts, key=str.casefold)


def test_gender_endings_are_not_indexed_as_words() -> None:
    assert "Innen" not in split_word("Teilnehmerinnen")


def test_a_long_run_of_letters_is_not_split() -> None:
    """A 20,000-letter "word" is valid text in a description; splitting it took hours."""
    import time

    started = time.perf_counter()
    assert compound_parts(["Ä" * 20_000, "Pflege" * 400]) == []
    assert time.perf_counter() - started < 5
    assert "Buchhaltung" in split_word("Finanzbuchhaltung")
