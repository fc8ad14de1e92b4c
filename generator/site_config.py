"""The site's settings, read from ``mkdocs.yml`` without importing MkDocs.

``mkdocs.yml`` stays the one place for site settings because both renderers read it (MkDocs and
its successor Zensical); our own pipeline reads it too, as plain YAML, so the core never depends
on the renderer that happens to be installed. Tags such as ``!ENV`` or ``!!python/name:…`` are
read as None: nothing in the file is ever executed or imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MKDOCS_CONFIG = "mkdocs.yml"
PLUGIN_NAME = "iq-offers"
DEFAULT_SITE_URL = "https://iq-angebote.example/"


class SiteConfigError(Exception):
    """mkdocs.yml is missing or unusable; the message is German, for the user."""


class _ConfigLoader(yaml.SafeLoader):
    """Safe loader for mkdocs.yml: unknown tags become None instead of failing or executing."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_ConfigLoader.add_multi_constructor("!", _ignore_tag)


@dataclass(frozen=True)
class SiteConfig:
    """The parts of mkdocs.yml the pipeline needs, plus the raw mapping for the renderers."""

    path: Path
    data: dict[str, Any]

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def site_url(self) -> str:
        value = self.data.get("site_url")
        return value if isinstance(value, str) and value.strip() else ""

    def _dir(self, key: str, default: str) -> Path:
        value = self.data.get(key) or default
        return (self.root / str(value)).resolve()

    @property
    def docs_dir(self) -> Path:
        return self._dir("docs_dir", "docs")

    @property
    def site_dir(self) -> Path:
        return self._dir("site_dir", "site")

    @property
    def custom_dir(self) -> Path | None:
        theme = self.data.get("theme")
        value = theme.get("custom_dir") if isinstance(theme, dict) else None
        return (self.root / value).resolve() if isinstance(value, str) else None

    @property
    def extra(self) -> dict[str, Any]:
        value = self.data.get("extra")
        return value if isinstance(value, dict) else {}

    @property
    def plugin_options(self) -> dict[str, Any]:
        """Options of our MkDocs plugin entry, which the pipeline honours as its own settings."""
        for entry in self.data.get("plugins") or []:
            if isinstance(entry, dict) and PLUGIN_NAME in entry:
                return dict(entry[PLUGIN_NAME] or {})
        return {}

    def option_dir(self, key: str, default: str) -> Path:
        return (self.root / str(self.plugin_options.get(key) or default)).resolve()

    @property
    def offers_dir(self) -> Path:
        return self.option_dir("offers_dir", "offers")

    @property
    def feeds(self) -> list[str] | None:
        value = self.plugin_options.get("feeds")
        return [str(v) for v in value] if isinstance(value, list) else None

    @property
    def search(self) -> bool:
        return bool(self.plugin_options.get("search", True))


def read_site_config(path: Path) -> SiteConfig:
    """Read mkdocs.yml; raise SiteConfigError with a German sentence if it cannot be used."""
    path = Path(path).resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SiteConfigError(f"Die Website-Einstellungen „{path}“ fehlen.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"Die Website-Einstellungen „{path}“ können nicht gelesen werden ({exc}).") from None
    try:
        data = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - safe subclass, tags ignored
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (Zeile {mark.line + 1})" if mark else ""
        raise SiteConfigError(f"„{path}“ ist kein gültiges YAML{where}.") from None
    if not isinstance(data, dict):
        raise SiteConfigError(f"„{path}“ muss aus Einstellungen der Form „name: wert“ bestehen.")
    return SiteConfig(path=path, data=data)


def site_url_from_mkdocs(config: Path) -> str | None:
    """``site_url`` of an mkdocs.yml, or None if the file is missing, unreadable or has none."""
    try:
        return read_site_config(config).site_url or None
    except SiteConfigError:
        return None


def default_site_url(offers_dir: Path) -> str:
    """mkdocs.yml's site_url (working folder, else beside the offers folder), else DEFAULT_SITE_URL."""
    for config in (Path.cwd() / MKDOCS_CONFIG, Path(offers_dir).resolve().parent / MKDOCS_CONFIG):
        url = site_url_from_mkdocs(config)
        if url:
            return url
    return DEFAULT_SITE_URL
