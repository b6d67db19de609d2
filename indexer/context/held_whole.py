"""Generate mode's reading of a small type a body's parameter holds as a whole: a function handed a small
struct takes it apart (`visit_expr_range(v, node: &ExprRange)` visits `node.from`, `node.limits`, `node.to`), one
handed a small enum matches on its variants, and either calls the methods the type's impl blocks give it
(`fp.normalize()` for `fp: &mut ExtendedFloat`, whose `impl ExtendedFloat` is no child of the struct).

Where the language says so (`LanguageSpec.parameters_read_whole`): `signature.py` asks here for the members it
ranks of each class a parameter holds, and for what each adds to its score.
"""

from __future__ import annotations

from ..fileindex import FileIndex
from ..languages.spec import LanguageSpec
from ..records import CALLABLE_KINDS, SymbolKind, SymbolNode
from .weights import SMALL_ENUM, SMALL_HELD_FIELDS, WHOLE_FIELD, WHOLE_VARIANT


def block_methods(spec: LanguageSpec | None, index: FileIndex, owner: SymbolNode) -> list[SymbolNode]:
    """The methods of `owner`'s other definitions in its file (Rust's `impl` blocks of a struct), one per name:
    what a value of the type offers beyond its fields."""
    if spec is None or not (spec.parameters_read_whole and spec.impl_blocks):
        return []
    found: dict[str, SymbolNode] = {}
    for block in index.by_qualname.get(owner.qualname, ()):
        if block.id == owner.id:
            continue
        for child_id in block.children:
            method = index.by_id.get(child_id)
            if method is not None and method.kind in CALLABLE_KINDS:
                found.setdefault(method.name, method)
    return list(found.values())


def whole_bonus(spec: LanguageSpec | None, owner: SymbolNode, member: SymbolNode, fields: int) -> int:
    """What `member` of the held type `owner` (of `fields` fields) adds to its score for being read whole: a
    field of a struct of at most SMALL_HELD_FIELDS fields, a variant of an enum of at most SMALL_ENUM."""
    if spec is None or not spec.parameters_read_whole:
        return 0
    if member.kind is SymbolKind.FIELD and fields <= SMALL_HELD_FIELDS:
        return WHOLE_FIELD
    if (
        owner.kind is SymbolKind.ENUM
        and member.kind is not SymbolKind.FIELD
        and len(owner.children) <= SMALL_ENUM
    ):
        return WHOLE_VARIANT
    return 0
