"""The form editor at /admin/ end to end: Decap CMS in Chromium against Decap's local backend.

The test starts ``decap-server`` from the project's npm install (``npm ci --prefix admin``) in
its git mode, which supports the editorial workflow: every save becomes a branch
``cms/offers/<id>`` of a temporary copy of the catalogue, as it becomes a pull request on
GitHub. The form is the one the site ships (``generator.site.admin_files``), with only the local
backend's address added. Screenshots of every step: ``tests/artifacts/admin-*.png``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.site.admin_files import admin_files
from generator.yaml_loader import load_yaml
from tests.browser.conftest import ROOT, serve_directory

DECAP_SERVER = ROOT / "admin" / "node_modules" / "decap-server" / "dist" / "index.js"
NODE = shutil.which("node")
EXAMPLE = "pflegefachkraefte-kenntnispruefung-berufsbegleitend"
NEW_ID = "schweisser-anpassung-chemnitz"

pytestmark = pytest.mark.skipif(
    not DECAP_SERVER.is_file() or NODE is None, reason="Decap fehlt (npm ci --prefix admin) oder node fehlt"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org"}
    env |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return proc.stdout


@pytest.fixture
def catalogue_repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the catalogue (offers and providers) on branch main."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "offers", repo / "offers")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "Katalog")
    return repo


@contextlib.contextmanager
def decap_server(repo: Path) -> Iterator[str]:
    """``decap-server`` in git mode on a free port; yields its API address."""
    port = _free_port()
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port), "MODE": "git", "LOG_LEVEL": "error"}
    proc = subprocess.Popen([str(NODE), str(DECAP_SERVER)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "decap-server beendet"
            assert time.monotonic() < deadline, "decap-server antwortet nicht"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()


@pytest.fixture
def admin(catalogue_repo: Path, tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """The form, served on localhost, saving into ``catalogue_repo``: (form URL, backend URL, repo)."""
    with decap_server(catalogue_repo) as api:
        site = tmp_path / "site"
        files = admin_files({"repo": "iq-netzwerk/iq-angebote", "local_backend": api}, ROOT, "", "IQ-Test")
        for relative, data in files.items():
            (site / relative).parent.mkdir(parents=True, exist_ok=True)
            (site / relative).write_bytes(data)
        with serve_directory(site) as url:
            yield f"{url.rstrip('/')}/admin/", api, catalogue_repo


@pytest.fixture
def form(page: Any, admin: tuple[str, str, Path]) -> Iterator[Any]:
    """The page, signed in to the local backend, with every request recorded in ``page.requests``."""
    url, api, _ = admin
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    page.goto(url)
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Angebote").first.wait_for()
    yield page
    origins = (url.split("/admin/")[0] + "/", api)
    foreign = sorted({u for u in requests if not u.startswith(origins) and not u.startswith(("blob:", "data:"))})
    assert foreign == [], f"Anfragen an fremde Adressen: {foreign}"


def control(page: Any, *labels: str, nth: int = 0) -> Any:
    """The input of a field named by its German labels (an object's label, then its field's)."""
    deadline = time.monotonic() + 15
    while (element_id := _control_id(page, labels, nth)) is None and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert element_id, f"Feld {' › '.join(labels)} nicht gefunden"
    return page.locator(f"[id='{element_id}']")


def _control_id(page: Any, labels: tuple[str, ...], nth: int) -> str | None:
    return page.evaluate(
        """([labels, nth]) => {
          let scope = document, element = null;
          labels.forEach((name, i) => {
            const found = Array.from(scope.querySelectorAll('label')).filter(
              (l) => l.textContent.replace(/ \\(optional\\)$/, '') === name && l.getClientRects().length > 0);
            const label = found[i === labels.length - 1 ? nth : 0];
            element = label ? document.getElementById(label.htmlFor) : null;
            scope = element || document.createElement('div');
          });
          return element ? element.id : null;
        }""",
        [list(labels), nth],
    )


def choose(page: Any, labels: tuple[str, ...], *options: str) -> None:
    """Pick options of a select (or a relation) by their German labels."""
    box = control(page, *labels)
    for option in options:
        box.click()
        box.fill(option)
        page.get_by_role("option", name=option, exact=True).first.click()


def toggle(page: Any, *labels: str) -> None:
    control(page, *labels).click()


def saved(repo: Path, branch: str, path: str) -> dict[str, Any]:
    """The offer as our loader reads it from a branch the form saved to."""
    target = repo.parent / "read" / Path(path).name
    target.parent.mkdir(exist_ok=True)
    target.write_text(_git(repo, "show", f"{branch}:{path}"), encoding="utf-8")
    return load_yaml(target).data


def save(page: Any) -> None:
    """Press "Speichern" and wait for Decap's confirmation; its German complaints if it refuses."""
    page.get_by_role("button", name="Speichern").click()
    saved = page.get_by_text("Beitrag gespeichert").first
    refused = page.get_by_text("Oops").first
    saved.or_(refused).wait_for()
    problems = [
        line
        for line in page.inner_text("body").splitlines()
        if any(word in line.upper() for word in ("OOPS", "ERFORDERLICH", "BITTE", "ZEICHEN", "FEHLER"))
    ]
    hidden = page.evaluate("""() => Array.from(document.querySelectorAll('[class*=rror] li')).map(
        (e) => e.textContent + ' @ ' + (e.closest('[class*=ControlContainer]') || e.parentElement).innerText.slice(0, 80))""")
    assert saved.is_visible(), f"nicht gespeichert: {problems} {hidden}"


def shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"admin-{name}.png"), full_page=False)


def put(page: Any, skip: tuple[tuple[str, ...], ...], value: str, *labels: str) -> None:
    """Type into a field, unless the test leaves it out (``skip``)."""
    if labels not in skip:
        control(page, *labels).fill(value)


def fill_new_offer(page: Any, skip: tuple[tuple[str, ...], ...] = ()) -> None:
    """Every required field of an offer, plus a place, a run with a session (times); ``skip`` left empty."""
    put(page, skip, NEW_ID, "Kennung des Angebots")
    put(page, skip, "Anpassungsqualifizierung für Schweißer*innen", "Titel")
    choose(page, ("Qualifizierungsprojekt (QTV)",), "Anpassung Handwerk und Technik Sachsen")
    choose(page, ("Art der Qualifizierung",), "Anpassungs- oder Ausgleichsqualifizierung (duale Berufe)")
    put(
        page,
        skip,
        "Schweißen nach deutschen Normen lernen – abends und am Samstag, neben der Arbeit.",
        "Kurzbeschreibung",
    )
    put(
        page,
        skip,
        "Sie haben im Ausland als Schweißer*in gearbeitet und eine Teilanerkennung erhalten?\n\n"
        "Wir bereiten Sie in der Lehrwerkstatt auf die Prüfung nach DIN EN ISO 9606 vor.",
        "Beschreibung",
    )
    put(page, skip, "Schweißer*innen mit ausländischem Abschluss und Teilanerkennung", "Zielgruppe")
    choose(page, ("Beruf", "Berufsfelder"), "Handwerk und Bau", "Industrie, Metall und Elektro")
    choose(page, ("Lernform und Ort", "Lernform"), "in Präsenz")
    choose(page, ("Lernform und Ort", "Einzel- oder Gruppenmaßnahme"), "Gruppenmaßnahme")
    page.get_by_role("button", name="lernort hinzufügen").click()
    put(page, skip, "chemnitz-werkstatt", "Lernform und Ort", "Lernorte", "Kennung des Lernorts")
    put(page, skip, "Lehrwerkstatt Chemnitz", "Lernform und Ort", "Lernorte", "Name")
    put(page, skip, "Annaberger Straße 24", "Lernform und Ort", "Lernorte", "Straße und Hausnummer")
    put(page, skip, "09111", "Lernform und Ort", "Lernorte", "Postleitzahl")
    put(page, skip, "Chemnitz", "Lernform und Ort", "Lernorte", "Ort")
    choose(page, ("Lernform und Ort", "Lernorte", "Bundesland"), "Sachsen")
    toggle(page, "Lernform und Ort", "Lernorte", "Barrierefrei zugänglich")
    toggle(page, "Zeitmodell", "Berufsbegleitend")
    choose(page, ("Zeitmodell", "Lernzeit"), "außerhalb der Arbeitszeit")
    choose(page, ("Zeitmodell", "Umfang"), "Teilzeit")
    choose(page, ("Zeitmodell", "Zeitmuster"), "abends", "am Wochenende")
    put(page, skip, "240", "Zeitmodell", "Gesamtstunden")
    put(page, skip, "7.5", "Zeitmodell", "Dauer in Monaten")
    page.get_by_role("button", name="durchführung hinzufügen").click()
    put(page, skip, "2027-fruehjahr", "Durchführungen", "Kennung der Durchführung")
    put(page, skip, "2027-03-01", "Durchführungen", "Beginn")
    put(page, skip, "2027-10-15", "Durchführungen", "Ende")
    put(page, skip, "2027-02-01", "Durchführungen", "Anmeldeschluss")
    page.get_by_role("button", name="einzeltermin hinzufügen").click()
    put(page, skip, "2027-03-01", "Durchführungen", "Einzeltermine", "Datum")
    put(page, skip, "08:30", "Durchführungen", "Einzeltermine", "Beginn")
    put(page, skip, "Auftakt in der Lehrwerkstatt", "Durchführungen", "Einzeltermine", "Bezeichnung")
    choose(page, ("Abschluss", "Art des Abschlusses"), "Prüfung")
    put(page, skip, "Schweißerprüfung nach DIN EN ISO 9606-1", "Abschluss", "Bezeichnung")
    choose(page, ("Sprache", "Deutschniveau bei Beginn"), "B1")
    choose(page, ("Sprache", "Unterrichtssprachen"), "Deutsch")
    put(page, skip, "Jana Beispiel", "Unterstützung", "Feste Ansprechperson", "Name")
    put(page, skip, "0371 1234567", "Unterstützung", "Feste Ansprechperson", "Telefon")
    choose(page, ("Unterstützung", "Kinderbetreuung"), "keine Kinderbetreuung")
    choose(page, ("Voraussetzungen", "Ausländischer Abschluss"), "erforderlich")
    choose(page, ("Voraussetzungen", "Anerkennungsbescheid"), "erforderlich")
    choose(page, ("Voraussetzungen", "Beschäftigung"), "hilfreich")
    toggle(page, "Kosten und Förderung", "Kostenfrei")
    put(page, skip, "Beratungstermin telefonisch vereinbaren.", "Anmeldung", "Vorgehen")
    put(page, skip, "2026-11-01", "Veröffentlichung", "Sichtbar ab")
    put(page, skip, "2026-11-20", "Veröffentlichung", "Zuletzt geprüft")


