"""``offers kursnet download|reconcile --provider ID``: what KURSNET holds, compared with the catalogue.

``download`` saves KURSNET's copy of a provider's catalogue (the WSDL's ``download``).
``reconcile`` compares it with the catalogue – offers missing there, extra there, differing
fields – and with ``--write DIR`` writes the differential delivery that brings KURSNET back in
line plus the delivery state taken from KURSNET's copy, so that
``offers publish kursnet DIR/<projekt>.update.xml --store`` repairs any lost or inconsistent state.
The SOAP client lives in ``generator.kursnet.client``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.faults import os_error_sentence

SHOWN_FIELDS = 6  # differing field paths listed per service


class KursnetCommandError(Exception):
    """German message for the user."""


def _catalogue_provider(offers_dir: Path, provider_id: str) -> tuple[Any, Any]:
    from generator.catalogue_loader import build_date, load_catalogue
    from generator.problems import CatalogueInvalid

    try:
        catalogue = load_catalogue(offers_dir, build_date())
    except CatalogueInvalid as exc:
        raise KursnetCommandError(
            f"Die Angebotsdateien enthalten Fehler ({exc}); bitte erst „offers validate“."
        ) from None
    provider = catalogue.providers.get(provider_id)
    if provider is None:
        raise KursnetCommandError(f"Ein Projekt „{provider_id}“ gibt es in {offers_dir}/providers nicht.")
    if not provider.kursnet:
        raise KursnetCommandError(f"Das Projekt „{provider_id}“ hat keine KURSNET-Angaben (kursnet:).")
    return catalogue, provider


def _fetch(args: argparse.Namespace, state_path: Path | None) -> bytes:
    from generator.kursnet import client, delivery_state

    credentials = client.credentials_from_env()
    entry = {"provider": args.provider, "action": "download", "seq": None}
    try:
        data = client.download(credentials, client.endpoint_from(args.endpoint))
    except client.KursnetError as exc:
        if state_path is not None:
            delivery_state.append_log(state_path, {**entry, "ok": False, "answer": exc.answer, "reason": str(exc)})
        raise
    if state_path is not None:
        delivery_state.append_log(state_path, {**entry, "ok": True, "answer": f"{len(data)} Bytes"})
    return data


def _download(args: argparse.Namespace) -> int:
    from generator.kursnet.reconcile import xml_of_download

    _catalogue_provider(args.offers_dir, args.provider)
    data = xml_of_download(_fetch(args, args.state_file))
    target = args.out or Path(f"{args.provider}.kursnet.xml")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise KursnetCommandError(os_error_sentence(exc, target, "schreiben")) from None
    print(f"{target}  (Stand in KURSNET, {len(data):,} Bytes)".replace(",", "."))
    return 0


def _reconcile(args: argparse.Namespace) -> int:
    from generator.feeds import FeedContext, build_time, kursnet_feed
    from generator.kursnet import delivery_state, diff, reconcile
    from generator.kursnet.encoding import serialise
    from generator.site_config import default_site_url

    catalogue, provider = _catalogue_provider(args.offers_dir, args.provider)
    state_path = args.state_file or (args.write / f"{provider.id}.seq.json" if args.write else None)
    if args.downloaded:
        try:
            data = args.downloaded.read_bytes()
        except OSError as exc:
            raise KursnetCommandError(os_error_sentence(exc, args.downloaded)) from None
    else:
        data = _fetch(args, state_path)
    _, theirs = reconcile.services_of_download(data)
    ctx = FeedContext(catalogue=catalogue, site_url=default_site_url(args.offers_dir), build_time=build_time())
    delivery = kursnet_feed.delivery_of(ctx, provider)
    for line in delivery.held_back:
        print(line, file=sys.stderr)
    ours = delivery.services
    result = reconcile.compare(ours, theirs)
    print(f"KURSNET hält {len(theirs)} Angebote/Termine von {provider.id}, der Katalog sendet {len(ours)}.")
    for pid in result.missing_there:
        print(f"  fehlt in KURSNET: {pid}")
    for pid in result.extra_there:
        print(f"  nur in KURSNET (nicht mehr im Katalog): {pid}")
    for pid, fields in result.differing.items():
        more = f" und {len(fields) - SHOWN_FIELDS} weitere" if len(fields) > SHOWN_FIELDS else ""
        print(f"  abweichend: {pid}: {', '.join(fields[:SHOWN_FIELDS])}{more}")
    if result.in_line:
        print("KURSNET und Katalog stimmen überein.")
    if not args.write:
        if not result.in_line:
            print("Mit --write ORDNER entsteht die Differenzlieferung, die KURSNET wieder angleicht.")
        return 0 if result.in_line else 1
    assert state_path is not None
    old = delivery_state.load(state_path) if state_path.is_file() else None
    seq = args.seq_number if args.seq_number is not None else (old.seq_number if old else 0)
    state = reconcile.state_from_kursnet(provider.id, provider.kursnet["catalog_id"], seq, ours, theirs)
    plan = diff.Plan(seq + 1, dict(state.services), dict(state.course_ids))
    root = kursnet_feed.update_document(ctx, provider, plan, [diff_copy(s) for s in ours])
    target = args.write / f"{provider.id}.update.xml"
    try:
        args.write.mkdir(parents=True, exist_ok=True)
        target.write_bytes(serialise(root))
        delivery_state.write(state_path, state)
        delivery_state.append_log(
            state_path, {"provider": provider.id, "action": "reconcile", "seq": seq, "ok": True, "answer": ""}
        )
    except OSError as exc:
        raise KursnetCommandError(os_error_sentence(exc, args.write, "beschreiben")) from None
    print(f"{target}  (Differenzlieferung seq_number {seq + 1})")
    print(f"{state_path}  (Stand aus KURSNET übernommen)")
    print(f"Senden mit: offers publish kursnet {target} --store")
    return 0


def diff_copy(element: Any) -> Any:
    from lxml import etree

    return etree.fromstring(etree.tostring(element))


def _run(handler: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        from generator.feed_error import FeedError
        from generator.kursnet.client import KursnetError

        try:
            return int(handler(args))
        except (KursnetCommandError, KursnetError, FeedError) as exc:
            print(f"offers kursnet: {exc}", file=sys.stderr)
            return 1

    return run


def register(sub: argparse._SubParsersAction) -> None:
    kursnet = sub.add_parser("kursnet", help="Abgleich mit KURSNET (herunterladen, vergleichen, reparieren)")
    actions = kursnet.add_subparsers(dest="kursnet_action", metavar="AKTION")
    actions.required = True
    download = actions.add_parser("download", help="Stand eines Projekts aus KURSNET herunterladen")
    reconcile = actions.add_parser("reconcile", help="Stand in KURSNET mit dem Katalog vergleichen und angleichen")
    for parser in (download, reconcile):
        parser.add_argument("--provider", required=True, help="Kennung des Projekts")
        parser.add_argument(
            "--endpoint", help="Adresse des Dienstes (Standard: KURSNET_ENDPOINT oder die aus der WSDL)"
        )
        parser.add_argument("--state-file", type=Path, help="Statusdatei (daneben liegt das Lieferprotokoll)")
    download.add_argument("--out", type=Path, help="Zieldatei (Standard: <projekt>.kursnet.xml)")
    download.set_defaults(handler=_run(_download))
    reconcile.add_argument("--downloaded", type=Path, help="schon heruntergeladene Datei statt KURSNET zu fragen")
    reconcile.add_argument(
        "--write", type=Path, help="Ordner für die Differenzlieferung und den aus KURSNET übernommenen Stand"
    )
    reconcile.add_argument(
        "--seq-number", type=int, help="letzte von KURSNET angenommene seq_number (Standard: aus der Statusdatei)"
    )
    reconcile.set_defaults(handler=_run(_reconcile))
