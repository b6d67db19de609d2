"""Generate mode: of a predicted name one file declares both as a type and as a value (TypeScript's
`export type OP_SYNC = typeof OP_SYNC` beside `export const OP_SYNC = "Sync"`, an interface beside the function
building it), the type's line waits for every other name's line, as the overloads beyond the first few do
(`fit.py`). A body uses such a name as a value (compares, calls), and the value's line names it. So does a
namespace merged with another declaration of its name (`export declare namespace Effect` beside `export
interface Effect`): it holds the name's helper types, which a body seldom spells (`Effect.Effect.Success`);
one predicted line of 300 such was used in effect's tuned prompts."""

from __future__ import annotations

from ..languages import BY_NAME
from ..records import SymbolKind
from .build import Build

_TYPES = frozenset({SymbolKind.TYPE_PARAMETER, SymbolKind.INTERFACE})
_VALUES = frozenset({SymbolKind.VARIABLE, SymbolKind.CONSTANT, SymbolKind.FUNCTION})


def later_type_twins(build: Build) -> set[str]:
    """The keys of the predicted types sharing their file and name with a predicted value, and of the
    predicted namespaces sharing theirs with another predicted declaration (a `declare module` block is
    no such namespace: it augments another module), where the language lets a type and a value share a
    name (`LanguageSpec.types_share_value_names`)."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.types_share_value_names:
        return set()
    predicted = [(u, u.symbol) for u in build.units if u.kind == "predicted" and u.symbol is not None]
    values = {(u.path, s.qualname) for u, s in predicted if s.kind in _VALUES}
    merged = {(u.path, s.qualname) for u, s in predicted if s.kind is not SymbolKind.NAMESPACE}
    return {
        u.key
        for u, s in predicted
        if (s.kind in _TYPES and (u.path, s.qualname) in values)
        or (s.kind is SymbolKind.NAMESPACE and u.accompanies is None and (u.path, s.qualname) in merged)
    }
