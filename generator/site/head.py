"""Extra ``<head>`` content: schema.org JSON-LD per offer and ``<link rel="alternate">`` to feeds.

Both come from the feed modules (another part of the project); when a module or function is
not there, the page is built without it rather than failing.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

from markupsafe import Markup

from generator.model import Offer


def _optional(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None


def jsonld_script(ctx: Any, offer: Offer) -> str:
    """``<script type="application/ld+json">`` for an offer, or "" without a JSON-LD writer."""
    func = _optional("generator.feeds.jsonld_feed", "offer_jsonld")
    if func is None:
        return ""
    data = func(ctx, offer)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, sort_keys=False)
    # "</script>" inside a string must not end the element; "<\/" is the same JSON string.
    text = text.replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def alternate_links(ctx: Any, base: str = "") -> str:
    """``<link rel="alternate">`` elements for the feeds (``generator.feeds.alternate_links``).

    The feeds package returns ``(mime type, title, href)`` tuples; mappings with
    ``href``/``type``/``title`` are accepted too.
    """
    func = _optional("generator.feeds", "alternate_links")
    if func is None:
        return ""
    out = []
    for item in func(ctx):
        if isinstance(item, dict):
            href = item.get("href") or item.get("url")
            mime = item.get("type") or item.get("media_type") or ""
            title = item.get("title", "")
        else:
            mime, title, href = item
        if not href:
            continue
        # rel="alternate feed", not just "alternate": Material's bundle fetches <href>/../sitemap.xml
        # for every link[rel=alternate] (its language switcher), a needless off-page request.
        out.append(Markup('<link rel="alternate feed" type="{}" href="{}" title="{}">').format(mime, href, title))
    return "\n".join(str(x) for x in out)


