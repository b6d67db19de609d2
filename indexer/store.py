"""Persistence: an SQLite file per workspace holding each file's memory, keyed by content hash.

A restart re-reads only files whose size or modification time changed, and re-parses only those whose
content hash changed. A store that is corrupt, of another schema version or unreadable is deleted and
rebuilt; it never stops the server.

The store is a file anyone who can write the cache directory can replace, so it is read as hostile: each
blob is signed with an HMAC whose key lives in the user's config directory (never in a workspace), and a
blob whose signature does not match is never unpickled but indexed again. Secret-looking strings in the
text a memory keeps (signatures, which hold default values and assigned literals; docs; decorators) are
redacted before a blob is written, so the SQLite file holds no secret in clear text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import os
import pickle
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .context.redact import redact
from .fileindex import FileIndex
from .records import Chunk, RawDef, SymbolKind
from .search import SymbolEntry

log = logging.getLogger(__name__)

# Bump whenever FileIndex, Chunk, the extraction queries or the tables change meaning.
SCHEMA_VERSION = "archmem-store-14"
_TAG_BYTES = hashlib.sha256().digest_size
_key: bytes | None = None


def encode(index: FileIndex) -> bytes:
    """A file's memory as the store keeps it, secrets redacted and signed (`Store.load` reads it back)."""
    # The values inside (Chunk, RawDef, Import) are named tuples, which pickle as their class and fields.
    data = pickle.dumps(_redacted(index), protocol=pickle.HIGHEST_PROTOCOL)
    return _sign(data) + data


def decode(blob: bytes) -> FileIndex | None:
    """The memory in `blob` if it carries this user's signature; None (never unpickled) otherwise."""
    tag, data = blob[:_TAG_BYTES], blob[_TAG_BYTES:]
    if len(tag) != _TAG_BYTES or not hmac.compare_digest(tag, _sign(data)):
        return None
    index = pickle.loads(data)
    return index if isinstance(index, FileIndex) else None


def store_key_path() -> Path:
    """The file holding the key blobs are signed with: the user's config directory, outside any workspace
    and any configurable cache directory."""
    return Path(platformdirs.user_config_dir("archmem")) / "store.key"


def _sign(data: bytes) -> bytes:
    return hmac.new(_store_key(), data, hashlib.sha256).digest()


def _store_key() -> bytes:
    """This user's signing key, created (readable by the user only) on first use."""
    global _key
    if _key is None:
        path = store_key_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            key = path.read_bytes()
        else:
            key = os.urandom(32)
            with os.fdopen(fd, "wb") as out:
                out.write(key)
        if len(key) < 32:
            # A truncated key (a crash between create and write) would sign with too little secret.
            path.unlink(missing_ok=True)
            return _store_key()
        _key = key
    return _key


def _redacted(index: FileIndex) -> FileIndex:
    """`index` with secret-looking strings in its kept text replaced by «redacted»."""
    texts = [index.module_doc]
    for chunk in index.chunks:
        for d in chunk.defs:
            texts.extend((d.signature, d.doc, *d.decorators))
    # One redaction over everything finds out, for the common file with no secret, that nothing changes.
    if not redact("\n".join(texts))[1]:
        return index
    return dataclasses.replace(
        index, module_doc=redact(index.module_doc)[0], chunks=tuple(_redacted_chunk(c) for c in index.chunks)
    )


def _redacted_chunk(chunk: Chunk) -> Chunk:
    return chunk._replace(defs=tuple(_redacted_def(d) for d in chunk.defs))


def _redacted_def(d: RawDef) -> RawDef:
    return d._replace(
        signature=redact(d.signature)[0],
        doc=redact(d.doc)[0],
        decorators=tuple(redact(text)[0] for text in d.decorators),
    )


SearchRow = tuple[str, str, int, int, int, int, int, int, int]
"""A `SymbolEntry` as the store's `symbols` table keeps it, without its path: name, qualified name, kind,
start row and column, name start row and column, name end row and column."""


def search_rows(entries: Iterable[SymbolEntry]) -> tuple[SearchRow, ...]:
    return tuple((e.name, e.qualname, e.kind.value, *e.start, *e.name_start, *e.name_end) for e in entries)


@dataclass(frozen=True)
class Parsed:
    """A file's memory as the indexer hands it to the store: pickled, with its names for the tables."""

    path: str
    content_hash: str
    size: int
    mtime_ns: int
    language: str
    blob: bytes
    names: frozenset[str]
    refs: frozenset[str]
    notes: tuple[str, ...]
    # The rows workspace search lists (`search_rows`), so that a search reads them instead of unpickling
    # `blob`. Plain tuples: a cold index sends them across processes, where dataclasses unpickle 9x slower.
    rows: tuple[SearchRow, ...]


