"""Fuzzy symbol search over the workspace: the table of defined names, ranked the way people type them.

The names live in a `NameTable` (which files define each name, plus every name in one newline-separated
text): a query's candidates come from one regular-expression scan of that text at C speed instead of a
Python-level test per name. What search lists of each definition (`SymbolEntry`) is kept as rows in the
store, so a query never unpickles a file's whole memory; open documents answer from their own symbols.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from .fileindex import records
from .records import Point, SymbolKind

if TYPE_CHECKING:
    from .fileindex import FileIndex
    from .workspace import Memory

# Kinds worth offering in a workspace-wide search (fields and locals would drown the rest).
SEARCHED = frozenset(
    {
        SymbolKind.CLASS,
        SymbolKind.INTERFACE,
        SymbolKind.STRUCT,
        SymbolKind.ENUM,
        SymbolKind.FUNCTION,
        SymbolKind.METHOD,
        SymbolKind.CONSTRUCTOR,
        SymbolKind.CONSTANT,
        SymbolKind.VARIABLE,
        SymbolKind.NAMESPACE,
        SymbolKind.TYPE_PARAMETER,
        SymbolKind.OBJECT,
        SymbolKind.FIELD,
    }
)


@dataclass(frozen=True, slots=True)
class SymbolEntry:
    """A definition as workspace search lists it: where it starts and where its name is."""

    path: str
    name: str
    qualname: str
    kind: SymbolKind
    start: Point
    name_start: Point
    name_end: Point


def symbol_entries(index: FileIndex, name: str | None = None) -> tuple[SymbolEntry, ...]:
    """The searchable definitions of a file (only those called `name` if given), in document order.

    All of a file's rows (a cold index storing them) come from its definition records, without building
    the SymbolNodes nobody reads yet; rows by name (an open document answering a search) from its symbols,
    which it keeps."""
    if name is not None:
        return tuple(
            SymbolEntry(s.path, s.name, s.qualname, s.kind, s.start, s.name_start, s.name_end)
            for s in index.symbols[1:]
            if s.kind in SEARCHED and s.name == name
        )
    path = index.path
    return tuple(
        SymbolEntry(
            path,
            r.raw.name,
            r.qualname,
            r.kind,
            (r.origin_row + r.raw.start[0], r.raw.start[1]),
            (r.origin_row + r.raw.name_start[0], r.raw.name_start[1]),
            (r.origin_row + r.raw.name_end[0], r.raw.name_end[1]),
        )
        for r in records(index)
        if r.kind in SEARCHED
    )


class NameTable:
    """Which files define each name. Not thread-safe: the memory guards it with its lock; `snapshot()`
    returns an immutable `NameIndex` that is searched without it."""

    def __init__(self) -> None:
        self._files: dict[str, set[str]] = {}
        self._defined: dict[str, frozenset[str]] = {}
        self._snapshot: NameIndex | None = None
        # `files_defining`'s answers, each until its name's files change: the resolver asks for every name it
        # follows (a packing, hundreds), and a common name (`new`, `Result`) has hundreds of files to sort.
        self._sorted: dict[str, tuple[str, ...]] = {}

    def set(self, path: str, names: frozenset[str]) -> None:
        """`path` now defines exactly `names` (none: the file is gone)."""
        previous = self._defined.get(path, frozenset())
        if names == previous:
            return
        if self._sorted:
            for name in previous ^ names:
                self._sorted.pop(name, None)
        for name in previous - names:
            holders = self._files.get(name)
            if holders is not None:
                holders.discard(path)
                if not holders:
                    del self._files[name]
                    self._snapshot = None
        for name in names - previous:
            holders = self._files.get(name)
            if holders is None:
                self._files[name] = {path}
                self._snapshot = None
            else:
                holders.add(path)
        if names:
            self._defined[path] = names
        else:
            self._defined.pop(path, None)

    def files_defining(self, name: str) -> list[str]:
        found = self._sorted.get(name)
        if found is None:
            holders = self._files.get(name)
            if holders is None:
                return []  # not kept: only defined names are, so the answers stay as many as the names
            found = self._sorted[name] = tuple(sorted(holders))
        return list(found)

    def names(self) -> list[str]:
        return list(self._files)

    def snapshot(self) -> NameIndex:
        """The names as they are now; rebuilt only after the set of names changed (not on every edit)."""
        if self._snapshot is None:
            self._snapshot = NameIndex(self._files)
        return self._snapshot


class NameIndex:
    """A set of names prepared for fuzzy search: every name lower-cased, one per line, in one text that a
    regular expression scans at C speed (a Python-level test per name costs ten times more). Immutable."""

    __slots__ = ("_lower", "_names", "_starts")

    def __init__(self, names: Iterable[str]) -> None:
        # A name holding a line break (no grammar makes one) would read as two: left out.
        self._names = tuple(n for n in names if "\n" not in n)
        lowered = [n.lower() for n in self._names]
        self._lower = "\n".join(lowered)
        # Where each line starts: lower-casing may change a name's length, so lines are found by position.
        self._starts = tuple(accumulate((len(n) + 1 for n in lowered[:-1]), initial=0))

    def candidates(self, query: str) -> list[str]:
        """The names holding the query's characters in order, ignoring case: exactly those `score`
        accepts. A possessive skip takes each character's first occurrence, the choice that never loses a
        match, so a name that fails costs linear time."""
        if not query:
            return list(self._names)
        q = query.lower()
        if "\n" in q:
            return []
        pattern = re.escape(q[0]) + "".join(f"[^\\n{re.escape(ch)}]*+{re.escape(ch)}" for ch in q[1:])
        out: list[str] = []
        last = -1
        for m in re.finditer(pattern, self._lower):
            line = bisect_right(self._starts, m.start()) - 1
            if line != last:
                out.append(self._names[line])
                last = line
        return out


def score(query: str, name: str) -> float | None:
    """How well `name` matches `query` (higher is better), or None when it does not match at all.

    Exact > prefix > case-insensitive prefix > word-start subsequence (camelCase, snake_case) > substring >
    subsequence; shorter names first among equals.
    """
    if not query:
        return 1.0 / (1 + len(name))
    q, n = query.lower(), name.lower()
    if name == query:
        return 100.0
    if n == q:
        return 90.0
    if name.startswith(query):
        return 80.0 - len(name) / 100
    if n.startswith(q):
        return 70.0 - len(name) / 100
    starts = _word_starts(name)
    if _subsequence(q, "".join(name[i] for i in starts).lower()):
        return 60.0 - len(name) / 100
    if q in n:
        return 50.0 - n.index(q) / 10 - len(name) / 100
    if _subsequence(q, n):
        return 30.0 - len(name) / 100
    return None


def _word_starts(name: str) -> list[int]:
    out = []
    for i, ch in enumerate(name):
        prev = name[i - 1] if i else ""
        if i == 0 or (ch.isupper() and not prev.isupper()) or (prev in "_-." and ch not in "_-."):
            out.append(i)
    return out


def _subsequence(q: str, n: str) -> bool:
    it = iter(n)
    return all(ch in it for ch in q)


def best_names(found: Iterable[str], query: str, limit: int) -> list[str]:
    """The best `limit` of the candidate names for `query`, best first (ties by name)."""
    scored = [(s, n) for n in found if (s := score(query, n)) is not None]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [n for _, n in scored[:limit]]


def matching_names(names: Iterable[str], query: str, limit: int) -> list[str]:
    """The best `limit` of `names` for `query`."""
    return best_names(NameIndex(names).candidates(query), query, limit)


# Where a qualified query splits its qualifier from the name: `Class.method`, `Type::fn`, `pkg/file.go:Func`.
_QUALIFIED = re.compile(r"^(?P<qualifier>.+?)(?:::|[.:#])(?P<name>[^.:#]+)$")


def search_symbols(memory: Memory, query: str, limit: int = 100) -> list[SymbolEntry]:
    """Definitions in the workspace whose name matches `query`, best first, at most `limit`.

    A qualified query (`Console.print`, `console.Console`, `rich/console.py:Console`) matches the name as
    usual and keeps the definitions whose container or file the qualifier names; with none, the whole query
    is searched as a plain name."""
    match = _QUALIFIED.match(query)
    if match is not None:
        qualifier = match["qualifier"].lower()
        found = [
            entry
            for entry in _search_names(memory, match["name"], max(limit * 4, 400))
            if _qualified_by(entry, qualifier)
        ]
        if found:
            return found[:limit]
    return _search_names(memory, query, limit)


def _qualified_by(entry: SymbolEntry, qualifier: str) -> bool:
    """Whether `qualifier` names the entry's containers (`Console`, `a.B`) or its file or module (`pkg/x.go`,
    `rich.console`, `console`), ignoring case."""
    containers = entry.qualname.lower().split(".")[:-1]
    if qualifier in (".".join(containers[i:]) for i in range(len(containers))):
        return True
    path = entry.path.lower()
    module = path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path
    wanted = qualifier.replace("::", "/").replace(".", "/")
    return (
        path == qualifier
        or path.endswith("/" + qualifier)
        or module == wanted
        or module.endswith("/" + wanted)
    )


def _search_names(memory: Memory, query: str, limit: int) -> list[SymbolEntry]:
    out: list[SymbolEntry] = []
    for name in best_names(memory.name_index().candidates(query), query, limit):
        out.extend(memory.entries_named(name))
        if len(out) >= limit:
            return out[:limit]
    return out
