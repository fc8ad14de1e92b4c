"""``offers new`` in a terminal: every answer is checked at once, a wrong one is asked again.

The wizard is driven in-process with scripted answers (fast, and every question it asks is
counted); ``test_cli.py`` and the pty test at the end drive the real command in a real terminal.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

import pytest

from generator.catalogue_loader import check_catalogue
from generator.postcode_states import postcode_states
from generator.scaffold import ScaffoldError, Terminal, new_offer
from generator.scaffold_answers import AnswerError, Choices, offer_id_answer, postal_code_answer, slug
from generator.yaml_loader import load_yaml
from tests.conftest import run_in_pty
from tests.support import ROOT, TODAY

FIXTURE_CATALOGUE = ROOT / "tests" / "data" / "catalogue"
MODES = Choices(
    {
        "in_person": "in Präsenz",
        "online_live": "online live (virtuelles Klassenzimmer)",
        "self_paced": "online im eigenen Tempo (Selbstlernen)",
        "blended": "Blended Learning (Präsenz und online kombiniert)",
    }
)


class Script:
    """A terminal whose user types the given answers in order; records what was asked and said."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.said: list[str] = []

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def say(self, text: str) -> None:
        self.said.append(text)

    @property
    def terminal(self) -> Terminal:
        return Terminal(ask=self.ask, say=self.say)

    @property
    def output(self) -> str:
        return "\n".join(self.said)


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "offers"
    shutil.copytree(FIXTURE_CATALOGUE, folder)
    return folder


def _wizard(catalogue: Path, script: Script, **given: str) -> Path:
    return new_offer(
        catalogue,
        offer_id=given.get("offer_id"),
        provider=given.get("provider"),
        title=given.get("title"),
        kind=given.get("kind"),
        mode=given.get("mode"),
        interactive=True,
        today=TODAY,
        terminal=script.terminal,
    )


def test_wrong_answers_are_asked_again_and_nothing_is_lost(catalogue: Path) -> None:
    script = Script(
        "7",  # project: there is only one
        "Testprojekt Anerkennung",  # its name, as the list shows it
        "basis-angebot",  # taken
        "Pflege Anpassung Dresden",  # not an id; the wizard suggests one
        "pflege-anpassung-dresden",
        "",  # empty title
        "Anpassungslehrgang Pflege",
        "Brückenmaßnahme",  # the German label without its bracket
        "online",  # fits three modes
        "in präsenz",  # a label in other case
        "1067",  # four digits
        "",  # Enter: the project's own postal code 01067
        "",  # Enter: its city Dresden
    )
    path = _wizard(catalogue, script)
    data = load_yaml(path).data
    assert data["provider"] == "iq-test-projekt" and data["id"] == "pflege-anpassung-dresden"
    assert data["title"] == "Anpassungslehrgang Pflege" and data["kind"] == "bridge_measure"
    place = data["format"]["places"][0]
    assert data["format"]["mode"] == "in_person"
    assert (place["postal_code"], place["city"], place["state"], place["id"]) == ("01067", "Dresden", "SN", "dresden")
    # Every answer typed was asked for once: a mistake costs one answer, never a restart.
    assert len(script.prompts) == 13 and not script.answers
    out = script.output
    assert "Die Nummer 7 gibt es nicht; bitte eine Nummer von 1 bis 1 wählen." in out
    assert "Ein Angebot „basis-angebot“ gibt es schon" in out
    assert "Vorschlag: pflege-anpassung-dresden" in out
    assert "Bitte einen Titel eingeben." in out
    assert "„online“ passt zu mehreren Einträgen (2 = online live" in out
    assert "„1067“ ist keine Postleitzahl" in out
    assert "Bundesland: Sachsen (aus der Postleitzahl 01067)" in out
    # The project list shows names next to ids; the prompts show the defaults taken on Enter.
    assert "iq-test-projekt  Testprojekt Anerkennung" in out
    assert "Postleitzahl des Lernorts [01067]: " in script.prompts and "Ort des Lernorts [Dresden]: " in script.prompts
    problems = check_catalogue(catalogue, TODAY, only=[path]).problems
    asked = {f"format.places[0].{name}" for name in ("postal_code", "city", "state")}
    assert not [p for p in problems if p.field in asked]
    assert {p.field for p in problems} >= {"format.places[0].name", "format.places[0].street"}  # still to write


