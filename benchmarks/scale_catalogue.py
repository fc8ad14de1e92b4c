"""A realistic, varied, schema-valid catalogue of N generated offers, for ``benchmarks/scale.py``.

    .venv/bin/python benchmarks/scale_catalogue.py 1000 /tmp/offers [--today 2026-11-22]

Deterministic for (N, seed, today): the same call writes the same files. The example offers in
``offers/`` are the templates (modules, support, employer, outcome, application); everything a
search or filter looks at is generated: providers in all 16 Länder (a third with a KURSNET
account), places with real postcodes from ``generator/data`` and the city they belong to, runs
starting over the next two years (about 6 % already over, so expired), kinds, professions,
German levels, teaching and mentor languages, costs, online/hybrid/in person, titles without
place names and descriptions assembled from sentence pools.
"""

from __future__ import annotations

import argparse
import copy
import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OFFERS = ROOT / "offers"
POSTCODE_STATES = ROOT / "generator" / "data" / "postcodes-de-states.csv"
POSTCODE_COORDS = ROOT / "generator" / "data" / "postcodes-de.csv"

LAND_NAMES = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}
# Cities of each Land with the first three digits of their postcodes and the telephone area code.
# Only postcodes that the project's tables place in the Land (and give coordinates for) are used.
CITIES: dict[str, list[tuple[str, tuple[str, ...], str]]] = {
    "BW": [
        ("Stuttgart", ("701", "703", "704"), "711"),
        ("Mannheim", ("681", "682"), "621"),
        ("Karlsruhe", ("761",), "721"),
        ("Freiburg im Breisgau", ("791",), "761"),
        ("Heidelberg", ("691",), "6221"),
        ("Ulm", ("890",), "731"),
        ("Heilbronn", ("740",), "7131"),
    ],
    "BY": [
        ("München", ("803", "806", "807", "808"), "89"),
        ("Nürnberg", ("904",), "911"),
        ("Augsburg", ("861",), "821"),
        ("Regensburg", ("930",), "941"),
        ("Würzburg", ("970",), "931"),
        ("Ingolstadt", ("850",), "841"),
        ("Erlangen", ("910",), "9131"),
    ],
    "BE": [("Berlin", ("101", "103", "104", "105", "107", "109", "120", "121", "124", "130", "133", "135"), "30")],
    "BB": [
        ("Potsdam", ("144",), "331"),
        ("Cottbus", ("030",), "355"),
        ("Brandenburg an der Havel", ("147",), "3381"),
        ("Frankfurt (Oder)", ("152",), "335"),
    ],
    "HB": [("Bremen", ("281", "282", "283"), "421"), ("Bremerhaven", ("275",), "471")],
    "HH": [("Hamburg", ("200", "201", "202", "203", "205", "210", "220", "221", "224"), "40")],
    "HE": [
        ("Frankfurt am Main", ("603", "604", "605"), "69"),
        ("Wiesbaden", ("651",), "611"),
        ("Kassel", ("341",), "561"),
        ("Darmstadt", ("642",), "6151"),
        ("Gießen", ("353",), "641"),
        ("Fulda", ("360",), "661"),
    ],
    "MV": [
        ("Rostock", ("180", "181"), "381"),
        ("Schwerin", ("190",), "385"),
        ("Greifswald", ("174",), "3834"),
        ("Neubrandenburg", ("170",), "395"),
    ],
    "NI": [
        ("Hannover", ("301", "304", "305"), "511"),
        ("Braunschweig", ("381",), "531"),
        ("Oldenburg", ("261",), "441"),
        ("Osnabrück", ("490",), "541"),
        ("Göttingen", ("370",), "551"),
        ("Wolfsburg", ("384",), "5361"),
    ],
    "NW": [
        ("Köln", ("506", "507", "508", "509", "510"), "221"),
        ("Düsseldorf", ("402", "404", "405"), "211"),
        ("Dortmund", ("441", "442"), "231"),
        ("Essen", ("451",), "201"),
        ("Duisburg", ("470",), "203"),
        ("Bochum", ("447", "448"), "234"),
        ("Bielefeld", ("336",), "521"),
        ("Münster", ("481",), "251"),
        ("Aachen", ("520",), "241"),
        ("Bonn", ("531",), "228"),
    ],
    "RP": [
        ("Mainz", ("551",), "6131"),
        ("Ludwigshafen am Rhein", ("670",), "621"),
        ("Koblenz", ("560",), "261"),
        ("Trier", ("542",), "651"),
        ("Kaiserslautern", ("676",), "631"),
    ],
    "SL": [("Saarbrücken", ("661",), "681"), ("Neunkirchen", ("665",), "6821")],
    "SN": [
        ("Leipzig", ("041", "043"), "341"),
        ("Dresden", ("010", "011"), "351"),
        ("Chemnitz", ("091",), "371"),
        ("Zwickau", ("080",), "375"),
    ],
    "ST": [("Magdeburg", ("391",), "391"), ("Halle (Saale)", ("061",), "345"), ("Dessau-Roßlau", ("068",), "340")],
    "SH": [("Kiel", ("241",), "431"), ("Lübeck", ("235",), "451"), ("Flensburg", ("249",), "461")],
    "TH": [
        ("Erfurt", ("990",), "361"),
        ("Jena", ("077",), "3641"),
        ("Gera", ("075",), "365"),
        ("Weimar", ("994",), "3643"),
    ],
}
NEIGHBOURS = {
    "BW": ["BY", "HE", "RP"],
    "BY": ["BW", "HE", "TH", "SN"],
    "BE": ["BB"],
    "BB": ["BE", "MV", "SN", "ST"],
    "HB": ["NI"],
    "HH": ["SH", "NI"],
    "HE": ["NW", "NI", "TH", "BY", "BW", "RP"],
    "MV": ["SH", "NI", "BB"],
    "NI": ["HB", "HH", "SH", "NW", "HE", "TH", "ST"],
    "NW": ["NI", "HE", "RP"],
    "RP": ["NW", "HE", "BW", "SL"],
    "SL": ["RP"],
    "SN": ["BB", "ST", "TH", "BY"],
    "ST": ["NI", "BB", "SN", "TH"],
    "SH": ["HH", "NI", "MV"],
    "TH": ["HE", "NI", "ST", "SN", "BY"],
}
STREETS = [
    "Hauptstraße",
    "Bahnhofstraße",
    "Schulstraße",
    "Gartenstraße",
    "Lindenallee",
    "Am Markt",
    "Kirchplatz",
    "Industriestraße",
    "Berliner Straße",
    "Goethestraße",
    "Schillerplatz",
    "Friedrichstraße",
    "Am Hafen",
    "Parkweg",
    "Europaallee",
    "Rathausplatz",
]
ORG_KINDS = [
    ("Bildungswerk", "gGmbH"),
    ("Weiterbildungszentrum", "GmbH"),
    ("Akademie", "gGmbH"),
    ("Verein für Arbeit und Integration", "e. V."),
    ("Berufsbildungszentrum", "gGmbH"),
    ("Institut für berufliche Bildung", "GmbH"),
    ("Qualifizierungswerk", "gGmbH"),
]
ORG_NAMES = [
    "Brücke",
    "Perspektive",
    "Horizont",
    "Lernwerk",
    "Kompass",
    "Wegweiser",
    "Zukunft Beruf",
    "Fachkraft plus",
    "Neustart",
    "Anker",
    "Weitblick",
    "Netzwerk Arbeit",
]
FIRST = [
    "Anna",
    "Jonas",
    "Fatma",
    "Mehmet",
    "Olena",
    "Sergej",
    "Lea",
    "Karim",
    "Maria",
    "Thomas",
    "Amina",
    "Piotr",
    "Sabine",
    "Yusuf",
    "Julia",
    "Andreas",
    "Nadia",
    "Daniel",
    "Leyla",
    "Katarzyna",
]
LAST = [
    "Becker",
    "Schneider",
    "Demir",
    "Kowalski",
    "Hoffmann",
    "Haddad",
    "Schulz",
    "Petrenko",
    "Wagner",
    "Özdemir",
    "Fischer",
    "Novak",
    "Richter",
    "Yilmaz",
    "Wolf",
    "Krüger",
    "Nguyen",
    "Lange",
    "Schäfer",
    "Ivanova",
]


