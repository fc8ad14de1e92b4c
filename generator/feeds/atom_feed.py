"""``offers.atom``: new, changed and withdrawn offers, for feed readers and portals that poll.

An entry is an offer; its id (``tag:<host>,2026:angebot/<offer id>``) never changes, so a
reader shows a changed offer as an update of the same entry and a withdrawn one as its last
update. ``updated`` must change only when the offer's content changes, never with the build:
it is the commit date of the last commit touching the offer file (``git log -1 --format=%cI``),
or ``publication.last_reviewed`` where git knows no history (e.g. a copy outside the
repository). A withdrawn (expired) offer gets the title prefix "Nicht mehr angeboten:" and
is ``updated`` on the day it went out: the earlier of the end of publication and the end of its
last run. The feed's own ``updated`` is the newest entry's, so an unchanged catalogue gives a
byte-identical file.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from generator.feeds import FeedContext
from generator.model import Offer

FILE_NAME = "offers.atom"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The date in the tag: URIs; fixed forever, it only has to be a day the site's owner held the name.
TAG_DATE = "2026"
WITHDRAWN_PREFIX = "Nicht mehr angeboten: "
DEFAULT_HOST = "iq-angebote.example"


def _host(ctx: FeedContext) -> str:
    return urlsplit(ctx.site_url).hostname or DEFAULT_HOST


def entry_id(ctx: FeedContext, offer_id: str) -> str:
    return f"tag:{_host(ctx)},{TAG_DATE}:angebot/{offer_id}"


def feed_id(ctx: FeedContext) -> str:
    return f"tag:{_host(ctx)},{TAG_DATE}:angebote"


def commit_times(folder: Path) -> dict[str, datetime]:
    """File name → time of the last commit touching it, for every file below ``folder``.

    One ``git log`` for the whole folder instead of one per offer: at thousands of offers the
    per-file calls cost more than rendering the feed.
    """
    try:
        out = subprocess.run(
            ["git", "log", "--format=@%cI", "--name-only", "--relative", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    times: dict[str, datetime] = {}
    current: datetime | None = None
    for line in out.splitlines():
        if line.startswith("@"):
            try:
                current = datetime.fromisoformat(line[1:]).astimezone(UTC)
            except ValueError:
                current = None
        elif line and current is not None:
            times.setdefault(line, current)  # git log is newest first
    return times


def git_commit_time(path: Path) -> datetime | None:
    """Commit time of the last commit that touched ``path``, or None without git history."""
    return commit_times(path.parent).get(path.name)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), UTC)


def content_updated(offer: Offer, times: dict[Path, datetime] | None = None) -> datetime:
    """When the offer's content last changed: git commit time, else the last review day."""
    path = offer.path.resolve()
    committed = times.get(path) if times is not None else git_commit_time(path)
    return committed if committed else _midnight(offer.last_reviewed)


def withdrawn_on(offer: Offer, today: date) -> date:
    """The day an expired offer went out: end of publication or end of its last run, the earlier."""
    candidates = []
    if offer.published_until and offer.published_until < today:
        candidates.append(offer.published_until)
    if not offer.rolling_start and offer.runs and all(r.is_over(today) for r in offer.runs):
        candidates.append(max(r.end for r in offer.runs))
    return min(candidates) if candidates else offer.last_reviewed


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrib)
    if text is not None:
        element.text = text
    return element


def _entry(
    ctx: FeedContext, offer: Offer, withdrawn: bool, times: dict[Path, datetime] | None = None
) -> tuple[datetime, etree._Element]:
    today = ctx.catalogue.today
    updated = _midnight(withdrawn_on(offer, today)) if withdrawn else content_updated(offer, times)
    entry = etree.Element(f"{{{ATOM_NS}}}entry")
    _sub(entry, "id", entry_id(ctx, offer.id))
    _sub(entry, "title", (WITHDRAWN_PREFIX if withdrawn else "") + offer.title, type="text")
    _sub(entry, "updated", _rfc3339(updated))
    _sub(entry, "published", _rfc3339(_midnight(offer.published_from)))
    href = f"{ctx.site_url.rstrip('/')}/angebote/" if withdrawn else ctx.offer_url(offer)
    _sub(entry, "link", rel="alternate", type="text/html", href=href)
    author = _sub(entry, "author")
    _sub(author, "name", offer.provider.organisation)
    website = offer.provider.data.get("website")
    if website:
        _sub(author, "uri", website)
    _sub(entry, "category", term=offer.kind, label=ctx.labels.value(("kind",), offer.kind))
    _sub(entry, "summary", offer.data["summary"], type="text")
    return updated, entry


def entries(ctx: FeedContext) -> list[tuple[datetime, str, etree._Element]]:
    """(updated, id, entry) of listed and withdrawn offers, newest first, then by offer id."""
    today = ctx.catalogue.today
    folders = {o.path.resolve().parent for o in ctx.catalogue.offers}
    times = {folder / name: moment for folder in sorted(folders) for name, moment in commit_times(folder).items()}
    result = [(*_entry(ctx, o, withdrawn=False, times=times), o.id) for o in ctx.catalogue.listed()]
    for offer in ctx.catalogue.expired():
        if offer.published_from <= withdrawn_on(offer, today):
            result.append((*_entry(ctx, offer, withdrawn=True), offer.id))
    ordered = sorted(result, key=lambda item: item[2])
    ordered.sort(key=lambda item: item[0], reverse=True)
    return [(updated, offer_id, entry) for updated, entry, offer_id in ordered]


def render(ctx: FeedContext) -> bytes:
    items = entries(ctx)
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    feed.set(XML_LANG, "de")
    _sub(feed, "id", feed_id(ctx))
    _sub(feed, "title", "IQ-Qualifizierungsangebote: neue und geänderte Angebote", type="text")
    _sub(feed, "subtitle", "Angebote aus dem Förderprogramm „Integration durch Qualifizierung (IQ)“", type="text")
    newest = max((updated for updated, _, _ in items), default=ctx.build_time)
    _sub(feed, "updated", _rfc3339(newest))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=ctx.feed_url(FILE_NAME))
    _sub(feed, "link", rel="alternate", type="text/html", href=f"{ctx.site_url.rstrip('/')}/angebote/")
    _sub(feed, "generator", "IQ-Angebotskatalog")
    for _, _, entry in items:
        feed.append(entry)
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def write(ctx: FeedContext) -> dict[str, bytes]:
    return {FILE_NAME: render(ctx)}
