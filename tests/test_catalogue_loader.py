"""catalogue_loader: the worker processes change nothing in the report, and a LoadCache re-reads
only what changed while a cached load still equals a fresh one."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import generator.catalogue_loader as loader
from generator.catalogue_loader import LoadCache, check_catalogue, load_catalogue
from generator.model import Catalogue
from generator.problems import CatalogueInvalid
from tests.support import FIXTURE_CATALOGUE, ROOT, TODAY

BASIS = FIXTURE_CATALOGUE / "basis-angebot.yaml"


def _offer_text(offer_id: str, title: str = "Anpassungsqualifizierung für Elektroniker*innen") -> str:
    text = BASIS.read_text(encoding="utf-8")
    text = text.replace("id: basis-angebot", f"id: {offer_id}", 1)
    return text.replace("title: Anpassungsqualifizierung für Elektroniker*innen", f"title: {title}", 1)


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """The fixture catalogue with five offers."""
    folder = tmp_path / "offers"
    shutil.copytree(FIXTURE_CATALOGUE, folder)
    for i in range(1, 5):
        (folder / f"angebot-{i}.yaml").write_text(_offer_text(f"angebot-{i}"), encoding="utf-8")
    return folder


def _same(cached: Catalogue, fresh: Catalogue) -> None:
    assert [(o.id, o.path, o.data, o.runs, o.source_sha256) for o in cached.offers] == [
        (o.id, o.path, o.data, o.runs, o.source_sha256) for o in fresh.offers
    ]
    assert cached.providers.keys() == fresh.providers.keys()
    assert cached.warnings == fresh.warnings
    assert cached.listed() == fresh.listed()


def test_a_second_load_reads_nothing_unchanged(catalogue: Path) -> None:
    cache = LoadCache()
    first = load_catalogue(catalogue, TODAY, cache=cache)
    assert sorted(cache.last_read) == sorted(catalogue.glob("*.yaml"))
    second = load_catalogue(catalogue, TODAY, cache=cache)
    assert cache.last_read == []
    _same(second, first)
    _same(second, load_catalogue(catalogue, TODAY))


def test_a_changed_file_is_read_again_and_only_that_one(catalogue: Path) -> None:
    cache = LoadCache()
    load_catalogue(catalogue, TODAY, cache=cache)
    changed = catalogue / "angebot-2.yaml"
    changed.write_text(_offer_text("angebot-2", "Neuer Titel der Qualifizierung"), encoding="utf-8")
    again = load_catalogue(catalogue, TODAY, cache=cache)
    assert cache.last_read == [changed]
    assert next(o for o in again.offers if o.id == "angebot-2").data["title"] == "Neuer Titel der Qualifizierung"
    _same(again, load_catalogue(catalogue, TODAY))


def test_same_size_and_time_but_other_content_is_read_again(catalogue: Path) -> None:
    """The content hash catches an edit that keeps size and modification time (cp -p, coarse clocks)."""
    cache = LoadCache()
    load_catalogue(catalogue, TODAY, cache=cache)
    changed = catalogue / "angebot-3.yaml"
    before = changed.stat()
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Werkstatt Nord", "Werkstatt West", 1), encoding="utf-8")
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (changed.stat().st_size, changed.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    again = load_catalogue(catalogue, TODAY, cache=cache)
    assert cache.last_read == [changed]
    _same(again, load_catalogue(catalogue, TODAY))


def test_cross_file_checks_run_over_cached_offers(catalogue: Path) -> None:
    """A new file with an id that a cached offer has: the duplicate is found, as in a fresh load."""
    cache = LoadCache()
    load_catalogue(catalogue, TODAY, cache=cache)
    twin = catalogue / "zwilling.yaml"
    twin.write_text(_offer_text("angebot-1"), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as cached:
        load_catalogue(catalogue, TODAY, cache=cache)
    assert cache.last_read == [twin]
    with pytest.raises(CatalogueInvalid) as fresh:
        load_catalogue(catalogue, TODAY)
    assert cached.value.problems == fresh.value.problems
    assert any("hat schon angebot-1.yaml" in p.message for p in cached.value.problems)
    twin.unlink()  # gone again: the catalogue is what it was
    _same(load_catalogue(catalogue, TODAY, cache=cache), load_catalogue(catalogue, TODAY))


def test_a_changed_provider_or_day_rechecks_every_offer(catalogue: Path) -> None:
    cache = LoadCache()
    load_catalogue(catalogue, TODAY, cache=cache)
    provider = catalogue / "providers" / "iq-test-projekt.yaml"
    provider.write_text(provider.read_text(encoding="utf-8").replace("organisation: ", "organisation: [kaputt] #", 1))
    with pytest.raises(CatalogueInvalid):
        load_catalogue(catalogue, TODAY, cache=cache)
    assert len(cache.last_read) == 5
    assert check_catalogue(catalogue, TODAY, cache=cache).problems == check_catalogue(catalogue, TODAY).problems
    assert cache.last_read == []
    check_catalogue(catalogue, TODAY.replace(year=2027), cache=cache)
    assert len(cache.last_read) == 5


def test_a_deleted_offer_leaves_the_catalogue(catalogue: Path) -> None:
    cache = LoadCache()
    load_catalogue(catalogue, TODAY, cache=cache)
    (catalogue / "angebot-4.yaml").unlink()
    again = load_catalogue(catalogue, TODAY, cache=cache)
    assert "angebot-4" not in {o.id for o in again.offers}
    assert len(cache) == 4


def _mixed_catalogue(folder: Path) -> Path:
    """Valid offers, a duplicate id, every broken case of tests/data/invalid and a broken provider's offers."""
    shutil.copytree(FIXTURE_CATALOGUE, folder)
    for i in range(12):
        (folder / f"angebot-{i:02d}.yaml").write_text(_offer_text(f"angebot-{i:02d}"), encoding="utf-8")
    (folder / "zwilling.yaml").write_text(_offer_text("angebot-03"), encoding="utf-8")
    for case in sorted((ROOT / "tests" / "data" / "invalid").glob("*.yaml")):
        shutil.copy(case, folder / case.name)
    broken = folder / "providers" / "kaputt.yaml"
    provider = (folder / "providers" / "iq-test-projekt.yaml").read_text(encoding="utf-8")
    broken.write_text(
        provider.replace("id: iq-test-projekt", "id: kaputt").replace("organisation: ", "organisation: [kaputt] #")
    )
    for i in range(3):
        text = _offer_text(f"beim-kaputten-{i}").replace("provider: iq-test-projekt", "provider: kaputt")
        (folder / f"beim-kaputten-{i}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_worker_processes_give_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: the catalogue is always read in one process")
    folder = _mixed_catalogue(tmp_path / "offers")
    one = check_catalogue(folder, TODAY)
    assert one.errors and one.warnings and one.offers
    pools: list[Any] = []
    real = multiprocessing.get_context

    def spy(method: str | None = None) -> Any:
        pools.append(method)
        return real(method)

    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 4)
    monkeypatch.setattr(loader.multiprocessing, "get_context", spy)
    # Session-wide test servers (browser tests) run threads of their own; the rule "no fork while
    # another thread runs" is tested in tests/test_progress.py, this test is about the report.
    monkeypatch.setattr(loader, "other_threads_running", lambda: False)
    both = check_catalogue(folder, TODAY)
    assert pools == ["fork"]
    assert both.problems == one.problems
    assert [p.code for p in both.problems] == [p.code for p in one.problems]
    assert both.files_checked == one.files_checked
    assert [(ly.path, ly.data, ly.warnings, ly.source_sha256) for ly in both.offers] == [
        (ly.path, ly.data, ly.warnings, ly.source_sha256) for ly in one.offers
    ]
    slim = check_catalogue(folder, TODAY, keep_offers=False)
    assert slim.problems == one.problems and slim.offers == []
    assert len(pools) == 2


def test_few_files_are_read_in_this_process(catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(method: str | None = None) -> Any:
        raise AssertionError("no worker processes for a handful of files")

    monkeypatch.setattr(loader.multiprocessing, "get_context", refuse)
    assert check_catalogue(catalogue, TODAY).offers
