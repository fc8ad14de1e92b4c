"""offers/ → validated Catalogue: load every file, collect every problem, then build the model.

Layout: ``offers/*.yaml`` (one offer per file) and ``offers/providers/*.yaml`` (one QTV per
file, referenced by id from its offers). Nothing is reported while checking; the caller gets
all problems at once (CLI report, MkDocs build error).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.catalogue_files import PROVIDERS_SUBDIR, UNREADABLE_CODE, list_catalogue, unread_note
from generator.faults import date_from_env, os_reason
from generator.kursnet.preflight import check_offer_for_kursnet
from generator.model import Catalogue, Offer, Provider, Run
from generator.offer_checks import check_offer, check_provider
from generator.problems import CatalogueInvalid, Problem
from generator.progress import other_threads_running, tick
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SCHEMA_DIR, SchemaSet, schema_set
from generator.schema_validator import validate_against_schema
from generator.yaml_loader import MAX_FILE_BYTES, LoadedYaml, Position, YamlError, code_fields, load_yaml

# Below this many offer files to read, one process does it all: starting workers costs more.
PARALLEL_MIN_FILES = 400


def build_date() -> date:
    """The day the catalogue is built for; ``OFFERS_TODAY=2027-01-01`` fixes it (tests, previews).

    A value in another form (``26.11.2026``) raises SettingError with a German sentence.
    """
    return date_from_env("OFFERS_TODAY") or date.today()


@dataclass
class CheckResult:
    """Everything found in one pass over the sources."""

    problems: list[Problem] = field(default_factory=list)
    offers: list[LoadedYaml] = field(default_factory=list)
    providers: list[LoadedYaml] = field(default_factory=list)
    files_checked: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def discover(offers_dir: Path) -> tuple[list[Path], list[Path]]:
    """(offer files, provider files) of a catalogue folder, sorted."""
    listing = list_catalogue(offers_dir)
    return listing.offers, listing.providers


@dataclass(frozen=True)
class _OfferContext:
    """What the checks of one offer file need besides the file: a changed context rechecks every offer."""

    today: date
    provider_ids: frozenset[str]
    broken: frozenset[str]  # ids of provider files that exist but have errors
    provider_data: dict[str, dict]
    keep_data: bool = True  # False: an outcome's data holds only id and provider


@dataclass
class _OfferOutcome:
    """Everything one offer file contributes, computed without looking at other offer files.

    Small and picklable (no positions): it travels back from a worker process and is kept in a
    LoadCache. ``problems`` are the file's own findings (loading and schema, or the semantic and
    KURSNET checks); ``id_position`` is where its id stands, for a duplicate-id message.
    """

    data: Any  # None when the file did not load; only id and provider unless the context keeps data
    schema_ok: bool
    problems: list[Problem]
    warnings: list[Problem]
    id_position: Position | None
    source_sha256: str


class LoadCache:
    """Results of earlier loads in this process, so that a second load re-reads only changed files.

    ``load_catalogue(offers_dir, today, cache=cache)``: an offer file whose path, size,
    modification time and content (SHA-256) are unchanged is neither parsed nor checked again;
    provider files are always read (there are few), and when they, or the day, change, every
    offer is checked again; so is a file that did not load at all. The checks across files
    (duplicate ids, references to broken providers) always run over all offers, so a load with
    the cache gives what a fresh load gives. An unchanged offer's data is the very dict of the
    earlier load: read-only, as the frozen Catalogue already asks. Not shared between threads.
    """

    def __init__(self) -> None:
        self._context: _OfferContext | None = None
        self._offers: dict[Path, tuple[tuple[int, int], _OfferOutcome]] = {}
        self.last_read: list[Path] = []  # offer files parsed and checked by the last load

    def __len__(self) -> int:
        return len(self._offers)

    def _lookup(self, path: Path) -> _OfferOutcome | None:
        entry = self._offers.get(path)
        if entry is None:
            return None
        try:
            stat = path.stat()
            if (stat.st_mtime_ns, stat.st_size) != entry[0] or stat.st_size > MAX_FILE_BYTES:
                return None
            if hashlib.sha256(path.read_bytes()).hexdigest() != entry[1].source_sha256:
                return None
        except OSError:
            return None  # read it again: the reading reports the fault
        return entry[1]

    def _replace(self, context: _OfferContext, entries: dict[Path, tuple[tuple[int, int], _OfferOutcome]]) -> None:
        self._context, self._offers = context, entries


def check_catalogue(
    offers_dir: Path,
    today: date | None = None,
    schemas: SchemaSet | None = None,
    only: list[Path] | None = None,
    cache: LoadCache | None = None,
    keep_offers: bool = True,
) -> CheckResult:
    """Load and check a catalogue folder. ``only`` limits which offer files are reported on,
    but providers are always read so that references can be checked. ``cache`` (a LoadCache)
    skips offer files unchanged since its last load. ``keep_offers=False`` leaves
    ``result.offers`` empty (only the problems are wanted), which spares worker processes
    sending every offer's data back."""
    today = today or build_date()
    schemas = schemas or schema_set(SCHEMA_DIR)
    listing = list_catalogue(offers_dir)  # also warns about every file that is not read
    offer_files, provider_files = listing.offers, listing.providers
    result = CheckResult()
    report_providers: set[Path] | None = None
    if only is None:
        result.problems += listing.problems
    else:
        provider_dir = (offers_dir / PROVIDERS_SUBDIR).resolve()
        offer_files = [p for p in only if p.resolve().parent != provider_dir]
        report_providers = {p.resolve() for p in only if p.resolve().parent == provider_dir}
        result.problems += [p for p in listing.problems if p.code == UNREADABLE_CODE]
        result.problems += [note for p in only if (note := unread_note(p)) is not None]
    provider_ids: set[str] = set()
    provider_data: dict[str, dict] = {}
    # Providers that exist but do not load or validate: their own errors are reported once, at the
    # provider file; their offers are not told the provider does not exist (nor offered another one).
    broken: dict[str, Path] = {}  # provider id (file name and id: inside) → its file
    broken_problems: dict[Path, list[Problem]] = {}
    for path in provider_files:
        loaded, problems = _load_and_validate(path, schemas, PROVIDER_SCHEMA)
        if loaded is not None and not problems:
            problems = check_provider(loaded)
        data_id = loaded.data.get("id") if loaded is not None and isinstance(loaded.data, dict) else None
        if loaded is not None and not any(p.is_error for p in problems):
            assert isinstance(data_id, str)  # the provider schema requires a text id
            provider_ids.add(data_id)
            provider_data[data_id] = loaded.data
            result.providers.append(loaded)
        else:
            broken_problems[path] = problems
            for known_as in {path.stem, data_id}:
                if isinstance(known_as, str):
                    broken[known_as] = path
        if report_providers is None or path.resolve() in report_providers:
            result.problems += problems + (loaded.warnings if loaded is not None else [])
            result.files_checked += 1
    reported_broken = (
        set(broken_problems)
        if report_providers is None
        else {path for path in broken_problems if path.resolve() in report_providers}
    )
    context = _OfferContext(today, frozenset(provider_ids), frozenset(broken), provider_data, keep_offers)
    outcomes = _check_offer_files(offer_files, context, schemas, cache)
    seen_ids: dict[str, Path] = {}
    for path, outcome in zip(offer_files, outcomes, strict=True):
        result.files_checked += 1
        problems = list(outcome.problems)
        if outcome.schema_ok:
            data = outcome.data
            owner = broken.get(data["provider"])
            if owner is not None and owner not in reported_broken:
                # `offers validate x.yaml`: the broken provider is why x cannot be built; say it once
                reported_broken.add(owner)
                result.problems += broken_problems[owner]
            offer_id = data["id"]
            if offer_id in seen_ids:
                assert outcome.id_position is not None
                problems.append(
                    Problem(
                        file=path,
                        line=outcome.id_position.line,
                        column=outcome.id_position.column,
                        field="id",
                        message=f"Die Kennung „{offer_id}“ hat schon {seen_ids[offer_id].name}.",
                        hint="Jedes Angebot braucht eine eigene Kennung.",
                    )
                )
            seen_ids.setdefault(offer_id, path)
        result.problems += problems + outcome.warnings
        if keep_offers and outcome.data is not None and not any(p.is_error for p in problems):
            # positions are only needed for messages; without them memory stays flat at 10,000s of files
            result.offers.append(
                LoadedYaml(path=path, data=outcome.data, warnings=outcome.warnings, source_sha256=outcome.source_sha256)
            )
    result.problems.sort()
    return result


