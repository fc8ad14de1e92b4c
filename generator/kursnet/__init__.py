"""KURSNET (open-Qcat 1.1) delivery: mapping, encoding, differential files, pre-flight checks.

The official XSD, the upload service description (WSDL) and the BA code lists used here are
vendored next to this file so that builds and tests never depend on the network.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
XSD_PATH = PACKAGE_DIR / "openq-cat-1.1.xsd"
WSDL_PATH = PACKAGE_DIR / "openq-upload.wsdl"
CODELIST_DIR = PACKAGE_DIR / "wertebereiche"
