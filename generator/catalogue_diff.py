"""What a change does to the catalogue: offers added, changed and withdrawn between two folders.

A reviewer of a pull request (and the QTV who opened it) should read in plain German what the
change means for the published catalogue, not a YAML diff: "new: Maurer/-in in Dresden",
"changed: start date and price", "withdrawn: it no longer appears". The same comparison tells
the KURSNET delivery which projects to send again (only those whose offers changed).

Both folders are read with the normal loader and checked for the same build date, so an offer
that simply expired in the meantime is not reported as withdrawn by the change. A file that does
not load is still compared by its presence (it is "changed", and its errors are reported by the
validator), never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.catalogue_loader import CheckResult, build_catalogue, check_catalogue, discover
from generator.labels import labels
from generator.problems import Problem
from generator.yaml_loader import YamlError, load_yaml


@dataclass(frozen=True)
class OfferChange:
    """One offer the change touches. ``fields`` are top-level field names whose value changed."""

    id: str
    title: str
    provider: str
    listed: bool  # appears in the catalogue after the change
    fields: tuple[str, ...] = ()
    reason: str = ""  # why a withdrawn offer no longer appears


@dataclass(frozen=True)
class CatalogueSide:
    """One folder, read and checked: raw data per file stem, listed ids, problems."""

    offers: dict[str, dict[str, Any] | None]
    providers: dict[str, dict[str, Any] | None]
    listed: frozenset[str]
    problems: list[Problem]
    files_checked: int


@dataclass(frozen=True)
class CatalogueDiff:
    added: list[OfferChange] = field(default_factory=list)
    changed: list[OfferChange] = field(default_factory=list)
    withdrawn: list[OfferChange] = field(default_factory=list)
    providers_changed: frozenset[str] = frozenset()  # provider files whose content changed
    touched_files: frozenset[str] = frozenset()  # stems of the offer files the change edited or added
    moved_from: frozenset[str] = frozenset()  # projects an offer left for another project
    head: CatalogueSide | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.withdrawn or self.providers_changed)

    def affected_providers(self) -> list[str]:
        """Projects whose published offers differ: every project of an added, changed or
        withdrawn offer (before and after, if an offer moved) and every changed project file."""
        ids = set(self.providers_changed) | set(self.moved_from)
        for change in (*self.added, *self.changed, *self.withdrawn):
            if change.provider:
                ids.add(change.provider)
        return sorted(ids)


def _raw(path: Path) -> dict[str, Any] | None:
    try:
        data = load_yaml(path).data
    except (YamlError, OSError):
        return None
    return data if isinstance(data, dict) else None


def _listed_ids(result: CheckResult, today: date) -> frozenset[str]:
    """Ids the catalogue would list; offers of a project that failed to load are left out."""
    known = {ly.data["id"] for ly in result.providers}
    usable = [ly for ly in result.offers if ly.data.get("provider") in known]
    trimmed = CheckResult(problems=[], offers=usable, providers=result.providers)
    return frozenset(o.id for o in build_catalogue(trimmed, today).listed())


def read_side(offers_dir: Path, today: date) -> CatalogueSide:
    """Read one catalogue folder; a missing folder is an empty catalogue (a first pull request)."""
    if not offers_dir.is_dir():
        return CatalogueSide({}, {}, frozenset(), [], 0)
    offer_files, provider_files = discover(offers_dir)
    result = check_catalogue(offers_dir, today)
    return CatalogueSide(
        offers={p.stem: _raw(p) for p in offer_files},
        providers={p.stem: _raw(p) for p in provider_files},
        listed=_listed_ids(result, today),
        problems=result.problems,
        files_checked=result.files_checked,
    )


def _text(data: dict[str, Any] | None, key: str) -> str:
    value = (data or {}).get(key)
    return value if isinstance(value, str) else ""


def _changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[str, ...]:
    if before is None or after is None:
        return ()
    keys = list(dict.fromkeys([*after, *before]))
    return tuple(k for k in keys if before.get(k) != after.get(k))


def _why_withdrawn(offer_id: str, after: dict[str, Any] | None, head: CatalogueSide) -> str:
    if offer_id not in head.offers:
        return "Die Datei wurde gelöscht."
    if after is None or any(p.is_error and p.file.stem == offer_id for p in head.problems):
        return "Die Datei enthält jetzt Fehler und kann nicht veröffentlicht werden."
    return "Es ist nach den neuen Angaben nicht mehr sichtbar (Veröffentlichungszeitraum oder letzte Durchführung)."


def compare(base: CatalogueSide, head: CatalogueSide) -> CatalogueDiff:
    """The difference from ``base`` (e.g. the target branch) to ``head`` (the pull request)."""
    added: list[OfferChange] = []
    changed: list[OfferChange] = []
    withdrawn: list[OfferChange] = []
    moved_from: set[str] = set()
    for offer_id in sorted(head.offers.keys() - base.offers.keys()):
        data = head.offers[offer_id]
        added.append(OfferChange(offer_id, _text(data, "title"), _text(data, "provider"), offer_id in head.listed))
    for offer_id in sorted(head.offers.keys() & base.offers.keys()):
        before, after = base.offers[offer_id], head.offers[offer_id]
        if before == after and before is not None:
            continue
        fields = _changed_fields(before, after)
        if before is not None and after is not None and not fields:
            continue
        was_listed, is_listed = offer_id in base.listed, offer_id in head.listed
        title = _text(after, "title") or _text(before, "title")
        provider = _text(after, "provider") or _text(before, "provider")
        old_provider = _text(before, "provider")
        if old_provider and old_provider != provider:
            moved_from.add(old_provider)  # the old project's KURSNET catalogue changes too
        if was_listed and not is_listed:
            reason = _why_withdrawn(offer_id, after, head)
            withdrawn.append(OfferChange(offer_id, title, provider, False, fields, reason))
        else:
            changed.append(OfferChange(offer_id, title, provider, is_listed, fields))
    for offer_id in sorted(base.offers.keys() - head.offers.keys()):
        data = base.offers[offer_id]
        withdrawn.append(
            OfferChange(
                offer_id, _text(data, "title"), _text(data, "provider"), False, (), _why_withdrawn(offer_id, None, head)
            )
        )
    providers_changed = frozenset(
        pid
        for pid in base.providers.keys() | head.providers.keys()
        if base.providers.get(pid) != head.providers.get(pid) or (pid in base.providers) != (pid in head.providers)
    )
    touched = frozenset(c.id for c in (*added, *changed, *withdrawn) if c.id in head.offers)
    return CatalogueDiff(
        added=added,
        changed=changed,
        withdrawn=withdrawn,
        providers_changed=providers_changed,
        moved_from=frozenset(moved_from),
        touched_files=touched,
        head=head,
    )


def compare_folders(base_dir: Path, head_dir: Path, today: date) -> CatalogueDiff:
    return compare(read_side(base_dir, today), read_side(head_dir, today))


def field_titles(names: tuple[str, ...]) -> list[str]:
    """German titles of changed top-level fields, from the schema (unknown keys as they are)."""
    lab = labels()
    return [lab.field(name) or name for name in names]
