"""A sentence instead of a traceback: every OS fault and bad setting the tester met, for real.

Running as root (as CI containers do), ``chmod`` cannot take a permission away, so those cases
are simulated there by making the one OS call raise the error the kernel would give
(``PermissionError``/``EROFS``); as a normal user the real ``chmod`` is used. Full disks are
always simulated: the write function raises ``OSError(ENOSPC)`` in-process.
"""

from __future__ import annotations

import errno
import os
import pathlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalogue_loader import check_catalogue
from generator.cli import main
from tests.conftest import run_offers_subprocess
from tests.support import ROOT, TODAY
from tests.test_mkdocs_build import mkdocs_build, write_project

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
KURSNET_PROVIDER = "iq-be-anerkennung-gesundheit"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and "Error:" not in text and "Errno" not in text, text


def _deny(monkeypatch: pytest.MonkeyPatch, method: str, victim: Path, err: int) -> None:
    """Make ``Path.<method>`` fail for ``victim`` (and paths below it) as the kernel would."""
    original = getattr(pathlib.Path, method)

    def failing(self: Path, *args: object, **kwargs: object) -> object:
        if self == victim or victim in self.parents:
            raise OSError(err, os.strerror(err), str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, method, failing)


# --- bad environment variables -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["26.11.2026", "2026-02-30", "morgen", "20261126"])
def test_offers_today_not_iso_is_a_german_usage_error(
    monkeypatch: pytest.MonkeyPatch, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OFFERS_TODAY", value)
    assert main(["--offers-dir", str(ROOT / "offers"), "validate"]) == 2
    err = capsys.readouterr().err
    assert "OFFERS_TODAY" in err and f"„{value}“" in err and "JJJJ-MM-TT" in err
    _no_traceback(err)


@pytest.mark.parametrize("value", ["gestern", "1.5", "-3", "99999999999999999999"])
def test_source_date_epoch_not_an_integer_is_a_german_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "feeds"
    assert main(["--offers-dir", str(ROOT / "offers"), "export", "json", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "SOURCE_DATE_EPOCH" in err and "ganze Zahl" in err
    _no_traceback(err)
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [("OFFERS_TODAY", "26.11.2026", "JJJJ-MM-TT"), ("SOURCE_DATE_EPOCH", "gestern", "ganze Zahl")],
)
def test_mkdocs_build_with_a_bad_variable_fails_with_a_sentence(
    tmp_path: Path, offers_copy: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, words: str
) -> None:
    config = write_project(tmp_path, offers_copy)
    monkeypatch.setenv(name, value)
    proc = mkdocs_build(config)
    assert proc.returncode == 1
    assert name in proc.stderr and words in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "site").exists()


# --- unreadable files ------------------------------------------------------------------------


def test_unreadable_offer_file_is_a_problem_for_that_file(
    offers_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = offers_copy / "mentoring-tandem-fachkraefte.yaml"
    if IS_ROOT:
        _deny(monkeypatch, "read_bytes", victim, errno.EACCES)
    else:  # pragma: no cover - depends on the user running the tests
        victim.chmod(0)
    try:
        result = check_catalogue(offers_copy, TODAY)
        [problem] = [p for p in result.errors if p.file == victim]
        assert problem.message == "Die Datei lässt sich nicht lesen: die Berechtigung fehlt."
        assert main(["--offers-dir", str(offers_copy), "validate"]) == 1
        out, err = capsys.readouterr()
        assert "mentoring-tandem-fachkraefte.yaml: Fehler: Die Datei lässt sich nicht lesen" in out
        assert err == ""
    finally:
        victim.chmod(0o644)


def test_unreadable_catalogue_folder_is_an_error(
    tmp_path: Path, offers_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if IS_ROOT:
        _deny(monkeypatch, "iterdir", offers_copy, errno.EACCES)
    else:  # pragma: no cover
        offers_copy.chmod(0o300)
    try:
        assert main(["--offers-dir", str(offers_copy), "validate"]) == 1
        out = capsys.readouterr().out
        assert "Der Ordner lässt sich nicht lesen: die Berechtigung fehlt." in out and "alles in Ordnung" not in out
    finally:
        offers_copy.chmod(0o755)


def test_a_directory_given_to_publish_is_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publish", "kursnet", str(tmp_path), "--check"]) == 1
    err = capsys.readouterr().err
    assert f"„{tmp_path}“ lässt sich nicht lesen: das ist ein Ordner, keine Datei." in err
    _no_traceback(err)


# --- full disk, read-only target ----------------------------------------------------------------


def test_full_disk_during_export_changes_nothing(
    tmp_path: Path, offers_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site" / "feeds"
    assert main(["--offers-dir", str(offers_copy), "export", "all", "--out", str(out)]) == 0
    capsys.readouterr()
    before = _snapshot(out)
    (offers_copy / "erzieherinnen-anpassungslehrgang.yaml").unlink()  # the next export would change files
    written: list[Path] = []
    original = pathlib.Path.write_bytes

    def disk_fills_up(self: Path, data: bytes) -> int:
        if len(written) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        written.append(self)
        return original(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", disk_fills_up)
    assert main(["--offers-dir", str(offers_copy), "export", "all", "--out", str(out)]) == 1
    out_text, err = capsys.readouterr()
    assert f"„{out}“ lässt sich nicht beschreiben: der Datenträger ist voll." in err
    assert "Es wurde nichts geändert." in err and out_text == ""
    _no_traceback(err)
    assert _snapshot(out) == before
    assert _tree(tmp_path / "site") == ["feeds", *sorted(f"feeds/{k}" for k in _tree(out))]  # no leftovers


def test_read_only_parent_of_the_output(
    tmp_path: Path, offers_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "nur-lesen"
    parent.mkdir()
    out = parent / "site" / "feeds"
    if IS_ROOT:
        _deny(monkeypatch, "mkdir", parent / "site", errno.EROFS)
        reason = "der Datenträger ist schreibgeschützt"
    else:  # pragma: no cover
        parent.chmod(0o555)
        reason = "die Berechtigung fehlt"
    try:
        assert main(["--offers-dir", str(offers_copy), "export", "json", "--out", str(out)]) == 1
        err = capsys.readouterr().err
        assert f"„{out}“ lässt sich nicht beschreiben: {reason}." in err
        _no_traceback(err)
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o755)


# --- KURSNET state file --------------------------------------------------------------------------


@pytest.fixture
def delivered(tmp_path: Path, offers_copy: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A full KURSNET delivery of the example catalogue, kept as the 'previous' file."""
    first = tmp_path / "erste"
    assert main(["--offers-dir", str(offers_copy), "export", "kursnet", "--out", str(first)]) == 0
    capsys.readouterr()
    previous = tmp_path / "geliefert.xml"
    shutil.copy(first / "kursnet" / f"{KURSNET_PROVIDER}.xml", previous)
    shutil.rmtree(first)
    return previous


def _export_delta(offers: Path, out: Path, previous: Path, state: Path) -> int:
    return main(
        [
            "--offers-dir",
            str(offers),
            "export",
            "kursnet",
            "--out",
            str(out),
            "--previous",
            str(previous),
            "--state-file",
            str(state),
        ]
    )


def test_state_file_that_is_a_directory_writes_nothing(
    tmp_path: Path, offers_copy: Path, delivered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state_dir = tmp_path / "status"
    state_dir.mkdir()
    out = tmp_path / "feeds"
    before = _tree(tmp_path)
    assert _export_delta(offers_copy, out, delivered, state_dir) == 2
    err = capsys.readouterr().err
    assert f"„{state_dir}“ ist ein Ordner; für --state-file bitte eine Datei angeben" in err
    _no_traceback(err)
    assert _tree(tmp_path) == before  # no .status.tmp beside it, no delivery without its state


@pytest.mark.parametrize("where", ["under-a-file", "unwritable"])
def test_state_file_in_an_impossible_place_writes_nothing(
    tmp_path: Path,
    offers_copy: Path,
    delivered: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "blocker"
    if where == "under-a-file":
        blocker.write_text("", encoding="utf-8")
    else:
        blocker.mkdir()
        if IS_ROOT:
            real_access = os.access
            monkeypatch.setattr(
                os, "access", lambda p, mode, **kw: False if Path(p) == blocker else real_access(p, mode, **kw)
            )
        else:  # pragma: no cover
            blocker.chmod(0o555)
    out = tmp_path / "feeds"
    before = _tree(tmp_path)
    try:
        assert _export_delta(offers_copy, out, delivered, blocker / "neu" / "seq.json") == 2
    finally:
        blocker.chmod(0o755)
    err = capsys.readouterr().err
    assert "Statusdatei" in err and f"„{blocker}“" in err
    _no_traceback(err)
    # at most the empty output folder the user named; no file anywhere
    assert [p for p in _tree(tmp_path) if not p.startswith("feeds")] == before
    assert not [p for p in out.rglob("*") if p.is_file()]


def test_full_disk_leaves_the_previous_delivery_and_never_touches_the_state(
    tmp_path: Path,
    offers_copy: Path,
    delivered: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`offers export` never changes the KURSNET delivery state (only a confirmed upload does), and a
    full disk while writing the delivery keeps the previous files as they were."""
    out = tmp_path / "feeds"
    state = tmp_path / "status" / "seq.json"
    assert _export_delta(offers_copy, out, delivered, state) == 0
    capsys.readouterr()
    assert not state.exists()  # export reads the state, it never writes it
    update = out / "kursnet" / f"{KURSNET_PROVIDER}.update.xml"
    assert update.is_file()
    first = update.read_bytes()
    before_out = _snapshot(out)
    original = pathlib.Path.write_bytes
    _deny(monkeypatch, "write_bytes", out, errno.ENOSPC)
    assert _export_delta(offers_copy, out, delivered, state) == 1
    err = capsys.readouterr().err
    assert "der Datenträger ist voll" in err
    _no_traceback(err)
    assert _snapshot(out) == before_out and not state.exists()
    # with room again, re-running gives the same file; the state is still untouched
    monkeypatch.setattr(pathlib.Path, "write_bytes", original)
    assert _export_delta(offers_copy, out, delivered, state) == 0
    assert update.read_bytes() == first and not state.exists()


def test_full_disk_on_the_first_export_writes_nothing(
    tmp_path: Path,
    offers_copy: Path,
    delivered: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "feeds"
    state = tmp_path / "status" / "seq.json"
    _deny(monkeypatch, "write_bytes", tmp_path, errno.ENOSPC)
    before = _tree(tmp_path)
    assert _export_delta(offers_copy, out, delivered, state) == 1
    err = capsys.readouterr().err
    assert "der Datenträger ist voll" in err
    _no_traceback(err)
    # at most the empty output folder the user named; no file anywhere
    assert [p for p in _tree(tmp_path) if not p.startswith("feeds")] == before
    assert not [p for p in out.rglob("*") if p.is_file()]


def test_default_state_file_that_is_a_directory_is_refused(
    tmp_path: Path, offers_copy: Path, delivered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "feeds"
    (out / "kursnet" / f"{KURSNET_PROVIDER}.seq.json").mkdir(parents=True)
    before = _tree(tmp_path)
    assert (
        main(["--offers-dir", str(offers_copy), "export", "kursnet", "--out", str(out), "--previous", str(delivered)])
        == 1
    )
    err = capsys.readouterr().err
    assert "ist ein Ordner, keine Datei" in err
    _no_traceback(err)
    assert _tree(tmp_path) == before


@pytest.mark.parametrize(
    ("option", "make", "words"),
    [
        ("--previous", "dir", "ist ein Ordner"),
        ("--previous", "none", "gibt es nicht"),
        ("--out", "file", "ist eine Datei"),
    ],
)
def test_bad_paths_given_to_export_options(
    tmp_path: Path, offers_copy: Path, option: str, make: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "angabe"
    if make == "dir":
        path.mkdir()
    elif make == "file":
        path.write_text("", encoding="utf-8")
    out = path if option == "--out" else tmp_path / "feeds"
    args = ["--offers-dir", str(offers_copy), "export", "kursnet", "--out", str(out)]
    if option == "--previous":
        args += ["--previous", str(path)]
    before = _tree(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"„{path}“ {words}" in err and option in err
    _no_traceback(err)
    # at most the empty output folder the user named; no file anywhere
    assert [p for p in _tree(tmp_path) if not p.startswith("feeds")] == before
    assert not [p for p in out.rglob("*") if p.is_file()]


# --- the last line of defence and a closed pipe ----------------------------------------------------


def test_any_other_os_error_is_one_german_sentence(
    offers_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`offers new` has no handler of its own for a failing disk: main() words it."""
    target = offers_copy / "neues-angebot.yaml"
    _deny(monkeypatch, "open", target, errno.EIO)
    code = main(
        [
            "--offers-dir",
            str(offers_copy),
            "new",
            "--id",
            "neues-angebot",
            "--provider",
            KURSNET_PROVIDER,
            "--title",
            "Ein neues Angebot",
            "--no-input",
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"offers: „{target}“ lässt sich nicht verarbeiten: der Datenträger meldet einen Lese-")
    _no_traceback(err)


def test_closed_stdout_ends_quietly() -> None:
    """`offers validate | head -1`: the reader left; no traceback, a non-zero exit (only a subprocess shows it)."""
    exe = Path(sys.executable).parent / "offers"
    with subprocess.Popen(
        [str(exe), "validate", "--format", "json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the first byte is written
        err = proc.stderr.read().decode("utf-8")
        code = proc.wait(timeout=120)
    assert code == 1
    assert err == ""


def test_head_reads_one_line_without_a_traceback(tmp_path: Path) -> None:
    """The tester's pipeline, in a shell; the report is made long enough not to fit the pipe's buffer."""
    folder = tmp_path / "offers"
    shutil.copytree(ROOT / "offers", folder)
    source = (folder / "maurer-anpassungsqualifizierung.yaml").read_text(encoding="utf-8")
    for i in range(400):  # expired offers: one warning each, valid otherwise
        (folder / f"maurer-kopie-{i}.yaml").write_text(
            source.replace("id: maurer-anpassungsqualifizierung", f"id: maurer-kopie-{i}"), encoding="utf-8"
        )
    exe = Path(sys.executable).parent / "offers"
    proc = subprocess.run(
        ["bash", "-c", f"'{exe}' --offers-dir '{folder}' validate | head -1; echo \"status=${{PIPESTATUS[0]}}\" >&2"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert len(proc.stdout.splitlines()) == 1
    assert proc.stderr.strip().splitlines() == ["status=1"], proc.stderr


def test_console_script_prints_no_traceback_for_a_bad_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OFFERS_TODAY", "26.11.2026")
    result = run_offers_subprocess("validate")  # the installed console script: exit code as a shell sees it
    assert result.returncode == 2
    assert result.stderr.startswith("offers: Die Umgebungsvariable OFFERS_TODAY") and "Traceback" not in result.stderr