@pytest.mark.parametrize("code", random.Random(7).sample(sorted(postcode_states()), 25))
def test_the_land_comes_from_the_postal_code(catalogue: Path, code: str) -> None:
    """Any postal code of the table: the file names its Land (a border code asks which one)."""
    states = postcode_states()[code]
    answers = ["1", "neu", "Titel", "1", "blended", code]
    if len(states) > 1:
        answers.append(str(len(states)))  # the last Land the table lists for it
    answers.append("Irgendwo")
    script = Script(*answers)
    path = _wizard(catalogue, script)
    place = load_yaml(path).data["format"]["places"][0]
    assert place["postal_code"] == code and place["state"] == states[-1] and place["city"] == "Irgendwo"
    problems = check_catalogue(catalogue, TODAY, only=[path]).problems
    assert not [p for p in problems if p.field.startswith("format.places[0].state")], problems


def test_a_dresden_offer_is_not_filed_under_berlin(catalogue: Path) -> None:
    path = _wizard(catalogue, Script("iq-test-projekt", "dresden", "Kurs", "other", "in_person", "01069", "Dresden"))
    assert load_yaml(path).data["format"]["places"][0]["state"] == "SN"
    assert "BE" not in path.read_text(encoding="utf-8")


def test_border_postal_code_asks_which_land(catalogue: Path) -> None:
    script = Script("1", "grenze", "Kurs", "1", "1", "19273", "Hessen", "Niedersachsen", "Amt Neuhaus")
    path = _wizard(catalogue, script)
    assert load_yaml(path).data["format"]["places"][0]["state"] == "NI"
    assert "Die Postleitzahl 19273 liegt in mehreren Bundesländern" in script.output
    assert "„Hessen“ steht nicht in der Liste" in script.output


def test_unknown_postal_code_asks_for_the_land_by_name(catalogue: Path) -> None:
    assert "00000" not in postcode_states()
    script = Script("1", "unbekannt", "Kurs", "1", "1", "00000", "bayern", "Musterstadt")
    path = _wizard(catalogue, script)
    assert load_yaml(path).data["format"]["places"][0]["state"] == "BY"
    assert "Die Postleitzahl 00000 kenne ich nicht" in script.output


def test_online_offer_asks_no_place_and_takes_the_projects_land(catalogue: Path) -> None:
    script = Script("1", "online-kurs", "Kurs", "1", "online im eigenen Tempo")
    path = _wizard(catalogue, script)
    fmt = load_yaml(path).data["format"]
    assert fmt["mode"] == "self_paced" and fmt["online_only"] is True and fmt["region"] == ["SN"]
    assert "places" not in fmt and len(script.prompts) == 5


def test_flags_are_checked_too_and_a_wrong_one_is_asked_again(catalogue: Path) -> None:
    script = Script("Externenprüfung", "10117", "Berlin")
    path = _wizard(
        catalogue, script, provider="iq-test-projekt", offer_id="flaggen", title="T", kind="gibt-es-nicht", mode="2"
    )
    data = load_yaml(path).data
    assert data["kind"] == "external_exam_preparation" and data["format"]["mode"] == "online_live"
    assert "Art der Qualifizierung: „gibt-es-nicht“ steht nicht in der Liste" in script.output
    assert script.prompts[0].startswith("Auswahl")


def test_ctrl_d_ends_without_writing(catalogue: Path) -> None:
    script = Script("1", "abbruch", "Kurs")
    with pytest.raises(ScaffoldError, match="Abgebrochen; es wurde keine Datei angelegt"):
        _wizard(catalogue, script)
    assert not (catalogue / "abbruch.yaml").exists()


