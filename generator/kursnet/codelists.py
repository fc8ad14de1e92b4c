"""The BA code lists (``wertebereiche/*.dat``): ``code|label`` per line.

The XSD only type-checks integer codes (``INSTRUCTION_FORM type="999"`` validates), so every
code we send is looked up here first; a code that is not in the list stops the export.
"""

from __future__ import annotations

from functools import cache

from generator.kursnet import CODELIST_DIR


class UnknownCode(ValueError):
    """A code that the BA list does not contain."""


@cache
def codelist(name: str) -> dict[str, str]:
    """Code → label of ``wertebereiche/<name>.dat``.

    Lines without ``|`` are headings (``foerderartenland.dat`` groups by Bundesland) or blank
    and are skipped; codes are kept as text because some lists use letters (``deu``).
    """
    entries: dict[str, str] = {}
    for raw in (CODELIST_DIR / f"{name}.dat").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if "|" not in line:
            continue
        code, label = line.split("|", 1)
        entries[code.strip()] = label.strip()
    return entries


def label(name: str, code: int | str) -> str:
    """German label of a code; raises UnknownCode if the list does not have it."""
    entries = codelist(name)
    key = str(code)
    if key not in entries:
        raise UnknownCode(f"Der Code „{code}“ steht nicht in der KURSNET-Liste {name}.dat.")
    return entries[key]


def is_valid(name: str, code: int | str) -> bool:
    return str(code) in codelist(name)
