"""Feeds written by a second process: the same files, the same errors, and no wait for a failed build."""

from __future__ import annotations

import time

import pytest

import generator.feeds as feeds
from generator.feed_error import FeedError
from generator.feeds import FEEDS_DIR, render_feeds
from generator.model import Catalogue
from generator.site.feed_job import FeedJob
from generator.site.site_files import feed_context
from tests.support import SITE_URL


def test_the_worker_writes_the_same_files(example_catalogue: Catalogue) -> None:
    ctx = feed_context(example_catalogue, SITE_URL)
    job = FeedJob(ctx, None)
    assert job.process is not None  # this machine has fork and two cores: the worker really runs
    files = job.result()
    expected = {f"{FEEDS_DIR}/{rel}": data for rel, data in render_feeds(ctx).items()}
    assert files == expected and len(files) > 10


def test_a_feed_error_in_the_worker_reaches_the_build(
    example_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: object) -> dict[str, bytes]:
        raise FeedError("KURSNET: Testfehler im Feed")

    monkeypatch.setattr(feeds, "writer", lambda name: broken)  # the fork inherits the patch
    job = FeedJob(feed_context(example_catalogue, SITE_URL), None)
    with pytest.raises(FeedError, match="Testfehler im Feed"):
        job.result()


def test_closing_stops_a_running_worker(example_catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(ctx: object) -> dict[str, bytes]:
        time.sleep(60)
        return {}

    monkeypatch.setattr(feeds, "writer", lambda name: slow)
    job = FeedJob(feed_context(example_catalogue, SITE_URL), None)
    process = job.process
    assert process is not None and process.is_alive()
    start = time.monotonic()
    job.close()
    assert time.monotonic() - start < 10 and not process.is_alive()