def test_new_offer_through_the_form_is_valid(form: Any, admin: tuple[str, str, Path], artifacts: Path) -> None:
    url, _, repo = admin
    form.goto(url + "#/collections/offers/new")
    form.get_by_text("Kennung des Angebots").first.wait_for()
    shot(form, artifacts, "1-neues-angebot-leer")
    fill_new_offer(form)
    shot(form, artifacts, "2-neues-angebot-ausgefuellt")
    save(form)
    shot(form, artifacts, "3-neues-angebot-gespeichert")

    # Editorial workflow: the save is a branch (a pull request on GitHub); main is untouched.
    branch = f"cms/offers/{NEW_ID}"
    assert branch in _git(repo, "branch", "--list", branch)
    assert not (repo / "offers" / f"{NEW_ID}.yaml").exists()
    data = saved(repo, branch, f"offers/{NEW_ID}.yaml")
    assert data["id"] == NEW_ID
    assert data["provider"] == "iq-sn-handwerk-technik"
    assert data["profession"]["fields"] == ["crafts_construction", "industry"]
    place = data["format"]["places"][0]
    assert place["postal_code"] == "09111" and place["state"] == "SN" and place["barrier_free"] is True
    run = data["runs"][0]
    assert (run["start"], run["end"], run["application_deadline"]) == ("2027-03-01", "2027-10-15", "2027-02-01")
    assert run["sessions"][0] == {"date": "2027-03-01", "start_time": "08:30", "title": "Auftakt in der Lehrwerkstatt"}
    assert data["schedule"]["duration_months"] == 7.5 and data["schedule"]["total_hours"] == 240
    assert data["costs"] == {"free_of_charge": True}
    assert "employer" not in data and "exam" not in data["outcome"]  # untouched optional groups stay out

    # The whole catalogue of that branch, as a pull request would check it.
    worktree = repo.parent / "review"
    _git(repo, "worktree", "add", "-q", str(worktree), branch)
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "offers"), "validate"], cwd=worktree, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{NEW_ID}.yaml" in _git(repo, "diff", "--name-only", "main", branch)

    form.goto(url + "#/workflow")
    form.get_by_text("Anpassungsqualifizierung für Schweißer*innen").first.wait_for()
    shot(form, artifacts, "4-arbeitsablauf")


