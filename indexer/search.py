"""Fuzzy symbol search over the workspace's symbol table, ranked the way people type names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .symbols import SymbolKind, SymbolNode

if TYPE_CHECKING:
    from .workspace import Memory

# Kinds worth offering in a workspace-wide search (fields and locals would drown the rest).
_SEARCHED = frozenset(
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


def matching_names(names: list[str], query: str, limit: int) -> list[str]:
    """The best `limit` names for `query`; a C-speed regular expression prefilters the candidates."""
    if query:
        pattern = re.compile(".*?".join(re.escape(ch) for ch in query), re.IGNORECASE)
        candidates = [n for n in names if pattern.search(n)]
    else:
        candidates = names
    scored = [(s, n) for n in candidates if (s := score(query, n)) is not None]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [n for _, n in scored[:limit]]


def search_symbols(memory: Memory, query: str, limit: int = 100) -> list[SymbolNode]:
    """Symbols of the workspace whose name matches `query`, best first, at most `limit`."""
    out: list[SymbolNode] = []
    for name in matching_names(memory.names(), query, limit):
        for path in memory.files_defining(name):
            index = memory.file(path)
            if index is None:
                continue
            out.extend(s for s in index.symbols[1:] if s.name == name and s.kind in _SEARCHED)
            if len(out) >= limit:
                return out[:limit]
    return out
