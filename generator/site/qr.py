"""QR codes as inline SVG, rendered at build time (no image request, no third-party service)."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, title: str = "") -> str:
    """An SVG element (no XML declaration) that encodes ``url``; scales with CSS width/height."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=1,
        border=2,
        omitsize=True,
        title=title or None,
        svgclass="iq-qr",
        lineclass=None,
    )
    return out.getvalue().decode("utf-8")


def page_qr(url: str) -> str:
    """The QR code printed on a page: its address, with a title for screen readers."""
    return qr_svg(url, f"QR-Code mit der Adresse dieser Seite: {url}")
