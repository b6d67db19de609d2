"""Generate mode's reading of what waits for the body because nothing calls it yet: a helper of a kind its language
says no code keeps without calling it, within a scope nothing else of which calls it, was written for the body
still to be written.

The language's spec says the scope of "nothing" (`LanguageSpec.waiting_scope`) and the kind
(`LanguageSpec.waits_uncalled`):

- "type" (Rust): the private methods of the body's type (its every block in the file) that no code of the file
  calls, through the receiver or a path (`self.peek_space`, which only `parse_set_class_range` calls: rustc warns
  of a private `fn` nothing calls). Each is scored as a name through the receiver, where the type has few such
  (many say nothing); and the body chooses what it hands over: `push_class_op(&self, next_kind:
  ast::ClassSetBinaryOpKind, ..)` waits for `parse_set_class`, so the variants of the small enums such a
  helper's parameters take are scored as those a helper named after the body takes (`named.handed_variants`).
- "package" (Go): the package-private functions and methods within BESIDE of the body that no code of the
  package calls (`rawExpr`'s `check.exprInternal`, defined just below it): Go's tools flag a dead private helper.
  `waiting_names.py` reads the same sign for names reached bare; a Go method is reached through a receiver,
  which that reading does not count. None where more than a few wait at once (a file of unused code).
- "region" (C, C++): the prototypes between the body and the function defined last above it that no code of the
  file calls (an amalgamation's inlined `md5.h`, `sha2.h` above `crypto_hash`): declared for the code below them.
  Led to the prototype's own line: the one line saying how to call it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..includes import directory
from ..languages import BY_NAME
from ..languages.spec import LanguageSpec
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolNode
from ..resolve import descendants
from ..target import Target
from .build import Build, receiver_name
from .members import ref_counts
from .named import handed_variants
from .tables import name_uses, top_level
from .weights import (
    BESIDE,
    CALLEE_VARIANT,
    UNCALLED_HELPERS,
    UNCALLED_METHOD,
    UNCALLED_METHODS,
    WAITING,
    WAITING_NEAR,
)

# Top-level definitions read above the body for a region's prototypes, at most: a header's declarations, not a
# file's whole preamble.
REACH = 400
# More prototypes waiting than a body calls: a library's API the file leaves to other programs (SQLite's own
# `sqlite3.h` above the first function of `sqlite3.c`); their waiting says nothing of the body.
MAX_WAITING_PROTOTYPES = 24


@dataclass(frozen=True)
class _Scope:
    """How one scope of "nothing" is read: the helpers of the waiting kind in it, those nothing in it calls,
    how many may wait before their waiting says nothing of the body, and whether the small enums' variants
    their parameters take come too."""

    candidates: Callable[[Build, LanguageSpec, SymbolNode | None], list[SymbolNode]]
    uncalled: Callable[[Build, LanguageSpec, list[SymbolNode], SymbolNode | None], list[SymbolNode]]
    most: int
    by_receiver: (
        bool  # scored as a name through the receiver (with the variants handed), else as a definition
    )


def waiting_helpers(build: Build, cls: SymbolNode | None, scores: Counter[str]) -> dict[str, Target]:
    """Score the helpers that wait for the body because nothing in their scope calls them yet, by the keys added
    to `scores`; what each `definition:` key leads to."""
    target = build.target
    spec = BY_NAME.get(build.index.language)
    if target is None or spec is None or spec.waiting_scope is None:
        return {}
    scope = _SCOPES[spec.waiting_scope]
    found = scope.candidates(build, spec, cls)
    if not found:
        return {}  # most bodies have none: the file's uses are not read
    waiting = scope.uncalled(build, spec, found, cls)
    resolved: dict[str, Target] = {}
    if scope.by_receiver:
        for helper in waiting:
            resolved.update(handed_variants(build, helper, CALLEE_VARIANT, scores))
    if len(waiting) > scope.most:
        return resolved
    receiver = receiver_name(build.index.language)
    for helper in waiting:
        if scope.by_receiver:
            scores[f"{receiver}.{helper.name}"] += UNCALLED_METHOD
            continue
        key = f"definition:{build.index.path}:{helper.id}"
        resolved[key] = Target(build.index.path, helper)
        scores[key] += WAITING + WAITING_NEAR
    return resolved


def _type_methods(build: Build, spec: LanguageSpec, cls: SymbolNode | None) -> list[SymbolNode]:
    """The methods of the waiting kind in the body's type's every block of the file, but the body's own."""
    index, target = build.index, build.target
    if cls is None or target is None:
        return []
    outer = [s.signature for s in index.enclosing(cls) if s.kind in CLASS_KINDS]
    own = {target.id, *(d.id for d in descendants(index, target))}
    out: list[SymbolNode] = []
    for block in index.by_qualname.get(cls.qualname, (cls,)):
        classes = [block.signature, *outer]
        for child_id in block.children:
            helper = index.by_id.get(child_id)
            if helper is None or helper.id in own or helper.kind not in CALLABLE_KINDS:
                continue
            if spec.waits_uncalled(helper.name, helper.signature, classes):
                out.append(helper)
    return out


