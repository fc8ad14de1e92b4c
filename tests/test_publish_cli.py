"""``offers publish kursnet`` end to end against a local stand-in for the KURSNET SOAP service.

The stand-in implements the vendored WSDL's operations (document/literal, namespace
http://ws.apache.org/axis2/xsd): it decodes the base64 ``openqData``, validates it against the
official XSD with lxml and answers with acceptance, or with an OpenqFault listing the errors.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest
from lxml import etree

from generator.cli import publish_command as publish_cli
from generator.kursnet import xsd
from tests.conftest import ROOT, run_offers, serving

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
NS = "http://ws.apache.org/axis2/xsd"
LOGIN = "qtv-berlin-4711023"
PASSWORD = "Geheim!Passwort-73519"


class FakeKursnet(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        envelope = etree.fromstring(body)
        call = envelope.findall(f"{{{SOAP}}}Body")[0][0]
        operation = etree.QName(call).localname
        fields = {etree.QName(child).localname: child.text or "" for child in call}
        record: dict[str, Any] = {"operation": operation, "soap_action": self.headers.get("SOAPAction"), **fields}
        FakeKursnet.requests.append(record)
        if operation == "testAccess":
            return self._answer("testAccessResponse", "Zugang möglich")
        if operation != "upload":
            return self._fault("Unbekannte Operation")
        if (fields.get("userLogin"), fields.get("userPassword")) != (LOGIN, PASSWORD):
            return self._fault("Anmeldung fehlgeschlagen: Benutzername oder Passwort falsch.")
        payload = base64.b64decode(fields["openqData"])
        record["payload"] = payload
        problems = xsd.errors(payload)
        if problems:
            return self._fault("Die Datei ist nicht valide:\n" + "\n".join(problems[:5]))
        services = len(xsd.parse(payload).getroot().xpath("//SERVICE"))
        verb = "gespeichert" if fields.get("action") == "2" else "geprüft (nicht gespeichert)"
        return self._answer("uploadResponse", f"Datei fehlerfrei {verb}: {services} Angebote/Termine.")

    def _answer(self, element: str, text: str) -> None:
        envelope = (
            f'<soapenv:Envelope xmlns:soapenv="{SOAP}"><soapenv:Body><ns:{element} xmlns:ns="{NS}">'
            f"<ns:return>{text}</ns:return></ns:{element}></soapenv:Body></soapenv:Envelope>"
        )
        self._send(200, envelope)

    def _fault(self, text: str) -> None:
        envelope = (
            f'<soapenv:Envelope xmlns:soapenv="{SOAP}"><soapenv:Body><soapenv:Fault>'
            f"<faultcode>soapenv:Client</faultcode><faultstring>OpenqFaultException</faultstring>"
            f'<detail><ns:OpenqFault xmlns:ns="{NS}">{text}</ns:OpenqFault></detail>'
            f"</soapenv:Fault></soapenv:Body></soapenv:Envelope>"
        )
        self._send(500, envelope)

    def _send(self, status: int, envelope: str) -> None:
        data = envelope.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def kursnet_service() -> Iterator[str]:
    FakeKursnet.requests = []
    with serving(FakeKursnet) as url:
        yield url + "onlinekurs/ws-kursnet/UploadOpenq"


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(publish_cli.ENV_LOGIN, LOGIN)
    monkeypatch.setenv(publish_cli.ENV_PASSWORD, PASSWORD)
    monkeypatch.delenv(publish_cli.ENV_ENDPOINT, raising=False)


@pytest.fixture(scope="module")
def kursnet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("feeds")
    result = run_offers("export", "kursnet", "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return sorted((out / "kursnet").glob("*.xml"))[0]


def _no_secrets(*texts: str) -> None:
    for text in texts:
        assert PASSWORD not in text and LOGIN not in text


def test_check_upload_of_a_file(kursnet_service: str, credentials: None, kursnet_file: Path) -> None:
    result = run_offers("publish", "kursnet", str(kursnet_file), "--check", "--endpoint", kursnet_service)
    assert result.returncode == 0, result.stderr
    assert "Antwort von KURSNET:" in result.stdout
    assert "Datei fehlerfrei geprüft (nicht gespeichert)" in result.stdout
    assert "nur geprüft" in result.stdout
    (request,) = FakeKursnet.requests
    assert request["operation"] == "upload" and request["action"] == "1"
    assert request["soap_action"].strip('"') == "urn:upload"
    assert request["payload"] == kursnet_file.read_bytes()
    _no_secrets(result.stdout, result.stderr)


def test_store_upload_for_a_provider_via_env_endpoint(
    kursnet_service: str, credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(publish_cli.ENV_ENDPOINT, kursnet_service)
    result = run_offers("publish", "kursnet", "--provider", "iq-be-anerkennung-gesundheit", "--store")
    assert result.returncode == 0, result.stderr
    assert "gespeichert" in result.stdout
    (request,) = FakeKursnet.requests
    assert request["action"] == "2"
    root = xsd.parse(request["payload"]).getroot()
    assert root.findtext("HEADER/SUPPLIER/SUPPLIER_ID") == "4711023"
    _no_secrets(result.stdout, result.stderr)


def test_rejected_login_exits_non_zero_without_echoing_secrets(
    kursnet_service: str, kursnet_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(publish_cli.ENV_LOGIN, LOGIN)
    monkeypatch.setenv(publish_cli.ENV_PASSWORD, PASSWORD + "-falsch")
    result = run_offers("publish", "kursnet", str(kursnet_file), "--check", "--endpoint", kursnet_service)
    assert result.returncode == 1
    assert "KURSNET hat die Datei abgelehnt" in result.stderr
    assert "Anmeldung fehlgeschlagen" in result.stderr
    _no_secrets(result.stdout, result.stderr)


def test_service_validation_errors_are_reported(kursnet_service: str, credentials: None) -> None:
    broken = b"<?xml version='1.0' encoding='UTF-8'?><OPENQCAT><HEADER/></OPENQCAT>"
    creds = publish_cli.credentials_from_env()
    with pytest.raises(publish_cli.PublishError) as error:
        publish_cli.upload(broken, publish_cli.ACTION_CHECK, creds, kursnet_service)
    assert "nicht valide" in str(error.value) and "CATALOG" in str(error.value)
    assert PASSWORD not in str(error.value) and PASSWORD not in repr(creds)


def test_invalid_file_is_not_sent(kursnet_service: str, credentials: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<OPENQCAT><HEADER/></OPENQCAT>")
    result = run_offers("publish", "kursnet", str(bad), "--check", "--endpoint", kursnet_service)
    assert result.returncode == 1
    assert "entspricht nicht dem open-Qcat-Schema" in result.stderr
    assert FakeKursnet.requests == []


def test_unreachable_service(credentials: None, kursnet_file: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port that is certainly closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_offers("publish", "kursnet", str(kursnet_file), "--store", "--endpoint", f"http://127.0.0.1:{port}/x")
    assert result.returncode == 1
    assert "nicht erreichbar" in result.stderr
    _no_secrets(result.stdout, result.stderr)


def test_missing_credentials(monkeypatch: pytest.MonkeyPatch, kursnet_file: Path) -> None:
    monkeypatch.delenv(publish_cli.ENV_LOGIN, raising=False)
    monkeypatch.delenv(publish_cli.ENV_PASSWORD, raising=False)
    result = run_offers("publish", "kursnet", str(kursnet_file), "--check", "--endpoint", "http://127.0.0.1:9/x")
    assert result.returncode == 1
    assert "KURSNET_LOGIN" in result.stderr and "KURSNET_PASSWORD" in result.stderr
