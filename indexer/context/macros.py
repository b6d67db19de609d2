"""Generate mode's reading of the macros the functions around a body invoke (`overflow!(..)` in two neighbours of
serde_json's `parse_integer`), where a language calls them `name!(..)`.

The resolver takes a name for a `macro_rules!` macro only in code that invokes it with `!` (a parameter or a local
named like a macro is no use of it), and a body still to be written invokes nothing: ranked from its scope, the
macro its neighbours use resolved to nothing and was dropped. Resolved in each neighbour's own scope instead, as
`siblings.py` resolves the names only a sibling can.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..languages import BY_NAME
from ..records import SymbolNode
from ..target import Target
from .build import Build


def sibling_macros(
    build: Build, users: Iterable[tuple[SymbolNode, int]], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the file's macros the functions `users` (each with the
    weight of its use) invoke; what each key leads to."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or not spec.bang_macros or not spec.macro_prefix:
        return {}
    prefix = spec.macro_prefix
    macros = {s.name for s in index.symbols if s.signature.startswith(prefix)}
    resolved: dict[str, Target] = {}
    for user, weight in users:
        for ref in macros.intersection(user.refs):
            for target in build.resolver.resolve(index, user, ref):
                if target.symbol is not None and target.symbol.signature.startswith(prefix):
                    key = f"definition:{target.path}:{target.symbol.id}"
                    resolved[key] = target
                    scores[key] += weight
    return resolved