def _uncalled_in_type(
    build: Build, spec: LanguageSpec, helpers: list[SymbolNode], cls: SymbolNode | None
) -> list[SymbolNode]:
    """Those of `helpers` no code of the file calls: by a path (`Self::x()`, `ParserI::x()`, `.x()`) or through
    the receiver (`self.x()`) from outside the helper itself (a caller nested in it does not count)."""
    index, target = build.index, build.target
    assert cls is not None and target is not None
    own = {target.id, *(d.id for d in descendants(index, target))}
    receiver = receiver_name(index.language)
    users = name_uses(index)[2]
    counts = ref_counts(index)
    heads = ("", cls.name, *spec.self_type_names)
    out: list[SymbolNode] = []
    for helper in helpers:
        if any(f"{head}.{helper.name}" in counts for head in heads):
            continue
        callers = (index.by_id.get(c) for c in users.get(f"{receiver}.{helper.name}", ()) if c not in own)
        if any(c is not None and not helper.start_byte <= c.start_byte < helper.end_byte for c in callers):
            continue
        out.append(helper)
    return out


def _package_beside(build: Build, spec: LanguageSpec, cls: SymbolNode | None) -> list[SymbolNode]:
    """The top-level callables of the waiting kind within BESIDE of the body."""
    index, target = build.index, build.target
    assert target is not None
    callables = [s for s in top_level(index) if s.kind in CALLABLE_KINDS]
    at = next((i for i, s in enumerate(callables) if s.id == target.id), None)
    if at is None:
        return []
    return [
        helper
        for helper in callables[max(0, at - BESIDE) : at + BESIDE + 1]
        if helper.id != target.id and spec.waits_uncalled(helper.name, helper.signature, [])
    ]


def _uncalled_in_package(
    build: Build, spec: LanguageSpec, helpers: list[SymbolNode], cls: SymbolNode | None
) -> list[SymbolNode]:
    """Those of `helpers` whose name no code of the package uses but their own: a name or a member's last part
    (`check.exprInternal`). The file's distinct references are searched at once for the helpers' names (a few, a
    pack): no per-version table of the file's every reference."""
    index = build.index
    counts = ref_counts(index)
    pattern = re.compile(rf"(?m)^(?:.*\.)?(?:{'|'.join(re.escape(h.name) for h in helpers)})$")
    used: Counter[str] = Counter()
    for ref in pattern.findall("\n".join(counts)):
        used[ref.rpartition(".")[2]] += counts[ref]
    here = directory(index.path)
    out = []
    for helper in helpers:
        # Its own uses of its name (a recursive `isTypeElem`) are no caller.
        own = sum(
            1
            for s in (helper, *descendants(index, helper))
            for ref in s.refs
            if ref.rpartition(".")[2] == helper.name
        )
        if used[helper.name] > own:
            continue
        # The store's answer for the package's other files: an unsaved call in another open buffer is not seen.
        if any(
            p != index.path and directory(p) == here
            for p in build.memory.store.paths_referencing(helper.name)
        ):
            continue
        out.append(helper)
    return out


def _region_above(build: Build, spec: LanguageSpec, cls: SymbolNode | None) -> list[SymbolNode]:
    """The callables of the waiting kind between the body and the callable above it of another kind (the function
    defined last above it), nearest first, within REACH top-level definitions; not the body's own."""
    index, target = build.index, build.target
    assert target is not None
    top = top_level(index)
    at = bisect_left(top, target.start_byte, key=lambda s: s.start_byte)
    declared: list[SymbolNode] = []
    for s in reversed(top[max(0, at - REACH) : at]):
        if s.kind not in CALLABLE_KINDS:
            continue  # the header's macros, types and guards
        if not spec.waits_uncalled(s.name, s.signature, []):
            break  # a function defined: the part above is another's
        if s.name != target.name:
            declared.append(s)
    return declared


def _uncalled_in_file(
    build: Build, spec: LanguageSpec, helpers: list[SymbolNode], cls: SymbolNode | None
) -> list[SymbolNode]:
    """Those of `helpers` no code of the file uses; the body being written is no user: what it uses is still to
    be written."""
    index, target = build.index, build.target
    assert target is not None
    keys, uses, _members = name_uses(index)
    own: Counter[str] = Counter()
    for ref in target.refs:
        own.update(keys.get(ref, ()))
    return [s for s in helpers if uses.get(s.name, 0) <= own.get(s.name, 0)]


_SCOPES = {
    "type": _Scope(_type_methods, _uncalled_in_type, UNCALLED_METHODS, by_receiver=True),
    "package": _Scope(_package_beside, _uncalled_in_package, UNCALLED_HELPERS, by_receiver=False),
    "region": _Scope(_region_above, _uncalled_in_file, MAX_WAITING_PROTOTYPES, by_receiver=False),
}
