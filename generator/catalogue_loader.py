"""offers/ → validated Catalogue: load every file, collect every problem, then build the model.

Layout: ``offers/*.yaml`` (one offer per file) and ``offers/providers/*.yaml`` (one QTV per
file, referenced by id from its offers). Nothing is reported while checking; the caller gets
all problems at once (CLI report, MkDocs build error).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.catalogue_files import PROVIDERS_SUBDIR, UNREADABLE_CODE, list_catalogue, unread_note
from generator.faults import date_from_env, os_reason
from generator.kursnet.preflight import check_offer_for_kursnet
from generator.model import Catalogue, Offer, Provider, Run
from generator.offer_checks import check_offer, check_provider
from generator.problems import CatalogueInvalid, Problem
from generator.schema import OFFER_SCHEMA, PROVIDER_SCHEMA, SCHEMA_DIR, SchemaSet, schema_set
from generator.schema_validator import validate_against_schema
from generator.yaml_loader import LoadedYaml, YamlError, load_yaml


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


def check_catalogue(
    offers_dir: Path, today: date | None = None, schemas: SchemaSet | None = None, only: list[Path] | None = None
) -> CheckResult:
    """Load and check a catalogue folder. ``only`` limits which offer files are reported on,
    but providers are always read so that references can be checked."""
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
    seen_ids: dict[str, Path] = {}
    for path in offer_files:
        result.files_checked += 1
        loaded, problems = _load_and_validate(path, schemas, OFFER_SCHEMA)
        if loaded is not None and not problems:
            problems = check_offer(loaded, provider_ids, today, broken_providers=set(broken))
            owner = broken.get(loaded.data["provider"])
            if owner is not None and owner not in reported_broken:
                # `offers validate x.yaml`: the broken provider is why x cannot be built; say it once
                reported_broken.add(owner)
                result.problems += broken_problems[owner]
            problems += check_offer_for_kursnet(loaded, provider_data.get(loaded.data["provider"]))
            offer_id = loaded.data["id"]
            if offer_id in seen_ids:
                problems.append(
                    Problem(
                        file=path,
                        line=loaded.position_of(("id",)).line,
                        column=loaded.position_of(("id",)).column,
                        field="id",
                        message=f"Die Kennung „{offer_id}“ hat schon {seen_ids[offer_id].name}.",
                        hint="Jedes Angebot braucht eine eigene Kennung.",
                    )
                )
            seen_ids.setdefault(offer_id, path)
        result.problems += problems + (loaded.warnings if loaded is not None else [])
        if loaded is not None and not any(p.is_error for p in problems):
            # positions are only needed for messages; dropping them keeps memory flat at 10,000s of files
            loaded.positions, loaded.key_positions, loaded.texts, loaded.plain_words = {}, {}, {}, {}
            result.offers.append(loaded)
    result.problems.sort()
    return result


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
        digest = hashlib.sha256(ly.path.read_bytes()).hexdigest()
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


def load_catalogue(offers_dir: Path, today: date | None = None, schemas: SchemaSet | None = None) -> Catalogue:
    """Load, check and model a catalogue folder; raise CatalogueInvalid listing every error."""
    today = today or build_date()
    result = check_catalogue(Path(offers_dir), today, schemas)
    if result.errors:
        raise CatalogueInvalid(result.problems)
    return build_catalogue(result, today)