def test_without_a_terminal_labels_and_numbers_work_and_no_land_is_guessed(catalogue: Path) -> None:
    path = new_offer(
        catalogue,
        offer_id="ohne-terminal",
        provider="Testprojekt Anerkennung",
        title="T",
        kind="Berufsbezogenes Sprachlernen",
        mode="1",
        interactive=False,
        today=TODAY,
    )
    data = load_yaml(path).data
    assert data["provider"] == "iq-test-projekt" and data["kind"] == "job_related_german"
    assert data["format"]["places"][0]["state"] == "" and data["format"]["places"][0]["postal_code"] == ""
    problems = check_catalogue(catalogue, TODAY, only=[path]).problems
    assert any(p.field == "format.places[0].state" and p.is_error for p in problems)
    with pytest.raises(
        ScaffoldError, match=re.escape("Unbekannte Lernform „Fernkurs“. Erlaubt: in_person (in Präsenz)")
    ):
        new_offer(catalogue, "zwei", "iq-test-projekt", None, None, "Fernkurs", interactive=False, today=TODAY)


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("1", "in_person"),
        ("4", "blended"),
        (" blended ", "blended"),
        ("SELF_PACED", "self_paced"),
        ("self paced", "self_paced"),
        ("in Praesenz", None),  # "ae" is not "ä": refused rather than guessed
        ("in prasenz", "in_person"),
        ("Präsenz", None),  # a word of two labels: asked again, not guessed
        ("Blended Learning", "blended"),
        ("online live", "online_live"),
        ("Selbstlernen", "self_paced"),  # a word inside the bracket
        ("(virtuelles Klassenzimmer)", "online_live"),
        ("lernen", None),  # not the start of a word
        ("online", None),
        ("0", None),
        ("5", None),
        ("", None),
        ("bl", None),  # too short to be a choice
    ],
)
def test_choices_accept_number_code_and_label(answer: str, code: str | None) -> None:
    if code is None:
        with pytest.raises(AnswerError):
            MODES.pick(answer)
    else:
        assert MODES.pick(answer) == code


def test_ids_and_postal_codes() -> None:
    assert offer_id_answer(" pflege-1 ", set()) == "pflege-1"
    for bad in ("Pflege", "pflege--1", "-pflege", "pflege_1", "pflegeä", ""):
        with pytest.raises(AnswerError):
            offer_id_answer(bad, set())
    assert slug("Ärztinnen: Kenntnisprüfung in Köln") == "aerztinnen-kenntnispruefung-in-koeln"
    assert postal_code_answer("01 067") == "01067"
    for bad in ("1067", "010677", "O1067", "０１０６７", "01067\n1"):
        with pytest.raises(AnswerError):
            postal_code_answer(bad)


def test_real_terminal_with_german_answers_and_mistakes(offers_copy: Path) -> None:
    """The whole wizard in a real terminal, answered as a QTV person would, mistakes included."""
    exe = str(Path(sys.executable).parent / "offers")
    answers = [
        "Handwerk",  # begins words of two project names: asked again
        "Handwerk und Technik",  # a part of one name only
        "Elektro Leipzig",
        "elektro-leipzig",
        "Anpassungsqualifizierung Elektro",
        "2",
        "Blended Learning",
        "04109",
        "Leipzig",
    ]
    code, text = run_in_pty([exe, "--offers-dir", str(offers_copy), "new"], answers)
    assert code == 0, text
    assert "Bundesland: Sachsen (aus der Postleitzahl 04109)" in text and "Angelegt:" in text
    assert "„Handwerk“ passt zu mehreren Einträgen" in text and "Vorschlag: elektro-leipzig" in text
    data = load_yaml(offers_copy / "elektro-leipzig.yaml").data
    place = data["format"]["places"][0]
    assert data["kind"] == "adaptation_qualification" and data["format"]["mode"] == "blended"
    assert (place["postal_code"], place["city"], place["state"]) == ("04109", "Leipzig", "SN")
