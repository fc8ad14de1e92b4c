"""``offers publish kursnet FILE|--provider ID (--check|--store)`` and ``--test-access``.

The service (``UploadOpenq``, WSDL vendored in ``generator/kursnet/``) takes the file as base64
bytes plus login, password and an action: 1 = only check, 2 = check and store. The SOAP client
lives in ``generator.kursnet.client``; this module decides what is sent and what follows:

* the file is checked against the XSD, then by the gate (``generator.kursnet.gate``): offers
  lacking what KURSNET requires stop the command unless ``--skip-incomplete`` leaves them out;
* a differential file is only stored when it continues what KURSNET confirmed (seq_number one
  above the state's, DELETE only of services KURSNET holds);
* the answer is read strictly (``generator.kursnet.answers``); every attempt is written to the
  delivery log, and only a confirmed ``--store`` advances the delivery state.

Login and password come only from the environment and are never printed.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.faults import os_error_sentence

ENV_LOGIN = "KURSNET_LOGIN"
ENV_PASSWORD = "KURSNET_PASSWORD"  # noqa: S105 - the name of the variable, not a password
ENV_ENDPOINT = "KURSNET_ENDPOINT"
DEFAULT_FEEDS = Path("site/feeds")


class PublishError(Exception):
    """Upload not possible or refused; German message, never containing credentials."""


@dataclass
class Outgoing:
    """The file about to be sent and where its delivery state lives."""

    data: bytes
    label: str
    provider: str
    state_path: Path
    held_back: list[str]


def _file_for_provider(offers_dir: Path, provider_id: str, state_file: Path | None) -> Outgoing:
    from generator.catalogue_loader import build_date, load_catalogue
    from generator.feeds import FeedContext, FeedError, build_time, kursnet_feed
    from generator.problems import CatalogueInvalid
    from generator.site_config import default_site_url

    try:
        catalogue = load_catalogue(offers_dir, build_date())
    except CatalogueInvalid as exc:
        raise PublishError(f"Die Angebotsdateien enthalten Fehler ({exc}); bitte erst „offers validate“.") from None
    if provider_id not in catalogue.providers:
        raise PublishError(f"Ein Projekt „{provider_id}“ gibt es in {offers_dir}/providers nicht.")
    if not catalogue.providers[provider_id].kursnet:
        raise PublishError(f"Das Projekt „{provider_id}“ hat keine KURSNET-Angaben (kursnet:).")
    ctx = FeedContext(catalogue=catalogue, site_url=default_site_url(offers_dir), build_time=build_time())
    try:
        files = kursnet_feed.write(ctx)
        held = kursnet_feed.delivery_of(ctx, catalogue.providers[provider_id]).held_back
    except FeedError as exc:
        raise PublishError(str(exc)) from None
    name = kursnet_feed.full_path(provider_id)
    state = state_file or DEFAULT_FEEDS / kursnet_feed.state_path(provider_id)
    return Outgoing(files[name], name, provider_id, state, held)


def _given_file(path: Path, state_file: Path | None) -> Outgoing:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PublishError(os_error_sentence(exc, path)) from None
    provider = path.name.removesuffix(".xml").removesuffix(".update")  # <projekt>.xml / <projekt>.update.xml
    return Outgoing(data, str(path), provider, state_file or path.with_name(f"{provider}.seq.json"), [])


def _gate(out: Outgoing, root: Any, skip: bool) -> Any:
    """Offers lacking what KURSNET requires: stop, or (``--skip-incomplete``) leave them out."""
    from generator.kursnet import gate

    body = root.find("NEW_CATALOG")
    if body is None:
        body = root.find("UPDATE_CATALOG/NEW")
    services = list(body) if body is not None else []
    found = gate.check(services)
    lines = list(out.held_back)
    for pid in sorted(gate.blocked_offers(found)):
        missing = list(dict.fromkeys(f"{g.what} – Feld {g.field}" for g in found if g.angebot_id == pid))
        lines.append(f"KURSNET, {out.label}: Angebot {pid} nicht übermittelt, es fehlt {'; '.join(missing)}.")
    if lines and not skip:
        raise PublishError(
            "Angebote ohne das, was KURSNET verlangt – es wurde nichts gesendet:\n  "
            + "\n  ".join(lines)
            + "\nBitte die Angaben ergänzen oder mit --skip-incomplete ohne diese Angebote senden."
        )
    for line in lines:
        print(line, file=sys.stderr)
    if found:
        keep = gate.without(services, gate.blocked_offers(found))
        for service in services:
            if service not in keep:
                body.remove(service)
    return root


def _continues_state(out: Outgoing, root: Any, state: Any) -> None:
    """A differential file is stored only on top of what KURSNET confirmed."""
    update = root.find("UPDATE_CATALOG")
    if update is None:
        return
    seq = int(update.get("seq_number"))
    repair = (
        "Bitte mit „offers export kursnet --previous …“ neu erzeugen oder mit „offers kursnet reconcile“ abgleichen."
    )
    if state is None:
        raise PublishError(
            f"Für die Differenzlieferung {out.label} gibt es keinen bestätigten Stand (Statusdatei "
            f"„{out.state_path}“ fehlt). Zuerst die Volllieferung mit --store senden oder den Stand mit "
            "„offers kursnet reconcile“ aus KURSNET holen."
        )
    if seq != state.seq_number + 1:
        raise PublishError(
            f"{out.label} hat seq_number {seq}; KURSNET hat zuletzt {state.seq_number} bestätigt, erwartet wird "
            f"{state.seq_number + 1}. {repair}"
        )
    unknown = [
        pid
        for pid in (s.findtext("PRODUCT_ID") or "" for s in update.findall("DELETE/SERVICE"))
        if pid not in state.services
    ]
    if unknown:
        raise PublishError(f"{out.label} löscht Nummern, die KURSNET nicht hat: {', '.join(unknown)}. {repair}")


def _publish(args: argparse.Namespace) -> int:
    from generator.kursnet import client

    try:
        if args.test_access:
            print("Antwort von KURSNET (testAccess): " + client.check_access(client.endpoint_from(args.endpoint)))
            return 0
        if not (args.file or args.provider) or not (args.check or args.store):
            print(
                "offers publish: bitte eine Datei oder --provider angeben und --check oder --store wählen "
                "(oder --test-access).",
                file=sys.stderr,
            )
            return 2
        return _send(args)
    except (PublishError, client.KursnetError) as exc:
        print(f"offers publish: {exc}", file=sys.stderr)
        return 1


def _send(args: argparse.Namespace) -> int:
    from generator.feeds import FeedError
    from generator.feeds.kursnet_feed import state_file_problem
    from generator.kursnet import client, delivery_state, xsd
    from generator.kursnet.answers import ACTION_CHECK, ACTION_STORE
    from generator.kursnet.encoding import serialise

    if args.state_file is not None and (problem := state_file_problem(args.state_file)):
        raise PublishError(problem)
    if args.provider:
        out = _file_for_provider(args.offers_dir, args.provider, args.state_file)
    else:
        out = _given_file(Path(args.file), args.state_file)
    problems = xsd.errors(out.data)
    if problems:
        raise PublishError(
            f"{out.label} entspricht nicht dem open-Qcat-Schema, es wird nichts gesendet:\n  "
            + "\n  ".join(problems[:10])
        )
    tree = xsd.parse(out.data)
    root = tree.getroot()
    before = len(root.xpath("//SERVICE"))
    root = _gate(out, root, args.skip_incomplete)
    if len(root.xpath("//SERVICE")) != before:
        encoding = tree.docinfo.encoding or "UTF-8"
        out.data = serialise(root, encoding)
    try:
        state = delivery_state.load(out.state_path)
    except FeedError as exc:
        raise PublishError(str(exc)) from None
    action = ACTION_STORE if args.store else ACTION_CHECK
    if action == ACTION_STORE:
        _continues_state(out, root, state)
    credentials = client.credentials_from_env()
    update = root.find("UPDATE_CATALOG")
    entry: dict[str, Any] = {
        "provider": out.provider,
        "action": "store" if action == ACTION_STORE else "check",
        "seq": int(update.get("seq_number")) if update is not None else None,
        "kind": "update" if update is not None else "full",
        "file": out.label,
        "services": len(root.xpath("//SERVICE")),
    }
    what = "prüfen und speichern" if args.store else "nur prüfen (nichts wird gespeichert)"
    print(f"KURSNET: {out.label} ({len(out.data):,} Bytes) wird gesendet – {what}.".replace(",", "."))
    try:
        answer = client.upload(out.data, action, credentials, client.endpoint_from(args.endpoint))
    except client.KursnetError as exc:
        _log(out, {**entry, "ok": False, "answer": exc.answer, "reason": str(exc)})
        raise
    _log(out, {**entry, "ok": answer.ok, "answer": answer.text, "reason": answer.reason})
    print("Antwort von KURSNET:")
    print(answer.text or "(leere Antwort)")
    if not answer.ok:
        raise PublishError(
            f"{answer.reason} Die Lieferung gilt als nicht angenommen; der Stand in "
            f"„{out.state_path}“ bleibt unverändert."
        )
    if action == ACTION_CHECK:
        print("Die Datei wurde nur geprüft; zum Speichern mit --store senden.")
        return 0
    try:
        delivery_state.write(out.state_path, delivery_state.after_delivery(state, root, out.provider, out.label))
    except OSError as exc:
        raise PublishError(
            "KURSNET hat die Datei gespeichert, aber der neue Stand ließ sich nicht sichern: "
            f"{os_error_sentence(exc, out.state_path, 'schreiben')} Vor der nächsten Differenzlieferung bitte "
            "„offers kursnet reconcile“ ausführen."
        ) from None
    print(f"KURSNET hat die Datei gespeichert. Bestätigter Stand: {out.state_path}")
    return 0


def _log(out: Outgoing, entry: dict[str, Any]) -> None:
    from generator.kursnet import delivery_state

    try:
        path = delivery_state.append_log(out.state_path, entry)
    except OSError as exc:
        print(
            f"offers publish: {os_error_sentence(exc, out.state_path.parent, 'beschreiben')} (Lieferprotokoll)",
            file=sys.stderr,
        )
        return
    print(f"Lieferprotokoll: {path}", file=sys.stderr)


def register(sub: argparse._SubParsersAction) -> None:
    publish = sub.add_parser("publish", help="Katalog an ein Portal übermitteln (KURSNET)")
    targets = publish.add_subparsers(dest="target", metavar="ZIEL")
    targets.required = True
    kursnet = targets.add_parser(
        "kursnet",
        help="open-Qcat-Datei an KURSNET hochladen",
        description=f"Zugangsdaten nur über die Umgebungsvariablen {ENV_LOGIN} und "
        f"{ENV_PASSWORD}; Adresse über --endpoint oder {ENV_ENDPOINT}.",
    )
    source = kursnet.add_mutually_exclusive_group()
    source.add_argument("file", nargs="?", type=Path, help="KURSNET-Datei (z. B. site/feeds/kursnet/<projekt>.xml)")
    source.add_argument("--provider", help="Katalog dieses Projekts jetzt aus den Angebotsdateien erzeugen und senden")
    mode = kursnet.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="nur prüfen lassen (action 1)")
    mode.add_argument("--store", action="store_true", help="prüfen und speichern (action 2)")
    mode.add_argument(
        "--test-access", action="store_true", help="nur testen, ob der Dienst erreichbar ist (testAccess)"
    )
    kursnet.add_argument(
        "--skip-incomplete",
        action="store_true",
        help="Angebote ohne Pflichtangaben für KURSNET weglassen statt abbrechen",
    )
    kursnet.add_argument(
        "--state-file",
        type=Path,
        help="Statusdatei (was KURSNET bestätigt hat; Standard: <projekt>.seq.json neben der Datei)",
    )
    kursnet.add_argument("--endpoint", help=f"Adresse des Dienstes (Standard: {ENV_ENDPOINT} oder die aus der WSDL)")
    kursnet.set_defaults(handler=_publish)
