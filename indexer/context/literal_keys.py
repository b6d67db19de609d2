"""Generate mode's reading of the keyed literals the functions around the body build: the fields their keys set.

`&ast.BadExpr{From: pos, To: p.safePos(end)}` records the references `From` and `To`, bare: from any scope
they resolve to nothing, so the ranking of names scores a bare `From` that leads nowhere (a namesake of the
field), and the sibling reading (`siblings.py`) finds no definition for it either. The literal's type says
whose fields they are (`LanguageSpec.keyed_literal_fields`): resolved in the sibling's scope, the type's field
of the key's name is what a new body of the same kind (`checkExprOrType` beside `parseIndexOrSliceOrInstance`,
each building an `ast.BadExpr` on a bad operand) most likely sets as well, and scores as the sibling's use of a
definition does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..languages.spec import LanguageSpec
from ..records import SymbolKind, SymbolNode
from ..target import Target
from .build import Build

# Resolving a type and its field costs a little: a bound on the pairs one packing asks about.
MAX_PAIRS = 120


def literal_key_fields(
    build: Build, users: Iterable[tuple[SymbolNode, int]], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the fields the keyed literals of the functions `users`
    (each with the weight of its use) set; what each key leads to."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or type(spec).keyed_literal_fields is LanguageSpec.keyed_literal_fields:
        return {}  # the language reads no keyed literals (the spec's default)
    resolved: dict[str, Target] = {}
    types: dict[str, list[tuple[FileIndex, SymbolNode]]] = {}
    asked = 0
    for user, weight in users:
        for typename, key in _keys(index, build.view.raw, user):
            if asked >= MAX_PAIRS:
                return resolved
            asked += 1
            if typename not in types:
                types[typename] = [
                    (where, found.symbol)
                    for found in build.resolver.resolve(index, user, typename)
                    if found.symbol is not None
                    and found.symbol.kind is SymbolKind.STRUCT
                    and (where := build.memory.file(found.path)) is not None
                ]
            for where, owner in types[typename]:
                for child in owner.children:
                    field = where.by_id.get(child)
                    if field is None or field.kind is not SymbolKind.FIELD or field.name != key:
                        continue
                    ref = f"definition:{where.path}:{field.id}"
                    resolved[ref] = Target(where.path, field)
                    scores[ref] += weight
    return resolved


def _keys(index: FileIndex, raw: bytes, user: SymbolNode) -> tuple[tuple[str, str], ...]:
    """The (type, key) pairs of the keyed literals in `user`'s text (none read where it has no `{` after a name)."""
    code = raw[user.start_byte : user.end_byte]
    if b":" not in code:
        return ()
    return _read(index.language, code.decode("utf-8", "replace"))


@lru_cache(maxsize=2_048)
def _read(language: str, code: str) -> tuple[tuple[str, str], ...]:
    """The language's reading of one function's text, once per text (the siblings of a file are asked at each
    packing there; keyed by the text alone, so an edit gives its own answer)."""
    return tuple(dict.fromkeys(BY_NAME[language].keyed_literal_fields(code)))
