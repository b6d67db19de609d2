"""Generate mode's reading of the sibling functions: the definitions they use, resolved where they use them.

A new body is written like its neighbours, but names they use through their own parameters, locals or
receivers (`p->pBt`, `c.server.logf`, `self.head` of a function taking `self: List<A>`) or through headers
they include (`sqlite3_malloc`) mean nothing from the new body's scope: the packer's ranking of names
(`predict.py`) cannot follow them. Resolved in the sibling's own scope, each leads to a definition, which
the new body, holding values of the same types, most likely needs as well.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..records import SymbolNode
from ..target import Target
from .build import Build, self_names_of

# Resolving costs a little for each name: a bound on the names a sibling's body can ask about keeps a
# packing in a file of long functions within its time.
MAX_RESOLVED = 400


def sibling_definitions(
    build: Build, users: Iterable[tuple[SymbolNode, int]], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, what the functions `users` (each with the weight of
    its use) use through names the new body's scope cannot resolve itself; what each key leads to."""
    index = build.index
    # Asked of the file's tables in place: a set of every qualified name (tens of thousands in sqlite3.c)
    # made anew for each packing cost more than the lookups.
    receivers, top = self_names_of(index.language), index.by_qualname
    bound = {imp.bound for imp in index.imports}
    resolved: dict[str, Target] = {}
    asked = 0
    for user, weight in users:
        for ref in user.refs:
            head, dot, _ = ref.partition(".")
            file_level = head in top or head in bound
            if head in receivers or (file_level and not (dot and _binds(build, user, head))):
                continue  # the ranking of names follows it from the new body's scope
            if asked >= MAX_RESOLVED:
                return resolved
            asked += 1
            for target in build.resolver.resolve(index, user, ref):
                if target.symbol is None or target.span is not None:
                    continue  # a local of the sibling, or an import line of another file
                key = f"definition:{target.path}:{target.symbol.id}"
                resolved[key] = target
                scores[key] += weight
    return resolved


def _binds(build: Build, user: SymbolNode, name: str) -> bool:
    """Whether the function `user` binds `name` itself (`Compound::Map { ser, .. }` beside `use serde::ser`):
    then `name.x` is a member of that binding's type, which the new body's scope cannot see."""
    return build.resolver.inference.binds_locally(build.index, build.view.raw, user, name)
