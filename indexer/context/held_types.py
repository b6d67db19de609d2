"""Generate mode's guess at what a method of a small receiver type reaches through the receiver's fields (Go):
the members of the types those fields hold, declared in other files.

A type of a few fields and methods does its work through what its fields hold. `lruSessionCache` holds `q
*list.List` and `m map[string]*list.Element`; its `Put` calls `c.q.PushFront`, `c.q.Back`, `c.q.Remove`,
`c.q.Len` and reads `elem.Value`, while its only other method calls `c.q.MoveToFront`. Those members are
declared in `container/list`, which nothing around the body shows. Per type a field holds (or holds the
elements of, as a map or a slice does), its members (the exported ones, from another package) are ranked: those
the file's methods on the receiver call through that field first, then those the most files of the workspace
mention; the first FIELD_TYPE_METHODS are offered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..fileindex import FileIndex
from ..includes import directory
from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .weights import FIELD_TYPE_METHOD, FIELD_TYPE_METHODS, SMALL_CLASS

if TYPE_CHECKING:
    from ..workspace import Memory

# The receiver's name in a method's header (`func (c *Cache) add(`), the first name its parentheses hold.
_RECEIVER = re.compile(r"\w+\s*\(\s*(\w+)")


def held_members(
    build: Build, target: SymbolNode, typename: str, methods: Sequence[SymbolNode], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the members of the types the fields of the receiver's
    struct `typename` hold, where the struct and its `methods` of the file are few (SMALL_CLASS); what each
    key leads to."""
    index = build.index
    receiver = _RECEIVER.match(target.signature)
    fields = _fields(build, target, typename)
    if receiver is None or not fields or len(fields) + len(methods) > SMALL_CLASS:
        return {}
    through = _called_through(tuple(methods), receiver.group(1))
    inference = build.resolver.inference
    resolved: dict[str, Target] = {}
    for field in fields:
        # What the field holds, or holds the elements of (`m map[string]*list.Element`: `c.m[key].Value`).
        held_types = [
            found
            for link in (field, f"{field}[]")
            for found in inference.classes(index, build.view.raw, target, None, [receiver.group(1), link])
        ]
        for held_index, held in dict.fromkeys(held_types):
            if held_index.path == index.path:
                continue  # the file's own types: their members are scored where the file uses them
            public = directory(held_index.path) != directory(index.path)
            ranked = _ranked(build.memory, held_index, held.qualname, public, through.get(field, frozenset()))
            for rank, member in enumerate(ranked[:FIELD_TYPE_METHODS]):
                key = f"definition:{held_index.path}:{member.id}"
                resolved[key] = Target(held_index.path, member)
                scores[key] += FIELD_TYPE_METHOD - rank
    return resolved


def _fields(build: Build, target: SymbolNode, typename: str) -> list[str]:
    """The names of the fields of the struct `typename` (as the body's scope resolves it)."""
    for found in build.resolver.resolve(build.index, target, typename):
        where = build.memory.file(found.path) if found.symbol is not None else None
        if found.symbol is not None and where is not None and found.symbol.kind is SymbolKind.STRUCT:
            children = (where.by_id.get(c) for c in found.symbol.children)
            return [f.name for f in children if f is not None and f.kind is SymbolKind.FIELD]
    return []


@lru_cache(maxsize=8)
def _called_through(methods: tuple[SymbolNode, ...], receiver: str) -> dict[str, frozenset[str]]:
    """Per field, the members the `methods` reach through it on `receiver` (`c.q.MoveToFront` -> q)."""
    out: dict[str, set[str]] = {}
    prefix = f"{receiver}."
    for method in methods:
        for ref in method.refs:
            field, dot, member = ref.removeprefix(prefix).partition(".")
            if ref.startswith(prefix) and dot and "." not in member:
                out.setdefault(field, set()).add(member)
    return {field: frozenset(members) for field, members in out.items()}


@lru_cache(maxsize=32)
def _ranked(
    memory: Memory, index: FileIndex, qualname: str, public: bool, called: frozenset[str]
) -> tuple[SymbolNode, ...]:
    """The members of the type `qualname` of `index` (its fields, and the methods its file declares on it),
    exported ones only when `public`: those in `called` first, then by how many files mention each."""
    prefix = f"{qualname}."
    members = [
        s
        for s in index.symbols[1:]
        if s.qualname.startswith(prefix)
        and "." not in s.qualname[len(prefix) :]
        and (s.kind is SymbolKind.FIELD or s.kind in CALLABLE_KINDS)
        and (not public or BY_NAME[index.language].exported(s.name))
    ]
    spread = {s.name: len(memory.store.paths_referencing(s.name)) for s in members}
    return tuple(sorted(members, key=lambda s: (s.name not in called, -spread[s.name], s.start_byte)))
