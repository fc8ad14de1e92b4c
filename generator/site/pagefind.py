"""Full-text index with Pagefind: only pages marked ``data-pagefind-body`` (listed offers).

Pagefind 1.5 holds about 390 KB per indexed page until it has written its index (every word
position of every page, twice, plus each page's own word map): 3.9 GB at 10,000 offers. So the
offer pages are indexed in shards of ``SHARD_PAGES`` (one Pagefind run each, ~0.4 GB), and the
shards' indexes are merged here into the one index a single run would have written: the same
words, positions, weights, diacritic variants, page word counts and filters, so the same scores
in the browser. Only page numbers (Pagefind's internal order) and the word chunks' file names
differ; fragments keep their names (Pagefind's content hash), so the page map is unchanged.

The merge reads and writes Pagefind's files, whose layout is not a public interface: it is
checked against the Pagefind version it was written for (``MERGE_VERSIONS``); any other version
is run over all pages at once, as before.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import heapq
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from generator.site.search_data import PAGEFIND_DIR, write_page_map

SHARD_PAGES = 1000  # pages per Pagefind run: ~0.4 GB peak each
PAGEFIND_CACHE = "pagefind"  # folder in the build cache: one index per unchanged shard
PARALLEL_RUNS = 2  # shards indexed at once (at most one per core): ~0.8 GB together
MERGE_VERSIONS = ("1.5.",)  # index layout this merge was written and tested for
CHUNK_SIZE = 20000  # Pagefind's default word chunk size (locations per chunk)
SIGNATURE = b"pagefind_dcd"
BODY_MARK = b"data-pagefind-body"


class PagefindError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def run_pagefind(
    site_dir: Path, timeout: int = 1800, shard_pages: int = SHARD_PAGES, cache_dir: Path | None = None
) -> str:
    """Index ``site_dir`` into ``site_dir/pagefind/``; return Pagefind's log.

    Runs the ``pagefind`` Python package's bundled binary (``python -m pagefind``), so no Node
    or network access is needed. German stemming is chosen from ``<html lang="de">``.
    ``cache_dir``: shard indexes of earlier builds, reused where a shard's pages did not change.
    """
    pages = indexed_pages(site_dir)
    if not pages or len(pages) <= shard_pages or not _can_merge(timeout):
        # One run over the whole site (without marked pages Pagefind indexes every <body>).
        log = _pagefind(["--site", str(site_dir)], timeout)
    else:
        log = _run_sharded(site_dir, pages, timeout, shard_pages, cache_dir)
    write_page_map(site_dir)  # the search ranks hits by offer without loading their fragments
    return log


def indexed_pages(site_dir: Path) -> list[str]:
    """The HTML files Pagefind would index (those with ``data-pagefind-body``), sorted."""
    found = []
    for path in site_dir.rglob("*.html"):
        if PAGEFIND_DIR in path.relative_to(site_dir).parts[:1]:
            continue
        with path.open("rb") as f:
            if BODY_MARK in f.read():
                found.append(path.relative_to(site_dir).as_posix())
    return sorted(found)


def _pagefind(args: list[str], timeout: int) -> str:
    cmd = [sys.executable, "-m", "pagefind", *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PagefindError(f"Pagefind ist nach {timeout} Sekunden nicht fertig geworden.") from None
    if proc.returncode != 0:
        raise PagefindError(f"Pagefind ist fehlgeschlagen ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def _can_merge(timeout: int) -> bool:
    version = _pagefind(["--version"], timeout).split()
    return bool(version) and version[-1].startswith(MERGE_VERSIONS)


def shards(pages: list[str], shard_pages: int) -> list[list[str]]:
    """Pages split into shards of about ``shard_pages`` by a hash of their path, not by position:
    an offer added or removed changes its own shard only, so the others' indexes can be reused."""
    count = -(-len(pages) // shard_pages)
    out: list[list[str]] = [[] for _ in range(count)]
    for page in pages:
        out[int.from_bytes(hashlib.sha256(page.encode()).digest()[:8], "big") % count].append(page)
    return [shard for shard in out if shard]


def _shard_key(site_dir: Path, pages: list[str], version: str) -> str:
    digest = hashlib.sha256(version.encode())
    for rel in pages:
        digest.update(rel.encode() + b"\0" + hashlib.sha256((site_dir / rel).read_bytes()).digest())
    return digest.hexdigest()


def _run_sharded(
    site_dir: Path, pages: list[str], timeout: int, shard_pages: int, cache_dir: Path | None = None
) -> str:
    """One Pagefind run per changed shard, as many at once as there are cores (each ~0.4 GB); shards
    whose pages are byte-identical to an earlier build's come from ``cache_dir``; then merged."""
    work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir.parent))
    version = _pagefind(["--version"], timeout).strip()
    try:
        jobs, bundles, reused, keys = [], [], 0, set()
        for n, shard in enumerate(shards(pages, shard_pages)):
            key = _shard_key(site_dir, shard, version)
            keys.add(key)
            stored = cache_dir / key if cache_dir is not None else None
            if stored is not None and (stored / "pagefind-entry.json").is_file():
                copy = work / f"index-{n}"  # the merge takes its inputs apart: it gets linked copies
                shutil.copytree(stored, copy, copy_function=os.link)
                bundles.append(copy)
                reused += 1
                continue
            source = work / f"seiten-{n}"
            for rel in shard:
                _link(site_dir / rel, source / rel)
            jobs.append((source, work / f"index-{n}", stored))
            bundles.append(work / f"index-{n}")
        with ThreadPoolExecutor(max_workers=max(1, min(PARALLEL_RUNS, os.cpu_count() or 1))) as pool:
            logs = list(
                pool.map(lambda job: _pagefind(["--site", str(job[0]), "--output-path", str(job[1])], timeout), jobs)
            )
        if cache_dir is not None:
            _keep_shards(cache_dir, jobs, keys)
        target = site_dir / PAGEFIND_DIR
        if target.exists():
            shutil.rmtree(target)
        try:
            merge_bundles(bundles, target)
        except (OSError, ValueError, KeyError, IndexError) as exc:
            raise PagefindError(f"Die Teilindizes von Pagefind ließen sich nicht zusammenführen: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return (
        f"{len(bundles)} Teile zu je etwa {shard_pages} Seiten ({reused} unverändert übernommen), zusammengeführt.\n"
        + "\n".join(logs)
    )


