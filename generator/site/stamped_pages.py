"""Offer pages without a renderer pass each: the renderer draws one prototype page, we fill it N times.

A renderer (MkDocs + Material, Zensical) costs ~10 ms a page, most of it parsing our generated
HTML again as Markdown; at 10,000 offers that alone is longer than the rest of the build. Every
offer page has the same shell (same template, same depth, same nav, not in the nav itself), so
the renderer draws one prototype page whose title, description, head extras and body are marker
words, and ``stamp_pages`` writes each offer's page by replacing those markers in the prototype's
HTML: string joins, no Markdown, no templates. The renderer stays a replaceable last step; any
renderer that draws the prototype draws every offer page.

The markers are lowercase ASCII letters only, so neither YAML, Markdown nor HTML escaping can
change them, and they cannot come from offer text: the text is inserted in a single pass over the
prototype, never searched again. The prototype lives at a path no offer id can take (ids are
``[a-z0-9-]``; its folder name has an underscore).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

PROTOTYPE_DIR = "angebote/_vorlage"
PROTOTYPE_SRC = f"{PROTOTYPE_DIR}/index.md"
PAGE_FILE = "index.html"
MARKERS = {
    "title": "iqstampmarktitle",
    "description": "iqstampmarkdescription",
    "head": "iqstampmarkhead",
    "body": "iqstampmarkbody",
}
# Markdown wraps the body marker in a paragraph; the body is block HTML, so the <p> goes too.
_BODY_IN_MARKDOWN = f"<p>{MARKERS['body']}</p>"
SITEMAP = "sitemap.xml"


class StampError(RuntimeError):
    """The renderer's prototype page is not usable (a marker missing); German message."""


@dataclass(frozen=True)
class StampedPage:
    """One page made from the prototype. Text fields are HTML already (escaped by the caller)."""

    path: str  # site folder with trailing slash, same depth as the prototype: "angebote/<id>/"
    title: str
    description: str
    head: str
    # UTF-8, as the cache holds it and the file gets it: 10,000 bodies as str would take twice
    # the memory (an en dash makes Python store every character in two bytes).
    body: bytes


def prototype_markdown(template: str, hide: Iterable[str]) -> str:
    """The Markdown source of the prototype page (front matter in JSON, which is YAML too)."""
    import json

    meta = {
        "title": MARKERS["title"],
        "description": MARKERS["description"],
        "template": template,
        "hide": list(hide),
        "iq_head": MARKERS["head"],
    }
    return f"---\n{json.dumps(meta)}\n---\n\n{MARKERS['body']}\n"


@dataclass(frozen=True)
class Prototype:
    """The prototype's HTML cut at its markers: literal parts and, between them, field names."""

    parts: tuple[str, ...]  # even indexes: literal HTML; odd: a field name of StampedPage
    prototype_path: str

    @classmethod
    def parse(cls, html: str, prototype_path: str = PROTOTYPE_DIR + "/") -> Prototype:
        html = html.replace(_BODY_IN_MARKDOWN, MARKERS["body"])
        names = {marker: name for name, marker in MARKERS.items()}
        # The page's own address (canonical link, alternate links) becomes a field as well.
        names[prototype_path] = "path"
        missing = [name for name, marker in MARKERS.items() if marker not in html]
        if missing:
            raise StampError(
                "Die Vorlage für die Angebotsseiten ist unvollständig; es fehlen die Platzhalter "
                f"{', '.join(missing)}. Wurde offer.html oder main.html verändert?"
            )
        pattern = re.compile("|".join(re.escape(key) for key in sorted(names, key=len, reverse=True)))
        parts: list[str] = []
        last = 0
        for match in pattern.finditer(html):
            parts += [html[last : match.start()], names[match.group(0)]]
            last = match.end()
        parts.append(html[last:])
        return cls(parts=tuple(parts), prototype_path=prototype_path)

    def fill(self, page: StampedPage) -> str:
        return self.fill_bytes(page).decode("utf-8")

    def fill_bytes(self, page: StampedPage) -> bytes:
        values = {
            "title": page.title.encode("utf-8"),
            "description": page.description.encode("utf-8"),
            "head": page.head.encode("utf-8"),
            "body": page.body,
            "path": page.path.encode("utf-8"),
        }
        return b"".join(part if i % 2 == 0 else values[self.parts[i]] for i, part in enumerate(self.parts_utf8))

    @cached_property
    def parts_utf8(self) -> tuple[bytes, ...]:
        return tuple(part.encode("utf-8") for part in self.parts)


def stamp_pages(
    site_dir: Path, pages: Iterable[StampedPage], transform: Callable[[str], str] | None = None
) -> Prototype:
    """Write every page from the rendered prototype, drop the prototype, and fix the sitemap.

    ``transform`` changes each finished page (the preview's notice). Returns the prototype, so a
    preview can fill more pages into it later without rendering again.
    """
    proto_dir = site_dir / PROTOTYPE_DIR
    proto_file = proto_dir / PAGE_FILE
    try:
        html = proto_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StampError(
            f"Der Renderer hat die Vorlage {PROTOTYPE_DIR}/{PAGE_FILE} nicht geschrieben; "
            "die Angebotsseiten können nicht erzeugt werden."
        ) from None
    prototype = Prototype.parse(html)
    depth = PROTOTYPE_DIR.count("/") + 1
    written: list[str] = []
    for page in pages:
        if page.path.count("/") != depth or not page.path.endswith("/"):
            raise ValueError(f"stamped page {page.path!r} is not at the prototype's depth")
        data = prototype.fill_bytes(page)
        if transform is not None:
            data = transform(data.decode("utf-8")).encode("utf-8")
        target = site_dir / page.path / PAGE_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(page.path)
    shutil.rmtree(proto_dir)
    _fix_sitemap(site_dir, written)
    return prototype


_URL_BLOCK = re.compile(r"[ \t]*<url>\s*<loc>[^<]*</loc>.*?</url>\n?", re.S)


def _fix_sitemap(site_dir: Path, paths: list[str]) -> None:
    """Replace the prototype's ``<url>`` entry by one per stamped page (in the renderer's format)."""
    sitemap = site_dir / SITEMAP
    if not sitemap.is_file():
        return  # a renderer without a sitemap
    text = sitemap.read_text(encoding="utf-8")
    needle = PROTOTYPE_DIR + "/"
    for match in _URL_BLOCK.finditer(text):
        block = match.group(0)
        if needle in block:
            stamped = "".join(block.replace(needle, path) for path in sorted(paths))
            text = text[: match.start()] + stamped + text[match.end() :]
            break
    tmp = sitemap.with_name(SITEMAP + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, sitemap)
    packed = site_dir / (SITEMAP + ".gz")
    if packed.exists():
        packed.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
