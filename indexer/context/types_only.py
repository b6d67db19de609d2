"""Generate mode: no values through an import of types alone (`import type * as Layer`: `Layer.flatMap` cannot be called)."""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import SymbolKind
from .build import Build

# What an import of types alone cannot reach: a module's functions and variables (a class is a type too).
_VALUE_KINDS = frozenset({SymbolKind.FUNCTION, SymbolKind.VARIABLE, SymbolKind.CONSTANT})


def drop_unreachable_values(build: Build, scores: Counter[str]) -> None:
    """Take out of `scores` the values of the modules the file imports for their types alone: a body can name
    them only in a type (`typeof`), and the prediction would spend a line on each (effect's internal/layer.ts
    imports `Layer` so; `Layer.flatMap`, `Layer.map`, `Layer.succeed` are what the whole workspace calls most,
    so the header's package ranked them)."""
    index, lines = build.index, build.view.lines
    spec = BY_NAME.get(index.language)
    pattern = spec.types_only_import if spec is not None else None
    if pattern is None:
        return
    for imp in index.imports:
        if not imp.bound or imp.bound == "*" or imp.line >= len(lines) or not pattern.match(lines[imp.line]):
            continue
        for target in build.resolver.resolve(index, index.symbols[0], imp.bound):
            module = build.memory.file(target.path) if target.symbol is not None else None
            if module is None or target.symbol is None or target.symbol.kind is not SymbolKind.MODULE:
                continue
            # A set operation, not a lookup per value: effect's Effect.ts alone defines a thousand.
            for ref in _values_only(module, imp.bound) & scores.keys():
                del scores[ref]


@per_version
def _values_only(module: FileIndex, bound: str) -> frozenset[str]:
    """The names a module defines at its top level only as values (no type, interface or namespace of the same
    name), each as reached through `bound` (`Layer.flatMap`). Kept per version of the module."""
    kinds: dict[str, set[SymbolKind]] = {}
    for s in module.symbols[1:]:
        if s.parent == module.module_id:
            kinds.setdefault(s.name, set()).add(s.kind)
    return frozenset(f"{bound}.{name}" for name, found in kinds.items() if found <= _VALUE_KINDS)
