"""``offers publish kursnet`` and ``offers kursnet download|reconcile`` against a local KURSNET.

The stand-in implements the vendored WSDL's operations (document/literal, namespace
http://ws.apache.org/axis2/xsd) and keeps, per account, what was stored: ``upload`` decodes the
base64 ``openqData``, validates it against the official XSD, and with action 2 applies it (full:
replace everything; differential: seq_number must be one above the last, DELETE only of numbers
it holds, NEW inserts or replaces whole services). ``download`` returns what it holds as a zip.

How it answers (the real texts are undocumented; ``generator/kursnet/answers.py`` reads them):
* success: HTTP 200, ``uploadResponse/return`` = "Datei fehlerfrei gespeichert: N Angebote/Termine."
  (action 1: "Datei fehlerfrei geprüft: …");
* refused content: HTTP 200 with "Fehler …. Nichts wurde gespeichert." – the case that used to be
  reported as success;
* bad login: a SOAP fault (OpenqFault).
``FakeKursnet.behaviour`` switches to the broken answers: HTTP 401 and 500 with HTML pages, an
unknown text, a timeout, a dropped connection.
"""

from __future__ import annotations

import base64
import io
import json
import socket
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest
from lxml import etree

from generator.kursnet import client, xsd
from generator.kursnet.answers import ACTION_CHECK, ACTION_STORE, read_upload_answer
from tests.conftest import run_offers, serving
from tests.kursnet.kursnet_support import OFFER, offer, write_catalogue
from tests.support import ROOT

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
NS = "http://ws.apache.org/axis2/xsd"
LOGIN = "qtv-berlin-4711023"
PASSWORD = "Geheim!Passwort-73519"
PROVIDER = "iq-be-test"


