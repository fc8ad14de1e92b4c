"""``offers new`` writes exactly what it is given, and our own loader reads it back unchanged."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.catalogue_loader import check_catalogue
from generator.characters import BIDI_CONTROLS
from generator.scaffold import ScaffoldError, new_offer
from generator.yaml_loader import load_yaml
from tests.conftest import run_offers
from tests.support import FIXTURE_CATALOGUE, TODAY

PROVIDER = "iq-test-projekt"
# What the loader rightly refuses in a text: control characters (line breaks and tabs included:
# a title is one line), lone surrogates, text-direction overrides and the two non-characters.
REFUSED_CHARACTERS = BIDI_CONTROLS + "\ufffe\uffff"
TITLES = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=REFUSED_CHARACTERS), max_size=120
)


@pytest.fixture(scope="module")
def catalogue() -> Iterator[Path]:
    """One small catalogue for all generated titles (Hypothesis runs many examples per test)."""
    folder = Path(tempfile.mkdtemp(prefix="scaffold-")) / "offers"
    shutil.copytree(FIXTURE_CATALOGUE, folder)
    for offer in folder.glob("*.yaml"):
        offer.unlink()
    yield folder
    shutil.rmtree(folder.parent)


def _round_trip(catalogue: Path, title: str, mode: str = "blended") -> object:
    path = new_offer(
        catalogue, offer_id="neu", provider=PROVIDER, title=title, kind=None, mode=mode, interactive=False, today=TODAY
    )
    try:
        return load_yaml(path).data
    finally:
        path.unlink()


@pytest.mark.parametrize(
    "title",
    [
        "A\\B",
        "Pflege\\nAltenpflege",
        'Kurs "Pflege plus"',
        "Anna's Kurs",
        "'\"both\"'",
        "Modul 1: Grundlagen",
        "Vorbereitung Pflege #1 in Berlin",
        "#1 Kurs",
        "- Liste?",
        "* Stern",
        "& Co",
        "!wichtig",
        "%20",
        "@Home",
        "? Frage",
        ": Doppelpunkt",
        "Leerzeichen am Ende   ",
        "  vorne",
        "null",
        "true",
        "123",
        "~",
        "",
        "[a, b]",
        "{x: 1}",
        "|",
        ">",
        "---",
        "...",
        "Grüße aus Köln – „Anführung“ ‚einfach‘ € ½ 中文 עברית العربية 😀",
        "§\u00a07 BQFG",
        "Pflege\u200bkräfte",
        "Zeilen\u2028trenner",
        "\ufeffBOM vorne",
        "$title ${id}",
    ],
)
def test_titles_round_trip_exactly(catalogue: Path, title: str) -> None:
    data = _round_trip(catalogue, title)
    assert isinstance(data, dict) and data["title"] == title


@settings(max_examples=300, deadline=None)
@given(title=TITLES)
def test_any_title_round_trips_through_our_loader(catalogue: Path, title: str) -> None:
    data = _round_trip(catalogue, title)
    assert isinstance(data, dict) and data["title"] == title


@settings(max_examples=100, deadline=None)
@given(
    before=TITLES,
    refused=st.sampled_from([chr(c) for c in range(0x20)] + ["\x7f", "\x85", "\x9f"] + list(REFUSED_CHARACTERS)),
    after=TITLES,
)
def test_refused_characters_are_named_and_nothing_is_written(
    catalogue: Path, before: str, refused: str, after: str
) -> None:
    with pytest.raises(ScaffoldError) as info:
        new_offer(
            catalogue,
            offer_id="neu",
            provider=PROVIDER,
            title=before + refused + after,
            kind=None,
            mode=None,
            interactive=False,
            today=TODAY,
        )
    assert f"(U+{ord(refused):04X})" in str(info.value) and "Titel" in str(info.value)
    assert info.value.exit_code == 2
    assert not (catalogue / "neu.yaml").exists()


@pytest.mark.parametrize("mode", ["in_person", "online_live", "self_paced", "blended"])
def test_new_file_reads_without_yaml_warnings(catalogue: Path, mode: str) -> None:
    """The field comments of the template never trip the `` #`` warning: every text value is quoted."""
    path = new_offer(
        catalogue,
        offer_id="neu",
        provider=PROVIDER,
        title="Titel: mit #1 und \\",
        kind=None,
        mode=mode,
        interactive=False,
        today=TODAY,
    )
    try:
        loaded = load_yaml(path)
        assert loaded.warnings == []
        assert loaded.data["format"]["mode"] == mode and loaded.data["runs"][0]["start"] == "2027-03-01"
        result = check_catalogue(catalogue, TODAY, only=[path])
        assert result.errors  # deliberately incomplete: the texts to write are empty
        assert not [p for p in result.problems if p.code.startswith("yaml")]
    finally:
        path.unlink()


def test_cli_writes_a_backslash_title_its_own_validator_accepts(offers_copy: Path) -> None:
    title = 'C:\\Kurse\\neu "Pflege" #1: \\n'
    created = run_offers(
        "--offers-dir",
        str(offers_copy),
        "new",
        "--provider",
        "iq-sn-handwerk-technik",
        "--id",
        "backslash",
        "--title",
        title,
        "--no-input",
    )
    assert created.returncode == 0, created.stderr
    path = offers_copy / "backslash.yaml"
    assert load_yaml(path).data["title"] == title
    check = run_offers("--offers-dir", str(offers_copy), "validate", str(path))
    assert "kein gültiges YAML" not in check.stdout and "[title]" not in check.stdout


def test_cli_refuses_a_line_break_in_the_title(offers_copy: Path) -> None:
    result = run_offers(
        "--offers-dir",
        str(offers_copy),
        "new",
        "--provider",
        "iq-sn-handwerk-technik",
        "--id",
        "umbruch",
        "--title",
        "Zeile eins\nZeile zwei",
        "--no-input",
    )
    assert result.returncode == 2
    assert "Im Titel steht an Stelle 11 ein Zeilenumbruch (U+000A)" in result.stderr
    assert not (offers_copy / "umbruch.yaml").exists()
