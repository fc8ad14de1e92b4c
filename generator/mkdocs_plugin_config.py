"""Options of the ``iq-offers`` MkDocs plugin (``plugins: - iq-offers: {...}`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class OffersPluginConfig(Config):
    """Configuration of the offers plugin; MkDocs validates it when it reads mkdocs.yml."""

    # Settings for the sources
    offers_dir = c.Dir(exists=True, default="offers")
    """Folder with one YAML file per offer and ``providers/`` (relative to mkdocs.yml).

    Every file is validated; one invalid offer stops the build with the full report.
    """

    # Settings for the output
    feeds = c.Optional(c.ListOfItems(c.Type(str)))
    """Names of the feeds to publish under ``feeds/`` (keys of ``generator.feeds.FEED_MODULES``).

    Unset: every feed whose writer exists.
    """
    search = c.Type(bool, default=True)
    """Run Pagefind after the build to index the listed offers for the catalogue's full-text search."""
    atomic = c.Type(bool, default=True)
    """Build into a staging folder next to ``site_dir`` and swap it in only when the whole build
    (pages, feeds, search index) succeeded, so a failed build never leaves a half-written site."""
    warnings_level = c.Choice(("info", "warning"), default="info")
    """Log level for the validator's warnings (for example an expired offer).

    ``info`` keeps ``mkdocs build --strict`` passing: an offer that expired is a normal event,
    not a broken site. ``warning`` makes ``--strict`` fail on them.
    """