class FakeKursnet(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []
    behaviour: ClassVar[str] = "normal"
    held: ClassVar[dict[str, bytes]] = {}  # PRODUCT_ID → SERVICE as stored
    courses: ClassVar[dict[str, str]] = {}  # PRODUCT_ID → COURSE_ID
    header: ClassVar[bytes] = b""
    seq: ClassVar[int] = 0

    @classmethod
    def reset(cls) -> None:
        cls.requests, cls.behaviour, cls.held, cls.courses, cls.header, cls.seq = [], "normal", {}, {}, b"", 0

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        envelope = etree.fromstring(body)
        body_element = envelope.find(f"{{{SOAP}}}Body")
        assert body_element is not None, "a SOAP request without Body"
        if len(body_element):
            call = body_element[0]
            operation = etree.QName(call).localname
            fields = {etree.QName(child).localname: child.text or "" for child in call}
        else:  # testAccess has no parameters: an empty Body, the operation is in the SOAPAction
            operation, fields = (self.headers.get("SOAPAction") or "").strip('"').removeprefix("urn:"), {}
        record: dict[str, Any] = {"operation": operation, "soap_action": self.headers.get("SOAPAction"), **fields}
        FakeKursnet.requests.append(record)
        if self.behaviour == "timeout":
            time.sleep(2)
            return None
        if self.behaviour == "drop":
            self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if self.behaviour == "http-401-html":  # not well-formed HTML, as servers send it
            return self._send(
                401, "<html><head><title>401</title></head><body><h1>Unauthorized<br></body>", "text/html"
            )
        if self.behaviour == "http-500-html":  # well-formed XHTML: zeep reads it as a fault without SOAP
            page = "<html><body><h1>500 Internal Server Error</h1><p>Bitte später erneut versuchen.</p></body></html>"
            return self._send(500, page, "text/html")
        if operation == "testAccess":
            return self._answer("testAccessResponse", "Zugang möglich")
        if (fields.get("userLogin"), fields.get("userPassword")) != (LOGIN, PASSWORD):
            return self._fault("Anmeldung fehlgeschlagen: Benutzername oder Passwort falsch.")
        if operation == "download":
            return self._answer("downloadResponse", base64.b64encode(self._catalogue_zip()).decode("ascii"))
        if operation != "upload":
            return self._fault("Unbekannte Operation")
        payload = base64.b64decode(fields["openqData"])
        record["payload"] = payload
        if self.behaviour == "error-200":
            text = "Fehler in Zeile 212: REGISTRATION_DATE liegt nach START_DATE. Nichts wurde gespeichert."
            return self._answer("uploadResponse", text)
        if self.behaviour == "unknown-200":
            return self._answer("uploadResponse", "Vorgang 4711 angelegt.")
        problems = xsd.errors(payload)
        if problems:
            return self._answer("uploadResponse", "Fehler: Die Datei ist nicht valide. " + " ".join(problems[:3]))
        root = xsd.parse(payload).getroot()
        services = len(root.xpath("//SERVICE"))
        if fields.get("action") != "2":
            return self._answer("uploadResponse", f"Datei fehlerfrei geprüft: {services} Angebote/Termine.")
        error = self._store(root)
        if error:
            return self._answer("uploadResponse", f"Fehler: {error} Nichts wurde gespeichert.")
        return self._answer("uploadResponse", f"Datei fehlerfrei gespeichert: {services} Angebote/Termine.")

    def _store(self, root: etree._Element) -> str | None:
        cls = FakeKursnet
        full = root.find("NEW_CATALOG")
        if full is not None:
            cls.held, cls.courses = {}, {}
            new = full.findall("SERVICE")
        else:
            update = root.find("UPDATE_CATALOG")
            # do_POST checked the XSD: NEW_CATALOG or UPDATE_CATALOG, the latter with seq_number
            seq_number = update.get("seq_number") if update is not None else None
            assert update is not None and seq_number is not None
            seq = int(seq_number)
            if seq != cls.seq + 1:
                return f"seq_number {seq} passt nicht, erwartet wird {cls.seq + 1}."
            for pid in [s.findtext("PRODUCT_ID", "") for s in update.findall("DELETE/SERVICE")]:
                if pid not in cls.held:
                    return f"PRODUCT_ID {pid} ist nicht vorhanden und kann nicht gelöscht werden."
            for pid in [s.findtext("PRODUCT_ID", "") for s in update.findall("DELETE/SERVICE")]:
                for other in [k for k, c in cls.courses.items() if c == pid]:
                    cls.held.pop(other), cls.courses.pop(other)
                cls.held.pop(pid, None), cls.courses.pop(pid, None)
            cls.seq = seq
            new = update.findall("NEW/SERVICE")
        header = root.find("HEADER")
        assert header is not None  # required by the XSD
        cls.header = etree.tostring(header)
        for service in new:
            pid = service.findtext("PRODUCT_ID", "")
            cls.held[pid] = etree.tostring(service)
            cls.courses[pid] = service.findtext("SERVICE_DETAILS/SERVICE_MODULE/EDUCATION/COURSE_ID") or pid
        return None

    def _catalogue_zip(self) -> bytes:
        root = etree.Element("OPENQCAT", version="1.1")
        if FakeKursnet.header:
            root.append(etree.fromstring(FakeKursnet.header))
        body = etree.SubElement(root, "NEW_CATALOG")
        for data in FakeKursnet.held.values():
            body.append(etree.fromstring(data))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("export.xml", etree.tostring(root, xml_declaration=True, encoding="ISO-8859-15"))
        return buffer.getvalue()

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

    def _send(self, status: int, text: str, content_type: str = "text/xml; charset=utf-8") -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def kursnet_service(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    FakeKursnet.reset()
    monkeypatch.setenv(client.ENV_TIMEOUT, "1")
    with serving(FakeKursnet) as url:
        yield url + "onlinekurs/ws-kursnet/UploadOpenq"


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(client.ENV_LOGIN, LOGIN)
    monkeypatch.setenv(client.ENV_PASSWORD, PASSWORD)
    monkeypatch.delenv(client.ENV_ENDPOINT, raising=False)


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    return write_catalogue(tmp_path / "offers", [offer(), offer(id="zweites")])


def export(offers: Path, out: Path, *extra: str) -> Path:
    result = run_offers("--offers-dir", str(offers), "export", "kursnet", "--out", str(out), *extra, cwd=offers.parent)
    assert result.returncode == 0, result.stderr
    return out / "kursnet" / (f"{PROVIDER}.update.xml" if "--previous" in extra else f"{PROVIDER}.xml")


def publish(file: Path, mode: str, endpoint: str, *extra: str):
    return run_offers("publish", "kursnet", str(file), mode, "--endpoint", endpoint, *extra)


def log_lines(folder: Path) -> list[dict]:
    path = folder / f"{PROVIDER}.log.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _no_secrets(*texts: str) -> None:
    for text in texts:
        assert PASSWORD not in text and LOGIN not in text
        assert "Traceback" not in text


# --- success, check and store ----------------------------------------------------------------------


def test_store_success_advances_state_and_logs(
    kursnet_service: str, credentials: None, catalogue: Path, tmp_path: Path
) -> None:
    full = export(catalogue, tmp_path / "feeds")
    folder = full.parent
    check = publish(full, "--check", kursnet_service)
    assert check.returncode == 0, check.stderr
    assert "Datei fehlerfrei geprüft" in check.stdout and "nur geprüft" in check.stdout
    assert not (folder / f"{PROVIDER}.seq.json").exists()  # a check changes nothing
    store = publish(full, "--store", kursnet_service)
    assert store.returncode == 0, store.stderr
    assert "KURSNET hat die Datei gespeichert" in store.stdout
    state = json.loads((folder / f"{PROVIDER}.seq.json").read_text())
    assert state["seq_number"] == 0 and len(state["services"]) == len(FakeKursnet.held) == 6
    assert [(r["operation"], r["action"]) for r in FakeKursnet.requests] == [("upload", "1"), ("upload", "2")]
    assert FakeKursnet.requests[1]["soap_action"].strip('"') == "urn:upload"
    assert FakeKursnet.requests[1]["payload"] == full.read_bytes()
    log = log_lines(folder)
    assert [(e["action"], e["ok"], e["kind"]) for e in log] == [("check", True, "full"), ("store", True, "full")]
    assert log[1]["answer"] == "Datei fehlerfrei gespeichert: 6 Angebote/Termine." and log[1]["provider"] == PROVIDER
    assert {"time", "provider", "action", "seq", "answer"} <= set(log[1])
    _no_secrets(check.stdout, check.stderr, store.stdout, store.stderr, json.dumps(log))


def _deliver_full(catalogue: Path, out: Path, tmp_path: Path, service: str) -> tuple[Path, Path, Path]:
    """Export the full catalogue, keep a copy as "delivered", store it; (file, copy, state file)."""
    full = export(catalogue, out)
    archived = tmp_path / "geliefert.xml"
    archived.write_bytes(full.read_bytes())
    assert publish(full, "--store", service).returncode == 0
    return full, archived, full.parent / f"{PROVIDER}.seq.json"


def test_two_differential_exports_and_a_failed_upload_change_nothing(
    kursnet_service: str, credentials: None, catalogue: Path, tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    _, archived, state_file = _deliver_full(catalogue, out, tmp_path, kursnet_service)
    write_catalogue(catalogue, [offer(title="Neuer Titel der Vorbereitung")])  # "zweites" is gone
    update = export(catalogue, out, "--previous", str(archived))
    first = (update.read_bytes(), state_file.read_bytes())
    update = export(catalogue, out, "--previous", str(archived))
    assert (update.read_bytes(), state_file.read_bytes()) == first  # identical file and state
    FakeKursnet.behaviour = "http-500-html"
    failed = publish(update, "--store", kursnet_service)
    assert failed.returncode == 1 and state_file.read_bytes() == first[1]
    FakeKursnet.behaviour = "normal"
    stored = publish(update, "--store", kursnet_service)
    assert stored.returncode == 0, stored.stderr
    assert json.loads(state_file.read_text())["seq_number"] == 1
    # the same delta again is refused before sending: KURSNET already has seq 1
    requests = len(FakeKursnet.requests)
    again = publish(update, "--store", kursnet_service)
    assert again.returncode == 1 and "erwartet wird 2" in again.stderr and len(FakeKursnet.requests) == requests
    # and the next export continues at 2 without repeating the DELETE
    delta = xsd.parse(export(catalogue, out, "--previous", str(archived)).read_bytes()).getroot()
    update_catalog = delta.find("UPDATE_CATALOG")
    assert update_catalog is not None
    assert update_catalog.get("seq_number") == "2" and delta.find("UPDATE_CATALOG/DELETE") is None


# --- answers that are not a success -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("behaviour", "words"),
    [
        ("error-200", "KURSNET meldet Fehler"),
        ("unknown-200", "nicht die bekannte Form"),
        ("http-401-html", "HTTP-Status 401 (Anmeldung abgelehnt)"),
        ("http-500-html", "500 Internal Server Error"),
        ("timeout", "nicht innerhalb von 1 Sekunden geantwortet"),
        ("drop", "Verbindung zu KURSNET wurde abgebrochen"),
    ],
)
def test_failed_store_is_a_german_failure_and_keeps_the_state(
    kursnet_service: str, credentials: None, catalogue: Path, tmp_path: Path, behaviour: str, words: str
) -> None:
    full = export(catalogue, tmp_path / "feeds")
    FakeKursnet.behaviour = behaviour
    result = publish(full, "--store", kursnet_service)
    assert result.returncode == 1, result.stdout
    assert words in result.stderr + result.stdout
    assert "gespeichert." not in result.stdout.replace("Nichts wurde gespeichert.", "")
    assert not (full.parent / f"{PROVIDER}.seq.json").exists()
    (entry,) = log_lines(full.parent)
    assert entry["ok"] is False and entry["action"] == "store" and entry["reason"]
    _no_secrets(result.stdout, result.stderr, json.dumps(entry))


def test_error_text_in_a_200_answer_is_a_failure(kursnet_service: str, credentials: None, tmp_path: Path) -> None:
    """The issue's case: HTTP 200, text "Fehler … Nichts wurde gespeichert." – exit 1, not success."""
    offers = write_catalogue(tmp_path / "offers", [offer()])
    full = export(offers, tmp_path / "feeds")
    assert publish(full, "--store", kursnet_service).returncode == 0
    broken = tmp_path / "feeds" / "kursnet" / f"{PROVIDER}.update.xml"  # a delta KURSNET refuses: seq 5
    root = xsd.parse(full.read_bytes()).getroot()
    body = root.find("NEW_CATALOG")
    assert body is not None
    root.remove(body)
    etree.SubElement(root, "UPDATE_CATALOG", seq_number="1")
    broken.write_bytes(etree.tostring(root, xml_declaration=True, encoding="ISO-8859-15"))
    FakeKursnet.seq = 4  # KURSNET counts differently than our state says
    result = publish(broken, "--store", kursnet_service)
    assert result.returncode == 1
    assert "Fehler: seq_number 1 passt nicht, erwartet wird 5. Nichts wurde gespeichert." in result.stdout
    assert "KURSNET meldet Fehler" in result.stderr and "bleibt unverändert" in result.stderr
    assert json.loads((full.parent / f"{PROVIDER}.seq.json").read_text())["seq_number"] == 0


def test_answer_reading_is_strict() -> None:
    assert read_upload_answer("Datei fehlerfrei gespeichert: 3 Angebote/Termine.", ACTION_STORE).ok
    assert read_upload_answer("Datei fehlerfrei geprüft: 3 Angebote/Termine.", ACTION_CHECK).ok
    for text in [
        "",
        "OK",
        "Datei fehlerfrei geprüft: 3 Angebote/Termine.",  # a check answer does not confirm storing
        "Datei fehlerfrei gespeichert. Fehler in Zeile 3: Nichts wurde gespeichert.",
        "Fehler: Die Datei ist nicht valide.",
        "java.lang.NullPointerException",
    ]:
        assert not read_upload_answer(text, ACTION_STORE).ok, text


def test_test_access_and_bad_login(
    kursnet_service: str, credentials: None, catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_offers("publish", "kursnet", "--test-access", "--endpoint", kursnet_service)
    assert result.returncode == 0, result.stderr
    assert "Zugang möglich" in result.stdout
    assert FakeKursnet.requests[-1]["soap_action"].strip('"') == "urn:testAccess"
    full = export(catalogue, tmp_path / "feeds")
    monkeypatch.setenv(client.ENV_PASSWORD, PASSWORD + "-falsch")
    refused = publish(full, "--check", kursnet_service)
    assert refused.returncode == 1
    assert "KURSNET hat abgelehnt" in refused.stderr and "Anmeldung fehlgeschlagen" in refused.stderr
    _no_secrets(refused.stdout, refused.stderr, (full.parent / f"{PROVIDER}.log.jsonl").read_text())


def test_unreachable_service_and_missing_credentials(
    credentials: None, catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = export(catalogue, tmp_path / "feeds")
    with socket.socket() as probe:  # a port that is certainly closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = publish(full, "--store", f"http://127.0.0.1:{port}/x")
    assert result.returncode == 1 and "nicht erreichbar" in result.stderr
    _no_secrets(result.stdout, result.stderr)
    monkeypatch.delenv(client.ENV_LOGIN)
    missing = publish(full, "--check", f"http://127.0.0.1:{port}/x")
    assert missing.returncode == 1 and "KURSNET_LOGIN" in missing.stderr


def test_invalid_file_is_not_sent(kursnet_service: str, credentials: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<OPENQCAT><HEADER/></OPENQCAT>")
    result = publish(bad, "--check", kursnet_service)
    assert result.returncode == 1
    assert "entspricht nicht dem open-Qcat-Schema" in result.stderr
    assert FakeKursnet.requests == []


# --- the gate ------------------------------------------------------------------------------------------


def test_gate_stops_incomplete_offers_unless_skipped(kursnet_service: str, credentials: None, tmp_path: Path) -> None:
    offers = write_catalogue(tmp_path / "offers", [offer(), offer(id="ohne-systematik", kursnet={})])
    args = ["--offers-dir", str(offers), "publish", "kursnet", "--provider", PROVIDER, "--check"]
    args += ["--endpoint", kursnet_service, "--state-file", str(tmp_path / "status.json")]
    stopped = run_offers(*args, cwd=tmp_path)
    assert stopped.returncode == 1 and FakeKursnet.requests == []
    assert "ohne-systematik.yaml" in stopped.stderr and "kursnet.systematik_code" in stopped.stderr
    sent = run_offers(*args, "--skip-incomplete", cwd=tmp_path)
    assert sent.returncode == 0, sent.stderr
    ids = {
        s.findtext("PRODUCT_ID", "") for s in xsd.parse(FakeKursnet.requests[0]["payload"]).getroot().iter("SERVICE")
    }
    assert ids and not [i for i in ids if "ohne-systematik" in i]
    # a file made elsewhere with an incomplete Angebot: the same gate, on the XML
    full = export(write_catalogue(tmp_path / "offers", [offer(), offer(id="zweites")]), tmp_path / "feeds")
    root = xsd.parse(full.read_bytes()).getroot()
    for classification in root.iter("SERVICE_CLASSIFICATION"):
        service = classification.getparent()
        assert service is not None
        if "zweites" in service.findtext("PRODUCT_ID", ""):
            service.remove(classification)
    full.write_bytes(etree.tostring(root, xml_declaration=True, encoding="ISO-8859-15"))
    refused = publish(full, "--check", kursnet_service)
    assert refused.returncode == 1 and f"Angebot {PROVIDER}--zweites" in refused.stderr


# --- download and reconcile repair a broken state ---------------------------------------------------------


def test_download_reconcile_round_trip_repairs_a_broken_state(
    kursnet_service: str, credentials: None, catalogue: Path, tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    _, archived, state_file = _deliver_full(catalogue, out, tmp_path, kursnet_service)
    # break the state on purpose: it claims KURSNET holds an offer it never got, and forgets one it has
    state = json.loads(state_file.read_text())
    state["services"]["iq-be-test--phantom"] = "0" * 64
    del state["services"][f"{PROVIDER}--zweites"]
    state_file.write_text(json.dumps(state), encoding="utf-8")
    # the catalogue moves on: "zweites" withdrawn, a new offer, a changed title
    runs = [OFFER["runs"][0]]
    write_catalogue(catalogue, [offer(title="Geänderter Titel", runs=runs), offer(id="neu", runs=runs)])
    update = export(catalogue, out, "--previous", str(archived))
    failed = publish(update, "--store", kursnet_service)  # deletes the phantom: KURSNET refuses (200 + Fehler)
    assert failed.returncode == 1 and "KURSNET meldet Fehler" in failed.stderr
    assert "PRODUCT_ID iq-be-test--phantom ist nicht vorhanden" in failed.stdout

    base = ["--offers-dir", str(catalogue)]
    download = run_offers(*base, "kursnet", "download", "--provider", PROVIDER, "--endpoint", kursnet_service,
                          "--out", str(tmp_path / "kursnet.xml"), cwd=tmp_path)  # fmt: skip
    assert download.returncode == 0, download.stderr
    held = {
        s.findtext("PRODUCT_ID") for s in xsd.parse((tmp_path / "kursnet.xml").read_bytes()).getroot().iter("SERVICE")
    }
    assert f"{PROVIDER}--zweites" in held
    report = run_offers(*base, "kursnet", "reconcile", "--provider", PROVIDER,
                        "--downloaded", str(tmp_path / "kursnet.xml"), cwd=tmp_path)  # fmt: skip
    assert report.returncode == 1, report.stderr
    assert f"fehlt in KURSNET: {PROVIDER}--neu" in report.stdout
    assert f"nur in KURSNET (nicht mehr im Katalog): {PROVIDER}--zweites" in report.stdout
    assert f"abweichend: {PROVIDER}--pflege-test: SERVICE_DETAILS/TITLE" in report.stdout
    repair_dir = tmp_path / "abgleich"
    repair = run_offers(*base, "kursnet", "reconcile", "--provider", PROVIDER, "--endpoint", kursnet_service,
                        "--write", str(repair_dir), cwd=tmp_path)  # fmt: skip
    assert repair.returncode == 0, repair.stderr
    repaired = repair_dir / f"{PROVIDER}.update.xml"
    stored = publish(repaired, "--store", kursnet_service)
    assert stored.returncode == 0, stored.stderr + stored.stdout
    check = run_offers(*base, "kursnet", "reconcile", "--provider", PROVIDER, "--endpoint", kursnet_service,
                       cwd=tmp_path)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "KURSNET und Katalog stimmen überein." in check.stdout
    log = log_lines(repair_dir)
    assert [e["action"] for e in log] == ["download", "reconcile", "store"] and log[-1]["ok"] is True
    assert json.loads((repair_dir / f"{PROVIDER}.seq.json").read_text())["seq_number"] == 1


def test_example_catalogue_upload_for_a_provider(kursnet_service: str, credentials: None, tmp_path: Path) -> None:
    args = ["publish", "kursnet", "--provider", "iq-be-anerkennung-gesundheit", "--check", "--skip-incomplete"]
    result = run_offers(*args, "--endpoint", kursnet_service, "--state-file", str(tmp_path / "s.json"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    (request,) = FakeKursnet.requests
    root = xsd.parse(request["payload"]).getroot()
    assert request["action"] == "1" and root.findtext("HEADER/SUPPLIER/SUPPLIER_ID") == "4711023"