def _check_offer_files(
    paths: Sequence[Path], context: _OfferContext, schemas: SchemaSet, cache: LoadCache | None
) -> list[_OfferOutcome]:
    """The outcome of every offer file, in order: from the cache if unchanged, else read and checked,
    by worker processes (one per core) when there are many."""
    found = [cache._lookup(path) for path in paths] if cache is not None and cache._context == context else []
    found += [None] * (len(paths) - len(found))
    todo = [path for path, outcome in zip(paths, found, strict=True) if outcome is None]
    tick(0, total=len(todo))
    workers = _worker_count(len(todo))
    if workers > 1:
        fresh = _in_workers(todo, workers, context, schemas)
    else:
        fresh = []
        for path in todo:
            fresh.append(_check_offer_file(path, context, schemas))
            tick()
    read = iter(fresh)
    outcomes = [outcome if outcome is not None else next(read) for outcome in found]
    if cache is not None:
        entries: dict[Path, tuple[tuple[int, int], _OfferOutcome]] = {}
        for path, outcome in zip(paths, outcomes, strict=True):
            try:
                stat = path.stat()
            except OSError:
                continue
            entries[path] = ((stat.st_mtime_ns, stat.st_size), outcome)
        cache._replace(context, entries)
        cache.last_read = todo
    return outcomes


