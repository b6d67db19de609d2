"""Generate mode's guess at what a small type's methods reach through its fields: the members of the types
those fields hold. A type of a few members does its work through what its fields hold, and what a field holds
is declared where nothing around the body shows it. One idea, read two ways by where a language keeps methods:

- A class that holds its methods (Python; Rust's struct with its impl blocks): `self.<field>.<method>` for the
  methods of the field's declared type that the type's file calls most (`self.p.error`, `self.p.parser()` in
  `NestLimiter`, whose field `p: &ParserI` is the parser every other method of the file reports its errors
  through): `field_type_methods`, scored as the references the body would write.
- A receiver type whose methods are declared outside it (Go): `lruSessionCache` holds `q *list.List` and
  `m map[string]*list.Element`; its `Put` calls `c.q.PushFront`, `c.q.Back`, `c.q.Remove`, `c.q.Len` and reads
  `elem.Value`, while its only other method calls `c.q.MoveToFront`, all declared in `container/list`. Per type
  a field holds (or holds the elements of, as a map or a slice does) in another file, its members (the
  exported ones, from another package) are ranked: those the receiver's methods call through that field
  first, then those the most files of the workspace mention: `held_members`, scored as definitions. A field the
  body's name names is read so in a receiver of any size, and more of what it holds is offered, higher: runtime's
  `mheap.reclaim` (34 fields, 16 methods) calls `h.reclaimCredit.Load` of its `reclaimCredit atomic.Uintptr`,
  crypto/tls's `sendFinished` calls `hs.finishedHash.serverSum`, the least used of its type's methods; a field the
  body's doc comment names through the receiver is named so too (`readFromUntil`: "reads from r into c.rawInput").

Either way the first FIELD_TYPE_METHODS of a held type are offered (NAMED_FIELD_MEMBERS for a named field).
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
from ..per_memory import per_memory
from ..per_version import per_version
from ..records import CALLABLE_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import Build, receiver_name
from .members import ref_counts, words
from .named import comments_above
from .weights import (
    FIELD_TYPE_METHOD,
    FIELD_TYPE_METHODS,
    NAMED_METHOD,
    SHARED_WORD,
    SHARED_WORDS,
    SMALL_CLASS,
)

if TYPE_CHECKING:
    from ..workspace import Memory

# The most fields and methods of the file a receiver type may have for its fields' types' members to be offered: twice
# a small class's (SMALL_CLASS), as crypto/tls's `serverHandshakeState` (13 fields, 15 methods of handshake_server.go),
# whose `establishKeys` reads `hs.suite.macLen`; a larger one (tls's `Conn`, 39 fields and 37 methods) does its work
# through too many fields for one body to say which (measured: 64 lost 3 units on the dev sets, 32 none).
HELD_RECEIVER = 2 * SMALL_CLASS
# The members offered of a type a field the body's name names holds (FIELD_TYPE_METHODS of another field's):
# crypto/tls's `finishedHash` holds 13, of which `sendFinished` calls `serverSum`.
NAMED_FIELD_MEMBERS = 16
# The most fields a word of the body's name may name for them to be named by it.
NAMED_FIELD_WORD = 3
# The receiver's name in a method's header (`func (c *Cache) add(`), the first name its parentheses hold.
_RECEIVER = re.compile(r"\w+\s*\(\s*(\w+)")


def _held(
    build: Build, target: SymbolNode, receiver: str, links: Sequence[str]
) -> list[tuple[FileIndex, SymbolNode]]:
    """The types `receiver.<link>` holds for each of `links` (a field, or `field[]` for its elements), once each."""
    inference = build.resolver.inference
    found = (
        held
        for link in links
        for held in inference.classes(build.index, build.view.raw, target, None, [receiver, link])
    )
    return list(dict.fromkeys(found))


def field_type_methods(build: Build, cls: SymbolNode | None, scores: Counter[str]) -> None:
    """Score `self.<field>.<method>` for the FIELD_TYPE_METHODS methods of each field's declared type that
    its file calls most, when the enclosing class is small."""
    index, target = build.index, build.target
    if cls is None or target is None:
        return
    # The class with its impl blocks of the file (Rust's struct holds the fields, an impl block the methods).
    members = [c for block in index.by_qualname.get(cls.qualname, (cls,)) for c in block.children]
    if len(members) > SMALL_CLASS:
        return
    receiver = receiver_name(index.language)
    for child_id in members:
        field = index.by_id.get(child_id)
        if field is None or field.kind is not SymbolKind.FIELD:
            continue
        for held_index, held_cls in _held(build, target, receiver, (field.name,)):
            for rank, name in enumerate(_most_called(held_index, held_cls.qualname)[:FIELD_TYPE_METHODS]):
                scores[f"{receiver}.{field.name}.{name}"] += FIELD_TYPE_METHOD - rank


@per_version
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


def held_members(
    build: Build, target: SymbolNode, typename: str, methods: Sequence[SymbolNode], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the members of the types the fields of the receiver's
    struct `typename` hold, where the struct and its `methods` of the file are few (HELD_RECEIVER); what each
    key leads to."""
    index = build.index
    receiver = _RECEIVER.match(target.signature)
    fields = _fields(build, target, typename)
    if receiver is None or not fields:
        return {}
    # A field the body's name names (`reclaimCredit` for `reclaim`, `finishedHash` for `readFinished`) is one the
    # body works through, whatever the receiver's size: more of its type's members are offered, and higher.
    said = Counter(word for field in fields for word in words(field) & words(target.name))
    # A word many fields carry names none of them (`idle` of net/http's Transport: `idleMu`, `idleConn`, ...).
    about = {word for word, n in said.items() if n <= NAMED_FIELD_WORD}
    named = {field: min(SHARED_WORDS, len(words(field) & about)) for field in fields}
    # A field the doc comment names through the receiver (`readFromUntil`: "reads from r into c.rawInput") too; not
    # a bare name (`swapVerticalBar`'s "the top of the stack" lost a unit of the held-out-like dev set).
    for field in re.findall(rf"\b{re.escape(receiver.group(1))}\.(\w+)", comments_above(build, target)):
        if named.get(field) == 0:
            named[field] = 1
    if len(fields) + len(methods) > HELD_RECEIVER:
        fields = [field for field in fields if named[field]]
    through = _called_through(tuple(methods), receiver.group(1))
    resolved: dict[str, Target] = {}
    for field in fields:
        offered = NAMED_FIELD_MEMBERS if named[field] else FIELD_TYPE_METHODS
        # What the field holds, or holds the elements of (`m map[string]*list.Element`: `c.m[key].Value`).
        for held_index, held in _held(build, target, receiver.group(1), (field, f"{field}[]")):
            if held_index.path == index.path:
                continue  # the file's own types: their members are scored where the file uses them
            public = directory(held_index.path) != directory(index.path)
            ranked = _ranked(build.memory, held_index, held.qualname, public, through.get(field, frozenset()))
            for rank, member in enumerate(ranked[:offered]):
                key = f"definition:{held_index.path}:{member.id}"
                resolved[key] = Target(held_index.path, member)
                scores[key] += max(1, FIELD_TYPE_METHOD - rank) + SHARED_WORD * named[field]
            for member in ranked:
                if member.name == target.name and member.kind in CALLABLE_KINDS:
                    # The method's namesake on what a field holds: a wrapper's method hands its work on to it
                    # (`cancelTimerBody.Read` calls `b.rc.Read` of its `rc io.ReadCloser`).
                    key = f"definition:{held_index.path}:{member.id}"
                    resolved[key] = Target(held_index.path, member)
                    scores[key] += NAMED_METHOD
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


