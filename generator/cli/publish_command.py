"""``offers publish kursnet FILE|--provider ID (--check|--store)``: upload to the KURSNET SOAP service.

The service (``UploadOpenq``, WSDL vendored in ``generator/kursnet/``) takes the file as base64
bytes plus login, password and an action: 1 = only check validity, plausibility and
completeness, 2 = check and store. Login and password come only from the environment
(KURSNET_LOGIN, KURSNET_PASSWORD) and are never printed; the endpoint can be pointed at a test
service with --endpoint or KURSNET_ENDPOINT. The file is checked against the XSD locally first,
so a broken file never leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.faults import os_error_sentence

ENV_LOGIN = "KURSNET_LOGIN"
ENV_PASSWORD = "KURSNET_PASSWORD"  # noqa: S105 - the name of the variable, not a password
ENV_ENDPOINT = "KURSNET_ENDPOINT"
ACTION_CHECK = 1
ACTION_STORE = 2
BINDING = "{http://ws.apache.org/axis2}UploadOpenqSOAPBinding"
TIMEOUT_SECONDS = 120


class PublishError(Exception):
    """Upload not possible or refused; German message, never containing credentials."""


@dataclass(frozen=True)
class Credentials:
    login: str
    password: str

    def __repr__(self) -> str:  # never show the secret, not even in a traceback
        return "Credentials(***)"


def credentials_from_env() -> Credentials:
    login, password = os.environ.get(ENV_LOGIN, ""), os.environ.get(ENV_PASSWORD, "")
    missing = [name for name, value in ((ENV_LOGIN, login), (ENV_PASSWORD, password)) if not value]
    if missing:
        raise PublishError(
            f"Zugangsdaten fehlen: bitte die Umgebungsvariable(n) {', '.join(missing)} setzen "
            "(Benutzername und Passwort des KURSNET-Kontos)."
        )
    return Credentials(login, password)


def _redact(text: str, secrets: Credentials | None) -> str:
    if secrets is None:
        return text
    for value in (secrets.password, secrets.login):
        if value:
            text = text.replace(value, "***")
    return text


def upload(data: bytes, action: int, credentials: Credentials, endpoint: str | None) -> str:
    """Call ``upload`` on the service; the service's answer text, or PublishError."""
    import requests
    from zeep import Client, Settings
    from zeep.exceptions import Error as ZeepError
    from zeep.exceptions import Fault, TransportError
    from zeep.transports import Transport

    from generator.kursnet import WSDL_PATH

    try:
        client = Client(
            str(WSDL_PATH),
            settings=Settings(strict=False),
            transport=Transport(timeout=TIMEOUT_SECONDS, operation_timeout=TIMEOUT_SECONDS),
        )
        service = client.create_service(BINDING, endpoint) if endpoint else client.service
        answer = service.upload(
            openqData=data, userLogin=credentials.login, userPassword=credentials.password, action=action
        )
    except Fault as exc:
        detail = exc.message or ""
        if exc.detail is not None:
            detail = " ".join(t.strip() for t in exc.detail.itertext() if t.strip()) or detail
        raise PublishError("KURSNET hat die Datei abgelehnt:\n" + _redact(detail, credentials)) from None
    except TransportError as exc:
        raise PublishError(
            f"KURSNET hat mit HTTP-Status {exc.status_code} geantwortet; die Datei wurde nicht angenommen."
        ) from None
    except requests.exceptions.RequestException as exc:
        raise PublishError(
            f"KURSNET ist nicht erreichbar ({type(exc).__name__}). Bitte Internetverbindung und "
            "Adresse (--endpoint / KURSNET_ENDPOINT) prüfen."
        ) from None
    except ZeepError as exc:
        raise PublishError("Die Antwort von KURSNET ließ sich nicht lesen: " + _redact(str(exc), credentials)) from None
    return _redact(str(answer if answer is not None else ""), credentials)


def _file_for_provider(offers_dir: Path, provider_id: str) -> tuple[bytes, str]:
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
    site_url = default_site_url(offers_dir)
    ctx = FeedContext(catalogue=catalogue, site_url=site_url, build_time=build_time())
    try:
        files = kursnet_feed.write(ctx)
    except FeedError as exc:
        raise PublishError(str(exc)) from None
    name = kursnet_feed.full_path(provider_id)
    return files[name], name


def _publish(args: argparse.Namespace) -> int:
    from generator.kursnet import xsd

    try:
        if args.provider:
            data, label = _file_for_provider(args.offers_dir, args.provider)
        else:
            try:
                data, label = Path(args.file).read_bytes(), str(args.file)
            except OSError as exc:
                raise PublishError(os_error_sentence(exc, args.file)) from None
        problems = xsd.errors(data)
        if problems:
            raise PublishError(
                f"{label} entspricht nicht dem open-Qcat-Schema, es wird nichts gesendet:\n  "
                + "\n  ".join(problems[:10])
            )
        credentials = credentials_from_env()
        endpoint = args.endpoint or os.environ.get(ENV_ENDPOINT) or None
        action = ACTION_STORE if args.store else ACTION_CHECK
        what = "prüfen und speichern" if args.store else "nur prüfen (nichts wird gespeichert)"
        print(f"KURSNET: {label} ({len(data):,} Bytes) wird gesendet – {what}.".replace(",", "."))
        answer = upload(data, action, credentials, endpoint)
    except PublishError as exc:
        print(f"offers publish: {exc}", file=sys.stderr)
        return 1
    print("Antwort von KURSNET:")
    print(answer.strip() or "(leere Antwort)")
    print(
        "Die Datei wurde geprüft und gespeichert."
        if args.store
        else "Die Datei wurde nur geprüft; zum Speichern mit --store senden."
    )
    return 0


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
    source = kursnet.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", type=Path, help="KURSNET-Datei (z. B. site/feeds/kursnet/<projekt>.xml)")
    source.add_argument("--provider", help="Katalog dieses Projekts jetzt aus den Angebotsdateien erzeugen und senden")
    mode = kursnet.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="nur prüfen lassen (action 1)")
    mode.add_argument("--store", action="store_true", help="prüfen und speichern (action 2)")
    kursnet.add_argument("--endpoint", help=f"Adresse des Dienstes (Standard: {ENV_ENDPOINT} oder die aus der WSDL)")
    kursnet.set_defaults(handler=_publish)
