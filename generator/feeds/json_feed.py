"""``offers.json``: the whole listed catalogue as validated data, for portals that map it themselves.

Contract for consumers (also on the "Daten & Feeds" page):
* ``offers[].data`` is exactly the offer file's content and validates against the published
  schema (``schema`` link); computed facts sit beside it (``url``, ``next_start``, ``states``,
  ``calendar``), so the schema's ``additionalProperties: false`` still holds for ``data``;
* ``providers`` holds each QTV referenced by a listed offer (validates against
  ``provider_schema``), keyed by the id that ``data.provider`` names;
* keys are sorted and offers ordered by id, so the file is byte-identical when nothing changed
  and a diff of two versions shows only real changes;
* the file itself follows ``schema/offers-feed.schema.json`` (published with the site, named in
  ``$schema``, its version in ``feed_schema_version``), so a portal can check a download
  before it replaces its copy, and a key added here without the schema fails the tests.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

from generator.feeds import FeedContext, calendar_file
from generator.model import Offer
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SCHEMA_DIR, schema_set

FILE_NAME = "offers.json"
SCHEMA_PATH = "schema/" + OFFER_SCHEMA
PROVIDER_SCHEMA_PATH = "schema/" + PROVIDER_SCHEMA
# The schema of offers.json itself; beside the two catalogue schemas (which SchemaSet loads by name).
FEED_SCHEMA = "offers-feed.schema.json"
FEED_SCHEMA_PATH = "schema/" + FEED_SCHEMA


def schema_version() -> str:
    """The offer schema's ``version`` (semantic versioning: a new major means a breaking change)."""
    return str(schema_set().documents[OFFER_SCHEMA]["version"])


@cache
def feed_schema_version() -> str:
    """The ``version`` of the schema of this file (a new major: portals must adapt their import)."""
    return str(json.loads((SCHEMA_DIR / FEED_SCHEMA).read_text(encoding="utf-8"))["version"])


def _site(ctx: FeedContext, path: str) -> str:
    return f"{ctx.site_url.rstrip('/')}/{path}"


def offer_entry(ctx: FeedContext, offer: Offer) -> dict[str, Any]:
    """One offer: its data plus the facts the site computes from it."""
    today = ctx.catalogue.today
    next_run = offer.next_run(today)
    return {
        "id": offer.id,
        "url": ctx.offer_url(offer),
        "next_start": next_run.start.isoformat() if next_run else None,
        "rolling_start": offer.rolling_start,
        "states": list(offer.states),
        "calendar": ctx.feed_url(calendar_file(offer)),
        "data": offer.data,
    }


def catalogue(ctx: FeedContext) -> dict[str, Any]:
    offers = sorted(ctx.catalogue.listed(), key=lambda o: o.id)
    providers = {o.provider.id: o.provider.data for o in offers}
    return {
        "$schema": _site(ctx, FEED_SCHEMA_PATH),
        "feed_schema_version": feed_schema_version(),
        "schema_version": schema_version(),
        "schema": _site(ctx, SCHEMA_PATH),
        "provider_schema": _site(ctx, PROVIDER_SCHEMA_PATH),
        "site_url": ctx.site_url,
        "catalogue_date": ctx.catalogue.today.isoformat(),
        "offer_count": len(offers),
        "offers": [offer_entry(ctx, o) for o in offers],
        "providers": dict(sorted(providers.items())),
    }


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write(ctx: FeedContext) -> dict[str, bytes]:
    text = json.dumps(catalogue(ctx), ensure_ascii=False, indent=2, sort_keys=True, default=_default)
    return {FILE_NAME: (text + "\n").encode("utf-8")}
