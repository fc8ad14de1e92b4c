"""Which files of a catalogue folder are read, and a German warning for every one that is not.

Only ``offers/*.yaml`` / ``*.yml`` (lower case) and the same in ``offers/providers/`` are read.
Anything else an author put there – ``x.yaml.txt`` from Windows' hidden extensions, ``x.YAML``,
a backup ``x.yaml~`` or ``x.yaml.bak``, an editor's swap file, a sub-folder – would otherwise make
an offer vanish from the site, the feeds and every printed QR code without a word; so each is
named, with the name to rename it to.

Hidden files that tools create and authors never see (``.gitkeep``, ``.DS_Store``,
``.directory``, ``.git/``) are ignored silently: they never hold an offer, and warnings nobody
can act on teach people to skip warnings. A hidden file whose name contains ``.yaml``/``.yml``
(``.x.yaml.swp``, ``.#x.yaml``, ``._x.yaml``) is *not* silent: it means an offer is open in an
editor, possibly with unsaved changes that the build will not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.faults import os_reason
from generator.problems import Problem

PROVIDERS_SUBDIR = "providers"
YAML_SUFFIXES = (".yaml", ".yml")
UNREAD_CODE = "unread"
UNREADABLE_CODE = "unreadable"
NO_OFFERS_CODE = "no_offers"
# (singular, plural, what such a file holds) for the two folders, for the warnings' wording
OFFER_WORDS = ("Angebotsdatei", "Angebotsdateien", "ein Angebot")
PROVIDER_WORDS = ("Projektdatei", "Projektdateien", "ein Projekt")
BACKUP_SUFFIXES = (".bak", ".orig", ".old", ".backup", ".bck", ".sav", ".save", ".tmp", ".kopie", ".copy")
SWAP_SUFFIXES = (".swp", ".swo", ".swx", ".swn")


@dataclass
class Listing:
    """The files to read, and what to tell the author about everything else."""

    offers: list[Path] = field(default_factory=list)
    providers: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def is_read(path: Path) -> bool:
    """True if a file of this name is read by the build (lower-case ``.yaml``/``.yml``, not hidden)."""
    return path.suffix in YAML_SUFFIXES and not path.name.startswith(".")


def list_catalogue(offers_dir: Path) -> Listing:
    """Offer and provider files of a catalogue folder (sorted), with warnings for the rest.

    A folder that holds no offer file at all is an error: ``offers validate /etc`` or a wrong
    ``offers_dir`` must not answer "alles in Ordnung". Then only the files that look like
    misnamed offers are listed (not the 200 files of /etc), the others are counted.
    """
    listing = Listing()
    offer_files, offer_notes, error = _scan(offers_dir, OFFER_WORDS, allowed_folder=PROVIDERS_SUBDIR)
    if error:
        listing.problems.append(error)
        return listing
    provider_dir = offers_dir / PROVIDERS_SUBDIR
    provider_files: list[Path] = []
    provider_notes: list[Problem] = []
    if provider_dir.is_dir():
        provider_files, provider_notes, error = _scan(provider_dir, PROVIDER_WORDS, allowed_folder=None)
        if error:
            provider_notes.append(error)
    listing.offers, listing.providers = offer_files, provider_files
    if offer_files:
        listing.problems = offer_notes + provider_notes
        return listing
    misnamed = [p for p in offer_notes if _mentions_yaml(p.file.name)]
    others = len(offer_notes) - len(misnamed)
    listing.problems = misnamed + provider_notes + [_no_offers(offers_dir, others)]
    return listing


def unread_note(path: Path) -> Problem | None:
    """Warning for a file named on the command line that the build would not read (``x.YAML``)."""
    if is_read(path):
        return None
    return _note(path, OFFER_WORDS)


def _scan(
    folder: Path, words: tuple[str, str, str], allowed_folder: str | None
) -> tuple[list[Path], list[Problem], Problem | None]:
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        return (
            [],
            [],
            Problem(
                file=folder,
                line=0,
                column=0,
                field="",
                message=f"Der Ordner lässt sich nicht lesen: {os_reason(exc)}.",
                hint="Den Ordnernamen prüfen oder die Leserechte prüfen lassen.",
                code=UNREADABLE_CODE,
            ),
        )
    read: list[Path] = []
    notes: list[Problem] = []
    for entry in entries:
        if entry.is_dir():
            if entry.name != allowed_folder and not entry.name.startswith("."):
                notes.append(
                    _warning(
                        entry,
                        f"Der Unterordner „{entry.name}“ wird nicht gelesen.",
                        f"{words[1]} gehören direkt in den Ordner „{folder.resolve().name}“"
                        + (f" (Projekte in „{PROVIDERS_SUBDIR}“)" if allowed_folder else "")
                        + "; Dateien von dort hierher verschieben oder den Unterordner entfernen.",
                    )
                )
        elif is_read(entry) and entry.is_file():
            read.append(entry)
        elif is_read(entry):
            notes.append(
                _warning(
                    entry,
                    f"„{entry.name}“ ist eine Verknüpfung, die ins Leere zeigt, und wird nicht gelesen.",
                    "Die Verknüpfung durch die echte Datei ersetzen.",
                )
            )
        elif not _silent(entry.name):
            notes.append(_note(entry, words))
    return read, notes, None


def _note(path: Path, words: tuple[str, str, str]) -> Problem:
    """The warning for one file that is not read, by what it most likely is."""
    name = path.name
    lower = name.lower()
    target = rename_target(name)
    if lower.startswith(".") and lower.endswith(YAML_SUFFIXES) and not lower.startswith((".#", ".~lock")):
        return _warning(
            path,
            f"„{name}“ ist eine versteckte Datei (der Name beginnt mit einem Punkt) und wird nicht gelesen.",
            f"Die Datei in „{target}“ umbenennen.",
        )
    if lower.startswith((".#", "#", ".~lock", ".")) or lower.endswith(SWAP_SUFFIXES):
        return _warning(
            path,
            f"„{name}“ ist eine Hilfsdatei eines Editors und wird nicht gelesen; ist „{target}“ gerade geöffnet?",
            f"Änderungen an „{target}“ speichern und den Editor schließen: Nur gespeicherte Änderungen "
            "kommen in den Katalog. Bleibt die Hilfsdatei danach liegen, kann sie gelöscht werden.",
        )
    if lower.endswith("~") or lower.endswith(BACKUP_SUFFIXES):
        return _warning(
            path,
            f"„{name}“ sieht nach einer Sicherungskopie aus und wird nicht gelesen.",
            f"Ist die Kopie die gültige Fassung, sie in „{target}“ umbenennen (die alte Datei vorher "
            "löschen); sonst die Kopie löschen.",
        )
    if lower.endswith(YAML_SUFFIXES):
        return _warning(
            path,
            f"„{name}“ wird nicht gelesen: Die Endung muss klein geschrieben sein („{target[target.rindex('.') :]}“).",
            f"Die Datei in „{target}“ umbenennen.",
        )
    if _mentions_yaml(lower):
        extra = name[len(target) :] if name.lower().startswith(target.lower()) else name[name.rindex(".") :]
        return _warning(
            path,
            f"„{name}“ wird nicht gelesen: Der Name endet auf „{extra}“ statt auf "
            f"„{target[target.rindex('.') :]}“. Windows blendet solche Endungen oft aus.",
            f"Die Datei in „{target}“ umbenennen (im Explorer unter „Ansicht“ die "
            "„Dateinamenerweiterungen“ einblenden, um den ganzen Namen zu sehen).",
        )
    return _warning(
        path,
        f"„{name}“ ist keine {words[0]} und wird nicht gelesen: gelesen werden nur Dateien, die auf „.yaml“ enden.",
        f"Enthält sie {words[2]}, in „{target}“ umbenennen; sonst aus diesem Ordner entfernen.",
    )


def rename_target(name: str) -> str:
    """The name a misnamed offer file should have: ``X.yaml.txt`` → ``X.yaml``, ``.x.yaml.swp`` → ``x.yaml``."""
    core = name.lstrip(".#~").removeprefix("_").removeprefix("lock.").rstrip("#~")
    lower = core.lower()
    for suffix in YAML_SUFFIXES:
        index = lower.find(suffix)
        if index > 0:
            return core[:index] + suffix
    stem = core.split(".")[0] or "angebot"
    return f"{stem}.yaml"


def _silent(name: str) -> bool:
    """Hidden files of tools (``.gitkeep``, ``.DS_Store``) and macOS' ``._x.yaml`` metadata twins."""
    return name.startswith("._") or (name.startswith(".") and not _mentions_yaml(name))


def _mentions_yaml(name: str) -> bool:
    lower = name.lower()
    return any(suffix in lower for suffix in YAML_SUFFIXES)


def _warning(path: Path, message: str, hint: str) -> Problem:
    # line 0: the finding is about the whole file, not a line in it (the report prints no position)
    return Problem(
        file=path, line=0, column=0, field="", message=message, hint=hint, severity="warning", code=UNREAD_CODE
    )


def _no_offers(folder: Path, others: int) -> Problem:
    more = (
        f" Dort liegen {others} andere Dateien oder Ordner, die nicht gelesen werden."
        if others > 1
        else " Dort liegt eine andere Datei, die nicht gelesen wird."
        if others == 1
        else ""
    )
    return Problem(
        file=folder,
        line=0,
        column=0,
        field="",
        message="In diesem Ordner gibt es keine Angebotsdatei (Dateien, die auf „.yaml“ enden)." + more,
        hint=f"Ist das der richtige Ordner? Der Katalogordner heißt meist „offers“ und enthält den "
        f"Unterordner „{PROVIDERS_SUBDIR}“. Ein neues Angebot legt „offers new“ an.",
        code=NO_OFFERS_CODE,
    )
