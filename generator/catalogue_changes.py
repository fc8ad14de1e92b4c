"""Offers that were in the last build's catalogue and are not in this one, with the reason.

An offer that leaves the catalogue takes its search entry, its feed entries and (when its file
is gone) its page with it, and every printed QR code pointing at that page. Most of the time
that is intended (the last run ended); sometimes it is an accident (the file was renamed to
``x.yaml.txt``, or its id was changed). The build output lists each one so a person can tell.

The record of the last build is the ``offers.json`` feed it published (``generator/feeds/json_feed.py``:
``offers[].id`` and ``offers[].data.title`` of every listed offer): it is already part of every
site and export, so nothing extra is written. Without it (first build, or the JSON feed switched
off) there is nothing to compare with and nothing is said.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.catalogue_files import list_catalogue, rename_target
from generator.feeds.json_feed import FILE_NAME as RECORD_NAME
from generator.german_format import de_date
from generator.model import Catalogue, Offer


@dataclass(frozen=True)
class Gone:
    """One offer that left the catalogue since the last build."""

    id: str
    title: str
    reason: str

    def line(self) -> str:
        title = f" („{self.title}“)" if self.title else ""
        return f"Nicht mehr im Katalog: {self.id}{title}: {self.reason}"


def previous_listing(feeds_dir: Path) -> dict[str, str] | None:
    """id → title of the offers the last build listed, from its ``offers.json``; None if there is none.

    A missing, unreadable or foreign file only means there is nothing to compare with: this is a
    report, and it must never stop a build.
    """
    try:
        record = json.loads((feeds_dir / RECORD_NAME).read_text(encoding="utf-8"))
        entries = record["offers"]
        listing = {}
        for entry in entries:
            data = entry.get("data") if isinstance(entry.get("data"), dict) else {}
            title = data.get("title")
            listing[str(entry["id"])] = title if isinstance(title, str) else ""
        return listing
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def gone_offers(previous: dict[str, str], catalogue: Catalogue, offers_dir: Path) -> list[Gone]:
    """Offers listed before and not now, sorted by id, each with the reason as far as it can be known."""
    listed_now = {o.id for o in catalogue.listed()}
    gone_ids = sorted(set(previous) - listed_now)
    if not gone_ids:
        return []
    by_id = catalogue.by_id
    unread: dict[str, str] = {}
    for problem in list_catalogue(offers_dir).problems:
        if problem.file.parent == offers_dir:
            unread.setdefault(rename_target(problem.file.name).rsplit(".", 1)[0], problem.file.name)
    new_titles = {o.title: o.id for o in catalogue.listed() if o.id not in previous}
    gone = []
    for offer_id in gone_ids:
        title = previous[offer_id]
        offer = by_id.get(offer_id)
        if offer is not None:
            reason = _why_not_listed(offer, catalogue.today)
        elif offer_id in unread:
            reason = (
                f"Die Datei heißt jetzt „{unread[offer_id]}“ und wird deshalb nicht gelesen; in "
                f"„{offer_id}.yaml“ umbenennen, wenn das Angebot weiter erscheinen soll."
            )
        elif title and title in new_titles:
            reason = (
                f"Die Kennung wurde geändert? Neu im Katalog ist „{new_titles[title]}“ mit demselben Titel. "
                f"Links und gedruckte QR-Codes zur alten Adresse führen jetzt ins Leere."
            )
        else:
            reason = (
                f"Die Datei „{offer_id}.yaml“ gibt es nicht mehr (gelöscht oder umbenannt). Die Seite des "
                "Angebots entfällt; Links und gedruckte QR-Codes dorthin führen ins Leere."
            )
        gone.append(Gone(offer_id, title, reason))
    return gone


def _why_not_listed(offer: Offer, today: date) -> str:
    until = offer.published_until
    if until is not None and until < today:
        return (
            f"Die Veröffentlichung endete am {de_date(until)} (publication.published_until). Die Seite "
            "bleibt erreichbar, erscheint aber nicht mehr in Suche und Feeds."
        )
    if offer.published_from > today:
        return f"Es ist erst ab {de_date(offer.published_from)} sichtbar (publication.published_from)."
    ends = [run.end for run in offer.runs]
    if ends:
        return (
            f"Abgelaufen: Die letzte Durchführung endete am {de_date(max(ends))}. Die Seite bleibt erreichbar, "
            "erscheint aber nicht mehr in Suche und Feeds; für eine neue Durchführung einen Eintrag unter "
            "runs ergänzen."
        )
    return "Es ist nach seinen Angaben heute nicht sichtbar."  # pragma: no cover - is_listed covers all cases


def changes_since(feeds_dir: Path, catalogue: Catalogue, offers_dir: Path) -> list[str]:
    """German lines for the build output: one per offer the last build at ``feeds_dir`` listed and this one does not."""
    previous = previous_listing(feeds_dir)
    if previous is None:
        return []
    return [gone.line() for gone in gone_offers(previous, catalogue, offers_dir)]
