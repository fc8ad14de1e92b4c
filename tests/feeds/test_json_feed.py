"""offers.json: whole listed catalogue, schema link and version, computed fields, stable bytes."""

from __future__ import annotations

import json

from generator.feeds import FeedContext
from generator.feeds.json_feed import write
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, schema_set
from tests.feeds.conftest import make_context


def test_catalogue_structure(ctx: FeedContext) -> None:
    data = json.loads(write(ctx)["offers.json"])
    assert data["schema"] == "https://iq-angebote.example/schema/offer.schema.json"
    assert data["provider_schema"] == "https://iq-angebote.example/schema/provider.schema.json"
    assert isinstance(data["schema_version"], str) and data["schema_version"]
    listed = sorted(ctx.catalogue.listed(), key=lambda o: o.id)
    assert [e["id"] for e in data["offers"]] == [o.id for o in listed]
    assert data["offer_count"] == len(listed)
    today = ctx.catalogue.today
    for entry, offer in zip(data["offers"], listed, strict=False):
        assert entry["url"] == ctx.offer_url(offer)
        assert entry["states"] == list(offer.states)
        nxt = offer.next_run(today)
        assert entry["next_start"] == (nxt.start.isoformat() if nxt else None)
        assert entry["data"]["provider"] in data["providers"]
    assert set(data["providers"]) == {o.provider.id for o in listed}


def test_data_validates_against_published_schemas(ctx: FeedContext) -> None:
    data = json.loads(write(ctx)["offers.json"])
    schemas = schema_set()
    for entry in data["offers"]:
        errors = list(schemas.validator(OFFER_SCHEMA).iter_errors(entry["data"]))
        assert errors == [], (entry["id"], errors[:1])
    for provider in data["providers"].values():
        assert list(schemas.validator(PROVIDER_SCHEMA).iter_errors(provider)) == []


def test_expired_offers_are_left_out(ctx: FeedContext) -> None:
    data = json.loads(write(ctx)["offers.json"])
    ids = {e["id"] for e in data["offers"]}
    for offer in ctx.catalogue.expired():
        assert offer.id not in ids


def test_deterministic_sorted_keys(ctx: FeedContext) -> None:
    content = write(ctx)["offers.json"]
    assert content == write(make_context(ctx.catalogue))["offers.json"]
    text = content.decode("utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