@per_memory(maxsize=32)  # types of the other files (the file's own are passed over)
def _ranked(
    memory: Memory, index: FileIndex, qualname: str, public: bool, called: frozenset[str]
) -> tuple[SymbolNode, ...]:
    """The members of the type `qualname` of `index` (its fields, and the methods its file declares on it),
    exported ones only when `public`: those in `called` first, then by how many files mention each."""
    members = _members(index, qualname, public)
    spread = {s.name: len(memory.store.paths_referencing(s.name)) for s in members}
    return tuple(sorted(members, key=lambda s: (s.name not in called, -spread[s.name], s.start_byte)))


def _members(
    index: FileIndex, qualname: str, public: bool, seen: frozenset[str] = frozenset()
) -> list[SymbolNode]:
    """The fields and methods of the type `qualname` of `index` (exported ones only when `public`), and those of
    the types of its file it embeds by name (`io.ReadCloser`'s `Reader` and `Closer`: their `Read` and `Close`)."""
    prefix = f"{qualname}."
    members = [
        s
        for s in index.symbols[1:]
        if s.qualname.startswith(prefix)
        and "." not in s.qualname[len(prefix) :]
        and (s.kind is SymbolKind.FIELD or s.kind in CALLABLE_KINDS)
        and (not public or BY_NAME[index.language].exported(s.name))
    ]
    seen = seen | {qualname}
    for m in list(members):
        # An embedded type of the file: the field's whole declaration is its type's name (`Reader`, `*Element`).
        embedded = m.kind is SymbolKind.FIELD and m.signature.strip().lstrip("*") == m.name
        if embedded and m.name not in seen and index.by_qualname.get(m.name):
            members.extend(_members(index, m.name, public, seen))
    return members
