"""Generate mode's siblings of a method alone in a trait's impl block: the same method of the file's other impl
blocks of that trait (`ExprIf::parse`, `ExprForLoop::parse` beside `ExprLet::parse`), neighbours in all but name.

Each `impl Parse for X` of syn's expr.rs holds one `parse`, so a new one's class has no other member and its
body nothing to be written like; the impls around it implement the same method for the types around `X`, with
the helpers those call (`pat::parsing::multi_pat_with_leading_vert`)."""

from __future__ import annotations

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import CALLABLE_KINDS, SymbolNode


def trait_siblings(index: FileIndex, block: SymbolNode) -> list[SymbolNode] | None:
    """The sole methods of the impl blocks of `block`'s trait beside it (under the same parent), in the file's
    order, `block`'s own among them; None when `block` implements no trait, holds more than one method, or
    is the only such block."""
    spec = BY_NAME.get(index.language)
    trait = None if spec is None else spec.implemented_trait(block.signature)
    if trait is None or len(_methods(index, block)) != 1:
        return None
    found = _same_trait(index, block.parent or "", block.kind.value, trait)
    return list(found) if len(found) > 1 else None


@per_version
def _same_trait(index: FileIndex, parent_id: str, kind: int, trait: str) -> tuple[SymbolNode, ...]:
    """Per file version, parent and trait: the one method of each block of that kind implementing it."""
    spec = BY_NAME[index.language]
    parent = index.by_id.get(parent_id)
    blocks = (index.by_id[c] for c in (parent.children if parent is not None else ()) if c in index.by_id)
    out: list[SymbolNode] = []
    for b in blocks:
        if b.kind.value != kind or spec.implemented_trait(b.signature) != trait:
            continue
        methods = _methods(index, b)
        if len(methods) == 1:
            out.append(methods[0])
    return tuple(out)


def _methods(index: FileIndex, block: SymbolNode) -> list[SymbolNode]:
    return [m for c in block.children if (m := index.by_id.get(c)) is not None and m.kind in CALLABLE_KINDS]
