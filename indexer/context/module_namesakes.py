"""Generate mode's reading of the body's name against the modules the file imports whole: their members
named by the same words, which a body of that name most often forwards to or tags itself with.

A function is often the file's face of a definition of the same name elsewhere: effect's `extendScope`
builds a layer tagged `OpCodes.OP_EXTEND_SCOPE`, `fromEffectContext` one tagged `OpCodes.OP_FROM_EFFECT`,
`provide` one tagged `OpCodes.OP_PROVIDE`; a Go `(c *Conn) Close` calls `syscall.Close`. No neighbour need
use that member and the header does not name it: only the words of the name say it. A member matches when
every one of its words is a word of the body's name and it has two such words, or exactly the name's words
(a single word such as `map` or `Scope` alone is said by too many modules to tell).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import CALLABLE_KINDS, SymbolKind, SymbolNode
from .build import Build
from .members import words
from .weights import MODULE_NAMESAKE, MODULE_NAMESAKE_FOLLOWERS, MODULE_NAMESAKES

# A member matching part of the name must say at least this many of its words.
_MIN_WORDS = 2
# What a body forwards to or tags with: functions and values. A type named like the body (`Either.Either`
# for `getEither`) is the namespace's own, shown for its other uses already.
_VALUE_KINDS = CALLABLE_KINDS | {SymbolKind.VARIABLE, SymbolKind.CONSTANT}


def module_namesakes(
    build: Build, named: SymbolNode | None, scores: Counter[str], reasons: dict[str, str]
) -> None:
    """Score `module.member` for the members of the modules the file imports whole whose words the name of
    `named` (the body's function, or the definition holding an anonymous one) all says."""
    if named is None:
        return
    own = frozenset(words(named.name))
    if not own:
        return
    modules = whole_modules(build)
    wanted = _subsets(own)
    candidates = _members_named(modules, own, wanted)
    if not candidates:
        return  # most bodies: no member is named so, and the walk below is a file's references
    # Only the modules the file's other definitions are seen to follow so: the rule is the file's habit
    # (internal/layer.ts tags each layer with its namesake op-code), not a guess about every module.
    followed = _followed(build.index, frozenset(bound for bound, _module in modules))
    found = {
        f"{bound}.{member}"
        for bound, member in candidates
        if followed.get(bound, 0) >= MODULE_NAMESAKE_FOLLOWERS
    }
    if len(found) > MODULE_NAMESAKES:
        return  # the name's words are too common to single any out (`flatMap` of every data type)
    for ref in sorted(found):
        scores[ref] += MODULE_NAMESAKE
        reasons.setdefault(ref, f"named like {named.name}, in a module the file imports")


def _says(member: frozenset[str], own: frozenset[str]) -> bool:
    """Whether a member of words `member` is named by a definition of words `own` (see the module's doc)."""
    return bool(member) and (member == own or (len(member) >= _MIN_WORDS and member < own))


@per_version
def _followed(index: FileIndex, bounds: frozenset[str]) -> dict[str, int]:
    """Per name of `bounds` (modules imported whole), how many of the file's top-level definitions use a
    member of it that their own name says. One walk of the file's references, kept per file version."""
    module_id = index.module_id
    top: dict[str, SymbolNode] = {}
    users: dict[str, set[str]] = {}
    for s in index.symbols[1:]:
        outer = s if s.parent == module_id else top.get(s.parent or "")
        if outer is None:
            continue
        top[s.id] = outer
        for ref in s.refs:
            head, dot, member = ref.partition(".")
            if (
                dot
                and head in bounds
                and "." not in member
                and _says(_words_of(member), _words_of(outer.name))
            ):
                users.setdefault(head, set()).add(outer.id)
    return {head: len(ids) for head, ids in users.items()}


@lru_cache(maxsize=1 << 14)
def _words_of(name: str) -> frozenset[str]:
    return frozenset(words(name))


def _subsets(own: frozenset[str]) -> list[frozenset[str]]:
    """The sets of the name's words a matching member may have: the name's own, and each of at least
    _MIN_WORDS words (a name has a few words: at most a few dozen sets)."""
    items = sorted(own)
    out = [own]
    if len(items) > 6:
        return out
    for mask in range(1, (1 << len(items)) - 1):
        subset = frozenset(w for i, w in enumerate(items) if mask >> i & 1)
        if len(subset) >= _MIN_WORDS:
            out.append(subset)
    return out


def whole_modules(build: Build) -> list[tuple[str, FileIndex]]:
    """The names the file binds to whole modules of the workspace (`import * as OpCodes from ...`, a Go
    package) for their values, with each module's memory. Not those imported for their types alone
    (`import type * as Channel`: the public face of the file's own functions, forwarding to them)."""
    index, lines = build.index, build.view.lines
    spec = BY_NAME.get(index.language)
    types_only = spec.types_only_import if spec is not None else None
    bound_names = {
        imp.bound
        for imp in index.imports
        if imp.bound
        and imp.bound != "*"
        and not (types_only is not None and imp.line < len(lines) and types_only.match(lines[imp.line]))
    }
    out: list[tuple[str, FileIndex]] = []
    for bound in sorted(bound_names):
        for target in build.resolver.resolve(index, index.symbols[0], bound):
            if target.symbol is None or target.symbol.kind is not SymbolKind.MODULE:
                continue
            module = build.memory.file(target.path)
            if module is not None:
                out.append((bound, module))
    return out


def _members_named(
    modules: list[tuple[str, FileIndex]], own: frozenset[str], wanted: list[frozenset[str]]
) -> set[tuple[str, str]]:
    """The members (module's bound name, member) of `modules`' top-level values whose words are one of `wanted` (sets
    of the words `own`).

    A name's words are read only when its lower case holds one of `own`: each word of a name is a piece of it,
    lower-cased (`_WORDS` matches ASCII only) and at most shorn of a plural's `s`, so a name holding none of `own`
    has no word in it. Splitting every name of the 14 modules Effect.ts imports whole into words cost ~7 ms at the
    first generate packing of a region that asks (`Tag`), where one search of their lower-cased names costs ~0.3."""
    keys = set(wanted)
    holding: re.Pattern[str] | None = None
    out: set[tuple[str, str]] = set()
    for bound, module in modules:
        lowered, originals = _lowered_names(module)
        for word in own:
            if word in lowered:
                break
        else:
            continue  # no name of the module holds a word of the body's (most modules, most bodies)
        if holding is None:  # compiled once a packing, and only when some module may answer
            pattern = "|".join(re.escape(w) for w in sorted(own, key=len, reverse=True))
            holding = re.compile(f"^[^\n]*(?:{pattern})[^\n]*$", re.MULTILINE)
        for low in holding.findall(lowered):
            out.update((bound, name) for name in originals[low] if _words_of(name) in keys)
    return out


@per_version
def _lowered_names(module: FileIndex) -> tuple[str, dict[str, tuple[str, ...]]]:
    """A module's top-level values' names lower-cased, one a line, and each lower case's names (`Map`, `map`).
    Kept per version of the module."""
    originals: dict[str, list[str]] = {}
    for s in module.symbols[1:]:
        if s.parent == module.module_id and s.kind in _VALUE_KINDS and "\n" not in s.name:
            low = s.name.lower()
            if s.name not in originals.setdefault(low, []):
                originals[low].append(s.name)
    return "\n".join(originals), {low: tuple(names) for low, names in originals.items()}
