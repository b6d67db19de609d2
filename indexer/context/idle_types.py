"""Generate mode: the types of the modules a file imports whole, scored low, wait. A header naming `Tracer.SpanOptions`
lifts every member of `Tracer` (`Tracer.SpanKind`, `Tracer.SpanLink`, `Tracer.AnySpan`) to the scores where the
budget ends, and a body seldom spells a type its header and its neighbours do not: it calls values. A member the
module declares only as a type (an interface, a type alias, a namespace) scored at most IDLE_TYPE is scored 1, the
least sign. Where the language asks for it (`LanguageSpec.idle_types`: TypeScript)."""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import SymbolKind
from .build import Build
from .popular_members import whole_module_paths

# Measured on effect's internals (generate at 2,048, tuned part; 188 units missed without): 184 at 12 and 16, 185 at 20
# and 24 (a union type `Either` used as a type lost), 186 at 10; lowered by 4 instead of to 1 at 10, 186.
IDLE_TYPE = 16

_TYPE_KINDS = frozenset({SymbolKind.INTERFACE, SymbolKind.TYPE_PARAMETER, SymbolKind.NAMESPACE})


def idle_types(build: Build, scores: Counter[str]) -> None:
    """Lower the low scores of `module.Type` names, the module one the file imports whole, the type one it declares
    as a type alone."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.idle_types:
        return
    for bound, path in whole_module_paths(build):
        module = build.memory.file(path)
        if module is None:
            continue
        for ref in _types_only(module, bound) & scores.keys():
            if scores[ref] <= IDLE_TYPE:
                scores[ref] = 1


@per_version
def _types_only(module: FileIndex, bound: str) -> frozenset[str]:
    """The names a module declares at its top level only as types, each as reached through `bound`. Per version."""
    kinds: dict[str, set[SymbolKind]] = {}
    for s in module.symbols[1:]:
        if s.parent == module.module_id:
            kinds.setdefault(s.name, set()).add(s.kind)
    return frozenset(f"{bound}.{name}" for name, found in kinds.items() if found <= _TYPE_KINDS)
