"""The parallel cold index: files read and parsed into what the store keeps (`Parsed`), on every core.

`parse_file` turns one file on disk into its stored memory (or says why it cannot be read); `parse_in_parallel`
hands batches of about 256 KB of source to spawned worker processes and yields their results batch by batch,
in submission order, falling back to this thread where workers cannot start. Spawned workers import this
module by name to reach `_parse_batch`: it does no work at import. The memory (`workspace.py`) calls it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from .document import index_text
from .files import Candidate
from .languages import BY_NAME
from .search import symbol_entries
from .store import Parsed, encode, search_rows

log = logging.getLogger(__name__)


def parse_file(cand: Candidate) -> Parsed | str:
    """The memory of one file on disk, ready to store, or why it could not be read."""
    try:
        data = cand.absolute.read_bytes()
    except OSError as err:
        return f"unreadable ({err.strerror or err})"
    if b"\0" in data[:8192]:
        return "binary (NUL bytes)"
    try:
        index = index_text(cand.path, cand.spec, data)
    except RecursionError:
        return "nesting too deep to index"
    return Parsed(
        path=cand.path,
        content_hash=index.content_hash,
        # The size on disk, not the decoded text's (replacement characters are longer than the bytes they
        # replace): a warm start compares sizes on disk.
        size=cand.size,
        mtime_ns=cand.mtime_ns,
        language=index.language,
        blob=encode(index),
        names=index.defined_names,
        refs=index.referenced_names,
        notes=index.notes,
        rows=search_rows(symbol_entries(index)),
    )


def _parse_batch(batch: list[tuple[str, str, str, int, int]]) -> list[Parsed | str]:
    """Worker side of the parallel index: parse a batch of files."""
    return [
        parse_file(Candidate(rel, Path(absolute), BY_NAME[language], size, mtime_ns))
        for rel, absolute, language, size, mtime_ns in batch
    ]


def parse_in_parallel(
    todo: list[Candidate], jobs: int | None, cancelled: threading.Event | None
) -> Iterable[list[tuple[Candidate, Parsed | str]]]:
    """Parse files on every core, yielding results batch by batch (in submission order)."""
    workers = jobs or os.cpu_count() or 1
    if workers <= 1 or len(todo) < 8:
        for cand in todo:
            if cancelled is not None and cancelled.is_set():
                return
            yield [(cand, parse_file(cand))]
        return
    # Batches of about 256 KB of source keep the workers busy without large messages.
    batches: list[list[Candidate]] = []
    current: list[Candidate] = []
    weight = 0
    for cand in sorted(todo, key=lambda c: -c.size):
        current.append(cand)
        weight += cand.size
        if weight > 256_000 or len(current) >= 64:
            batches.append(current)
            current, weight = [], 0
    if current:
        batches.append(current)
    # spawn, not fork: the server has threads, and fork would copy their locks mid-use.
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            futures = [
                pool.submit(
                    _parse_batch, [(c.path, str(c.absolute), c.spec.name, c.size, c.mtime_ns) for c in batch]
                )
                for batch in batches
            ]
            for batch, future in zip(batches, futures, strict=True):
                if cancelled is not None and cancelled.is_set():
                    for f in futures:
                        f.cancel()
                    return
                results = future.result()
                done += 1
                yield list(zip(batch, results, strict=True))
    except BrokenProcessPool as err:
        # Workers cannot start when the main module cannot be re-imported (python - < script, some
        # embedders): index the rest on this thread rather than fail.
        log.warning("parallel indexing unavailable (%s); indexing on one core", err)
        for batch in batches[done:]:
            for cand in batch:
                if cancelled is not None and cancelled.is_set():
                    return
                yield [(cand, parse_file(cand))]