def _keep_shards(cache_dir: Path, jobs: list[tuple[Path, Path, Path | None]], current: set[str]) -> None:
    """Store the new shard indexes and drop the ones no longer current (the cache stays one index large)."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for _, bundle, stored in jobs:
            if stored is not None and not stored.exists():
                tmp = cache_dir / f".{stored.name}.tmp"
                shutil.rmtree(tmp, ignore_errors=True)
                shutil.copytree(bundle, tmp, copy_function=os.link)
                os.replace(tmp, stored)  # complete or absent, never half there
        for old in cache_dir.iterdir():
            if old.name not in current:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # a cache that cannot be written only costs time next build


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


# --- Merging Pagefind bundles -------------------------------------------------------------------
# Layout (pagefind/src/index/*.rs, 1.5): every file is gzip(b"pagefind_dcd" + CBOR); structs are
# CBOR arrays of their fields. pf_meta: [version, pages [[hash, word_count]], index_chunks
# [[from, to, hash]], filters [[name, hash]], sorts [[name, pages]], meta_fields [name]].
# pf_index: [[word, pages [[page, locs, meta_locs]], variants [[form, pages]]]], page numbers
# delta-encoded within each list. pf_filter: [name, [[value, pages]]].


def merge_bundles(bundles: list[Path], target: Path) -> None:
    """Merge Pagefind bundles of disjoint page sets, in this page order, into ``target``."""
    entries = [json.loads((b / "pagefind-entry.json").read_text(encoding="utf-8")) for b in bundles]
    target.mkdir(parents=True)
    for sub in ("fragment", "index", "filter"):
        (target / sub).mkdir()
    for bundle in bundles:  # the search's code and wasm files: the same in every bundle
        for path in bundle.iterdir():
            shared = path.is_file() and path.suffix != ".pf_meta" and path.name != "pagefind-entry.json"
            if shared and not (target / path.name).exists():
                shutil.copyfile(path, target / path.name)
    languages: dict[str, Any] = {}
    for lang in sorted({lang for e in entries for lang in e["languages"]}):
        parts = [(b, e["languages"][lang]) for b, e in zip(bundles, entries, strict=True) if lang in e["languages"]]
        languages[lang] = _merge_language(lang, parts, target)
    entry = dict(entries[0])
    entry["languages"] = languages
    (target / "pagefind-entry.json").write_text(json.dumps(entry, separators=(",", ":")), encoding="utf-8")


def _merge_language(lang: str, parts: list[tuple[Path, dict[str, Any]]], target: Path) -> dict[str, Any]:
    metas = [_read(bundle / f"pagefind.{info['hash']}.pf_meta") for bundle, info in parts]
    if any(meta[4] for meta in metas):
        raise ValueError("Sortierungen (data-pagefind-sort) werden beim Zusammenführen nicht unterstützt")
    fields = sorted({f for meta in metas for f in meta[5]})
    pages: list[list[Any]] = []
    taken: dict[str, str] = {}  # short fragment hash → full hash
    offsets, field_maps = [], []
    for (bundle, _), meta in zip(parts, metas, strict=True):
        offsets.append(len(pages))
        field_maps.append([fields.index(f) for f in meta[5]])
        for short, word_count in meta[1]:
            pages.append([_place_fragment(bundle, short, target, taken, lang), word_count])
    words = heapq.merge(
        *(
            _words(bundle, meta, offset, fmap)
            for (bundle, _), meta, offset, fmap in zip(parts, metas, offsets, field_maps, strict=True)
        ),
        key=lambda w: w[0],
    )
    chunks = _write_chunks(_combined(words), lang, target)
    filters = _merge_filters(parts, metas, offsets, lang, target)
    meta_bytes = _cbor([metas[0][0], pages, chunks, filters, [], fields])
    meta_hash = f"{lang}_{_full_hash(meta_bytes)[: len(lang) + 8]}"
    _write(target / f"pagefind.{meta_hash}.pf_meta", meta_bytes)
    info = dict(parts[0][1])
    info.update(hash=meta_hash, page_count=len(pages))
    return info


def _place_fragment(bundle: Path, short: str, target: Path, taken: dict[str, str], lang: str) -> str:
    """Move a fragment into ``target``; a short hash already taken by another page is lengthened
    as Pagefind does it (one hex digit more until it is free)."""
    source = bundle / "fragment" / f"{short}.pf_fragment"
    data = gzip.decompress(source.read_bytes())
    full = f"{lang}_{_full_hash(data[len(SIGNATURE) :])}"
    name = short
    while name in taken and taken[name] != full and len(name) < len(full):
        name = full[: len(name) + 1]
    if name not in taken:
        taken[name] = full
        shutil.move(str(source), target / "fragment" / f"{name}.pf_fragment")
    return name


def _words(bundle: Path, meta: list[Any], offset: int, field_map: list[int]) -> Iterator[list[Any]]:
    """The words of one bundle in sorted order: ``[word, pages, variants]``, each page a tuple
    ``(number + offset, its locations as CBOR bytes, location count + 1)``. Locations are copied,
    not decoded: they do not change, and decoding them in Python would cost most of the time."""
    identity = field_map == list(range(len(field_map)))
    for _, _, chunk_hash in meta[2]:
        path = bundle / "index" / f"{chunk_hash}.pf_index"
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(SIGNATURE + b"\x81"):
            raise ValueError(f"{path.name}: keine Pagefind-Wortliste")
        _, count, pos = _cbor_head_at(data, len(SIGNATURE) + 1)
        for _ in range(count):
            pos = _expect(data, pos, 0x83)
            word, pos = _cbor_decode(data, pos)
            pages, pos = _pages_at(data, pos, offset, field_map, identity)
            _, n_variants, pos = _cbor_head_at(data, pos)
            variants = []
            for _ in range(n_variants):
                pos = _expect(data, pos, 0x82)
                form, pos = _cbor_decode(data, pos)
                variant_pages, pos = _pages_at(data, pos, offset, field_map, identity)
                variants.append([form, variant_pages])
            yield [word, pages, variants]
        if pos != len(data):
            raise ValueError(f"{path.name}: unerwartete Daten am Ende")


def _pages_at(
    data: bytes, pos: int, offset: int, field_map: list[int], identity: bool
) -> tuple[list[tuple[int, bytes, int]], int]:
    _, count, pos = _cbor_head_at(data, pos)
    number = 0
    pages = []
    for _ in range(count):
        pos = _expect(data, pos, 0x83)
        _, delta, pos = _cbor_head_at(data, pos)
        number += delta
        start = pos
        _, n_locs, pos = _cbor_head_at(data, pos)
        pos = _skip_ints(data, pos, n_locs)
        meta_start = pos
        _, n_meta, pos = _cbor_head_at(data, pos)
        pos = _skip_ints(data, pos, n_meta)
        tail = data[start:pos]
        if n_meta and not identity:
            tail = data[start:meta_start] + _cbor(_remap_fields(_cbor_decode(data, meta_start)[0], field_map))
        pages.append((number + offset, tail, n_locs + n_meta + 1))
    return pages, pos


def _expect(data: bytes, pos: int, head: int) -> int:
    if data[pos] != head:
        raise ValueError(f"unerwarteter CBOR-Kopf {data[pos]:#x} an Stelle {pos}")
    return pos + 1


# One CBOR integer (major type 0 or 1, any width).
_INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38][\s\S]|[\x19\x39][\s\S]{2}|[\x1a\x3a][\s\S]{4}|[\x1b\x3b][\s\S]{8})"


@functools.cache
def _ints(n: int) -> re.Pattern[bytes]:
    return re.compile(_INT + b"{%d}" % n)


def _skip_ints(data: bytes, pos: int, n: int) -> int:
    match = _ints(n).match(data, pos)
    if match is None:
        raise ValueError(f"keine {n} CBOR-Zahlen an Stelle {pos}")
    return match.end()


def _remap_fields(meta_locs: list[int], field_map: list[int]) -> list[int]:
    """Meta positions ``[-(field+1), delta, …]`` with the bundle's field ids in the merged order."""
    if not meta_locs or field_map == list(range(len(field_map))):
        return meta_locs
    groups: list[tuple[int, list[int]]] = []
    for value in meta_locs:
        if value < 0:
            groups.append((field_map[-value - 1], []))
        else:
            groups[-1][1].append(value)
    out: list[int] = []
    for field, deltas in sorted(groups, key=lambda g: g[0]):
        out += [-(field + 1), *deltas]
    return out


