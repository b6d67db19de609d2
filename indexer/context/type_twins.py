"""Generate mode: of a predicted name one file declares both as a type and as a value (TypeScript's
`export type OP_SYNC = typeof OP_SYNC` beside `export const OP_SYNC = "Sync"`, an interface beside the function
building it), the type's line waits for every other name's line, as the overloads beyond the first few do
(`fit.py`). A body uses such a name as a value (compares, calls), and the value's line names it."""

from __future__ import annotations

from ..languages import BY_NAME
from ..records import SymbolKind
from .build import Build

_TYPES = frozenset({SymbolKind.TYPE_PARAMETER, SymbolKind.INTERFACE})
_VALUES = frozenset({SymbolKind.VARIABLE, SymbolKind.CONSTANT, SymbolKind.FUNCTION})


def later_type_twins(build: Build) -> set[str]:
    """The keys of the predicted types sharing their file and name with a predicted value, where the
    language lets a type and a value share a name (`LanguageSpec.types_share_value_names`)."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.types_share_value_names:
        return set()
    predicted = [u for u in build.units if u.kind == "predicted" and u.symbol is not None]
    values = {
        (u.path, u.symbol.qualname) for u in predicted if u.symbol is not None and u.symbol.kind in _VALUES
    }
    return {
        u.key
        for u in predicted
        if u.symbol is not None and u.symbol.kind in _TYPES and (u.path, u.symbol.qualname) in values
    }
