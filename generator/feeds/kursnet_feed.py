"""KURSNET feed: one open-Qcat 1.1 catalogue per provider with a ``kursnet:`` block.

Output (relative to ``feeds/``):

* ``kursnet/<provider-id>.xml`` – full delivery (NEW_CATALOG) of the provider's listed offers
  (offers with ``kursnet.export: false`` are left out);
* with ``options["previous"]`` (``offers export kursnet --previous FILE``) additionally, for the
  provider the previous file belongs to, ``kursnet/<provider-id>.update.xml`` (UPDATE_CATALOG),
  computed against the delivery state ``kursnet/<provider-id>.seq.json`` (or
  ``options["state_file"]``). The state is only read here: it follows what KURSNET confirmed
  (``offers publish kursnet --store``), so exporting twice gives the same files.

Offers lacking what KURSNET requires (``generator.kursnet.gate``) are left out of every file;
``held_back(ctx)`` names them, one German line each.

Every file is checked against the official XSD before it is returned; a writer that would
produce an invalid file raises FeedError instead, so nothing half-right is ever written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from generator.feed_error import FeedError
from generator.feeds import FeedContext
from generator.kursnet import delivery_state, diff, document, gate, xsd
from generator.kursnet.encoding import encoding_name, serialise
from generator.kursnet.mapping import offer_services
from generator.model import Catalogue, Offer, Provider

FOLDER = "kursnet"


def full_path(provider_id: str) -> str:
    return f"{FOLDER}/{provider_id}.xml"


def update_path(provider_id: str) -> str:
    return f"{FOLDER}/{provider_id}.update.xml"


def state_path(provider_id: str) -> str:
    return f"{FOLDER}/{provider_id}.seq.json"


def kursnet_providers(catalogue: Catalogue) -> list[Provider]:
    return [p for p in catalogue.providers.values() if p.kursnet]


def skipped_providers(catalogue: Catalogue) -> list[str]:
    """Ids of providers without a ``kursnet:`` block: they get no KURSNET file."""
    return sorted(p.id for p in catalogue.providers.values() if not p.kursnet)


def skip_message(catalogue: Catalogue) -> str | None:
    """One German line for the build log, or None when every provider has KURSNET data."""
    skipped = skipped_providers(catalogue)
    if not skipped:
        return None
    noun = "Projekt" if len(skipped) == 1 else "Projekte"
    return (
        f"KURSNET: kein Katalog für {len(skipped)} {noun} ohne KURSNET-Angaben (kursnet: in "
        f"offers/providers/…): {', '.join(skipped)}"
    )


def exported_offers(catalogue: Catalogue, provider: Provider) -> list[Offer]:
    """Listed offers of a provider that are not excluded with ``kursnet.export: false``."""
    return [
        o
        for o in catalogue.listed()
        if o.provider.id == provider.id and (o.data.get("kursnet") or {}).get("export", True) is not False
    ]


@dataclass(frozen=True)
class Delivery:
    """What goes to KURSNET for one provider, and the offers the gate kept back (German lines)."""

    services: list[etree._Element]
    held_back: list[str]


def delivery_of(ctx: FeedContext, provider: Provider) -> Delivery:
    """The provider's services; an offer lacking what KURSNET requires is left out (``gate``)."""
    services: list[etree._Element] = []
    held_back: list[str] = []
    for offer in exported_offers(ctx.catalogue, provider):
        try:
            mine = offer_services(offer, ctx.catalogue.today, ctx.offer_url(offer), ctx.labels)
        except FeedError as exc:
            raise FeedError(f"KURSNET, {offer.path.name}: {exc}") from exc
        found = gate.check(mine)
        if found:
            held_back.append(held_back_line(offer.path.name, found))
        else:
            services += mine
    return Delivery(services, held_back)


def held_back_line(file_name: str, found: list[gate.Gap]) -> str:
    """One German line per offer: the file and each missing field, once."""
    missing = list(dict.fromkeys(f"{gap.what} – Feld {gap.field}" for gap in found))
    return f"KURSNET, {file_name}: nicht übermittelt, es fehlt {'; '.join(missing)}."


def services_of(ctx: FeedContext, provider: Provider) -> list[etree._Element]:
    return delivery_of(ctx, provider).services


def held_back(ctx: FeedContext) -> list[str]:
    """The gate's lines for every provider with KURSNET data (empty: everything goes out)."""
    return [line for p in kursnet_providers(ctx.catalogue) for line in delivery_of(ctx, p).held_back]


def full_catalogue(ctx: FeedContext, provider: Provider) -> etree._Element:
    return document.new_catalog(provider, ctx.build_time, services_of(ctx, provider))


