"""What C and C++ `#include`s say about a name: the files a file includes, level by level, the names defined
at their top level, and which of several same-named definitions an includer sees (the base of `Resolver`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from .file_lookup import WorkspaceFiles
from .fileindex import FileIndex
from .languages import BY_NAME
from .symbols import CALLABLE_KINDS, Import, SymbolNode
from .target import Target

if TYPE_CHECKING:
    from .workspace import Memory

# How many files an include closure reads at most (a header including the world stops there).
_MAX_INCLUDED = 256


class IncludedNames(WorkspaceFiles):
    """The include questions of one request; `resolve_import` is the resolver's."""

    def __init__(self, memory: Memory) -> None:
        super().__init__(memory)
        self._include_levels: dict[str, list[list[str]]] = {}

    def resolve_import(self, index: FileIndex, imp: Import, depth: int = 0) -> list[Target]:
        """The definition an import binds (answered by `Resolver`)."""
        raise NotImplementedError

    def included(self, index: FileIndex, name: str) -> list[Target]:
        """`name` defined at the top level of a file that `index` includes, directly or through other
        includes, nearest level first (languages whose imports bind no names: C and C++ `#include`)."""
        for level in self._include_levels_of(index):
            found = [t for path in level for t in self.top_level(path, name)]
            if found:
                return found
        return []

    def include_levels(self, index: FileIndex) -> list[list[str]]:
        """The files `index` includes, directly or through other includes, level by level (kept per request)."""
        return self._include_levels_of(index)

    def _include_levels_of(self, index: FileIndex) -> list[list[str]]:
        levels = self._include_levels.get(index.path)
        if levels is None:
            levels = self._include_levels[index.path] = self._include_closure(index)
        return levels

    def _include_closure(self, index: FileIndex) -> list[list[str]]:
        seen = {index.path}
        levels: list[list[str]] = []
        frontier = [index]
        while frontier and len(seen) < _MAX_INCLUDED:
            level: list[str] = []
            for including in frontier:
                for imp in including.imports:
                    for target in self.resolve_import(including, imp):
                        if target.path not in seen:
                            seen.add(target.path)
                            level.append(target.path)
            levels.append(level)
            frontier = [f for f in map(self.memory.file, level) if f is not None]
        return levels

    def _seen_through_includes(self, index: FileIndex, name: str, shared: list[Target]) -> list[Target]:
        """Of `shared`'s definitions beside the includer, what its includes declare (at any depth: a macro
        of one header may stand for a prototype of the next) and the bodies; copies of declarations in
        files it does not include (an amalgamation's, a second extension's) only when no include declares
        the name. A body whose own file includes the declaring header itself is its implementation, and
        alone (an amalgamation reaching the header through a header of its own is not)."""
        levels = self._include_levels_of(index)
        seen = [t for level in levels for path in level for t in self.top_level(path, name)]
        if not seen:
            return shared
        bodies = [t for t in shared if t not in seen and t.symbol is not None and _has_body(t.symbol)]
        implemented: set[str] = set()
        for body in bodies:
            other = self.memory.file(body.path)
            if other is not None:
                implemented.update(self._include_levels_of(other)[0])
        return [t for t in seen if t.path not in implemented] + bodies

    def _declared_above(
        self, index: FileIndex, scope: SymbolNode, name: str, top: list[SymbolNode]
    ) -> list[Target]:
        """C: a function called above its body is declared before the call, by a prototype an include holds,
        which is what the caller sees (clangd's answer); the body stays an answer too."""
        if BY_NAME[index.language].imports_bind_names or scope.kind not in CALLABLE_KINDS:
            return []
        if min(s.start_byte for s in top) < scope.end_byte:
            return []
        return [t for t in self.included(index, name) if t.path != index.path]


@lru_cache(maxsize=1 << 15)
def directory(path: str) -> PurePosixPath:
    """The directory of a workspace path, kept: the resolver compares the directories of every file
    defining a name with the requester's (hundreds a packing in Go, where `String` has thousands)."""
    return PurePosixPath(path).parent


@lru_cache(maxsize=1 << 15)
def directory_name(path: str) -> str:
    """`directory(path)` as text, kept: two paths' directories are equal exactly when these are (a pure path's
    text joins its parts, none holding a slash), and comparing two strings is no call into `pathlib` (three
    Python calls a comparison of paths: ~2,500 a Go generate packing, in `Resolver._elsewhere`)."""
    return str(directory(path))


def _has_body(symbol: SymbolNode) -> bool:
    """A definition with a body of code (a C function's), not a declaration (a prototype, a macro)."""
    return symbol.kind in CALLABLE_KINDS and symbol.body_end_byte > symbol.body_start_byte
