"""The preview's notice: names file and line, escapes what the author wrote, replaces itself."""

from __future__ import annotations

from pathlib import Path

from generator.problems import Problem
from generator.site.preview_notice import MAX_LISTED, NOTICE_ID, add_notice, mark_site, notice_html

PAGE = '<html><body class="x"><header>Kopf</header><main class="md-main"><h1>Seite</h1></main></body></html>'


def _problem(tmp_path: Path, line: int, message: str = "Das Feld ist noch leer.", severity: str = "error") -> Problem:
    return Problem(tmp_path / "offers" / "kurs.yaml", line, 3, "title", message, "Hinweis <b>", severity)


def test_names_file_line_field_and_escapes(tmp_path: Path) -> None:
    notice = notice_html([_problem(tmp_path, 7, "<script>x</script>")], tmp_path)
    assert "<strong>offers/kurs.yaml, Zeile 7</strong>: <code>title</code>:" in notice
    assert "&lt;script&gt;" in notice and "<script>" not in notice and "Hinweis &lt;b&gt;" in notice
    assert "1 Fehler in den Angebotsdateien" in notice and "letzten fehlerfreien Stand" in notice


def test_warnings_are_left_out_and_long_lists_are_cut(tmp_path: Path) -> None:
    problems = [_problem(tmp_path, n) for n in range(1, MAX_LISTED + 6)] + [_problem(tmp_path, 99, severity="warning")]
    notice = notice_html(problems, tmp_path)
    assert notice.count("<li>") == MAX_LISTED + 1 and "… und 5 weitere Fehler" in notice
    assert "Zeile 99" not in notice and f"{MAX_LISTED + 5} Fehler" in notice


def test_without_problems_the_message_is_shown(tmp_path: Path) -> None:
    notice = notice_html([], tmp_path, fallback="docs/x.md: extra.y fehlt", has_previous=False)
    assert "nicht neu gebaut werden" in notice and "<pre>docs/x.md: extra.y fehlt</pre>" in notice
    assert "erst angezeigt werden" in notice


def test_notice_goes_into_main_once_and_can_be_removed(tmp_path: Path) -> None:
    first = add_notice(PAGE, notice_html([_problem(tmp_path, 1)], tmp_path))
    assert first.index(NOTICE_ID) > first.index('<main class="md-main">') > first.index("Kopf")
    second = add_notice(first, notice_html([_problem(tmp_path, 2)], tmp_path))
    assert second.count(f'id="{NOTICE_ID}"') == 1 and "Zeile 2" in second and "Zeile 1<" not in second
    assert add_notice(second, "") == PAGE
    assert NOTICE_ID in add_notice(
        "<body><p>ohne main</p></body>", "<!-- iq-vorschau-hinweis -->x<!-- /iq-vorschau-hinweis -->"
    )


def test_mark_site_marks_and_unmarks_every_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "feed.xml").write_text("<main></main>", encoding="utf-8")
    assert mark_site(site, notice_html([], tmp_path, fallback="kaputt")) == 2
    assert "kaputt" in (site / "a" / "index.html").read_text(encoding="utf-8")
    assert (site / "feed.xml").read_text(encoding="utf-8") == "<main></main>"
    assert mark_site(site, "") == 2 and (site / "index.html").read_text(encoding="utf-8") == PAGE
