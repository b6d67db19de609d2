"""The memory of a workspace: every file's FileIndex, the symbol table, and the editor's open documents.

Input arrives as edits (`open_document`, then `Document.replace` and `update_document`), file-system events (`refresh_paths`) and a cold
index (`index_all`, parallel, off the caller's thread); queries read immutable FileIndex snapshots, so a
reader never sees a half-updated file. A query for a file that is not indexed yet indexes that one file
at once instead of waiting for the rest.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from pathlib import Path

from .document import Document, decode, index_text
from .fileindex import FileIndex
from .files import Candidate, FileRules, Rules, discover
from .heap import settle
from .languages import BY_NAME, SNIFF_BYTES, LanguageSpec, language_for
from .parse_pool import parse_file, parse_in_parallel
from .records import SymbolNode
from .report import IndexReport
from .search import NameIndex, NameTable, SymbolEntry, symbol_entries
from .store import Parsed, Store, StoredFile, default_store_path

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, str], None]
"""(done, total, current path)"""

_LOADED_LIMIT = 512
_OUTSIDE = "outside the workspace (a .. or a symlink leads out of it)"
# From this many files to parse, the store takes them in bulk (its name indexes built once, at the end).
_BULK_FILES = 256
# How many answers of relpath and is_excluded a memory keeps (paths are short; a workspace has fewer).
_KEPT_PATHS = 100_000


class Memory:
    """The architectural memory of one workspace root."""

    def __init__(
        self,
        root: str | Path,
        *,
        rules: FileRules | None = None,
        store_path: Path | None = None,
        persist: bool = True,
        cache_dir: Path | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.rules = rules or FileRules()
        self._rules = Rules(self.root, self.rules)
        self._relative_keys: dict[str, str] = {}  # relpath's answers for relative paths
        self._exclusions: dict[str, str | None] = {}  # is_excluded's answers
        path = store_path or (default_store_path(self.root, cache_dir) if persist else None)
        self.store = Store(path)
        self._lock = threading.RLock()
        self._stored = self.store.files()
        self._loaded: OrderedDict[str, FileIndex] = OrderedDict()
        self._open: dict[str, Document] = {}
        # The symbol table: name -> files defining it.
        self._names = NameTable()
        defined: dict[str, set[str]] = {}
        for name, p in self.store.all_names():
            defined.setdefault(p, set()).add(name)
        for p, names in defined.items():
            self._names.set(p, frozenset(names))
        # Dotted module name -> file, for import resolution (the names each language's spec gives a file).
        self._modules: dict[str, str] = {}
        for p, meta in self._stored.items():
            self._add_module(p, meta.language)
        self.version = 0
        self._edits: dict[str, int] = {}  # per path, the version's steps that were the editor's texts of it

    @classmethod
    def open(cls, root: str | Path, *, jobs: int | None = None, **kwargs: object) -> Memory:
        """A memory of `root`, fully indexed (blocking). Without `persist=True` nothing is written to disk."""
        kwargs.setdefault("persist", False)
        memory = cls(root, **kwargs)  # type: ignore[arg-type]
        memory.index_all(jobs=jobs)
        return memory

    # -- paths ----------------------------------------------------------------------------------------

    def relpath(self, path: str | Path) -> str:
        """The memory's key for a path: workspace-relative POSIX, or absolute when outside the root."""
        if isinstance(path, str):
            # Every query about a file asks this, thousands of times a request, mostly with the memory's
            # own keys; a relative path's key depends on its text alone, so it is worked out once.
            key = self._relative_keys.get(path)
            if key is not None:
                return key
        p = Path(path)
        if not p.is_absolute():
            key = p.as_posix()
            if isinstance(path, str):
                if len(self._relative_keys) >= _KEPT_PATHS:
                    self._relative_keys.clear()
                self._relative_keys[path] = key
            return key
        try:
            return p.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return p.as_posix()

    def abspath(self, rel: str) -> Path:
        p = Path(rel)
        return p if p.is_absolute() else self.root / p

    def holds(self, absolute: Path) -> bool:
        """Whether a file lies inside the root once `..` and symlinks (a directory's too) are followed. The
        walker never leaves the root; this keeps out the files it did not find (a watched path, a file asked
        for by name or URI): a file outside enters the memory only as a document the editor opened, so only
        what the user opened can reach a prompt."""
        try:
            return absolute.resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):
            return False

    def is_excluded(self, rel: str) -> str | None:
        """Why a path must never be read into a prompt (settings, .gitignore, secrets), or None."""
        if rel in self._exclusions:
            # The rules are fixed for the memory's life and each .gitignore is read once: so is the answer.
            return self._exclusions[rel]
        if Path(rel).is_absolute():
            why = "secret-looking file (never read)" if self._rules.is_secret(Path(rel).name) else None
        else:
            why = self._rules.excluded(rel)
        if len(self._exclusions) >= _KEPT_PATHS:
            self._exclusions.clear()
        self._exclusions[rel] = why
        return why

    # -- indexing -------------------------------------------------------------------------------------

    def index_all(
        self,
        *,
        jobs: int | None = None,
        progress: ProgressCallback | None = None,
        cancelled: threading.Event | None = None,
    ) -> IndexReport:
        """Bring the memory in line with the files on disk, in parallel. Unchanged files are reused. What
        it leaves lives as long as the memory: it is settled out of the collector's full passes (heap.py)."""
        started = time.perf_counter()
        report = IndexReport(store_rebuilt_because=self.store.rebuilt_because)
        found = discover(self.root, self.rules)
        report.skipped = found.skipped
        report.files = len(found.files)
        stored = self._stored
        todo: list[Candidate] = []
        for cand in found.files:
            old = stored.get(cand.path)
            if old is not None and old.size == cand.size and old.mtime_ns == cand.mtime_ns:
                report.reused += 1
            else:
                todo.append(cand)
        present = {c.path for c in found.files}
        gone = [p for p in stored if p not in present]
        if gone:
            self._forget(gone)
            report.removed = len(gone)

        total = len(todo)
        with self.store.bulk() if total >= _BULK_FILES else nullcontext():
            self._parse_and_remember(todo, jobs, progress, cancelled, report)
        self._summarize(report)
        settle()
        report.seconds = time.perf_counter() - started
        report.store_bytes = self.store.size_bytes()
        return report

    def _parse_and_remember(
        self,
        todo: list[Candidate],
        jobs: int | None,
        progress: ProgressCallback | None,
        cancelled: threading.Event | None,
        report: IndexReport,
    ) -> None:
        """Parse `todo` on every core and store what comes back, batch by batch."""
        total = len(todo)
        done = 0
        for batch in parse_in_parallel(todo, jobs, cancelled):
            results: list[Parsed] = []
            unreadable: list[str] = []
            for cand, outcome in batch:
                done += 1
                if isinstance(outcome, str):
                    report.skipped.setdefault(outcome, []).append(cand.path)
                    unreadable.append(cand.path)
                    continue
                results.append(outcome)
                if outcome.notes:
                    report.notes[cand.path] = list(outcome.notes)
                if progress is not None:
                    progress(done, total, cand.path)
            # A file that vanished or turned unreadable since discovery must not keep its old memory.
            stale = [p for p in unreadable if p in self._stored]
            if stale:
                self._forget(stale)
                report.removed += len(stale)
            self._remember(results)
            report.parsed += len(results)
            if cancelled is not None and cancelled.is_set():
                report.cancelled = True
                break

    def _summarize(self, report: IndexReport) -> None:
        for meta in self._stored.values():
            report.files_by_language[meta.language] = report.files_by_language.get(meta.language, 0) + 1
        counts = self.store.counts_by_language()
        report.symbols_by_language = counts[0]
        report.references_by_language = counts[1]

    def _remember(self, results: Sequence[Parsed]) -> None:
        if not results:
            return
        self.store.save(results)
        with self._lock:
            for parsed in results:
                self._names.set(parsed.path, parsed.names)
                if parsed.path not in self._stored:
                    self._add_module(parsed.path, parsed.language)
                self._stored[parsed.path] = StoredFile(
                    parsed.path, parsed.content_hash, parsed.size, parsed.mtime_ns, parsed.language
                )
                # The next read unpickles the new memory from the store.
                self._loaded.pop(parsed.path, None)
            self.version += 1

    def _forget(self, paths: Sequence[str]) -> None:
        self.store.delete(paths)
        with self._lock:
            for p in paths:
                self._stored.pop(p, None)
                self._loaded.pop(p, None)
                self._remove_module(p)
                self._names.set(p, frozenset())
            self.version += 1

    def _add_module(self, path: str, language: str) -> None:
        spec = BY_NAME.get(language)
        if spec is None or Path(path).is_absolute():
            return
        for name in spec.importable_names(path):
            self._modules.setdefault(name, path)

    def _remove_module(self, path: str) -> None:
        for name in [n for n, p in self._modules.items() if p == path]:
            del self._modules[name]

    def module_path(self, dotted: str) -> str | None:
        """The workspace file an import names by the dotted module name `dotted` (Python's), if any."""
        return self._modules.get(dotted)

    def _cache(self, index: FileIndex) -> None:
        self._loaded[index.path] = index
        self._loaded.move_to_end(index.path)
        while len(self._loaded) > _LOADED_LIMIT:
            self._loaded.popitem(last=False)

    def refresh_paths(self, paths: Iterable[str | Path]) -> list[str]:
        """Re-read files changed on disk (watcher, didChangeWatchedFiles); returns the paths updated."""
        updated: list[str] = []
        results: list[Parsed] = []
        removed: list[str] = []
        for raw in paths:
            rel = self.relpath(raw)
            if rel in self._open:
                continue  # the editor's text wins over the disk while a document is open
            absolute = self.abspath(rel)
            if not absolute.exists():
                if rel in self._stored:
                    removed.append(rel)
                    updated.append(rel)
                continue
            cand, reason = self._rules.check_file(rel, absolute) if self.holds(absolute) else (None, _OUTSIDE)
            if cand is None:
                if rel in self._stored:
                    removed.append(rel)
                    updated.append(rel)
                if reason:
                    log.info("not indexing %s: %s", rel, reason)
                continue
            outcome = parse_file(cand)
            if isinstance(outcome, str):
                log.info("not indexing %s: %s", rel, outcome)
                continue
            results.append(outcome)
            updated.append(rel)
        if removed:
            self._forget(removed)
        self._remember(results)
        return updated

    # -- the editor's documents ---------------------------------------------------------------------

    def open_document(self, path: str | Path, text: str | bytes, version: int = 0) -> Document | None:
        """Start following an editor buffer; None for files in no supported language. A buffer already
        followed takes the new text as one edit of what changed (`Document.set_text`): a full sync of a
        9 MB file re-reads the statements it touched, not the whole file."""
        rel = self.relpath(path)
        data = text.encode("utf-8") if isinstance(text, str) else text
        spec = language_for(rel, data[:SNIFF_BYTES])
        if spec is None:
            return None
        doc = self._open.get(rel)
        if doc is not None and doc.spec is spec:
            doc.set_text(data, version)
        else:
            doc = Document(rel, spec, data, version)
        # Every question about an open document reads its symbols: build them while the editor is still
        # opening it (15 ms for 1,740 symbols), not inside the first request.
        _ = doc.index.symbols
        with self._lock:
            self._open[rel] = doc
            self._add_module(rel, spec.name)
            self._names.set(rel, doc.index.defined_names)
            self._cache(doc.index)
            self.version += 1
            self._edits[rel] = self._edits.get(rel, 0) + 1
        return doc

    set_document = open_document

    def document(self, path: str | Path) -> Document | None:
        return self._open.get(self.relpath(path))

    def update_document(self, doc: Document) -> None:
        """Publish a document's new memory after its edits were applied (`Document.replace`)."""
        with self._lock:
            self._names.set(doc.path, doc.index.defined_names)
            self._cache(doc.index)
            self.version += 1
            self._edits[doc.path] = self._edits.get(doc.path, 0) + 1

    def changes_elsewhere(self, path: str) -> int:
        """The memory's changes but the editor's texts of `path`: the same at two moments, no other file moved."""
        with self._lock:
            return self.version - self._edits.get(path, 0)

    def close_document(self, path: str | Path) -> None:
        """Stop following a buffer; the memory falls back to the file on disk."""
        rel = self.relpath(path)
        with self._lock:
            self._open.pop(rel, None)
            self._loaded.pop(rel, None)
        self.refresh_paths([rel])

    def open_documents(self) -> list[str]:
        return list(self._open)

    # -- queries --------------------------------------------------------------------------------------

    def files(self) -> list[str]:
        with self._lock:
            return sorted(set(self._stored) | set(self._open))

    def file(self, path: str | Path) -> FileIndex | None:
        """The memory of one file: the open buffer's if any, else the stored one, else parsed now."""
        rel = self.relpath(path)
        doc = self._open.get(rel)
        if doc is not None:
            return doc.index
        with self._lock:
            found = self._loaded.get(rel)
            if found is not None:
                self._loaded.move_to_end(rel)
                return found
        absolute = self.abspath(rel)
        if Path(rel).is_absolute() and rel not in self._stored:
            library = self._library_file(absolute)
            if library is not None:
                return library
        readable = absolute.is_file() and self.is_excluded(rel) is None
        if rel not in self._stored and readable:
            # Not indexed yet: index this one file now (the store then holds it like any other).
            self.refresh_paths([rel])
        if rel in self._stored:
            loaded = self.store.load(rel)
            if loaded is None and readable and self.refresh_paths([rel]):
                loaded = self.store.load(rel)  # the stored row was damaged: indexed again
            if loaded is not None:
                with self._lock:
                    self._cache(loaded)
                return loaded
        return None

    def _library_file(self, absolute: Path) -> FileIndex | None:
        """The memory of a file of a language's library outside the root (Go's GOROOT/src, see
        `LanguageSpec.library_dirs`), which imports lead to: parsed on demand and kept only in the
        cache of loaded files, never stored, never listed among the workspace's files or names."""
        rel = absolute.as_posix()
        if self.is_excluded(rel) is not None:
            return None
        try:
            real = absolute.resolve()
            spec = language_for(rel)
            if spec is None or not any(real.is_relative_to(d.resolve()) for d in spec.library_dirs()):
                return None
            if real.stat().st_size > self.rules.max_file_size:
                return None
            raw = real.read_bytes()
        except OSError:
            return None
        index = index_text(rel, spec, raw)
        with self._lock:
            self._cache(index)
        return index

    def content_hash(self, path: str | Path) -> str | None:
        """The content hash of the file's memory, without reading that memory when it is stored."""
        rel = self.relpath(path)
        doc = self._open.get(rel)
        if doc is not None:
            return doc.index.content_hash
        with self._lock:
            stored = self._stored.get(rel)
        if stored is not None:
            return stored.content_hash
        index = self.file(rel)
        return None if index is None else index.content_hash

    def text(self, path: str | Path) -> bytes | None:
        """The current text of a file (the editor's buffer when open), decoded as the memory saw it."""
        rel = self.relpath(path)
        doc = self._open.get(rel)
        if doc is not None:
            return doc.text
        try:
            raw = self.abspath(rel).read_bytes()
        except OSError:
            return None
        return decode(raw)[0]

    def files_defining(self, name: str) -> list[str]:
        with self._lock:
            return self._names.files_defining(name)

    def names(self) -> list[str]:
        with self._lock:
            return self._names.names()

    def name_index(self) -> NameIndex:
        """Every defined name, prepared for fuzzy search (a snapshot: searched without the lock)."""
        with self._lock:
            return self._names.snapshot()

    def entries_named(self, name: str) -> list[SymbolEntry]:
        """The searchable definitions called `name`, by path, in document order: an open document's from
        its buffer, every other file's from the store's rows (no file's memory is read)."""
        paths = self.files_defining(name)
        stored: dict[str, list[SymbolEntry]] = {}
        if any(p not in self._open for p in paths):
            for entry in self.store.entries_named(name):
                stored.setdefault(entry.path, []).append(entry)
        out: list[SymbolEntry] = []
        for path in paths:
            doc = self._open.get(path)
            if doc is not None:
                out.extend(symbol_entries(doc.index, name))
            else:
                out.extend(stored.get(path, ()))
        return out

    def files_referencing(self, name: str) -> list[str]:
        """Files whose code mentions `name` (as a plain name or a member)."""
        found = set(self.store.paths_referencing(name))
        for rel, doc in list(self._open.items()):
            if name in doc.index.referenced_names:
                found.add(rel)
            else:
                found.discard(rel)
        return sorted(found)

    def symbol(self, symbol_id: str) -> SymbolNode | None:
        path = symbol_id.partition("::")[0]
        index = self.file(path)
        return None if index is None else index.by_id.get(symbol_id)

    def spec(self, path: str) -> LanguageSpec | None:
        index = self.file(path)
        return None if index is None else BY_NAME.get(index.language)

    def close(self) -> None:
        self.store.close()
