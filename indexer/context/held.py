"""Generate mode's guess at the methods a small class's new method calls through the class's fields: the ones
the code of the field type's file calls most (`self.p.error`, `self.p.parser()` in `NestLimiter`, whose field
`p: &ParserI` is the parser every other method of the file reports its errors through)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..fileindex import FileIndex
from ..records import CALLABLE_KINDS, SymbolKind, SymbolNode
from .build import Build, receiver_name
from .members import ref_counts
from .weights import FIELD_TYPE_METHOD, FIELD_TYPE_METHODS, SMALL_CLASS


def field_type_methods(build: Build, cls: SymbolNode | None, scores: Counter[str]) -> None:
    """Score `self.<field>.<method>` for the FIELD_TYPE_METHODS methods of each field's declared type that
    its file calls most, when the enclosing class is small: a class of a few members does its work through
    what its fields hold, and a method of a type used all over its file is one a new caller reaches for."""
    index, target = build.index, build.target
    if cls is None or target is None:
        return
    # The class with its impl blocks of the file (Rust's struct holds the fields, an impl block the methods).
    members = [c for block in index.by_qualname.get(cls.qualname, (cls,)) for c in block.children]
    if len(members) > SMALL_CLASS:
        return
    receiver = receiver_name(index.language)
    inference = build.resolver.inference
    for child_id in members:
        field = index.by_id.get(child_id)
        if field is None or field.kind is not SymbolKind.FIELD:
            continue
        held = inference.classes(index, build.view.raw, target, None, [receiver, field.name])
        for held_index, held_cls in held:
            for rank, name in enumerate(_most_called(held_index, held_cls.qualname)[:FIELD_TYPE_METHODS]):
                scores[f"{receiver}.{field.name}.{name}"] += FIELD_TYPE_METHOD - rank


@lru_cache(maxsize=8)
def _most_called(index: FileIndex, qualname: str) -> tuple[str, ...]:
    """The methods of the type `qualname` (in its body or in impl blocks of its file), those its file calls
    most first. Per version of the file: its counts of names are walked once."""
    methods = {
        index.by_id[c].name
        for block in index.by_qualname.get(qualname, ())
        for c in block.children
        if c in index.by_id and index.by_id[c].kind in CALLABLE_KINDS
    }
    if not methods:
        return ()
    calls: Counter[str] = Counter()
    for ref, n in ref_counts(index).items():
        through, _, name = ref.rpartition(".")
        # Called through a value (`self.error`, `p.error`), not through a type's name (`ParserI::new`): a
        # field holds a value.
        if name in methods and through and not through.rpartition(".")[2][:1].isupper():
            calls[name] += n
    return tuple(sorted((m for m in methods if calls[m]), key=lambda m: (-calls[m], m)))
