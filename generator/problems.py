"""What the validator finds: one Problem per finding, always with file, line and field."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one source file.

    ``severity`` is "error" (the catalogue cannot be built) or "warning" (it can, but someone
    should look). ``field`` is the path as the author wrote it, e.g. ``runs[0].start``.
    """

    file: Path
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: str = "error"
    code: str = dataclasses.field(default="", compare=False)  # the attribute `field` shadows the function

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class CatalogueInvalid(Exception):
    """Raised when at least one source file has an error; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = sum(p.is_error for p in self.problems)
        super().__init__(f"{errors} Fehler in den Angebotsdateien")


def field_path(path: tuple[str | int, ...]) -> str:
    """Render a data path the way an author reads it: ``runs[0].start``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
