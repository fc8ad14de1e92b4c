"""Encoding: the declaration always matches the bytes, nothing is lost, illegal characters go."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from generator.feeds import FeedError, kursnet_feed
from generator.kursnet.encoding import clean_text
from tests.kursnet.kursnet_support import (
    OFFER,
    assert_valid,
    catalogue_of,
    context,
    offer,
    services_by_id,
    write_catalogue,
)

FILE = "kursnet/iq-be-test.xml"
TITLE = "Pflege für Fachkräfte – Kenntnisprüfung 💪 Preis 0 € für Teilnehmer*innen"
CONTACT = "Aliyah الحسيني"  # Arabic
ROLE = "Лернбеглейтерин (Ирина Коваленко)"  # Cyrillic
DESCRIPTION = (
    "Für Ärzt*innen und Pflegefachkräfte: Kosten 0 € – wir sprechen Arabisch (العربية), "
    "Ukrainisch (українська) und Türkisch. 🙂 Viel Erfolg!"
)


def _special_offer() -> dict:
    contact = {**OFFER["support"]["contact"], "name": CONTACT, "role": ROLE}
    return offer(title=TITLE, description=DESCRIPTION, support={**OFFER["support"], "contact": contact})


def _angebot(data: bytes):
    root = assert_valid(data)
    return services_by_id(root)["iq-be-test--pflege-test"]


def _declared(data: bytes) -> str:
    match = re.match(rb"<\?xml version=['\"]1.0['\"] encoding=['\"]([A-Za-z0-9-]+)['\"]\?>", data)
    assert match, data[:80]
    return match.group(1).decode("ascii")


@pytest.mark.parametrize(
    ("option", "declared"), [(None, "ISO-8859-15"), ("iso-8859-15", "ISO-8859-15"), ("utf-8", "UTF-8")]
)
def test_non_latin_text_survives_in_every_encoding(tmp_path: Path, option: str | None, declared: str) -> None:
    folder = write_catalogue(tmp_path / "offers", [_special_offer()])
    files = kursnet_feed.write(context(catalogue_of(folder), **({"encoding": option} if option else {})))
    data = files[FILE]
    assert _declared(data) == declared
    data.decode(declared)  # the bytes really are in the declared encoding
    angebot = _angebot(data)
    # typographic punctuation is made plain for KURSNET; letters of other scripts stay
    assert angebot.findtext("SERVICE_DETAILS/TITLE") == TITLE.replace("–", "-")
    assert angebot.findtext("SERVICE_DETAILS/DESCRIPTION_LONG").startswith(DESCRIPTION.replace("–", "-"))
    contact = angebot.find("SERVICE_DETAILS/CONTACT")
    assert (contact.findtext("FIRST_NAME"), contact.findtext("LAST_NAME")) == ("Aliyah", "الحسيني")
    assert contact.findtext("JOB_TITLE") == ROLE
    if declared == "ISO-8859-15":
        assert b"\xa4" in data  # € is a real Latin-9 byte …
        assert b"&#128170;" in data  # … the emoji and …
        assert b"&#1575;" in data  # … Arabic become character references
        assert b"\xc3" not in data  # and no UTF-8 sequences hide behind the declaration
    else:
        assert TITLE.replace("–", "-").encode("utf-8") in data


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    """Decomposed umlauts (macOS, PDF copies) are sent composed. Control characters never get
    this far: the loader rejects them at the source line (tests/test_yaml_loader.py), and
    ``clean_text`` strips them as a second line of defence (test below)."""
    nfd_title = unicodedata.normalize("NFD", "Anpassung für Ärztinnen")
    data = offer(title=nfd_title + " Teil\u00a02", description=DESCRIPTION + " Ende.")
    folder = write_catalogue(tmp_path / "offers", [data])
    files = kursnet_feed.write(context(catalogue_of(folder)))
    angebot = _angebot(files[FILE])
    assert angebot.findtext("SERVICE_DETAILS/TITLE") == "Anpassung für Ärztinnen Teil\u00a02"
    assert unicodedata.is_normalized("NFC", angebot.findtext("SERVICE_DETAILS/TITLE"))
    assert " Ende." in angebot.findtext("SERVICE_DETAILS/DESCRIPTION_LONG")


def test_clean_text_unit() -> None:
    assert clean_text("a\x00b\x1fc\ufffe\td\ne") == "abc\td\ne"
    assert clean_text("e\u0301") == "é"
    assert clean_text("Sprach\ud800kurs") == "Sprachkurs"


def test_unknown_encoding_is_a_clear_error(tmp_path: Path) -> None:
    folder = write_catalogue(tmp_path / "offers", [offer()])
    with pytest.raises(FeedError, match="Zeichenkodierung"):
        kursnet_feed.write(context(catalogue_of(folder), encoding="cp1252"))


TYPOGRAPHIC = "„Kenntnisprüfung“ – Termine 01.02.–30.11. … ‚kurz‘ → Prüfung ≥ B1"


def test_typographic_punctuation_is_plain_latin9_for_kursnet_only(tmp_path: Path) -> None:
    session = {"date": "2027-02-01", "end_date": "2027-02-03", "start_time": "17:30", "end_time": "20:45"}
    runs = [{**OFFER["runs"][0], "sessions": [{**session, "title": "Auftakt"}], "note": TYPOGRAPHIC}]
    folder = write_catalogue(tmp_path / "offers", [offer(title="Pflege – Vorbereitung", runs=runs)])
    data = kursnet_feed.write(context(catalogue_of(folder)))[FILE]
    for ref in re.findall(rb"&#(\d+);", data):
        assert int(ref) > 0xFFFF or not unicodedata.category(chr(int(ref))).startswith("P"), ref
    assert b"&#8211;" not in data and b"&#8222;" not in data and b"&#8220;" not in data and b"&#8230;" not in data
    angebot = _angebot(data)
    assert angebot.findtext("SERVICE_DETAILS/TITLE") == "Pflege - Vorbereitung"
    remarks = angebot.findtext("SERVICE_DETAILS/SERVICE_DATE/DATE_REMARKS")
    assert "01.02.2027-03.02.2027, 17:30-20:45 Uhr: Auftakt" in remarks  # the dashes we generate
    assert "\"Kenntnisprüfung\" - Termine 01.02.-30.11. ... 'kurz' -> Prüfung >= B1" in remarks
    # the site keeps the author's typography: the offer data is untouched
    assert catalogue_of(folder).offers[0].title == "Pflege – Vorbereitung"


def test_example_catalogue_sends_no_references_for_punctuation(example_catalogue) -> None:
    """The issue: 179 &#8211; from en dashes the exporter put between dates, plus „ “."""
    files = kursnet_feed.write(context(example_catalogue))
    assert files
    for name, data in files.items():
        refs = {int(r) for r in re.findall(rb"&#(\d+);", data)}
        punctuation = sorted(r for r in refs if unicodedata.category(chr(r))[0] in "PS" and r < 0x1F000)
        assert not punctuation, (name, punctuation)