def _combined(words: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """One entry per word: the pages of every bundle (in bundle order) and their variants."""
    current: list[Any] | None = None
    for word in words:
        if current is not None and current[0] == word[0]:
            current[1] += word[1]
            for form, pages in word[2]:
                same = next((v for v in current[2] if v[0] == form), None)
                if same is None:
                    current[2].append([form, pages])
                else:
                    same[1] += pages
            continue
        if current is not None:
            yield current
        current = word
    if current is not None:
        yield current


def _write_chunks(words: Iterator[list[Any]], lang: str, target: Path) -> list[list[str]]:
    """Write the word index in chunks of about ``CHUNK_SIZE`` locations; return their meta entries."""
    chunks: list[list[str]] = []
    chunk: list[list[Any]] = []
    size = 0

    def flush() -> None:
        data = _chunk_bytes(chunk)
        name = f"{lang}_{_full_hash(data)}"
        short = name[: len(lang) + 8]
        while (target / "index" / f"{short}.pf_index").exists() and len(short) < len(name):
            short = name[: len(short) + 1]
        _write(target / "index" / f"{short}.pf_index", data)
        chunks.append([chunk[0][0], chunk[-1][0], short])

    for word in words:
        size += sum(page[2] for page in word[1])
        chunk.append(word)
        if size >= CHUNK_SIZE:
            flush()
            chunk, size = [], 0
    if chunk:
        flush()
    for first, second in itertools.pairwise(chunks):
        a, b = _prefixes(first[1], second[0])
        if a >= first[0]:
            first[1] = a
        second[0] = b
    return chunks


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[: common + 1], b[: common + 1]


def _chunk_bytes(chunk: list[list[Any]]) -> bytes:
    """``WordIndex`` in CBOR, page numbers delta-encoded within each list, as Pagefind writes it."""
    out = bytearray(b"\x81")
    _cbor_head(4, len(chunk), out)
    for word, pages, variants in chunk:
        out.append(0x83)
        _cbor_into(word, out)
        _pages_into(pages, out)
        _cbor_head(4, len(variants), out)
        for form, variant_pages in variants:
            out.append(0x82)
            _cbor_into(form, out)
            _pages_into(variant_pages, out)
    return bytes(out)


def _pages_into(pages: list[tuple[int, bytes, int]], out: bytearray) -> None:
    _cbor_head(4, len(pages), out)
    last = 0
    for number, tail, _ in pages:
        out.append(0x83)
        _cbor_head(0, number - last, out)
        out += tail
        last = number


def _merge_filters(
    parts: list[tuple[Path, dict[str, Any]]], metas: list[list[Any]], offsets: list[int], lang: str, target: Path
) -> list[list[str]]:
    merged: dict[str, dict[str, list[int]]] = {}
    for (bundle, _), meta, offset in zip(parts, metas, offsets, strict=True):
        for name, filter_hash in meta[3]:
            _, values = _read(bundle / "filter" / f"{filter_hash}.pf_filter")
            by_value = merged.setdefault(name, {})
            for value, pages in values:
                by_value.setdefault(value, []).extend(p + offset for p in pages)
    out = []
    for name in sorted(merged):
        data = _cbor([name, [[value, pages] for value, pages in sorted(merged[name].items())]])
        full = f"{lang}_{_full_hash(data)}"
        short = full[: len(lang) + 8]
        while (target / "filter" / f"{short}.pf_filter").exists() and len(short) < len(full):
            short = full[: len(short) + 1]
        _write(target / "filter" / f"{short}.pf_filter", data)
        out.append([name, short])
    return out


def _full_hash(data: bytes) -> str:
    """Pagefind's ``full_hash``: SHA-1, each byte in hex without leading zero."""
    return "".join(format(b, "x") for b in hashlib.sha1(data).digest())  # noqa: S324 - a file name, as Pagefind's


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: keine Pagefind-Datei")
    value, end = _cbor_decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path.name}: unerwartete Daten am Ende")
    return value


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + data, compresslevel=9, mtime=0))


