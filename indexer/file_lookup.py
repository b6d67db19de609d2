"""Workspace file lookups a resolver answers for the language modules, kept for one request: which files
exist, the file an `#include` names, a file's top-level definitions, and values a language module computes
once per request (`cached`); and a relative path made workspace-relative (`normalize`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from .records import SymbolNode
from .target import Target

if TYPE_CHECKING:
    from .workspace import Memory

_T = TypeVar("_T")


class WorkspaceFiles:
    """The file questions of one request (the base of `Resolver`, which the language modules are given)."""

    def __init__(self, memory: Memory) -> None:
        self.memory = memory
        self._known: set[str] | None = None
        self._cache: dict[str, Any] = {}

    def cached(self, key: str, compute: Callable[[], _T]) -> _T:
        """A value a language module computes once per resolver (a request) from the workspace's files,
        under its own `key` (Java's package directories)."""
        if key not in self._cache:
            self._cache[key] = compute()
        found: _T = self._cache[key]
        return found

    def known_files(self) -> set[str]:
        """The workspace's files, listed once per resolver (a request): imports test many candidates."""
        if self._known is None:
            self._known = set(self.memory.files())
        return self._known

    def find_include(self, from_path: str, include: str, include_dirs: tuple[str, ...] = ()) -> str | None:
        """The file an `#include` names: beside the includer, else under one of `include_dirs`
        (workspace-relative, in search order), else any file whose path ends so."""
        local = _beside(from_path, include)
        known = self.known_files()
        if local in known:
            return local
        for directory in include_dirs:
            candidate = _under(directory, include)
            if candidate in known:
                return candidate
        return self.find_suffix(include)

    def find_suffix(self, suffix: str) -> str | None:
        """The first workspace file (in path order) that is `suffix` or ends with `/suffix`. Answers are
        kept for the request: a large C file asks once per `#include`, most of them system headers that
        match nothing, and each asked for a scan of the whole workspace's sorted file list."""
        key = f"suffix:{suffix}"
        if key not in self._cache:
            files = self.cached("sorted files", self.memory.files)
            tail = "/" + suffix
            self._cache[key] = next((p for p in files if p == suffix or p.endswith(tail)), None)
        found: str | None = self._cache[key]
        return found

    def top_level(self, path: str, name: str) -> list[Target]:
        index = self.memory.file(path)
        if index is None:
            return []
        return [Target(path, s) for s in index.by_qualname.get(name, ())]

    def module_symbol(self, path: str) -> SymbolNode | None:
        index = self.memory.file(path)
        return None if index is None else index.symbols[0]


def normalize(path: PurePosixPath) -> str:
    """`path` relative to the workspace's root: `.` parts dropped, `..` climbing (never above the root)."""
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


# The paths an `#include` may name, kept by their parts (pure functions of text): a large C file's include closure is
# read at every packing (sqlite3.c's ~70 includes, each a few `pathlib` calls).
@lru_cache(maxsize=1 << 14)
def _beside(from_path: str, include: str) -> str:
    """The workspace path of `include` in the directory of `from_path`."""
    return normalize(PurePosixPath(from_path).parent / include)


@lru_cache(maxsize=1 << 14)
def _under(directory: str, include: str) -> str:
    """The workspace path of `include` under the workspace-relative `directory`."""
    return normalize(PurePosixPath(directory) / include)
