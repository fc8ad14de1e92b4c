"""Validation against the vendored official open-Qcat 1.1 XSD (lxml)."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from generator.kursnet import XSD_PATH

# Never fetch DTDs or entities from the network, never expand entities from uploaded files.
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """The parsed XSD, once per process (it is 300 KB; parsing takes a moment)."""
    return etree.XMLSchema(etree.parse(str(XSD_PATH), SAFE_PARSER))


def parse(data: bytes) -> etree._ElementTree:
    """Parse delivery bytes safely; raises etree.XMLSyntaxError."""
    return etree.ElementTree(etree.fromstring(data, SAFE_PARSER))


def errors(document: bytes | etree._ElementTree | etree._Element) -> list[str]:
    """XSD violations as 'line N: message' strings (empty list: valid)."""
    if isinstance(document, bytes):
        try:
            document = parse(document)
        except etree.XMLSyntaxError as exc:
            return [f"kein gültiges XML: {exc}"]
    xsd = schema()
    if xsd.validate(document):
        return []
    return [f"Zeile {e.line}: {e.message}" for e in xsd.error_log]
