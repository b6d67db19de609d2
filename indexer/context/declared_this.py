"""Generate mode: what a function's declared `this` holds. effect's `ScopeImplProto` is an object literal whose
methods declare `close(this: ScopeImpl, exit)`: no class encloses them, so the resolver types no `this` there and
no rule offers the receiver's members. Its body reads `this.strategy`, which `ScopeImpl` inherits from `Scope`, and
tests it with the predicates a module the file imports declares on the field's type
(`executionStrategy.isSequential(this.strategy)`). This scores, for the type the language's `this_parameter` reads
in the body's header (or an enclosing function's: an arrow function keeps its `this`), that type's and its bases'
members through the receiver, as a class's own are scored, resolved here (the member the body implements left out);
the members of their fields' inline object types through the field (`this.state.exit`); and, for each field's
declared type, the predicates the file's namespace imports declare on it (`handed_types.py`'s table), named through
the import as the file names them, and a small union's variants' fields (`this.strategy.parallelism`)."""

from __future__ import annotations

import re
from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import Build, receiver_name
from .handed_types import predicates_of, variant_fields
from .weights import CLASS_FIELD, HANDED_PREDICATE

# How many bases deep the members are read (`ScopeImpl` -> `CloseableScope` -> `Scope` -> `Pipeable`).
MAX_BASES = 4
# The score of a member of the declared type (a method as a field: the type is a face, its methods few), and of a
# member of a field's inline object type. Methods at CLASS_MEMBER (4): tuned 1,114 of 1,258; at 10 or 16: 1,116
# (ScopeImplProto.fork's `newScope.close`, the type's `close`); fields at 10 or 16 alike.
DECLARED_MEMBER = CLASS_FIELD
INLINE_FIELD = CLASS_FIELD
_MEMBER_KINDS = frozenset({SymbolKind.FIELD, *CALLABLE_KINDS})


def declared_this(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score `this.<member>` for the members of the type the body's declared `this` holds, their inline types'
    members, and the predicates on and variants of its fields' types; what each scored member leads to."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or spec.this_parameter is None:
        return {}
    declared = _declared(index, target, spec.this_parameter)
    if declared is None:
        return {}
    function, typename = declared
    receiver = receiver_name(index.language)
    resolved: dict[str, Target] = {}
    fields: list[tuple[FileIndex, SymbolNode]] = []
    for where, cls in _with_bases(build, index, function, typename):
        for child in cls.children:
            member = where.by_id.get(child)
            if member is None or member.kind not in _MEMBER_KINDS or member.name == target.name:
                continue
            ref = f"{receiver}.{member.name}"
            if ref in resolved:
                continue  # a base's member the type redeclares: the nearest one
            resolved[ref] = Target(where.path, member)
            scores[ref] += DECLARED_MEMBER
            if member.kind is SymbolKind.FIELD:
                fields.append((where, member))
                _inline_fields(where, member, f"{ref}.", resolved, scores)
    _field_types(build, fields, resolved, scores)
    return resolved


def _inline_fields(
    where: FileIndex, field: SymbolNode, prefix: str, resolved: dict[str, Target], scores: Counter[str]
) -> None:
    """Score the members of a field's inline object type (`state: { _tag: "Open", finalizers } | { _tag: "Closed",
    exit }`) through it (`this.state.exit`): no declaration elsewhere names them."""
    for child in field.children:
        member = where.by_id.get(child)
        if (
            member is not None
            and member.kind is SymbolKind.FIELD
            and (ref := prefix + member.name) not in resolved
        ):
            resolved[ref] = Target(where.path, member)
            scores[ref] += INLINE_FIELD


def _declared(
    index: FileIndex, target: SymbolNode, pattern: re.Pattern[str]
) -> tuple[SymbolNode, str] | None:
    """The function around the body declaring its `this` (the body's own, or an enclosing one: no class between)
    and the type it declares, bare of type arguments."""
    for s in [target, *index.enclosing(target)]:
        if s.kind in CLASS_KINDS or s.kind is SymbolKind.MODULE:
            return None
        if s.kind in CALLABLE_KINDS and (found := pattern.search(s.signature)) is not None:
            return s, found.group(1)
    return None


def _with_bases(
    build: Build, index: FileIndex, scope: SymbolNode, typename: str
) -> list[tuple[FileIndex, SymbolNode]]:
    """The classes and interfaces `typename` names in `scope`, then their bases, nearest first."""
    out: list[tuple[FileIndex, SymbolNode]] = []
    seen: set[str] = set()
    level = [
        (where, t.symbol)
        for t in build.resolver.resolve(index, scope, typename)
        if t.symbol is not None
        and t.symbol.kind in CLASS_KINDS
        and (where := build.memory.file(t.path)) is not None
    ]
    for _ in range(MAX_BASES + 1):
        following: list[tuple[FileIndex, SymbolNode]] = []
        for where, cls in level:
            if cls.id in seen:
                continue
            seen.add(cls.id)
            out.append((where, cls))
            for base in build.resolver.bases(where, cls):
                base_index = build.memory.file(base.path)
                if base_index is not None:
                    following.append((base_index, base))
        level = following
    return out


def _field_types(
    build: Build,
    fields: list[tuple[FileIndex, SymbolNode]],
    resolved: dict[str, Target],
    scores: Counter[str],
) -> None:
    """Score `bound.predicate` for the predicates each namespace import of the body's file declares on a field's
    declared type (by its last name, as `handed_types.py` files them), and the fields of the variants of a small
    union it is (`this.strategy.parallelism`, `ParallelN`'s)."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or not fields:
        return
    types: set[str] = set()
    for where, field in fields:
        # The binding's text from its name on (`readonly strategy: ExecutionStrategy.ExecutionStrategy`).
        at = re.search(rf"(?<![\w$]){re.escape(field.name)}(?![\w$])", field.signature)
        typename = spec.declared_type(field.signature[at.start() :]) if at is not None else None
        if typename is None:
            continue
        types.add(typename.rpartition(".")[2])
        for found in build.resolver.resolve(
            where, where.by_id.get(field.parent or "", where.symbols[0]), typename
        ):
            named = found.symbol
            if (
                named is not None
                and named.kind is SymbolKind.TYPE_PARAMETER
                and spec.alias_is_union(named.signature)
            ):
                variant_fields(build, found, resolved, scores)
    if not types:
        return
    for imp in index.imports:
        if imp.name != "*" or not imp.bound:
            continue  # a namespace import (`import * as executionStrategy from "./executionStrategy.js"`)
        for found in build.resolver.resolve_import(index, imp):
            module = build.memory.file(found.path)
            if module is None or found.symbol is None or found.symbol.kind is not SymbolKind.MODULE:
                continue
            for name in predicates_of(module, types):
                scores[f"{imp.bound}.{name}"] += HANDED_PREDICATE