@dataclass(frozen=True)
class StoredFile:
    path: str
    content_hash: str
    size: int
    mtime_ns: int
    language: str


def default_store_path(root: Path, cache_dir: Path | None = None) -> Path:
    """Where the store of `root` lives: the user cache directory unless configured otherwise. A configured
    directory inside `root` is refused (logged, and the user cache directory used): a repository could
    otherwise ship the store it wants read."""
    refused = cache_dir_refusal(root, cache_dir)
    if refused:
        log.warning("%s", refused)
        cache_dir = None
    base = cache_dir or Path(platformdirs.user_cache_dir("archmem"))
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return base / f"{root.name or 'root'}-{digest}.sqlite"


def cache_dir_refusal(root: Path, cache_dir: Path | None) -> str | None:
    """Why `cache_dir` cannot hold the store of `root` (it lies inside the workspace), or None."""
    if cache_dir is None:
        return None
    inside = cache_dir.resolve()
    if inside == root.resolve() or root.resolve() in inside.parents:
        return (
            f"index.cacheDir {str(cache_dir)!r} is inside the workspace {str(root)!r}; the store is kept in "
            "the user cache directory instead (a workspace must not provide the index archmem reads)"
        )
    return None


# The indexes a lookup by name uses, dropped while `Store.bulk` runs.
_NAME_INDEXES = ("names_by_name", "refs_by_name", "symbols_by_name")


def _index_names(db: sqlite3.Connection) -> None:
    db.execute("CREATE INDEX IF NOT EXISTS names_by_name ON names(name)")
    db.execute("CREATE INDEX IF NOT EXISTS refs_by_name ON refs(name)")
    db.execute("CREATE INDEX IF NOT EXISTS symbols_by_name ON symbols(name)")


def _tune(db: sqlite3.Connection) -> None:
    """Write-ahead log without an fsync per commit: the store is a cache that is rebuilt when damaged, so a
    power cut may cost the last batches, never the file."""
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")