@dataclass(frozen=True)
class Occupation:
    field: str
    people: str  # as it reads in a title: "Pflegefachkräfte"
    name: str  # the occupation's official name
    kldb: str
    regulated: bool
    topics: tuple[str, ...]


OCCUPATIONS = [
    Occupation(
        "health",
        "Pflegefachkräfte",
        "Pflegefachmann/Pflegefachfrau",
        "81302",
        True,
        ("Pflegeplanung", "Expertenstandards", "Wundversorgung", "Pflegedokumentation"),
    ),
    Occupation(
        "health",
        "Ärzt*innen",
        "Arzt/Ärztin",
        "81404",
        True,
        ("Innere Medizin", "Chirurgie", "Notfallmedizin", "Arzt-Patienten-Gespräch"),
    ),
    Occupation(
        "health",
        "Physiotherapeut*innen",
        "Physiotherapeut/Physiotherapeutin",
        "81712",
        True,
        ("Krankengymnastik", "manuelle Therapie", "Befunderhebung", "Behandlungsdokumentation"),
    ),
    Occupation(
        "health",
        "Zahnärzt*innen",
        "Zahnarzt/Zahnärztin",
        "81454",
        True,
        ("Zahnerhaltung", "Prothetik", "Kieferorthopädie", "Patientenaufklärung"),
    ),
    Occupation(
        "health",
        "Medizinische Fachangestellte",
        "Medizinischer Fachangestellter/Medizinische Fachangestellte",
        "81102",
        False,
        ("Praxisorganisation", "Abrechnung", "Hygiene", "Patientenkommunikation"),
    ),
    Occupation(
        "education_social",
        "Erzieher*innen",
        "Erzieher/Erzieherin",
        "83112",
        True,
        ("Bildungspläne", "Beobachtung und Dokumentation", "Elternarbeit", "Kinderschutz"),
    ),
    Occupation(
        "education_social",
        "Lehrkräfte",
        "Lehrer/Lehrerin",
        "84114",
        True,
        ("Unterrichtsplanung", "Schulrecht", "Leistungsbewertung", "Klassenführung"),
    ),
    Occupation(
        "education_social",
        "Sozialarbeiter*innen",
        "Sozialarbeiter/Sozialarbeiterin",
        "83124",
        True,
        ("Sozialrecht", "Fallarbeit", "Beratungsmethoden", "Hilfeplanung"),
    ),
    Occupation(
        "engineering",
        "Maschinenbauingenieur*innen",
        "Maschinenbauingenieur/Maschinenbauingenieurin",
        "25104",
        False,
        ("Konstruktion", "Normen und Richtlinien", "Projektmanagement", "technische Dokumentation"),
    ),
    Occupation(
        "engineering",
        "Bauingenieur*innen",
        "Bauingenieur/Bauingenieurin",
        "31104",
        True,
        ("Baurecht", "Statik nach Eurocode", "Ausschreibung und Vergabe", "Bauleitung"),
    ),
    Occupation(
        "it",
        "IT-Fachkräfte",
        "Fachinformatiker/Fachinformatikerin – Anwendungsentwicklung",
        "43104",
        False,
        ("agile Methoden", "Datenschutz", "Cloud-Dienste", "IT-Sicherheit"),
    ),
    Occupation(
        "it",
        "Softwareentwickler*innen",
        "Softwareentwickler/Softwareentwicklerin",
        "43414",
        False,
        ("Softwarearchitektur", "Testautomatisierung", "Code-Reviews", "Barrierefreiheit im Web"),
    ),
    Occupation(
        "business",
        "Kaufleute für Büromanagement",
        "Kaufmann/Kauffrau für Büromanagement",
        "71402",
        False,
        ("Büroorganisation", "Rechnungswesen", "Geschäftskorrespondenz", "Personalwirtschaft"),
    ),
    Occupation(
        "business",
        "Betriebswirt*innen",
        "Betriebswirt/Betriebswirtin",
        "71304",
        False,
        ("Controlling", "deutsches Steuerrecht", "Marketing", "Unternehmensführung"),
    ),
    Occupation(
        "business",
        "Buchhalter*innen",
        "Buchhalter/Buchhalterin",
        "72213",
        False,
        ("Finanzbuchhaltung", "DATEV", "Jahresabschluss", "Umsatzsteuer"),
    ),
    Occupation(
        "crafts_construction",
        "Anlagenmechaniker*innen SHK",
        "Anlagenmechaniker/Anlagenmechanikerin für Sanitär-, Heizungs- und Klimatechnik",
        "34212",
        False,
        ("Trinkwasserinstallation", "Wärmepumpen", "Gasinstallation", "Regelungstechnik"),
    ),
    Occupation(
        "crafts_construction",
        "Maurer*innen",
        "Maurer/Maurerin",
        "32122",
        False,
        ("Mauerwerksbau", "Betonbau", "Arbeitssicherheit", "Bauzeichnungen lesen"),
    ),
    Occupation(
        "crafts_construction",
        "Elektroniker*innen",
        "Elektroniker/Elektronikerin – Energie- und Gebäudetechnik",
        "26212",
        False,
        ("VDE-Vorschriften", "Gebäudesystemtechnik", "Photovoltaik", "Prüfung elektrischer Anlagen"),
    ),
    Occupation(
        "crafts_construction",
        "Tischler*innen",
        "Tischler/Tischlerin",
        "22342",
        False,
        ("CNC-Technik", "Oberflächenbehandlung", "Möbelbau", "Montage"),
    ),
    Occupation(
        "industry",
        "Industriemechaniker*innen",
        "Industriemechaniker/Industriemechanikerin",
        "25122",
        False,
        ("Instandhaltung", "Pneumatik und Hydraulik", "Qualitätssicherung", "Steuerungstechnik"),
    ),
    Occupation(
        "industry",
        "Mechatroniker*innen",
        "Mechatroniker/Mechatronikerin",
        "26112",
        False,
        ("SPS-Programmierung", "Robotik", "Sensorik", "Fehlersuche"),
    ),
    Occupation(
        "logistics",
        "Fachkräfte für Lagerlogistik",
        "Fachkraft für Lagerlogistik",
        "51312",
        False,
        ("Warenannahme", "Lagerverwaltungssysteme", "Gefahrgut", "Staplerschein"),
    ),
    Occupation(
        "logistics",
        "Berufskraftfahrer*innen",
        "Berufskraftfahrer/Berufskraftfahrerin",
        "52122",
        True,
        ("Lenk- und Ruhezeiten", "Ladungssicherung", "Führerscheinumschreibung", "Verkehrsrecht"),
    ),
    Occupation(
        "hospitality",
        "Köch*innen",
        "Koch/Köchin",
        "29302",
        False,
        ("Hygiene nach HACCP", "regionale Küche", "Kalkulation", "Warenwirtschaft"),
    ),
    Occupation(
        "hospitality",
        "Hotelfachleute",
        "Hotelfachmann/Hotelfachfrau",
        "63222",
        False,
        ("Empfang und Reservierung", "Service", "Veranstaltungen", "Gästekommunikation"),
    ),
    Occupation(
        "science",
        "Chemiker*innen",
        "Chemiker/Chemikerin",
        "41304",
        False,
        ("Laborpraxis", "Gefahrstoffrecht", "Analytik", "Qualitätsmanagement"),
    ),
    Occupation(
        "agriculture",
        "Gärtner*innen",
        "Gärtner/Gärtnerin",
        "12112",
        False,
        ("Pflanzenschutz", "Garten- und Landschaftsbau", "Maschinenkunde", "Betriebswirtschaft"),
    ),
    Occupation(
        "law",
        "Jurist*innen",
        "Jurist/Juristin",
        "73104",
        False,
        ("deutsches Zivilrecht", "Verwaltungsrecht", "juristische Fachsprache", "Arbeitsrecht"),
    ),
    Occupation(
        "media_culture",
        "Grafikdesigner*innen",
        "Grafikdesigner/Grafikdesignerin",
        "93212",
        False,
        ("Corporate Design", "Druckvorstufe", "Barrierefreiheit", "Urheberrecht"),
    ),
]
KIND_TITLES = {
    "compensation_measure": [
        "Anpassungslehrgang für {people}",
        "Vorbereitung auf die Kenntnisprüfung für {people}",
        "Ausgleichsmaßnahme {people}",
        "Kenntnisprüfung sicher bestehen: Kurs für {people}",
    ],
    "adaptation_qualification": [
        "Anpassungsqualifizierung für {people}",
        "Betriebliche Anpassungsqualifizierung {people}",
        "Zur vollen Gleichwertigkeit: Qualifizierung für {people}",
    ],
    "bridge_measure": [
        "Brückenmaßnahme für {people}",
        "Brückenkurs Berufseinstieg für {people}",
        "Qualifizierung und Praxis: Brücke in den Beruf für {people}",
    ],
    "external_exam_preparation": [
        "Vorbereitung auf die Externenprüfung für {people}",
        "Externenprüfung {people}: Vorbereitungskurs",
        "Zum Berufsabschluss: Externenprüfung für {people}",
    ],
    "job_related_german": [
        "Berufsbezogenes Deutsch {level} für {people}",
        "Fachsprache Deutsch {level} für {people}",
        "Deutsch im Beruf {level}: Kurs für {people}",
    ],
    "other": [
        "Mentoring für {people}",
        "Bewerbungstraining für {people}",
        "Coaching Berufseinstieg für {people}",
        "Begleitung im Anerkennungsverfahren für {people}",
    ],
}
TITLE_SUFFIXES = [
    "",
    "",
    "",
    " – berufsbegleitend",
    " – in Teilzeit",
    " mit Praxisphase",
    " – Abendkurs",
    " – Kompaktkurs",
    " mit Sprachbegleitung",
    " – Samstagskurs",
    " mit Prüfungstraining",
    " – Einstieg jederzeit",
]
KIND_TEMPLATES = {  # kind → example files with that kind (their modules, outcome, support, …)
    "compensation_measure": [
        "aerztinnen-kenntnispruefung-kompaktseminar",
        "erzieherinnen-anpassungslehrgang",
        "pflegefachkraefte-kenntnispruefung-berufsbegleitend",
    ],
    "adaptation_qualification": [
        "anlagenmechaniker-shk-betriebliche-anpassung",
        "elektroniker-energie-gebaeudetechnik-anpassung",
        "kaufleute-bueromanagement-anpassung",
        "maurer-anpassungsqualifizierung",
    ],
    "bridge_measure": ["betriebswirtschaft-brueckenmassnahme", "it-fachkraefte-brueckenmassnahme"],
    "external_exam_preparation": ["fachkraft-lagerlogistik-externenpruefung", "koch-externenpruefung-vorbereitung"],
    "job_related_german": [
        "berufssprache-c1-akademikerinnen",
        "deutsch-am-arbeitsplatz-gesundheit",
        "deutsch-handwerk-technik-abendkurs",
    ],
    "other": ["mentoring-tandem-fachkraefte"],
}
KIND_WEIGHTS = {
    "compensation_measure": 18,
    "adaptation_qualification": 22,
    "bridge_measure": 14,
    "external_exam_preparation": 10,
    "job_related_german": 26,
    "other": 10,
}
SYSTEMATIK = {
    "health": ("C 2180-20-10", "Gesundheits- und Krankenpflege – Anpassungsqualifizierung"),
    "education_social": ("C 1705-10-10", "Erziehung und Sozialpädagogik – Anpassungsqualifizierung"),
    "engineering": ("C 1505-10-30", "Ingenieurwesen – Brückenmaßnahme"),
    "it": ("C 1305-10-20", "Informatik – Anpassungsqualifizierung"),
    "business": ("C 1605-10-10", "Kaufmännische Berufe – Anpassungsqualifizierung"),
    "crafts_construction": ("C 1405-20-40", "Bau- und Ausbauberufe – Anpassungsqualifizierung"),
    "industry": ("C 1405-10-20", "Metall- und Elektroberufe – Anpassungsqualifizierung"),
    "logistics": ("C 1805-10-10", "Lager und Logistik – Prüfungsvorbereitung"),
    "hospitality": ("C 1905-10-10", "Gastgewerbe – Prüfungsvorbereitung"),
    "science": ("C 1205-10-10", "Naturwissenschaften – Anpassungsqualifizierung"),
    "agriculture": ("C 1105-10-10", "Gartenbau – Anpassungsqualifizierung"),
    "law": ("C 1615-10-10", "Recht – Anpassungsqualifizierung"),
    "media_culture": ("C 1905-30-10", "Gestaltung – Anpassungsqualifizierung"),
    "cross_field": ("C 1005-10-10", "Berufsübergreifende Qualifizierung"),
}
OPENINGS = [
    "Viele Fachkräfte mit ausländischem Abschluss arbeiten schon in Deutschland, aber noch nicht in ihrem Beruf.",
    "Wer im Ausland als {one} gearbeitet hat, bringt viel Erfahrung mit, die hier gebraucht wird.",
    "Der Bescheid der zuständigen Stelle nennt oft nur wenige Lücken, die sich gezielt schließen lassen.",
    "Für {people} mit ausländischem Abschluss ist der Weg zur Anerkennung oft länger als nötig.",
    "Betriebe suchen dringend {people}, und viele zugewanderte Fachkräfte bringen genau das mit.",
]
MIDDLES = [
    "Im Mittelpunkt stehen {t0} und {t1}, so wie sie im Berufsalltag verlangt werden.",
    "Sie lernen in kleinen Gruppen mit höchstens {group} Personen, sodass alle viel üben können.",
    "Erfahrene Dozent*innen aus der Praxis unterrichten fallbasiert und mit vielen Beispielen.",
    "Zwischen den Terminen bearbeiten Sie Aufgaben zu {t2}, die wir ausführlich besprechen.",
    "Eine Lernbegleitung hilft bei Fachbegriffen und bei Fragen zum Verfahren.",
    "Ein Praktikum in einem Betrieb ist Teil des Angebots; bei der Suche helfen wir.",
    "Die Inhalte richten sich nach Ihrem Bescheid: Was Sie schon können, müssen Sie nicht wiederholen.",
    "Der Kurs verbindet Fachwissen zu {t3} mit der Sprache, die Sie im Betrieb brauchen.",
    "Sie üben typische Situationen: Gespräche mit Kolleg*innen, Dokumentation und Übergaben.",
    "Für Eltern planen wir die Zeiten so, dass Kinderbetreuung möglich bleibt.",
]
CLOSINGS = [
    "Am Ende erhalten Sie eine Bescheinigung, mit der Sie die volle Anerkennung beantragen können.",
    "Nach dem Kurs unterstützen wir Sie bei Bewerbungen und beim Kontakt zu Betrieben.",
    "Die Teilnahme ist für die meisten Teilnehmer*innen kostenfrei; sprechen Sie uns an.",
    "Melden Sie sich für ein unverbindliches Erstgespräch, auch wenn Sie noch Fragen zum Bescheid haben.",
    "Viele Absolvent*innen arbeiten heute in ihrem erlernten Beruf.",
]
GROUPS = {
    "compensation_measure": "mit einem Bescheid über wesentliche Unterschiede",
    "adaptation_qualification": "mit einem Bescheid über teilweise Gleichwertigkeit",
    "bridge_measure": "mit ausländischem Hochschulabschluss",
    "external_exam_preparation": "mit Berufserfahrung, aber ohne deutschen Abschluss",
    "job_related_german": ", die ihr Deutsch für den Beruf verbessern möchten",
    "other": "am Anfang des Berufseinstiegs in Deutschland",
}
LEVELS = ["A2", "B1", "B1", "B2", "B2", "B2", "C1"]
MENTOR_LANGS = ["ara", "tur", "ukr", "rus", "fas", "pol", "ron", "eng", "spa", "vie", "kur", "bul", "hrv", "srp"]
PATTERN_NOTES = {
    "evening": "dienstags und donnerstags 17:30–20:45 Uhr",
    "weekend": "samstags 9:00–13:15 Uhr",
    "daytime": "Montag bis Freitag 8:30–13:00 Uhr",
    "block_seminar": "Blockwochen etwa alle sechs Wochen, Montag bis Freitag",
    "compact_seminar": "vier Kompaktwochen im Abstand von etwa einem Quartal",
    "individual": "Termine nach Absprache, Lernen im Betrieb nach Qualifizierungsplan",
}


