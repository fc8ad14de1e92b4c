"""KURSNET (open-Qcat 1.1) delivery: mapping, encoding, differential files, pre-flight checks.

Two halves with different neighbours. The rules – ``values`` (formats, limits, codes),
``codelists`` and ``preflight`` – are pure Python and part of validation: ``offers validate``
runs the pre-flight check, so they count as core and import nothing above it (no lxml, no
feeds). The XML delivery – ``elements``, ``encoding``, ``mapping``, ``document``, ``diff``,
``xsd`` – builds on them with lxml and is used only by the KURSNET feed and ``offers publish``.
``tests/test_architecture.py`` holds both halves to that.

The official XSD, the upload service description (WSDL) and the BA code lists used here are
vendored next to this file so that builds and tests never depend on the network.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
XSD_PATH = PACKAGE_DIR / "openq-cat-1.1.xsd"
WSDL_PATH = PACKAGE_DIR / "openq-upload.wsdl"
CODELIST_DIR = PACKAGE_DIR / "wertebereiche"
