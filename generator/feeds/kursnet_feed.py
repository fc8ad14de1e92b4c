"""KURSNET feed: one open-Qcat 1.1 catalogue per provider with a ``kursnet:`` block.

Output (relative to ``feeds/``):

* ``kursnet/<provider-id>.xml`` – full delivery (NEW_CATALOG) of the provider's listed offers
  (offers with ``kursnet.export: false`` are left out);
* with ``options["previous"]`` (``offers export kursnet --previous FILE``) additionally, for the
  provider the previous file belongs to, ``kursnet/<provider-id>.update.xml`` (UPDATE_CATALOG)
  and the state file ``kursnet/<provider-id>.seq.json`` (unless ``options["state_file"]`` names
  another place; ``generator.cli.export_command`` writes that one).

Every file is checked against the official XSD before it is returned; a writer that would
produce an invalid file raises FeedError instead, so nothing half-right is ever written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator.feed_error import FeedError
from generator.feeds import FeedContext
from generator.kursnet import diff, document, xsd
from generator.kursnet.encoding import encoding_name, serialise
from generator.kursnet.mapping import offer_services
from generator.model import Catalogue, Offer, Provider

FOLDER = "kursnet"


def full_path(provider_id: str) -> str:
    return f"{FOLDER}/{provider_id}.xml"


def update_path(provider_id: str) -> str:
    return f"{FOLDER}/{provider_id}.update.xml"


def state_path(provider_id: str) -> str:
    return f"{FOLDER}/{provider_id}.seq.json"


def kursnet_providers(catalogue: Catalogue) -> list[Provider]:
    return [p for p in catalogue.providers.values() if p.kursnet]


def skipped_providers(catalogue: Catalogue) -> list[str]:
    """Ids of providers without a ``kursnet:`` block: they get no KURSNET file."""
    return sorted(p.id for p in catalogue.providers.values() if not p.kursnet)


def skip_message(catalogue: Catalogue) -> str | None:
    """One German line for the build log, or None when every provider has KURSNET data."""
    skipped = skipped_providers(catalogue)
    if not skipped:
        return None
    noun = "Projekt" if len(skipped) == 1 else "Projekte"
    return (
        f"KURSNET: kein Katalog für {len(skipped)} {noun} ohne KURSNET-Angaben (kursnet: in "
        f"offers/providers/…): {', '.join(skipped)}"
    )


def exported_offers(catalogue: Catalogue, provider: Provider) -> list[Offer]:
    """Listed offers of a provider that are not excluded with ``kursnet.export: false``."""
    return [
        o
        for o in catalogue.listed()
        if o.provider.id == provider.id and (o.data.get("kursnet") or {}).get("export", True) is not False
    ]


def services_of(ctx: FeedContext, provider: Provider) -> list[etree._Element]:
    services: list[etree._Element] = []
    for offer in exported_offers(ctx.catalogue, provider):
        try:
            services += offer_services(offer, ctx.catalogue.today, ctx.offer_url(offer), ctx.labels)
        except FeedError as exc:
            raise FeedError(f"KURSNET, {offer.path.name}: {exc}") from exc
    return services


def full_catalogue(ctx: FeedContext, provider: Provider) -> etree._Element:
    return document.new_catalog(provider, ctx.build_time, services_of(ctx, provider))


def _encoding(ctx: FeedContext) -> str:
    try:
        return encoding_name(ctx.options.get("encoding"))
    except ValueError as exc:
        raise FeedError(f"KURSNET: {exc}") from exc


def _checked(root: etree._Element, encoding: str, name: str) -> bytes:
    data = serialise(root, encoding)
    problems = xsd.errors(data)
    if problems:
        raise FeedError(f"KURSNET: {name} verletzt das open-Qcat-Schema: {'; '.join(problems[:3])}")
    return data


def write(ctx: FeedContext) -> dict[str, bytes]:
    encoding = _encoding(ctx)
    files: dict[str, bytes] = {}
    current: dict[str, etree._Element] = {}
    for provider in kursnet_providers(ctx.catalogue):
        current[provider.id] = full_catalogue(ctx, provider)
        files[full_path(provider.id)] = _checked(current[provider.id], encoding, full_path(provider.id))
    previous = ctx.options.get("previous")
    if previous:
        files.update(_differential(ctx, Path(previous), current, encoding))
    return files


def _differential(
    ctx: FeedContext, previous_path: Path, current: dict[str, etree._Element], encoding: str
) -> dict[str, bytes]:
    previous = diff.read_delivery(previous_path)
    matches = [
        p
        for p in kursnet_providers(ctx.catalogue)
        if (kursnet := p.kursnet)
        and kursnet["provider_number"] == previous.supplier_id
        and kursnet["catalog_id"] == previous.catalog_id
    ]
    if not matches:
        raise FeedError(
            f"KURSNET: Die vorige Datei „{previous_path.name}“ (Anbieter {previous.supplier_id}, "
            f"Katalog {previous.catalog_id}) gehört zu keinem Projekt mit KURSNET-Angaben."
        )
    provider = matches[0]
    kursnet = provider.kursnet
    assert kursnet is not None  # kursnet_providers() keeps only providers with a kursnet: block
    state_file = _state_location(ctx, provider)
    if state_file is not None and state_file.exists() and not state_file.is_file():
        # load_state would read "no state" and start counting at 1 again
        raise FeedError(
            f"KURSNET: Die Statusdatei „{state_file}“ ist ein Ordner, keine Datei; bitte entfernen "
            "oder mit --state-file eine Datei angeben."
        )
    plan = diff.plan(previous, diff.load_state(state_file), state_file)
    services = current[provider.id].findall("NEW_CATALOG/SERVICE")
    deleted, changed = diff.changes(plan.base, plan.base_courses, services)
    root = document.update_catalog(provider, ctx.build_time, plan.seq_number, deleted, [_copy(s) for s in changed])
    files = {update_path(provider.id): _checked(root, encoding, update_path(provider.id))}
    files[state_path(provider.id)] = diff.state_bytes(provider.id, kursnet["catalog_id"], plan.seq_number, services)
    return files


def _state_location(ctx: FeedContext, provider: Provider) -> Path | None:
    """Where the seq_number is kept: --state-file, else next to the output (<out>/kursnet/…)."""
    if ctx.options.get("state_file"):
        return Path(ctx.options["state_file"])
    if ctx.options.get("out"):
        return Path(ctx.options["out"]) / state_path(provider.id)
    return None


def pop_state_files(files: dict[str, bytes], out_dir: Path, state_file: Path | None) -> dict[Path, bytes]:
    """Take the sequence state out of ``files``: it is not a feed file. It must survive later
    exports without --previous (which would otherwise remove it as stale) and may live outside
    the output folder (--state-file). Returns target path → content for ``write_state``."""
    states = [k for k in files if k.startswith(f"{FOLDER}/") and k.endswith(".seq.json")]
    return {(Path(state_file) if state_file else out_dir / k): files.pop(k) for k in states}


def state_file_problem(path: Path) -> str | None:
    """Why ``--state-file PATH`` cannot be used, in German, or None if it can.

    Checked before anything is written: a folder given here once made the export start counting
    from 1 again, write a delivery, and then fail to save its number (and wrote a stray
    ``.<name>.tmp`` beside the folder).
    """
    if path.is_dir():
        return (
            f"„{path}“ ist ein Ordner; für --state-file bitte eine Datei angeben, z. B. „{path / 'kursnet-seq.json'}“."
        )
    if path.exists() and not path.is_file():
        return f"„{path}“ ist keine gewöhnliche Datei; für --state-file bitte eine Datei angeben."
    existing = path.absolute().parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"„{existing}“ ist eine Datei, kein Ordner; die Statusdatei „{path}“ kann dort nicht liegen."
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"Im Ordner „{existing}“ darf die Statusdatei nicht geschrieben werden; bitte einen anderen Ort angeben."
    return None


@dataclass
class StagedStates:
    """State files written beside their targets, not yet in place; and folders made for them."""

    files: dict[Path, Path] = field(default_factory=dict)  # target → temporary file
    made_folders: list[Path] = field(default_factory=list)  # deepest last


def stage_states(states: dict[Path, bytes]) -> StagedStates:
    """Write each state to a temporary file beside its target.

    Staged before the feeds are written and put in place only after them (``commit_states``),
    so a delivery is never written without its number being saved, and a full disk or a
    read-only folder is found before anything is replaced.
    """
    staged = StagedStates()
    try:
        for path, content in states.items():
            missing = [folder for folder in reversed(path.parents) if not folder.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            staged.made_folders += missing
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.files[path] = Path(name)
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
    except BaseException:
        discard_states(staged)
        raise
    return staged


def commit_states(staged: StagedStates) -> None:
    for path, tmp in staged.files.items():
        os.replace(tmp, path)


def discard_states(staged: StagedStates) -> None:
    """Remove the temporary files and the folders made for them: a failed export leaves nothing."""
    for tmp in staged.files.values():
        tmp.unlink(missing_ok=True)
    for folder in reversed(staged.made_folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


def write_state(path: Path, content: bytes) -> None:
    """Replace one state file atomically (temporary file in the same folder, then os.replace)."""
    commit_states(stage_states({path: content}))


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))
