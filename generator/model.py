"""The validated catalogue as plain objects: what the site and the feeds render from.

Offers keep their validated source mapping in ``data`` (field names as in the schema, so a
renderer asks the schema for labels); the facts that several renderers derive (dates, expiry,
regions, next start) are computed here once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

CEFR_ORDER = ["none", "A1", "A2", "B1", "B2", "C1", "C2"]


@dataclass(frozen=True)
class Provider:
    """A qualification project (QTV) with its Träger and Landesnetzwerk."""

    id: str
    data: dict[str, Any]
    path: Path

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def organisation(self) -> str:
        return self.data["organisation"]

    @property
    def kursnet(self) -> dict[str, Any] | None:
        return self.data.get("kursnet")


@dataclass(frozen=True)
class Run:
    """One run (Durchführung) of an offer, with its place resolved."""

    id: str
    start: date
    end: date
    application_deadline: date | None
    place: dict[str, Any] | None
    data: dict[str, Any]

    def is_over(self, today: date) -> bool:
        return self.end < today


@dataclass(frozen=True)
class Offer:
    """One validated offer."""

    id: str
    data: dict[str, Any]
    path: Path
    provider: Provider
    runs: tuple[Run, ...]
    source_sha256: str = ""

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @property
    def rolling_start(self) -> bool:
        return bool(self.data.get("rolling_start", False))

    @property
    def places(self) -> list[dict[str, Any]]:
        return list(self.data["format"].get("places", []))

    @property
    def states(self) -> tuple[str, ...]:
        """Bundesländer from which people can take part: explicit region, else the places'."""
        region = self.data["format"].get("region")
        if region:
            return tuple(region)
        return tuple(sorted({p["state"] for p in self.places}))

    @property
    def german_level(self) -> str:
        return self.data["language"]["german_level_required"]

    @property
    def published_from(self) -> date:
        return date.fromisoformat(self.data["publication"]["published_from"])

    @property
    def published_until(self) -> date | None:
        value = self.data["publication"].get("published_until")
        return date.fromisoformat(value) if value else None

    @property
    def last_reviewed(self) -> date:
        return date.fromisoformat(self.data["publication"]["last_reviewed"])

    def upcoming_runs(self, today: date) -> list[Run]:
        """Runs that have not ended yet, earliest first."""
        return [r for r in self.runs if not r.is_over(today)]

    def next_run(self, today: date) -> Run | None:
        upcoming = [r for r in self.upcoming_runs(today) if r.start >= today]
        if upcoming:
            return upcoming[0]
        running = self.upcoming_runs(today)
        return running[0] if running else None

    def is_expired(self, today: date) -> bool:
        """No longer offered: publication ended, or every run is over and there is no rolling start."""
        if self.published_until and self.published_until < today:
            return True
        if self.rolling_start:
            return False
        return not self.upcoming_runs(today)

    def is_listed(self, today: date) -> bool:
        """Shown in the catalogue, search and feeds today."""
        return self.published_from <= today and not self.is_expired(today)

    def accepts_level(self, client_level: str) -> bool:
        """True if a client with this German level meets the entry requirement."""
        return CEFR_ORDER.index(self.german_level) <= CEFR_ORDER.index(client_level)


@dataclass(frozen=True)
class Catalogue:
    """All offers and providers of a build, sorted by id; ``today`` fixes the build's view of time.

    Which offers are listed is asked by the catalogue page, its facets, every feed and the build
    summary; with ``today`` fixed the answer cannot change, so it is decided once, here. The
    catalogue is therefore frozen, and its offers are not changed after it is made.
    """

    offers: list[Offer]
    providers: dict[str, Provider]
    today: date
    warnings: list[Any] = field(default_factory=list)
    _listed: tuple[Offer, ...] = field(init=False, repr=False, compare=False)
    _listed_ids: frozenset[str] = field(init=False, repr=False, compare=False)
    _expired: tuple[Offer, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        listed = tuple(o for o in self.offers if o.is_listed(self.today))
        object.__setattr__(self, "_listed", listed)
        object.__setattr__(self, "_listed_ids", frozenset(o.id for o in listed))
        object.__setattr__(self, "_expired", tuple(o for o in self.offers if o.is_expired(self.today)))

    def __iter__(self) -> Iterator[Offer]:
        return iter(self.offers)

    def __len__(self) -> int:
        return len(self.offers)

    @property
    def by_id(self) -> dict[str, Offer]:
        return {o.id: o for o in self.offers}

    def listed(self) -> list[Offer]:
        """Offers shown today (published and not expired), by id."""
        return list(self._listed)

    def is_listed(self, offer: Offer) -> bool:
        """The offer is in the catalogue, search and feeds today."""
        return offer.id in self._listed_ids

    def expired(self) -> list[Offer]:
        return list(self._expired)

    def offers_of(self, provider_id: str) -> list[Offer]:
        return [o for o in self.offers if o.provider.id == provider_id]
