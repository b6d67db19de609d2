"""Generate mode: the members of the types the shared functions of a vote return. channel.ts's generators under
`unwrapScopedWith((scope) => Effect.gen(function*() {` make a semaphore, `(yield* Effect.makeSemaphore(n))
.withPermits`: the word `withPermits` is shared, and so is `makeSemaphore`, declared `(permits: number) =>
Effect<Semaphore>`; the `withPermits` they mean is `Semaphore`'s method, which no module's top-level name nor field
is. And effect's `onFailure: (cause) => {` lambdas split the cause with `Cause.failureOrCause`, declared to return an
`Either.Either<...>` (`Left | Right`), and switch over its `_tag`: each arm reads its variant's own field
(`either.left`, `either.right`), though fewer of the lambdas read the second. Asked by
`property_lambdas.raise_shared` with the module whose functions the words name; the return types are read by
`returned_fields.returned_types` (where the module's language asks for them, `LanguageSpec.returned_fields`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set

from ..fileindex import FileIndex
from ..records import CLASS_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .returned_fields import returned_types

# A type the return type names, plain or through a module (`Semaphore`, `Either.Either`); not a member (`.x`).
_TYPE = re.compile(r"(?<![\w$.])([A-Z][\w$]*(?:\.[A-Za-z_$][\w$]*)?)")
# A union alias of at most this many classes or interfaces is read as its variants (`Either` = `Left | Right`).
MAX_VARIANTS = 4
_MEMBER_KINDS = frozenset({SymbolKind.FIELD, SymbolKind.METHOD})


# A type the return type names, with its file and its fields and methods.
Returned = tuple[FileIndex, SymbolNode, tuple[SymbolNode, ...]]


def returned_members(build: Build, module: FileIndex, words: Set[str]) -> list[list[Returned]]:
    """The classes and interfaces the declared return types of `module`'s top-level values named by `words` name
    (resolved in `module`), each with its file and its fields and methods; one list per name, a small union alias's
    holding its variants."""
    out: list[list[Returned]] = []
    seen: set[str] = set()
    for name in dict.fromkeys(n for text in returned_types(module, words) for n in _TYPE.findall(text)):
        group: list[Returned] = []
        for where, named in _types(build, module, name):
            if named.id not in seen:
                seen.add(named.id)
                members = (where.by_id.get(c) for c in named.children)
                group.append(
                    (where, named, tuple(m for m in members if m is not None and m.kind in _MEMBER_KINDS))
                )
        if group:
            out.append(group)
    return out


def _types(build: Build, module: FileIndex, name: str) -> list[tuple[FileIndex, SymbolNode]]:
    """The classes and interfaces `name` means in `module`: the one so named, or a union alias's variants."""
    found: list[tuple[FileIndex, SymbolNode]] = []
    for where, symbol in _resolved(build, module, name):
        if symbol.kind in CLASS_KINDS:
            found.append((where, symbol))
        elif symbol.kind is SymbolKind.TYPE_PARAMETER and symbol.parent == where.module_id:
            variants = [
                (at, v)
                for ref in symbol.refs or ()
                if not ref.startswith(".")
                for at, v in _resolved(build, where, ref)
                if v.kind in CLASS_KINDS
            ]
            if 2 <= len(variants) <= MAX_VARIANTS:
                found.extend(variants)
    return found


def _resolved(build: Build, module: FileIndex, name: str) -> list[tuple[FileIndex, SymbolNode]]:
    """What `name` (plain, or `Module.Type` through one of `module`'s imports) names at `module`'s top level."""
    head, dot, rest = name.partition(".")
    out: list[tuple[FileIndex, SymbolNode]] = []
    for target in build.resolver.resolve(module, module.symbols[0], head):
        where = build.memory.file(target.path)
        if target.symbol is None or where is None:
            continue
        if not dot:
            out.append((where, target.symbol))
        elif target.symbol.kind is SymbolKind.MODULE:
            out.extend((where, s) for s in where.by_qualname.get(rest, ()) if s.parent == where.module_id)
    return out


def raise_returned(
    build: Build,
    module: FileIndex,
    words: Set[str],
    shares: dict[str, float],
    field_bonus: int,
    scores: Counter[str],
    resolved: dict[str, Target],
) -> None:
    """Of the types the functions of `module` named by `words` return, the members the words of `shares` name, at
    `field_bonus` times their share, by `definition:` keys (with what each leads to, in `resolved`); where the type is a
    union (`Either`'s `Left | Right`) and a word names a variant's own field (one not every variant has: `left`, not
    `_tag`), every variant's own fields too, at the best such share (a switch over the variants reads each one's own
    field). Measured on effect's internals (generate at 2,048, tuned part, 1,121 of 1,258): 1,123 (channel.ts's and
    layer.ts's `onFailure` lambdas shown `Right.right`); every field of every variant at that share, 1,123 (with
    `Exit`'s and `Option`'s `_op`, `_A` raised wherever a word named a `_tag`); at half the best share, 1,122; the
    members named at twice their share, 1,122 (lost channel.ts's `Queue.bounded`)."""
    for group in returned_members(build, module, words):
        if len(group) >= 2:
            fields = [
                (where, m) for where, _type, members in group for m in members if m.kind is SymbolKind.FIELD
            ]
            common = set.intersection(
                *({m.name for m in ms if m.kind is SymbolKind.FIELD} for _w, _t, ms in group)
            )
            own = [(where, m) for where, m in fields if m.name not in common]
            best = max((shares.get(m.name, 0.0) for _where, m in own), default=0.0)
            for where, member in own if best else ():
                _raise(where, member, round(field_bonus * best), scores, resolved)
        for where, _type, members in group:
            for member in members:
                share = shares.get(member.name)
                if share is not None:
                    _raise(where, member, round(field_bonus * share), scores, resolved)


def _raise(
    where: FileIndex, member: SymbolNode, bonus: int, scores: Counter[str], resolved: dict[str, Target]
) -> None:
    """Raise `member` by `bonus` unless another part of the vote raised it already."""
    ref = f"definition:{where.path}:{member.id}"
    if ref not in resolved:
        resolved[ref] = Target(where.path, member)
        scores[ref] += bonus
