"""``offers new``: write a new offer file from the template, commented from the schema.

The template leaves the texts a QTV has to write empty on purpose: ``offers validate`` then
names each one still to fill in. Comments next to every field come from the schema's German
titles, so they never drift from what the validator and the site call the field.

In a terminal it asks for what the flags did not give, one question at a time, and checks each
answer at once: a wrong answer is explained and asked again, earlier answers stay (a mistake
never means starting over). Lists show numbers, codes and German labels, and any of the three is
accepted (``generator.scaffold_answers``). The Land of a place is taken from its postal code
(``generator.postcode_states``), never assumed: without a postal code the file says ``state: ""``
and the validator asks for it.

Every text value is written quoted (``quote_scalar``), so the file says exactly what it was
given: a title with a backslash, quotes, ``: `` or `` #`` stays that title, and no value is
followed by a comment that the loader would warn about. Characters the loader refuses (control
characters, text-direction overrides) are refused here, in German, before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template

from generator.catalogue_loader import PROVIDERS_SUBDIR, build_date, discover
from generator.characters import REFUSED, describe
from generator.labels import labels
from generator.postcode_states import states_of
from generator.scaffold_answers import AnswerError, Choices, offer_id_answer, postal_code_answer, slug, text_answer
from generator.schema import OFFER_SCHEMA, SCHEMA_DIR, schema_set
from generator.yaml_loader import YamlError, load_yaml
from generator.yaml_writer import quote_scalar

TEMPLATE = Path(__file__).parent / "templates" / "offer_new.yaml"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ONLINE_ONLY_MODES = ("online_live", "self_paced")  # every other mode has a place to go to
PLACE_STATE = ("format", "places", 0, "state")


class ScaffoldError(Exception):
    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Terminal:
    """Where the wizard asks and speaks: the real terminal, or scripted answers in a test."""

    ask: Callable[[str], str] = input
    say: Callable[[str], None] = print


@dataclass(frozen=True)
class ProviderFacts:
    """What the wizard shows and suggests from a provider file: its name and where it is."""

    id: str
    name: str = ""
    state: str = ""
    postal_code: str = ""
    city: str = ""


def provider_facts(path: Path) -> ProviderFacts:
    """Name, Land and address of a provider file; only the id if the file cannot be read."""
    try:
        data = load_yaml(path).data
    except (YamlError, OSError):
        return ProviderFacts(path.stem)
    if not isinstance(data, dict):
        return ProviderFacts(path.stem)
    found = data.get("address")
    address: dict[str, object] = found if isinstance(found, dict) else {}
    return ProviderFacts(
        path.stem,
        name=str(data.get("name") or ""),
        state=str(data.get("state") or address.get("state") or ""),
        postal_code=str(address.get("postal_code") or ""),
        city=str(address.get("city") or ""),
    )


def _refuse_hidden_characters(label: str, text: str) -> None:
    """A title is one line of visible text; refuse what the loader would refuse (and line breaks)."""
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) == "Cc" or REFUSED.match(char):
            raise ScaffoldError(
                f"Im {label} steht an Stelle {position} {describe(char)}; solche Zeichen "
                "sind in Angebotsdateien nicht erlaubt. Bitte den Text ohne dieses Zeichen eingeben.",
                2,
            )


def _title_answer(answer: str) -> str:
    text = text_answer(answer, "einen Titel")
    try:
        _refuse_hidden_characters("Titel", text)
    except ScaffoldError as exc:
        raise AnswerError(str(exc)) from None
    return text


def _ask(
    term: Terminal,
    question: str,
    read: Callable[[str], str],
    *,
    given: str | None = None,
    default: str = "",
    choices: Choices | None = None,
) -> str:
    """Ask until ``read`` accepts the answer; a flag's value counts as the first answer.

    ``read`` raises AnswerError for an unusable answer; its German sentence is shown and the
    same question is asked again, so nothing answered before is lost. Ctrl-D or Ctrl-C end the
    wizard without writing anything.
    """
    if given:
        try:
            return read(given)
        except AnswerError as exc:
            term.say(f"{question}: {exc}")
    if choices:
        term.say(question)
        for line in choices.numbered():
            term.say(line)
    prompt = "Auswahl (Nummer, Kürzel oder Bezeichnung)" if choices else question
    suffix = f" [{default}]" if default else ""
    while True:
        try:
            answer = term.ask(f"{prompt}{suffix}: ")
        except (EOFError, KeyboardInterrupt):
            term.say("")
            raise ScaffoldError("Abgebrochen; es wurde keine Datei angelegt.", 1) from None
        try:
            return read(answer if answer.strip() or not default else default)
        except AnswerError as exc:
            term.say(f"  {exc}")


def _state_of_place(term: Terminal, code: str, states: Choices) -> str:
    """The Land of a place, from its postal code; asked only when the code is unknown or on a border."""
    found = states_of(code)
    if len(found) == 1:
        term.say(f"  Bundesland: {states.labels[found[0]]} (aus der Postleitzahl {code})")
        return found[0]
    if found:
        question = f"Die Postleitzahl {code} liegt in mehreren Bundesländern. Welches gilt für den Lernort?"
        among = Choices({state: states.labels[state] for state in found})
    else:
        question = f"Die Postleitzahl {code} kenne ich nicht. In welchem Bundesland liegt der Lernort?"
        among = states
    return _ask(term, question, among.pick, choices=among)


def new_offer(
    offers_dir: Path,
    offer_id: str | None,
    provider: str | None,
    title: str | None,
    kind: str | None,
    mode: str | None,
    interactive: bool,
    today: date | None = None,
    *,
    postal_code: str | None = None,
    city: str | None = None,
    terminal: Terminal | None = None,
) -> Path:
    """Create ``offers_dir/<id>.yaml``; never overwrite. Returns the new path."""
    lab = labels(schema_set(SCHEMA_DIR))
    kinds = Choices(lab.options("kind"))
    modes = Choices(lab.options("format", "mode"))
    states = Choices(lab.options(*PLACE_STATE))
    offer_files, provider_files = discover(offers_dir)
    facts = {p.stem: provider_facts(p) for p in provider_files}
    projects = Choices({key: facts[key].name or key for key in sorted(facts)})
    place_state = ""
    if interactive:
        term = terminal or Terminal()
        if not facts:
            raise ScaffoldError(
                f"In {offers_dir / PROVIDERS_SUBDIR} gibt es noch kein Projekt; bitte zuerst eines anlegen."
            )
        taken = {p.stem for p in offer_files}
        provider = _ask(term, "Projekt", projects.pick, given=provider, choices=projects)
        offer_id = _ask(
            term,
            "Kennung des neuen Angebots (z. B. pflege-anpassung-leipzig)",
            lambda answer: offer_id_answer(answer, taken),
            given=offer_id,
        )
        title = _ask(term, "Titel (ohne Ort und Lernform)", _title_answer, given=title)
        kind = _ask(term, "Art der Qualifizierung", kinds.pick, given=kind, choices=kinds)
        mode = _ask(term, "Lernform", modes.pick, given=mode, choices=modes)
        if mode not in ONLINE_ONLY_MODES:
            home = facts[provider]
            postal_code = _ask(
                term, "Postleitzahl des Lernorts", postal_code_answer, given=postal_code, default=home.postal_code
            )
            place_state = _state_of_place(term, postal_code, states)
            city = _ask(
                term,
                "Ort des Lernorts",
                lambda answer: text_answer(answer, "den Ort (z. B. Leipzig)"),
                given=city,
                default=home.city if postal_code == home.postal_code else "",
            )
    missing = [flag for flag, value in (("--id", offer_id), ("--provider", provider)) if not value]
    if missing:
        raise ScaffoldError(f"Es fehlt: {', '.join(missing)} (oder im Terminal ohne --no-input aufrufen).", 2)
    assert offer_id and provider
    _refuse_hidden_characters("Titel", title or "")
    if not _SLUG.fullmatch(offer_id):
        raise ScaffoldError(
            f"„{offer_id}“ ist keine gültige Kennung: nur Kleinbuchstaben, Ziffern und Bindestriche.", 2
        )
    provider = _known(
        projects, provider, f"Das Projekt „{provider}“ gibt es nicht in {offers_dir / PROVIDERS_SUBDIR}. Vorhanden"
    )
    kind = _known(kinds, kind or "adaptation_qualification", f"Unbekannte Art „{kind}“. Erlaubt")
    mode = _known(modes, mode or "blended", f"Unbekannte Lernform „{mode}“. Erlaubt")
    online_only = mode in ONLINE_ONLY_MODES
    if online_only:  # who may take part: the provider's Land unless the author widens it
        region = facts[provider].state
        location = f"  region:\n    - {quote_scalar(region)}\n" if region in states.labels else ""
    else:
        try:
            code = postal_code_answer(postal_code) if postal_code else ""
        except AnswerError as exc:
            raise ScaffoldError(str(exc), 2) from None
        found = states_of(code)
        place_state = place_state or (found[0] if len(found) == 1 else "")
        location = (
            f'  places:\n    - id: {quote_scalar(slug(city or "") or "ort-1")}\n      name: ""\n'
            f'      street: ""\n      postal_code: {quote_scalar(code)}\n      city: {quote_scalar(city or "")}\n'
            f"      state: {quote_scalar(place_state)}\n      barrier_free: false\n"
        )
    target = offers_dir / f"{offer_id}.yaml"
    today = today or build_date()
    body = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        id=quote_scalar(offer_id),
        title=quote_scalar(title or ""),
        provider=quote_scalar(provider),
        kind=quote_scalar(kind),
        mode=quote_scalar(mode),
        online_only="true" if online_only else "false",
        location=location,
        field="cross_field",
        run_id=quote_scalar(f"{today.year + 1}-1"),
        start=quote_scalar(date(today.year + 1, 3, 1).isoformat()),
        today=quote_scalar(today.isoformat()),
    )
    text = f"# yaml-language-server: $schema=../schema/{OFFER_SCHEMA}\n" + _annotate(body)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{target} gibt es schon; die Datei wird nicht überschrieben.", 1) from None
    return target


def _known(choices: Choices, value: str, unknown: str) -> str:
    """A flag's value as a code (code, German label or list number); a usage error otherwise."""
    try:
        return choices.pick(value)
    except AnswerError:
        allowed = "; ".join(f"{code} ({label})" if label != code else code for code, label in choices.labels.items())
        raise ScaffoldError(f"{unknown}: {allowed or 'keine'}.", 2) from None


def _annotate(body: str) -> str:
    """Append ``# <German title>`` to every ``key:`` line, found by walking the indentation."""
    lab = labels(schema_set(SCHEMA_DIR))
    out = []
    stack: list[tuple[int, str | int]] = []
    for line in body.splitlines():
        match = re.match(r"^(\s*)(- )?([a-z_]+):", line)
        if not match:
            out.append(line)
            continue
        indent = len(match.group(1)) + (2 if match.group(2) else 0)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if match.group(2):
            stack.append((indent - 1, 0))
        stack.append((indent, match.group(3)))
        title = lab.field(*(part for _, part in stack))
        out.append(f"{line}  # {title}" if title and not line.rstrip().endswith("|") else line)
    return "\n".join(out) + "\n"
