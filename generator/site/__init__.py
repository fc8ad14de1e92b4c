"""Page rendering for the catalogue site: offer pages, the catalogue page and its facets.

Plain Python with no MkDocs import, so that another site generator (ProperDocs, Zensical) or a
test can call the same functions; ``generator/mkdocs_plugin.py`` is the only MkDocs adapter.
"""
