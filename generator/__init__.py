"""IQ offers catalogue: load, validate and render qualification offers (site and feeds)."""

__version__ = "0.1.0"