def _postcodes() -> dict[str, list[str]]:
    """Land → its postcodes that the project's tables place there (and that have coordinates)."""
    with POSTCODE_COORDS.open(encoding="utf-8") as f:
        located = {row["plz"] for row in csv.DictReader(f)}
    by_land: dict[str, list[str]] = {}
    with POSTCODE_STATES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            states = row["states"].split()
            if len(states) == 1 and row["plz"] in located:
                by_land.setdefault(states[0], []).append(row["plz"])
    return by_land


def _city_postcodes() -> dict[tuple[str, str], list[str]]:
    by_land = _postcodes()
    out: dict[tuple[str, str], list[str]] = {}
    for land, cities in CITIES.items():
        for city, prefixes, _ in cities:
            codes = [p for p in by_land.get(land, []) if p.startswith(prefixes)]
            if not codes:
                raise SystemExit(f"no postcode of {city} ({land}) in {POSTCODE_STATES.name}")
            out[(land, city)] = codes
    return out


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "*": "", "(": "", ")": ""})
    out = "".join(ch if ch.isalnum() else "-" for ch in text.lower().translate(table))
    return "-".join(part for part in out.split("-") if part)


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Digit strings (postcodes, KldB codes, provider numbers) in double quotes as authors write them:
    # a YAML 1.2 reader such as check-jsonschema's would read an unquoted 06886 as the number 6886.
    style = "|" if "\n" in value else '"' if value.isdigit() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(path: Path, data: dict[str, Any], schema: str) -> None:
    head = f"# yaml-language-server: $schema={schema}\n"
    path.write_text(
        head + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )


class _Maker:
    def __init__(self, count: int, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.count = count
        self.today = today
        self.postcodes = _city_postcodes()
        self.templates = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(OFFERS.glob("*.yaml"))}
        self.providers: list[dict[str, Any]] = []

    def person(self) -> tuple[str, str, str]:
        first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
        return first, last, f"{first} {last}"

    def phone(self, area: str) -> str:
        return f"+49 {area} {self.rng.randint(200000, 9999999)}"

    def place(self, land: str, pid: str, org: str) -> dict[str, Any]:
        city, _, _ = self.rng.choice(CITIES[land])
        return {
            "id": pid,
            "name": f"{org}, Schulungszentrum {self.rng.randint(1, 9)}",
            "short_name": org[:30],
            "street": f"{self.rng.choice(STREETS)} {self.rng.randint(1, 180)}",
            "postal_code": self.rng.choice(self.postcodes[(land, city)]),
            "city": city,
            "state": land,
            "barrier_free": self.rng.random() < 0.7,
        }

    # -- providers -------------------------------------------------------------------------
    def make_providers(self) -> list[dict[str, Any]]:
        per_land = max(1, min(25, self.count // 160))
        for land in LAND_NAMES:
            for k in range(per_land):
                kind, legal = self.rng.choice(ORG_KINDS)
                brand = self.rng.choice(ORG_NAMES)
                city, _prefixes, area = self.rng.choice(CITIES[land])
                org = f"{kind} {brand} {legal}"
                short = f"{brand} {kind.split()[0]}"[:30]
                domain = _slug(f"{brand}-{kind.split()[0]}-{land}-{k}") + ".example"
                first, last, name = self.person()
                pid = f"iq-{land.lower()}-{_slug(brand)}-{k + 1}"
                data: dict[str, Any] = {
                    "id": pid,
                    "name": f"{brand} – Qualifizierung und Anerkennung",
                    "organisation": org,
                    "organisation_short": short,
                    "network": f"IQ Netzwerk {LAND_NAMES[land]}",
                    "state": land,
                    "address": {
                        "name": f"{short}, Geschäftsstelle"[:120],
                        "street": f"{self.rng.choice(STREETS)} {self.rng.randint(1, 120)}",
                        "postal_code": self.rng.choice(self.postcodes[(land, city)]),
                        "city": city,
                        "state": land,
                    },
                    "contact": {
                        "name": name,
                        "role": self.rng.choice(["Projektleitung", "Projektkoordination", "Beratung"]),
                        "phone": self.phone(area),
                        "email": f"{_slug(last)}@{domain}",
                        "channels": self.rng.sample(["phone", "email", "video", "messenger", "in_person"], 3),
                    },
                    "website": f"https://www.{domain}/",
                    "owners": [f"@{_slug(first)}-{_slug(last)}"],
                }
                if self.rng.random() < 0.35:
                    number = str(self.rng.randint(1000000, 9999999))
                    data["kursnet"] = {
                        "provider_number": number,
                        "catalog_id": f"{number}-{self.rng.randint(1600000000, 1800000000)}",
                        "catalog_version": "Vers_KURSNET",
                        "creator": {
                            "salutation": self.rng.choice(["m", "w"]),
                            "first_name": first,
                            "last_name": last,
                            "email": f"kursnet@{domain}",
                        },
                    }
                data["_meta"] = {"land": land, "area": area, "domain": domain, "short": short}
                self.providers.append(data)
        return self.providers

    # -- offers ----------------------------------------------------------------------------
    def make_offer(self, i: int) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        data = copy.deepcopy(self.templates[rng.choice(KIND_TEMPLATES[kind])])
        provider = rng.choice(self.providers)
        meta = provider["_meta"]
        land = meta["land"]
        occ = rng.choice(OCCUPATIONS)
        level = rng.choice(LEVELS)
        title = rng.choice(KIND_TITLES[kind]).format(people=occ.people, level=level) + rng.choice(TITLE_SUFFIXES)
        data["title"] = title
        data["id"] = f"{_slug(title)[:60].rstrip('-')}-{i:05d}"
        data["provider"] = provider["id"]
        data["kind"] = kind
        topics = rng.sample(occ.topics, 4)
        one = occ.name.split("/")[0]
        fill = {
            "people": occ.people,
            "one": one,
            "group": rng.choice([8, 10, 12, 15, 16]),
            "t0": topics[0],
            "t1": topics[1],
            "t2": topics[2],
            "t3": topics[3],
        }
        data["summary"] = (
            f"Für {occ.people}: {topics[0]}, {topics[1]} und {topics[2]} – "
            f"{rng.choice(['in kleinen Gruppen', 'mit Lernbegleitung', 'mit Praxisphase im Betrieb', 'neben der Arbeit'])}."
        )
        middles = [m.format(**fill) for m in rng.sample(MIDDLES, rng.randint(6, len(MIDDLES)))]
        cut = rng.randint(2, 3)
        paragraphs = [
            " ".join([rng.choice(OPENINGS).format(**fill), *middles[:cut]]),
            " ".join(middles[cut : cut + 3]),
            " ".join([*middles[cut + 3 :], *(c.format(**fill) for c in rng.sample(CLOSINGS, 2))]),
        ]
        data["description"] = "\n\n".join(paragraphs) + f"\n\nKennziffer des Angebots: K{i:05d}.\n"
        data["target_group"] = f"{occ.people}{'' if GROUPS[kind].startswith(',') else ' '}{GROUPS[kind]}."
        data["profession"] = {
            "fields": [occ.field] + (["cross_field"] if rng.random() < 0.15 else []),
            "occupations": [{"name": occ.name, "kldb": occ.kldb}],
            "regulated": occ.regulated,
        }
        data["keywords"] = [occ.people.replace("*", ""), one, *topics[:3]]
        self._modules(data, topics, kind, occ)
        self._format(data, provider, land)
        self._runs(data)
        self._language(data, kind, level)
        self._contact(data, provider)
        self._costs(data)
        code, label = SYSTEMATIK[occ.field]
        data["kursnet"] = {"systematik_code": code, "systematik_label": label}
        published = self.today - timedelta(days=rng.randint(10, 400))
        data["publication"] = {
            "published_from": published.isoformat(),
            "last_reviewed": (self.today - timedelta(days=rng.randint(0, 150))).isoformat(),
        }
        return data

    def _modules(self, data: dict[str, Any], topics: list[str], kind: str, occ: Occupation) -> None:
        rng = self.rng
        total = data["schedule"]["total_hours"]
        count = rng.randint(2, 4)
        shares = [rng.randint(2, 6) for _ in range(count)]
        hours = [max(1, total * s // sum(shares)) for s in shares]
        hours[-1] = max(1, total - sum(hours[:-1]))
        mode = data["format"]["mode"]
        data["modules"] = [
            {
                "title": topic[0].upper() + topic[1:],
                "content": f"{topic[0].upper() + topic[1:]} im Berufsalltag: Grundlagen, Übungen und Fallbeispiele "
                f"aus der Arbeit als {occ.name.split('/')[0]}.",
                "hours": h,
                "mode": mode,
                "segment": "exam"
                if k == count - 1 and kind in ("compensation_measure", "external_exam_preparation")
                else "teaching",
            }
            for k, (topic, h) in enumerate(zip(topics, hours, strict=False))
        ]
        one = occ.name.split("/")[0]
        outcome = {
            "compensation_measure": {
                "type": "full_recognition",
                "title": f"Volle Anerkennung als {one}",
                "leads_to_recognition": True,
            },
            "adaptation_qualification": {
                "type": "full_recognition",
                "title": f"Volle Gleichwertigkeit als {one}",
                "leads_to_recognition": True,
            },
            "bridge_measure": {"type": "certificate", "title": "Zertifikat des Bildungsträgers"},
            "external_exam_preparation": {
                "type": "exam",
                "title": f"Berufsabschluss als {one}",
                "exam": {"name": f"Externenprüfung {one}", "examiner": "zuständige Kammer"},
            },
            "job_related_german": {"type": "language_certificate", "title": "Sprachzertifikat Deutsch für den Beruf"},
            "other": {"type": "documented_competence", "title": "Teilnahmebescheinigung mit Kompetenzprofil"},
        }[kind]
        data["outcome"] = outcome
        if "employer" in data:
            data["employer"]["benefits"] = (
                f"Sie gewinnen eine qualifizierte Fachkraft ({one}) und erhalten Unterstützung bei Planung und Sprache."
            )

    def _format(self, data: dict[str, Any], provider: dict[str, Any], land: str) -> None:
        rng = self.rng
        mode = rng.choices(["in_person", "blended", "online_live", "self_paced"], weights=[50, 22, 20, 8])[0]
        online_only = mode in ("online_live", "self_paced") and rng.random() < 0.85
        fmt: dict[str, Any] = {
            "mode": mode,
            "setting": data["format"].get("setting", "group"),
            "online_only": online_only,
        }
        if mode == "blended":
            fmt["in_person_parts"] = rng.choice(
                ["Auftakt und Abschluss in Präsenz", "ein Präsenztag pro Monat", "Praxistage im Lernort"]
            )
        if online_only:
            fmt["region"] = sorted({land, *rng.sample(NEIGHBOURS[land], min(len(NEIGHBOURS[land]), rng.randint(0, 3)))})
        else:
            lands = [land] + ([rng.choice(NEIGHBOURS[land])] if rng.random() < 0.1 else [])
            count = rng.choices([1, 2, 3], weights=[75, 18, 7])[0]
            places = []
            for k in range(count):
                places.append(self.place(lands[k % len(lands)], f"ort-{k + 1}", provider["_meta"]["short"]))
            fmt["places"] = places
        data["format"] = fmt

    def _runs(self, data: dict[str, Any]) -> None:
        rng = self.rng
        months = data["schedule"]["duration_months"]
        days = max(14, int(months * 30.4))
        place_ids = [p["id"] for p in data["format"].get("places", [])]
        if rng.random() < 0.12:
            data["rolling_start"] = True
            data.pop("runs", None)
            return
        data["rolling_start"] = False
        expired = rng.random() < 0.06
        runs = []
        for k in range(rng.choices([1, 2, 3], weights=[55, 30, 15])[0]):
            if expired:
                start = self.today - timedelta(days=days + rng.randint(20, 300))
            else:
                start = self.today + timedelta(days=rng.randint(-days // 2 if k == 0 else 7, 730))
            end = start + timedelta(days=days)
            run: dict[str, Any] = {"id": f"{start.year}-{k + 1}", "start": start.isoformat(), "end": end.isoformat()}
            if rng.random() < 0.7:
                run["application_deadline"] = (start - timedelta(days=rng.randint(0, 45))).isoformat()
            if place_ids:
                run["place"] = rng.choice(place_ids)
            if rng.random() < 0.6:
                run["seats"] = rng.choice([8, 10, 12, 15, 16, 20, 24])
            run["status"] = rng.choices(["open", "few_seats", "full", "cancelled"], weights=[75, 15, 8, 2])[0]
            if rng.random() < 0.3:
                run["sessions"] = [
                    {
                        "date": (start + timedelta(days=d)).isoformat(),
                        "start_time": "09:00",
                        "end_time": "16:00",
                        "title": f"Präsenztag {j + 1}",
                    }
                    for j, d in enumerate(sorted(rng.sample(range(days), min(days, rng.randint(1, 4)))))
                ]
            runs.append(run)
        ids = [r["id"] for r in runs]
        for k, run in enumerate(runs):  # two runs in one year: ids stay unique
            if ids.count(run["id"]) > 1:
                run["id"] = f"{run['id']}-{k + 1}"
        data["runs"] = runs
        pattern = rng.choice(list(PATTERN_NOTES))
        data["schedule"]["patterns"] = [pattern]
        data["schedule"]["pattern_note"] = PATTERN_NOTES[pattern]

    def _language(self, data: dict[str, Any], kind: str, level: str) -> None:
        rng = self.rng
        lang = data["language"]
        required = {"A2": "A1", "B1": "A2", "B2": "B1", "C1": "B2"}[level] if kind == "job_related_german" else None
        lang["german_level_required"] = required or rng.choice(["none", "A2", "B1", "B1", "B2", "B2", "C1"])
        lang["instruction_languages"] = ["deu"] + (["eng"] if rng.random() < 0.15 else [])
        lang["mentor_languages"] = rng.sample(MENTOR_LANGS, rng.randint(0, 4))
        if not lang["mentor_languages"]:
            del lang["mentor_languages"]

    def _contact(self, data: dict[str, Any], provider: dict[str, Any]) -> None:
        rng = self.rng
        meta = provider["_meta"]
        first, last, name = self.person()
        contact = {
            "name": name,
            "role": rng.choice(["Lernbegleitung", "Projektkoordination", "Beratung und Anmeldung"]),
            "phone": self.phone(meta["area"]),
            "email": f"{_slug(first)[0]}.{_slug(last)}@{meta['domain']}",
            "channels": rng.sample(["phone", "email", "video", "messenger", "in_person"], rng.randint(1, 3)),
        }
        data["support"]["contact"] = contact
        how = rng.choice(
            [
                "Rufen Sie uns an oder schreiben Sie eine E-Mail; wir vereinbaren ein Erstgespräch.",
                "Anmeldebogen ausfüllen und den Bescheid mitschicken. Danach folgt ein kurzes Telefongespräch.",
                "Kommen Sie in unsere offene Sprechstunde oder melden Sie sich per E-Mail.",
                "Schreiben Sie uns eine Nachricht mit Ihrem Beruf und Ihrem Bescheid; wir melden uns innerhalb einer Woche.",
            ]
        )
        app = {"how": how, "email": contact["email"]}
        if rng.random() < 0.6:
            app["url"] = f"https://www.{meta['domain']}/anmeldung/{data['id'][-5:]}"
        data["application"] = app

    def _costs(self, data: dict[str, Any]) -> None:
        rng = self.rng
        if rng.random() < 0.75:
            data["costs"] = {"free_of_charge": True, "funding": ["iq"]}
        else:
            data["costs"] = {
                "free_of_charge": False,
                "price_eur": rng.choice([90, 150, 250, 480, 900, 1450, 2400]),
                "funding": rng.sample(["education_voucher", "recognition_grant", "employer", "state_programme"], 2),
                "note": "Die Kosten können über Förderprogramme ganz oder teilweise übernommen werden.",
            }


def generate_catalogue(target: Path, count: int, seed: int = 7, today: date | None = None) -> dict[str, int]:
    """Write ``count`` offers and their providers into ``target`` (must not exist or be empty)."""
    today = today or date.today()
    maker = _Maker(count, seed, today)
    (target / "providers").mkdir(parents=True, exist_ok=True)
    providers = maker.make_providers()
    for provider in providers:
        data = {k: v for k, v in provider.items() if k != "_meta"}
        _dump(target / "providers" / f"{data['id']}.yaml", data, "../../schema/provider.schema.json")
    expired = 0
    for i in range(count):
        data = maker.make_offer(i)
        runs = data.get("runs", [])
        expired += bool(runs) and max(r["end"] for r in runs) < today.isoformat()
        _dump(target / f"{data['id']}.yaml", data, "../schema/offer.schema.json")
    return {"offers": count, "providers": len(providers), "expired": expired}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args()
    print(generate_catalogue(args.target, args.count, args.seed, args.today))


if __name__ == "__main__":
    main()