def _encoding(ctx: FeedContext) -> str:
    try:
        return encoding_name(ctx.options.get("encoding"))
    except ValueError as exc:
        raise FeedError(f"KURSNET: {exc}") from exc


def _checked(root: etree._Element, encoding: str, name: str) -> bytes:
    data = serialise(root, encoding)
    problems = xsd.errors(data)
    if problems:
        raise FeedError(f"KURSNET: {name} verletzt das open-Qcat-Schema: {'; '.join(problems[:3])}")
    return data


def write(ctx: FeedContext) -> dict[str, bytes]:
    encoding = _encoding(ctx)
    files: dict[str, bytes] = {}
    current: dict[str, etree._Element] = {}
    for provider in kursnet_providers(ctx.catalogue):
        current[provider.id] = full_catalogue(ctx, provider)
        files[full_path(provider.id)] = _checked(current[provider.id], encoding, full_path(provider.id))
    previous = ctx.options.get("previous")
    if previous:
        files.update(_differential(ctx, Path(previous), current, encoding))
    return files


def provider_of_delivery(catalogue: Catalogue, supplier_id: str, catalog_id: str) -> Provider | None:
    """The provider whose KURSNET account a delivery belongs to (number and catalogue id)."""
    for p in kursnet_providers(catalogue):
        if (kursnet := p.kursnet) and kursnet["provider_number"] == supplier_id and kursnet["catalog_id"] == catalog_id:
            return p
    return None


def _differential(
    ctx: FeedContext, previous_path: Path, current: dict[str, etree._Element], encoding: str
) -> dict[str, bytes]:
    previous = diff.read_delivery(previous_path)
    provider = provider_of_delivery(ctx.catalogue, previous.supplier_id, previous.catalog_id)
    if provider is None:
        raise FeedError(
            f"KURSNET: Die vorige Datei „{previous_path.name}“ (Anbieter {previous.supplier_id}, "
            f"Katalog {previous.catalog_id}) gehört zu keinem Projekt mit KURSNET-Angaben."
        )
    state_file = _state_location(ctx, provider)
    if state_file is not None and state_file.exists() and not state_file.is_file():
        # load would read "no state" and start counting at 1 again
        raise FeedError(
            f"KURSNET: Die Statusdatei „{state_file}“ ist ein Ordner, keine Datei; bitte entfernen "
            "oder mit --state-file eine Datei angeben."
        )
    # Read only: the state changes when KURSNET confirms a delivery (offers publish kursnet --store).
    plan = diff.plan(previous, delivery_state.load(state_file), state_file)
    services = current[provider.id].findall("NEW_CATALOG/SERVICE")  # full_catalogue() has one NEW_CATALOG
    root = update_document(ctx, provider, plan, services)
    return {update_path(provider.id): _checked(root, encoding, update_path(provider.id))}


def update_document(
    ctx: FeedContext, provider: Provider, plan: diff.Plan, services: list[etree._Element]
) -> etree._Element:
    """UPDATE_CATALOG that turns what KURSNET holds (``plan.base``) into ``services``."""
    deleted, changed = diff.changes(plan.base, plan.base_courses, services)
    return document.update_catalog(provider, ctx.build_time, plan.seq_number, deleted, [_copy(s) for s in changed])


def _state_location(ctx: FeedContext, provider: Provider) -> Path | None:
    """Where the seq_number is kept: --state-file, else next to the output (<out>/kursnet/…)."""
    if ctx.options.get("state_file"):
        return Path(ctx.options["state_file"])
    if ctx.options.get("out"):
        return Path(ctx.options["out"]) / state_path(provider.id)
    return None


def state_file_problem(path: Path) -> str | None:
    """Why ``--state-file PATH`` cannot be used, in German, or None if it can.

    Checked before anything is written: a folder given here once made the export start counting
    from 1 again, write a delivery, and then fail to save its number (and wrote a stray
    ``.<name>.tmp`` beside the folder).
    """
    if path.is_dir():
        return (
            f"„{path}“ ist ein Ordner; für --state-file bitte eine Datei angeben, z. B. „{path / 'kursnet-seq.json'}“."
        )
    if path.exists() and not path.is_file():
        return f"„{path}“ ist keine gewöhnliche Datei; für --state-file bitte eine Datei angeben."
    existing = path.absolute().parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"„{existing}“ ist eine Datei, kein Ordner; die Statusdatei „{path}“ kann dort nicht liegen."
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"Im Ordner „{existing}“ darf die Statusdatei nicht geschrieben werden; bitte einen anderen Ort angeben."
    return None


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))