class Store:
    """SQLite-backed memory of a workspace. Thread-safe (one connection behind a lock)."""

    def __init__(self, path: Path | None) -> None:
        """`path` None keeps everything in memory (nothing persisted)."""
        self.path = path
        self._lock = threading.Lock()
        self.rebuilt_because: str | None = None
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            self._create(db)
            return db
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            db = sqlite3.connect(self.path, check_same_thread=False)
            _tune(db)
            self._create(db)
            return db
        try:
            db = sqlite3.connect(self.path, check_same_thread=False)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                db.close()
                raise sqlite3.DatabaseError(
                    f"schema {row[0] if row else 'missing'}, expected {SCHEMA_VERSION}"
                )
            # A readable header says nothing of the other pages: damage there would surface later, in the
            # middle of a query. Checking every page costs about 40 ms for the standard library's store.
            check = db.execute("PRAGMA quick_check(1)").fetchone()
            if check is None or check[0] != "ok":
                db.close()
                raise sqlite3.DatabaseError(f"integrity check failed: {check[0] if check else 'no answer'}")
            _tune(db)
            # A cold index interrupted in `bulk` left the by-name indexes dropped.
            _index_names(db)
            return db
        except sqlite3.DatabaseError as err:
            self.rebuilt_because = str(err)
            log.warning("rebuilding the index store %s: %s", self.path, err)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False)
            _tune(db)
            self._create(db)
            return db

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS files (
                path TEXT PRIMARY KEY, hash TEXT, size INTEGER, mtime_ns INTEGER, language TEXT, blob BLOB);
            CREATE TABLE IF NOT EXISTS names (name TEXT, path TEXT);
            CREATE INDEX IF NOT EXISTS names_by_path ON names(path);
            CREATE TABLE IF NOT EXISTS refs (name TEXT, path TEXT);
            CREATE INDEX IF NOT EXISTS refs_by_path ON refs(path);
            CREATE TABLE IF NOT EXISTS symbols (
                name TEXT, path TEXT, qualname TEXT, kind INTEGER, start_row INTEGER, start_col INTEGER,
                name_start_row INTEGER, name_start_col INTEGER, name_end_row INTEGER, name_end_col INTEGER);
            CREATE INDEX IF NOT EXISTS symbols_by_path ON symbols(path);
            """
        )
        _index_names(db)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        db.commit()

    def files(self) -> dict[str, StoredFile]:
        with self._lock:
            rows = self._db.execute("SELECT path, hash, size, mtime_ns, language FROM files").fetchall()
        return {r[0]: StoredFile(*r) for r in rows}

    def load(self, path: str) -> FileIndex | None:
        """The stored memory of `path`, or None if absent or unreadable."""
        with self._lock:
            row = self._db.execute("SELECT blob FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            return None
        try:
            index = decode(row[0])
        except Exception as err:  # a damaged row is re-indexed, never fatal
            log.warning("stored index of %s unreadable (%s); re-indexing it", path, err)
            return None
        if index is None:
            log.warning("stored index of %s is not signed by this user; re-indexing it", path)
        return index

    def save(self, items: Iterable[Parsed]) -> None:
        """Store each file's memory, and its names and references for search and "used by"."""
        with self._lock:
            db = self._db
            for item in items:
                db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                    (item.path, item.content_hash, item.size, item.mtime_ns, item.language, item.blob),
                )
                db.execute("DELETE FROM names WHERE path = ?", (item.path,))
                db.execute("DELETE FROM refs WHERE path = ?", (item.path,))
                db.execute("DELETE FROM symbols WHERE path = ?", (item.path,))
                db.executemany("INSERT INTO names VALUES (?, ?)", ((n, item.path) for n in item.names))
                db.executemany("INSERT INTO refs VALUES (?, ?)", ((n, item.path) for n in item.refs))
                path = item.path
                db.executemany(
                    "INSERT INTO symbols VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ((row[0], path, *row[1:]) for row in item.rows),
                )
            db.commit()

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many saves in a row (a cold index). The by-name indexes are dropped meanwhile and built once at
        the end: sorting every name once costs a third of inserting each at a random place of a B-tree.
        Until then a lookup by name scans its table (milliseconds)."""
        with self._lock:
            for index in _NAME_INDEXES:
                self._db.execute(f"DROP INDEX IF EXISTS {index}")
            self._db.commit()
        try:
            yield
        finally:
            with self._lock:
                _index_names(self._db)
                self._db.commit()

    def delete(self, paths: Iterable[str]) -> None:
        with self._lock:
            for path in paths:
                for table in ("files", "names", "refs", "symbols"):
                    self._db.execute(f"DELETE FROM {table} WHERE path = ?", (path,))
            self._db.commit()

    def all_names(self) -> Iterator[tuple[str, str]]:
        with self._lock:
            rows = self._db.execute("SELECT name, path FROM names").fetchall()
        return iter(rows)

    def entries_named(self, name: str) -> list[SymbolEntry]:
        """The stored search rows of definitions called `name`, by path, in document order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT path, qualname, kind, start_row, start_col, name_start_row, name_start_col, "
                "name_end_row, name_end_col FROM symbols WHERE name = ? ORDER BY path, rowid",
                (name,),
            ).fetchall()
        return [
            SymbolEntry(path, name, qualname, SymbolKind(kind), (sr, sc), (nsr, nsc), (ner, nec))
            for path, qualname, kind, sr, sc, nsr, nsc, ner, nec in rows
        ]

    def qualnames_of(self, paths: Sequence[str]) -> list[tuple[str, str]]:
        """(path, qualified name) of the stored search rows of `paths`, without reading any file's memory: a
        package's names for generate mode's rankings (Go's `package_names`)."""
        rows: list[tuple[str, str]] = []
        for at in range(0, len(paths), 500):  # under SQLite's older limit of 999 parameters
            chunk = tuple(paths[at : at + 500])
            with self._lock:
                found = self._db.execute(
                    f"SELECT path, qualname FROM symbols WHERE path IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
            rows.extend((r[0], r[1]) for r in found)
        return rows

    def paths_defining(self, name: str, qualname: str) -> set[str]:
        """The stored files with a definition called `name` whose qualified name is `qualname` (`name` itself: at
        their top level), from the search rows, without reading any file's memory."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT path FROM symbols WHERE name = ? AND qualname = ?", (name, qualname)
            ).fetchall()
        return {r[0] for r in rows}

    def paths_referencing(self, name: str) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT path FROM refs WHERE name = ?", (name,)).fetchall()
        return [r[0] for r in rows]

    def counts_by_language(self) -> tuple[dict[str, int], dict[str, int]]:
        """Definitions and distinct referenced names per language."""
        with self._lock:
            symbols = self._db.execute(
                "SELECT f.language, COUNT(*) FROM names n JOIN files f ON f.path = n.path GROUP BY f.language"
            ).fetchall()
            refs = self._db.execute(
                "SELECT f.language, COUNT(*) FROM refs r JOIN files f ON f.path = r.path GROUP BY f.language"
            ).fetchall()
        return dict(symbols), dict(refs)

    def size_bytes(self) -> int:
        if self.path is None:
            return 0
        return sum(p.stat().st_size for p in (self.path, Path(str(self.path) + "-wal")) if p.exists())

    def close(self) -> None:
        with self._lock:
            self._db.close()
