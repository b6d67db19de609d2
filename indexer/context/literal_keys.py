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
    spec = BY_NAME.get(build.index.language)
    if spec is None or type(spec).keyed_literal_fields is LanguageSpec.keyed_literal_fields:
        return {}  # the language reads no keyed literals (the spec's default)
    pairs = [
        (user, weight, pair) for user, weight in users for pair in _keys(build.index, build.view.raw, user)
    ]
    structs: dict[str, dict[str, Target]] = {}
    resolved: dict[str, Target] = {}
    for user, weight, (typename, key) in pairs[:MAX_PAIRS]:
        fields = structs.get(typename)
        if fields is None:
            fields = structs[typename] = _fields(build, user, typename)
        field = fields.get(key)
        if field is not None and field.symbol is not None:
            ref = f"definition:{field.path}:{field.symbol.id}"
            resolved[ref] = field
            scores[ref] += weight
    return resolved


def _fields(build: Build, user: SymbolNode, typename: str) -> dict[str, Target]:
    """The fields of the struct `typename` names in `user`'s scope, by name."""
    out: dict[str, Target] = {}
    for found in build.resolver.resolve(build.index, user, typename):
        where = build.memory.file(found.path) if found.symbol is not None else None
        if found.symbol is None or where is None or found.symbol.kind is not SymbolKind.STRUCT:
            continue
        children = (where.by_id.get(c) for c in found.symbol.children)
        out.update(
            (f.name, Target(where.path, f)) for f in children if f is not None and f.kind is SymbolKind.FIELD
        )
    return out


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