def test_existing_offer_saved_through_the_form_keeps_its_data(
    form: Any, admin: tuple[str, str, Path], artifacts: Path
) -> None:
    url, _, repo = admin
    path = f"offers/{EXAMPLE}.yaml"
    original = load_yaml(repo / path).data
    form.goto(url + f"#/collections/offers/entries/{EXAMPLE}")
    form.get_by_text("Kennung des Angebots").first.wait_for()
    title = control(form, "Titel")
    assert title.input_value() == original["title"]
    shot(form, artifacts, "5-angebot-geoeffnet")
    # Decap offers "Speichern" only once something changed (it is disabled for an untouched
    # entry, and again when a change is typed back): change the title, and everything else must
    # read back exactly as before – every key, every type (postal codes, times, dates stay text).
    changed = original["title"] + " (geändert)"
    title.fill(changed)
    save(form)
    shot(form, artifacts, "6-angebot-gespeichert")
    assert saved(repo, f"cms/offers/{EXAMPLE}", path) == {**original, "title": changed}
    assert saved(repo, "main", path) == original  # main is untouched until review


def test_required_field_left_empty_is_named_in_german_before_saving(
    form: Any, admin: tuple[str, str, Path], artifacts: Path
) -> None:
    url, _, repo = admin
    form.goto(url + "#/collections/offers/new")
    form.get_by_text("Kennung des Angebots").first.wait_for()
    fill_new_offer(form, skip=(("Kurzbeschreibung",), ("Abschluss", "Bezeichnung")))
    control(form, "Lernform und Ort", "Lernorte", "Postleitzahl").fill("9111")
    form.get_by_role("button", name="Speichern").click()
    form.get_by_text("Oops, einige zwingend erforderliche Felder sind nicht ausgefüllt.").wait_for()
    assert form.get_by_text("Kurzbeschreibung ist erforderlich.").is_visible()
    assert form.get_by_text("Bezeichnung ist erforderlich.").is_visible()
    assert form.get_by_text("Postleitzahl entspricht nicht dem Muster: Bitte in dieser Form eingeben").is_visible()
    shot(form, artifacts, "7-pflichtfeld-fehlt")
    assert f"cms/offers/{NEW_ID}" not in _git(repo, "branch", "--list")


def test_published_form_loads_only_from_the_site(page: Any, site_url: str, built_site: Path, artifacts: Path) -> None:
    """/admin/ of the real build: Decap, its config and its chunks all come from the site itself."""
    assert (built_site / "admin" / "decap-cms.js").is_file()
    config = yaml.safe_load((built_site / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"]["name"] == "github" and "local_backend" not in config
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url.rstrip("/") + "/admin/")
    page.get_by_role("button", name="Mit GitHub einloggen").wait_for()
    shot(page, artifacts, "0-anmeldung")
    origin = site_url.rstrip("/") + "/"
    assert [u for u in requests if not u.startswith((origin, "blob:", "data:"))] == []
    assert any(u.endswith("/admin/config.yml") for u in requests)
