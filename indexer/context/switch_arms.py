"""Generate mode's reading of the type switches of the functions around the body: the members each arm's type
offers, which no declaration of the switch's binding says.

`switch x := x.(type) { case *ast.BinaryExpr: ... x.X ...; case *ast.CallExpr: ... x.Fun ... }` binds `x`
to a different type in each arm, so the references `x.X`, `x.Fun` recorded for the function resolve to
nothing (a reference keeps no position, hence no arm): the sibling reading (`siblings.py`) cannot follow
them. The language reads each arm's type and what it reaches (`LanguageSpec.type_switch_arms`); the member
of that type is what a new body of the same kind (`extractName` beside `isTypeElem`, both switching on an
`ast.Expr`) most likely reads as well, and scores as the sibling's use of a definition does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..languages.spec import LanguageSpec
from ..records import SymbolNode
from ..target import Target
from .build import Build

# Resolving a type and its member costs a little: a bound on the pairs one packing asks about.
MAX_PAIRS = 120


def switch_arm_members(
    build: Build, users: Iterable[tuple[SymbolNode, int]], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the members the type switches of the functions `users`
    (each with the weight of its use) reach in each arm; what each key leads to."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or type(spec).type_switch_arms is LanguageSpec.type_switch_arms:
        return {}  # the language reads no type switches (the spec's default)
    resolved: dict[str, Target] = {}
    types: dict[str, list[tuple[FileIndex, SymbolNode]]] = {}
    asked = 0
    for user, weight in users:
        for typename, member in _arms(index, build.view.raw, user):
            if asked >= MAX_PAIRS:
                return resolved
            asked += 1
            if typename not in types:
                types[typename] = [
                    (where, found.symbol)
                    for found in build.resolver.resolve(index, user, typename)
                    if found.symbol is not None and (where := build.memory.file(found.path)) is not None
                ]
            for where, owner in types[typename]:
                for target in build.resolver.members(where, owner, member):
                    if target.symbol is None:
                        continue
                    key = f"definition:{target.path}:{target.symbol.id}"
                    resolved[key] = target
                    scores[key] += weight
    return resolved


def _arms(index: FileIndex, raw: bytes, user: SymbolNode) -> list[tuple[str, str]]:
    """The (type, member) pairs of the type switches in `user`'s text (none read where it has none)."""
    code = raw[user.start_byte : user.end_byte]
    if b".(type)" not in code:
        return []
    return BY_NAME[index.language].type_switch_arms(code.decode("utf-8", "replace"))