# --- The little CBOR Pagefind uses: unsigned and negative integers, text, arrays ---------------


def _cbor(value: Any) -> bytes:
    out = bytearray()
    _cbor_into(value, out)
    return bytes(out)


def _cbor_head(major: int, n: int, out: bytearray) -> None:
    if n < 24:
        out.append(major << 5 | n)
    elif n < 0x100:
        out += bytes((major << 5 | 24, n))
    elif n < 0x10000:
        out.append(major << 5 | 25)
        out += n.to_bytes(2, "big")
    elif n < 0x100000000:
        out.append(major << 5 | 26)
        out += n.to_bytes(4, "big")
    else:
        out.append(major << 5 | 27)
        out += n.to_bytes(8, "big")


def _cbor_into(value: Any, out: bytearray) -> None:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"CBOR-Wert nicht vorgesehen: {value!r}")
    if isinstance(value, int):
        if value >= 0:
            _cbor_head(0, value, out)
        else:
            _cbor_head(1, -1 - value, out)
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _cbor_head(3, len(raw), out)
        out += raw
    elif isinstance(value, list):
        _cbor_head(4, len(value), out)
        for item in value:
            _cbor_into(item, out)
    else:
        raise ValueError(f"CBOR-Wert nicht vorgesehen: {value!r}")


def _cbor_head_at(data: bytes, pos: int) -> tuple[int, int, int]:
    """Major type, argument and the position after one CBOR head."""
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if info < 24:
        return major, info, pos
    if info <= 27:
        size = 1 << (info - 24)
        return major, int.from_bytes(data[pos : pos + size], "big"), pos + size
    raise ValueError(f"CBOR-Kopf {head:#x} nicht vorgesehen")


def _cbor_decode(data: bytes, pos: int) -> tuple[Any, int]:
    major, n, pos = _cbor_head_at(data, pos)
    if major == 0:
        return n, pos
    if major == 1:
        return -1 - n, pos
    if major == 3:
        return data[pos : pos + n].decode("utf-8"), pos + n
    if major == 4:
        items = []
        for _ in range(n):
            item, pos = _cbor_decode(data, pos)
            items.append(item)
        return items, pos
    raise ValueError(f"CBOR-Typ {major} nicht vorgesehen")