def _in_workers(paths: list[Path], workers: int, context: _OfferContext, schemas: SchemaSet) -> list[_OfferOutcome]:
    """``_check_offer_file`` for every path in forked worker processes; results in the order of ``paths``.

    A worker that dies (killed for memory) raises BrokenProcessPool here instead of hanging;
    Ctrl-C stops the parent only (workers ignore it) and the work not yet started is dropped.
    """
    from concurrent.futures import ProcessPoolExecutor

    _warm(schemas)  # compiled once here; the forked workers inherit it
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_init_worker, initargs=(context, schemas)
    )
    try:
        # chunks of ~0.1 s of work: few messages, and Ctrl-C waits only for the chunks under way
        results = []
        for result in pool.map(_check_in_worker, paths, chunksize=min(64, max(1, len(paths) // (workers * 8)))):
            results.append(result)
            tick()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


def _worker_count(files: int) -> int:
    """Worker processes for reading ``files`` offer files: 1 (this process) for few files, on one
    core, or where forking is unsafe (another thread running, e.g. a preview server)."""
    if files < PARALLEL_MIN_FILES or other_threads_running():
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, files // (PARALLEL_MIN_FILES // 2))


def _warm(schemas: SchemaSet) -> None:
    """Compile the validators and the code-field list before forking, so no worker does it again."""
    schemas.is_valid(OFFER_SCHEMA, {})
    schemas.validator(OFFER_SCHEMA)
    code_fields()


_worker_state: tuple[_OfferContext, SchemaSet] | None = None


def _init_worker(context: _OfferContext, schemas: SchemaSet) -> None:
    global _worker_state
    _worker_state = (context, schemas)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _check_in_worker(path: Path) -> _OfferOutcome:
    assert _worker_state is not None
    return _check_offer_file(path, *_worker_state)


def _check_offer_file(path: Path, context: _OfferContext, schemas: SchemaSet) -> _OfferOutcome:
    """Load, validate and check one offer file on its own (the checks across files come later)."""
    loaded, problems = _load_and_validate(path, schemas, OFFER_SCHEMA)
    if loaded is None:
        return _OfferOutcome(None, False, problems, [], None, "")
    data = loaded.data
    if problems:
        kept = data if context.keep_data else {}
        return _OfferOutcome(kept, False, problems, loaded.warnings, None, loaded.source_sha256)
    problems = check_offer(loaded, context.provider_ids, context.today, broken_providers=context.broken)
    problems += check_offer_for_kursnet(loaded, context.provider_data.get(data["provider"]))
    if not context.keep_data:
        data = {"id": data["id"], "provider": data["provider"]}
    id_position = loaded.position_of(("id",))
    return _OfferOutcome(data, True, problems, loaded.warnings, id_position, loaded.source_sha256)


def _load_and_validate(path: Path, schemas: SchemaSet, name: str) -> tuple[LoadedYaml | None, list[Problem]]:
    try:
        loaded = load_yaml(path)
    except YamlError as exc:
        return None, [exc.problem]
    except OSError as exc:  # e.g. no read permission: a finding about this file, not a crash
        return None, [
            Problem(
                file=path,
                line=0,
                column=0,
                field="",
                message=f"Die Datei lässt sich nicht lesen: {os_reason(exc)}.",
                hint="Die Leserechte der Datei prüfen (lassen); danach noch einmal prüfen.",
            )
        ]
    return loaded, validate_against_schema(loaded, schemas, name)


def build_catalogue(result: CheckResult, today: date) -> Catalogue:
    """Turn a clean CheckResult into the model."""
    providers = {ly.data["id"]: Provider(id=ly.data["id"], data=ly.data, path=ly.path) for ly in result.providers}
    offers = []
    for ly in result.offers:
        data = ly.data
        places = {p["id"]: p for p in data["format"].get("places", [])}
        first_place = next(iter(places.values()), None)
        runs = tuple(
            sorted(
                (
                    Run(
                        id=r["id"],
                        start=date.fromisoformat(r["start"]),
                        end=date.fromisoformat(r["end"]),
                        application_deadline=date.fromisoformat(r["application_deadline"])
                        if r.get("application_deadline")
                        else None,
                        place=places.get(r["place"]) if r.get("place") else first_place,
                        data=r,
                    )
                    for r in data.get("runs", [])
                ),
                key=lambda r: (r.start, r.id),
            )
        )
        digest = ly.source_sha256 or hashlib.sha256(ly.path.read_bytes()).hexdigest()
        offers.append(
            Offer(
                id=data["id"],
                data=data,
                path=ly.path,
                provider=providers[data["provider"]],
                runs=runs,
                source_sha256=digest,
            )
        )
    offers.sort(key=lambda o: o.id)
    return Catalogue(offers=offers, providers=dict(sorted(providers.items())), today=today, warnings=result.warnings)


def load_catalogue(
    offers_dir: Path, today: date | None = None, schemas: SchemaSet | None = None, cache: LoadCache | None = None
) -> Catalogue:
    """Load, check and model a catalogue folder; raise CatalogueInvalid listing every error.

    With a ``cache`` (one LoadCache kept across loads, e.g. by a preview server) only the offer
    files changed since the last load are read again.
    """
    today = today or build_date()
    result = check_catalogue(Path(offers_dir), today, schemas, cache=cache)
    if result.errors:
        raise CatalogueInvalid(result.problems)
    return build_catalogue(result, today)
