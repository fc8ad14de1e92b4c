"""Small lxml builders shared by the catalogue document and the service mapping."""

from __future__ import annotations

from typing import Any

from lxml import etree

from generator.kursnet.encoding import clean_text
from generator.kursnet.values import MAX_NAME, cut, split_name


def sub(parent: etree._Element, tag: str, text: Any = None, limit: int | None = None, **attrs: Any) -> etree._Element:
    """Append ``<tag>`` with cleaned text (NFC, no control characters), cut to KURSNET's limit."""
    element = etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        value = clean_text(str(text))
        element.text = cut(value, limit) if limit else value
    return element


def add_person(contact: etree._Element, person: dict[str, Any]) -> None:
    """ACADEMIC_TITLE, FIRST_NAME, LAST_NAME and JOB_TITLE of a contact, in the XSD's order."""
    academic, first, last = split_name(clean_text(person["name"]))
    if academic:
        sub(contact, "ACADEMIC_TITLE", academic, 255)
    if first:
        sub(contact, "FIRST_NAME", first, MAX_NAME)
    if last:
        sub(contact, "LAST_NAME", last, MAX_NAME)
    if person.get("role"):
        sub(contact, "JOB_TITLE", person["role"], 255)
