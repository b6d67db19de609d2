"""Generate mode's second look at a struct the body makes (its name says so: `made.py`; its header: `signature.py`):
the fields of the small structs its fields hold, which the body builds in the same literal, where the language
writes nested literals so (`LanguageSpec.built_structs_nest`, Go).

go/parser's `parseStructType` makes an `ast.StructType` whose `Fields` holds an `*ast.FieldList`, built in place:
`&ast.StructType{Struct: pos, Fields: &ast.FieldList{Opening: lbrace, List: list, Closing: rbrace}}`. The made
struct's fields are scored already; what its fields hold, a struct of its package of at most SMALL_HELD_FIELDS
fields (a larger one is built elsewhere and passed in), gives its fields too, a little below the made struct's.
A field of a small named type of constants (`Dir ChanDir`, of which `SEND` and `RECV` are declared) gives those
constants the same way: `parseChanType` sets `dir := ast.SEND`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .tables import top_level
from .weights import HELD_MADE_FIELD, SMALL_HELD_FIELDS

# A field's declaration: its names, then its type (`min, max float64`, `Fields *FieldList`).
_FIELD = re.compile(r"\w+(?:\s*,\s*\w+)*\s+(.+)")
# The names a type is written with, not a package's member (`token.Pos`) nor one of them (`[]*Field`: `Field`).
_TYPE_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?![\w.])")


def held_struct_fields(
    build: Build, where: FileIndex, fields: Sequence[SymbolNode], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the fields of the small structs of `where`'s package the
    made struct's `fields` hold; what each key leads to."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.built_structs_nest:
        return {}
    resolved: dict[str, Target] = {}
    for field in fields:
        declared = _FIELD.match(field.signature)
        for name in _TYPE_NAME.findall(declared.group(1)) if declared else ():
            for found in build.resolver.resolve(where, field, name):
                held = build.memory.file(found.path) if found.symbol is not None else None
                if held is None or found.symbol is None:
                    continue
                if found.symbol.kind is SymbolKind.STRUCT:
                    children = [c for i in found.symbol.children if (c := held.by_id.get(i)) is not None]
                else:
                    children = list(_typed_constants(held, found.symbol.name))
                if not 0 < len(children) <= SMALL_HELD_FIELDS:
                    continue
                for child in children:
                    key = f"definition:{found.path}:{child.id}"
                    resolved[key] = Target(found.path, child)
                    scores[key] += HELD_MADE_FIELD
    return resolved


@per_version
def _typed_constants(where: FileIndex, typename: str) -> tuple[SymbolNode, ...]:
    """The top-level constants of `where` declared of the type `typename`: one written with it (`SEND ChanDir = 1
    << iota`) and the bare ones right after it, which repeat its type and expression (`RECV`). A field of a small
    named type is set to one of them (`Dir: ast.SEND` of go/parser's `parseChanType`). Per file version and type."""
    typed = re.compile(rf"\w+\s+{re.escape(typename)}\b")
    found: list[SymbolNode] = []
    run = False
    for symbol in top_level(where):
        if symbol.kind is not SymbolKind.CONSTANT:
            run = False
        elif typed.match(symbol.signature):
            run = True
            found.append(symbol)
        elif run and symbol.signature.strip() == symbol.name:
            found.append(symbol)
        else:
            run = False
    return tuple(found)
