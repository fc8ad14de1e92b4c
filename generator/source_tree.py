"""Generate step: the complete source tree a renderer turns into HTML.

Material for MkDocs reaches end of life in May 2027 and its successor Zensical runs no MkDocs
plugins. So everything that matters happens here, before any renderer runs: the tree holds the
hand-written pages with their placeholders filled, the catalogue, feeds and schemas as static
files, page-head data in front matter, and an ``mkdocs.yml`` that names no plugin. Offer pages
are not rendered one by one: the tree holds one prototype page, and after rendering each offer's
page is filled into it (``generator.site.stamped_pages``). Any renderer that reads ``mkdocs.yml`` (MkDocs + Material, Zensical) builds the same
site from it; the renderer is a replaceable last step.

Layout of a tree (the config must sit at its root: Zensical keeps ``site_dir`` inside it)::

    <tree>/mkdocs.yml   <tree>/docs/…   <tree>/overrides/…   <tree>/site/ (renderer output)
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.build_cache import BuildCache
from generator.model import Catalogue
from generator.schema import schema_set
from generator.site.admin_files import AdminSetupError, admin_files
from generator.site.field_reference import FIELD_REFERENCE_SRC, field_reference_markdown
from generator.site.placeholders import fill_placeholders
from generator.site.site_files import build_site_content
from generator.site.stamped_pages import StampedPage
from generator.site_config import SiteConfig

TREE_CONFIG = "mkdocs.yml"
TREE_DOCS = "docs"
TREE_OVERRIDES = "overrides"
TREE_OUTPUT = "site"
# A folder with this many generated files skips the renderer (see ``bulk_files``).
BULK_FOLDER = 50
# The theme overrides the pages need (offer.html, catalogue.html, catalogue.js, offers.css), shipped
# with the package; a project's own custom_dir is laid over them.
PACKAGED_THEME = Path(__file__).resolve().parent / "theme"


class SourceTreeError(Exception):
    """The sources cannot be generated (a page collides, a placeholder is unknown); German message."""


@dataclass(frozen=True)
class SiteSources:
    """Everything a renderer needs, in memory: Markdown pages (with front matter), static files,
    and the values added to ``extra`` in the generated config."""

    pages: dict[str, str]
    files: dict[str, bytes]
    stamped: list[StampedPage]  # offer pages, filled into the rendered prototype after rendering
    extra: dict[str, Any]
    generated: frozenset[str]  # src paths produced from offers/ (not hand-written)


def hand_written(config: SiteConfig) -> tuple[dict[str, str], dict[str, bytes]]:
    """docs/ with every ``{{ extra.… }}`` placeholder filled (Markdown) and everything else as is."""
    pages: dict[str, str] = {}
    files: dict[str, bytes] = {}
    docs = config.docs_dir
    if not docs.is_dir():
        return pages, files
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        relative = path.relative_to(docs).as_posix()
        if path.suffix == ".md":
            try:
                pages[relative] = fill_placeholders(path.read_text(encoding="utf-8"), config.extra)
            except KeyError as exc:
                raise SourceTreeError(f"{config.docs_dir.name}/{relative}: {exc.args[0]}") from None
        else:
            files[relative] = path.read_bytes()
    return pages, files


def generate_sources(
    catalogue: Catalogue, config: SiteConfig, cache: BuildCache | None = None, *, with_feeds: bool = True
) -> SiteSources:
    """Hand-written pages plus everything generated from the catalogue, checked for collisions.

    ``with_feeds=False``: without ``feeds/`` (the build writes them in parallel, see ``site_build``).
    """
    content = build_site_content(
        catalogue, config.site_url, feed_names=config.feeds, cache=cache, with_feeds=with_feeds
    )
    pages, files = hand_written(config)
    for src, markdown in content.pages.items():
        if src in pages:
            raise SourceTreeError(
                f"{config.docs_dir.name}/{src} gibt es schon; die Seite wird aus den Angeboten erzeugt."
            )
        pages[src] = markdown
    for path, data in content.assets.items():
        if path in files:
            raise SourceTreeError(
                f"{config.docs_dir.name}/{path} gibt es schon; die Datei wird aus den Angeboten erzeugt."
            )
        files[path] = data
    generated = frozenset(content.pages) | frozenset(content.assets)
    for page in content.stamped:  # offer pages never reach the renderer, so it cannot see the clash
        for src in (page.path.rstrip("/") + ".md", page.path + "index.md"):
            if src in pages:
                raise SourceTreeError(
                    f"{config.docs_dir.name}/{src} gibt es schon; die Seite wird aus den Angeboten erzeugt."
                )
    if FIELD_REFERENCE_SRC in pages:
        raise SourceTreeError(
            f"{config.docs_dir.name}/{FIELD_REFERENCE_SRC} gibt es schon; die Seite wird aus schema/ erzeugt."
        )
    pages[FIELD_REFERENCE_SRC] = field_reference_markdown(schema_set())  # "Felder und erlaubte Werte"
    generated |= {FIELD_REFERENCE_SRC}
    if "admin" in config.extra:  # the form editor at /admin/, generated from the schemas
        try:
            admin = admin_files(
                config.extra["admin"], config.root, config.site_url, str(config.data.get("site_name", ""))
            )
        except AdminSetupError as exc:
            raise SourceTreeError(str(exc)) from None
        for path, data in admin.items():
            if path in files:
                raise SourceTreeError(
                    f"{config.docs_dir.name}/{path} gibt es schon; die Datei wird aus schema/ erzeugt."
                )
            files[path] = data
        generated |= frozenset(admin)
    return SiteSources(
        pages=pages,
        files=files,
        stamped=content.stamped,
        extra={"iq_alternates": content.alternates},
        generated=generated,
    )


def tree_config(config: SiteConfig, sources: SiteSources) -> dict[str, Any]:
    """mkdocs.yml of the tree: the project's settings, our paths, no plugins.

    ``plugins: []`` matters for MkDocs, which would otherwise add its search plugin (the whole
    index in every browser); the catalogue searches with Pagefind instead.
    """
    data = copy.deepcopy(config.data)
    data["docs_dir"] = TREE_DOCS
    data["site_dir"] = TREE_OUTPUT
    data["plugins"] = []
    theme = dict(data.get("theme") or {"name": "material", "language": "de", "font": False})
    theme["custom_dir"] = TREE_OVERRIDES
    data["theme"] = theme
    data["extra"] = {**config.extra, **sources.extra}
    data["extra_css"] = list(data.get("extra_css") or [])
    return data


def bulk_files(sources: SiteSources) -> dict[str, bytes]:
    """Generated files in folders of many (a calendar or a card per offer): the renderer never sees them.

    A renderer copies every static file one by one with its own bookkeeping (MkDocs ~1–2 ms a
    file); at 10,000 offers that is tens of thousands of files nobody links to from a page. They
    are written straight into the rendered site instead (``write_files``).
    """
    per_folder: dict[str, int] = {}
    for relative in sources.files:
        if relative in sources.generated:
            folder = relative.rpartition("/")[0]
            per_folder[folder] = per_folder.get(folder, 0) + 1
    return {
        relative: data
        for relative, data in sources.files.items()
        if relative in sources.generated and per_folder[relative.rpartition("/")[0]] >= BULK_FOLDER
    }


def write_files(files: dict[str, bytes], folder: Path) -> None:
    made: set[Path] = set()
    for relative, data in files.items():
        target = folder / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)


def write_tree(sources: SiteSources, config: SiteConfig, tree: Path, *, bulk: bool = True) -> Path:
    """Write the sources as a renderer input folder; returns the path of its mkdocs.yml.

    ``bulk=False`` leaves out the files of ``bulk_files``; the caller writes them into the output.
    """
    if tree.exists():
        shutil.rmtree(tree)
    docs = tree / TREE_DOCS
    for relative, markdown in sources.pages.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    skip = set() if bulk else set(bulk_files(sources))
    write_files({relative: data for relative, data in sources.files.items() if relative not in skip}, docs)
    shutil.copytree(PACKAGED_THEME, tree / TREE_OVERRIDES)
    own = config.custom_dir
    if own is not None and own.is_dir() and own.resolve() != PACKAGED_THEME.resolve():
        shutil.copytree(own, tree / TREE_OVERRIDES, dirs_exist_ok=True)
    config_path = tree / TREE_CONFIG
    config_path.write_text(
        yaml.safe_dump(tree_config(config, sources), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return config_path
