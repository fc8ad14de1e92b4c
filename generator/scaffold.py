"""``offers new``: write a new offer file from the template, commented from the schema.

The template leaves the texts a QTV has to write empty on purpose: ``offers validate`` then
names each one still to fill in. Comments next to every field come from the schema's German
titles, so they never drift from what the validator and the site call the field.

Every text value is written quoted (``quote_scalar``), so the file says exactly what it was
given: a title with a backslash, quotes, ``: `` or `` #`` stays that title, and no value is
followed by a comment that the loader would warn about. Characters the loader refuses (control
characters, text-direction overrides) are refused here, in German, before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from string import Template

from generator.catalogue_loader import PROVIDERS_SUBDIR, build_date, discover
from generator.characters import REFUSED, describe
from generator.labels import labels
from generator.schema import OFFER_SCHEMA, SCHEMA_DIR, schema_set
from generator.yaml_writer import quote_scalar

TEMPLATE = Path(__file__).parent / "templates" / "offer_new.yaml"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def _ask(prompt: str, choices: dict[str, str] | None = None, default: str | None = None) -> str:
    if choices:
        print(prompt)
        for key, label in choices.items():
            print(f"  {key:28} {label}")
    suffix = f" [{default}]" if default else ""
    answer = input(f"{prompt if not choices else 'Auswahl'}{suffix}: ").strip()
    return answer or (default or "")


def _refuse_hidden_characters(label: str, text: str) -> None:
    """A title is one line of visible text; refuse what the loader would refuse (and line breaks)."""
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) == "Cc" or REFUSED.match(char):
            raise ScaffoldError(
                f"Im {label} steht an Stelle {position} {describe(char)}; solche Zeichen "
                "sind in Angebotsdateien nicht erlaubt. Bitte den Text ohne dieses Zeichen eingeben.",
                2,
            )


def new_offer(
    offers_dir: Path,
    offer_id: str | None,
    provider: str | None,
    title: str | None,
    kind: str | None,
    mode: str | None,
    interactive: bool,
    today: date | None = None,
) -> Path:
    """Create ``offers_dir/<id>.yaml``; never overwrite. Returns the new path."""
    lab = labels(schema_set(SCHEMA_DIR))
    kinds = lab.options("kind")
    modes = lab.options("format", "mode")
    _, provider_files = discover(offers_dir)
    providers = {p.stem: p.stem for p in provider_files}
    if interactive:
        provider = provider or _ask("Projekt (Kennung aus offers/providers/)", providers or None)
        offer_id = offer_id or _ask("Kennung des neuen Angebots (z. B. pflege-anpassung-leipzig)")
        title = title or _ask("Titel (ohne Ort und Lernform)")
        kind = kind or _ask("Art der Qualifizierung", kinds)
        mode = mode or _ask("Lernform", modes)
    missing = [flag for flag, value in (("--id", offer_id), ("--provider", provider)) if not value]
    if missing:
        raise ScaffoldError(f"Es fehlt: {', '.join(missing)} (oder im Terminal ohne --no-input aufrufen).", 2)
    assert offer_id and provider
    _refuse_hidden_characters("Titel", title or "")
    if not _SLUG.fullmatch(offer_id):
        raise ScaffoldError(
            f"„{offer_id}“ ist keine gültige Kennung: nur Kleinbuchstaben, Ziffern und Bindestriche.", 2
        )
    kind = kind or "adaptation_qualification"
    mode = mode or "blended"
    if kind not in kinds:
        raise ScaffoldError(f"Unbekannte Art „{kind}“. Erlaubt: {', '.join(kinds)}.", 2)
    if mode not in modes:
        raise ScaffoldError(f"Unbekannte Lernform „{mode}“. Erlaubt: {', '.join(modes)}.", 2)
    if provider not in providers:
        raise ScaffoldError(
            f"Das Projekt „{provider}“ gibt es nicht in {offers_dir / PROVIDERS_SUBDIR}. "
            f"Vorhanden: {', '.join(sorted(providers)) or 'keine'}.",
            2,
        )
    target = offers_dir / f"{offer_id}.yaml"
    today = today or build_date()
    online_only = mode in ("online_live", "self_paced")
    places = (
        ""
        if online_only
        else (
            '  places:\n    - id: "ort-1"\n      name: ""\n      street: ""\n      postal_code: ""\n'
            '      city: ""\n      state: "BE"\n      barrier_free: false'
        )
    )
    body = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        id=quote_scalar(offer_id),
        title=quote_scalar(title or ""),
        provider=quote_scalar(provider),
        kind=quote_scalar(kind),
        mode=quote_scalar(mode),
        online_only="true" if online_only else "false",
        places=places,
        field="cross_field",
        run_id=quote_scalar(f"{today.year + 1}-1"),
        start=quote_scalar(date(today.year + 1, 3, 1).isoformat()),
        today=quote_scalar(today.isoformat()),
    )
    if online_only:
        body = body.replace("  online_only: true\n\n", "  online_only: true\n  region:\n    - BE\n")
    text = f"# yaml-language-server: $schema=../schema/{OFFER_SCHEMA}\n" + _annotate(body)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{target} gibt es schon; die Datei wird nicht überschrieben.", 1) from None
    return target


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
