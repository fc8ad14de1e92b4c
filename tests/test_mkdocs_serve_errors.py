"""``mkdocs serve`` never leaves a request waiting: a broken offer shows a German notice instead.

MkDocs 1.6 answers no page while a rebuild has failed. The preview (a real ``mkdocs serve``
subprocess here) must answer every request with the last good site and a notice that names the
file and the line, and drop the notice once the file is fixed.
"""

from __future__ import annotations

import re
import time
import urllib.request
from pathlib import Path

from tests.test_mkdocs_serve import mkdocs_serving as _serving

OFFER = "mentoring-tandem-fachkraefte"
NOTICE = "Fehler in den Angebotsdateien"
ANSWER_SECONDS = 60  # a rebuild on a busy 2-core machine; a spinning request would never answer


def _get(url: str) -> tuple[int, str, float]:
    """Status, text and how long the answer took; a request that does not answer fails the test."""
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=ANSWER_SECONDS) as response:
        return response.status, response.read().decode("utf-8"), time.monotonic() - start


def _until(url: str, predicate: object, seconds: float = 90) -> str:
    """Request ``url`` until ``predicate(text)`` holds; every single request must be answered."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        status, text, _ = _get(url)
        assert status == 200
        if predicate(text):  # type: ignore[operator]
            return text
        time.sleep(0.5)
    raise AssertionError(f"not reached within {seconds} s; last page:\n{text[-1500:]}")


def _line_of(path: Path, prefix: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix))


def test_a_broken_offer_shows_a_notice_with_file_and_line_and_it_goes_when_fixed(
    tmp_path: Path, offers_copy: Path
) -> None:
    offer = offers_copy / f"{OFFER}.yaml"
    good = offer.read_text(encoding="utf-8")
    with _serving(tmp_path, offers_copy) as base:
        page = f"{base}angebote/{OFFER}/"
        _until(page, lambda text: "Mentoring-Tandems für zugewanderte Fachkräfte" in text)
        offer.write_text(good.replace("kind: other", "kind: erfunden", 1), encoding="utf-8")
        line = _line_of(offer, "kind:")
        broken_at = time.monotonic()
        text = _until(page, lambda text: NOTICE in text)
        seconds = time.monotonic() - broken_at
        assert re.search(rf"{OFFER}\.yaml, Zeile {line}</strong>:\s*<code>kind</code>", text), text[:3000]
        assert "„erfunden“ ist hier kein erlaubter Wert" in text
        assert "letzten fehlerfreien Stand" in text and 'role="alert"' in text
        # The last good page is still there under the notice, and so is every other page.
        assert "Mentoring-Tandems für zugewanderte Fachkräfte" in text
        for other in ("", "angebote/", "impressum/"):
            status, other_text, took = _get(base + other)
            assert status == 200 and NOTICE in other_text and took < 10, other
        print(f"notice shown {seconds:.1f} s after the file was broken")
        # Fixed (with a visible change): the notice goes, the change shows.
        offer.write_text(good.replace("Mentoring-Tandems für", "Mentoring-Paare für", 1), encoding="utf-8")
        fixed = _until(page, lambda text: NOTICE not in text and "Mentoring-Paare für" in text)
        assert "iq-vorschau-hinweis" not in fixed
        # Any other failure (here: an unknown placeholder in a hand-written page) is answered too.
        impressum = tmp_path / "docs" / "impressum.md"
        impressum.write_text("# Impressum\n\n{{ extra.gibt_es_nicht }}\n", encoding="utf-8")
        text = _until(base + "angebote/", lambda text: "nicht neu gebaut werden" in text)
        assert "impressum.md" in text and "gibt_es_nicht" in text, text[
            text.find("iq-vorschau") : text.find("iq-vorschau") + 1500
        ]
        impressum.write_text("# Impressum\n\nFachstelle\n", encoding="utf-8")
        _until(base + "angebote/", lambda text: "iq-vorschau-hinweis" not in text)
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "appear stuck" not in log


def test_serve_starts_with_a_broken_offer_and_explains_it(tmp_path: Path, offers_copy: Path) -> None:
    offer = offers_copy / f"{OFFER}.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("kind: other", "kind: [", 1), encoding="utf-8")
    with _serving(tmp_path, offers_copy) as base:
        text = _until(base + "angebote/", lambda text: NOTICE in text)
        assert f"{OFFER}.yaml, Zeile" in text and "können erst angezeigt werden" in text
        assert "Die Angebote können gerade nicht angezeigt werden" in text
