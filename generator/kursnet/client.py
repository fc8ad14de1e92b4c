"""The KURSNET SOAP service ``UploadOpenq`` (zeep): ``testAccess``, ``upload`` and ``download``.

Every way a call can go wrong ends in one ``KursnetError`` with a German sentence – a SOAP fault,
an HTTP error with an HTML page, a timeout, a dropped connection, a TLS error, an answer that is
not SOAP at all – and never in a traceback. Login and password are removed from every text that
leaves this module. How an upload answer is judged lives in ``answers`` (one place to change).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from generator.kursnet import WSDL_PATH
from generator.kursnet.answers import Answer, read_upload_answer

ENV_LOGIN = "KURSNET_LOGIN"
ENV_PASSWORD = "KURSNET_PASSWORD"  # noqa: S105 - the name of the variable, not a password
ENV_ENDPOINT = "KURSNET_ENDPOINT"
ENV_TIMEOUT = "KURSNET_TIMEOUT"  # seconds; tests use a short one
BINDING = "{http://ws.apache.org/axis2}UploadOpenqSOAPBinding"
TIMEOUT_SECONDS = 120
MAX_SHOWN = 2000  # characters of an unreadable answer shown to the user


class KursnetError(Exception):
    """A call that did not work; German message, never containing credentials."""

    def __init__(self, message: str, answer: str = "") -> None:
        super().__init__(message)
        self.answer = answer  # what the service said, for the delivery log


@dataclass(frozen=True)
class Credentials:
    login: str
    password: str

    def __repr__(self) -> str:  # never show the secret, not even in a traceback
        return "Credentials(***)"

    def redact(self, text: str) -> str:
        for value in (self.password, self.login):
            if value:
                text = text.replace(value, "***")
        return text


def credentials_from_env() -> Credentials:
    login, password = os.environ.get(ENV_LOGIN, ""), os.environ.get(ENV_PASSWORD, "")
    missing = [name for name, value in ((ENV_LOGIN, login), (ENV_PASSWORD, password)) if not value]
    if missing:
        raise KursnetError(
            f"Zugangsdaten fehlen: bitte die Umgebungsvariable(n) {', '.join(missing)} setzen "
            "(Benutzername und Passwort des KURSNET-Kontos)."
        )
    return Credentials(login, password)


def endpoint_from(option: str | None) -> str | None:
    return option or os.environ.get(ENV_ENDPOINT) or None


def _timeout() -> float:
    try:
        return float(os.environ.get(ENV_TIMEOUT) or TIMEOUT_SECONDS)
    except ValueError:
        return TIMEOUT_SECONDS


def _service(endpoint: str | None) -> tuple[Any, Any]:
    """(service proxy, transport); the transport remembers the last HTTP status."""
    from zeep import Client, Settings
    from zeep.transports import Transport

    class _Transport(Transport):
        last_status = 0

        def post(self, address: str, message: Any, headers: Any) -> Any:
            response = super().post(address, message, headers)
            self.last_status = response.status_code
            return response

    seconds = _timeout()
    transport = _Transport(timeout=seconds, operation_timeout=seconds)
    client = Client(str(WSDL_PATH), settings=Settings(strict=False), transport=transport)
    return (client.create_service(BINDING, endpoint) if endpoint else client.service), transport


_HTTP_WORDS = {401: "Anmeldung abgelehnt", 403: "Zugriff verweigert", 404: "Adresse nicht gefunden"}


def _http_error(status: int, body: str) -> KursnetError:
    what = _HTTP_WORDS.get(status, "Fehler des Dienstes" if status >= 500 else "unerwartete Antwort")
    return KursnetError(
        f"KURSNET hat mit HTTP-Status {status} ({what}) geantwortet; nichts wurde angenommen."
        + (f"\nAntwort: {body}" if body else ""),
        f"HTTP {status}: {body}",
    )


def _shown(raw: Any) -> str:
    """Readable text of whatever a failed answer carried (element, bytes, HTML page)."""
    if raw is None:
        return ""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if hasattr(raw, "itertext"):
        raw = " ".join(t.strip() for t in raw.itertext() if t.strip())
    text = str(raw)
    if "<" in text and ">" in text:  # an HTML error page: its words, not its markup
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:MAX_SHOWN] + ("…" if len(text) > MAX_SHOWN else "")


def _call(operation: str, credentials: Credentials | None, endpoint: str | None, **params: Any) -> Any:
    """One SOAP call; every failure becomes a KursnetError with a German sentence."""
    import requests
    from zeep.exceptions import Error as ZeepError
    from zeep.exceptions import Fault, TransportError

    def clean(text: str) -> str:
        return credentials.redact(text) if credentials else text

    transport: Any = None
    try:
        service, transport = _service(endpoint)
        return getattr(service, operation)(**params)
    except Fault as exc:
        detail = clean(_shown(exc.detail) or _shown(exc.message))
        status = getattr(transport, "last_status", 0)
        if exc.code is None and status != 200:  # not a SOAP fault: an error page (401, 500, proxy …)
            raise _http_error(status, detail) from None
        raise KursnetError("KURSNET hat abgelehnt: " + (detail or "(ohne Begründung)"), detail) from None
    except TransportError as exc:
        raise _http_error(exc.status_code, clean(_shown(exc.content))) from None
    except requests.exceptions.Timeout:
        raise KursnetError(
            f"KURSNET hat nicht innerhalb von {_timeout():g} Sekunden geantwortet. Ob die Datei angekommen ist, "
            "ist offen: bitte mit „offers kursnet reconcile“ nachsehen, bevor erneut gespeichert wird.",
            "Zeitüberschreitung",
        ) from None
    except requests.exceptions.SSLError:
        raise KursnetError(
            "Die verschlüsselte Verbindung zu KURSNET ließ sich nicht aufbauen (TLS-Zertifikat oder "
            "-Einstellungen); es wurde nichts gesendet.",
            "TLS-Fehler",
        ) from None
    except requests.exceptions.ConnectionError as exc:
        dropped = "RemoteDisconnected" in repr(exc) or "ProtocolError" in repr(exc) or "reset" in repr(exc).lower()
        raise KursnetError(
            "Die Verbindung zu KURSNET wurde abgebrochen, bevor eine Antwort kam. Ob die Datei angekommen ist, "
            "ist offen: bitte mit „offers kursnet reconcile“ nachsehen."
            if dropped
            else "KURSNET ist nicht erreichbar. Bitte Internetverbindung und Adresse (--endpoint / "
            "KURSNET_ENDPOINT) prüfen.",
            "Verbindung abgebrochen" if dropped else "nicht erreichbar",
        ) from None
    except requests.exceptions.RequestException as exc:
        raise KursnetError(f"KURSNET ist nicht erreichbar ({type(exc).__name__}).", type(exc).__name__) from None
    except ZeepError as exc:
        text = clean(_shown(str(exc)))
        raise KursnetError("Die Antwort von KURSNET ließ sich nicht lesen: " + text, text) from None
    except Exception as exc:
        text = clean(_shown(str(exc)))
        raise KursnetError(
            f"Die Antwort von KURSNET ließ sich nicht lesen ({type(exc).__name__}): {text}", text
        ) from None


def check_access(endpoint: str | None) -> str:
    """``testAccess``: is the service there? (The WSDL gives it no parameters.)"""
    answer = _call("testAccess", None, endpoint)
    text = _shown(answer)
    if not text:
        raise KursnetError("KURSNET hat auf testAccess leer geantwortet.")
    return text


def upload(data: bytes, action: int, credentials: Credentials, endpoint: str | None) -> Answer:
    """``upload``; the answer read strictly (``answers.read_upload_answer``), credentials removed."""
    answer = _call(
        "upload",
        credentials,
        endpoint,
        openqData=data,
        userLogin=credentials.login,
        userPassword=credentials.password,
        action=action,
    )
    text = credentials.redact(answer if isinstance(answer, str) else _shown(answer))
    return read_upload_answer(text, action)


def download(credentials: Credentials, endpoint: str | None) -> bytes:
    """``download``: the catalogue KURSNET holds for this account (bytes as sent: a zip or XML)."""
    answer = _call("download", credentials, endpoint, userLogin=credentials.login, userPassword=credentials.password)
    if not isinstance(answer, bytes) or not answer:
        raise KursnetError("KURSNET hat auf download keine Datei geschickt.", _shown(answer))
    return answer
