"""Generate mode's reading of the type a body works on where methods are declared outside their type (Go):
its methods, and the method a function is named after.

Such a method's type has no class around it to offer its members, so the class's members are never scored as
a class method's are (`predict._binding_scores`): here the receiver's fields are, and the file's other methods
on the same receiver, a little, and more for each word they share with the body's name (`rawExpr` calls
`check.exprInternal`). A function
named after a method of a type of its package is most often that method's wrapper (`setGCPercent` calls
`gcController.setGCPercent`; `gcControllerCommit` calls `gcController.commit`): that method comes first,
and the type's other methods of the file as a receiver's do (`gcController.revise`). A method named for a
field of its receiver's struct is its accessor (`(c *Config) rand()` reads `c.Rand`).
"""

from __future__ import annotations

import re
from collections import Counter

from ..fileindex import FileIndex
from ..includes import directory
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import CALLABLE_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .held import held_members
from .members import words
from .named import comments_above
from .namesake_methods import namesake_uses
from .receiver_functions import receiver_functions
from .waiting_methods import waiting_functions, waiting_methods
from .weights import CLASS_FIELD, CLASS_MEMBER, NAMED_FIELD, NAMED_METHOD, SHARED_WORD, SHARED_WORDS

# The parts of a camel-case name, acronyms kept whole (`setGCPercent` -> set, GC, Percent).
_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
# A receiver's field whose comment names the method being written: as a neighbour's two uses of it.
COMMENTED_FIELD = 24
# A name that many types of the package declare as a method (`String`, `Len`) names no one wrapper.
MAX_NAMED_METHODS = 3
# How many leading letters of a one-word name may come before the method's name it says (`uadd`: `add`).
_CLIPPED = (1, 2)


def receiver_members(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the methods of the file on the body's receiver type
    and on the types whose method the body is named after, and those methods; what each key leads to."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.receiver_methods:
        return {}
    resolved: dict[str, Target] = {}
    types: dict[str, None] = {}
    own_type = _receiver_type(index, target)
    if own_type is not None:
        types[own_type] = None
    for found in _named_methods(build, target):
        if found.symbol is None:
            continue
        key = f"definition:{found.path}:{found.symbol.id}"
        resolved[key] = found
        scores[key] += NAMED_METHOD
        types.setdefault(found.symbol.qualname.rpartition(".")[0], None)
    about = words(target.name)
    if own_type is not None:
        receiver_functions(build.memory, index.path, own_type, target.name, scores)
        resolved.update(_receiver_fields(build, target, own_type, about, scores))
        resolved.update(held_members(build, target, own_type, _methods_of(index, own_type), scores))
        resolved.update(waiting_methods(build, own_type, scores))
        namesake_uses(build, own_type, scores)
    resolved.update(waiting_functions(build, scores))
    for typename in types:
        for method in _methods_of(index, typename):
            if method.id == target.id:
                continue
            key = f"definition:{index.path}:{method.id}"
            resolved.setdefault(key, Target(index.path, method))
            scores[key] += CLASS_MEMBER + SHARED_WORD * min(SHARED_WORDS, len(words(method.name) & about))
    return resolved


def _receiver_fields(
    build: Build, target: SymbolNode, typename: str, about: set[str], scores: Counter[str]
) -> dict[str, Target]:
    """Score the fields of the receiver's struct as a class's fields are scored for its methods, and more
    those whose every word the method's name says: the method is their accessor (`(c *Config) rand()`
    reads `c.Rand`, `getCertificate` calls `c.GetCertificate`)."""
    resolved: dict[str, Target] = {}
    for found in build.resolver.resolve(build.index, target, typename):
        owner = found.symbol
        where = build.memory.file(found.path) if owner is not None else None
        if owner is None or where is None or owner.kind is not SymbolKind.STRUCT:
            continue
        for child in owner.children:
            field = where.by_id.get(child)
            if field is None or field.kind is not SymbolKind.FIELD:
                continue
            named = words(field.name)
            # The receiver is the method's class: its fields score as a class's do for its methods.
            key = f"definition:{found.path}:{field.id}"
            resolved[key] = Target(found.path, field)
            scores[key] += CLASS_FIELD + (NAMED_FIELD if named and named <= about else 0)
            if found.path == build.index.path and _says(_field_comment(build, field), target.name):
                # The field's comment names the method: it is kept for it (tls's `Conn.activeCall`, "the number of
                # goroutines in Conn.Write").
                scores[key] += COMMENTED_FIELD
    return resolved


def _field_comment(build: Build, field: SymbolNode) -> str:
    """A field of the body's file's comment: the lines above it and the rest of its own line after a comment mark."""
    spec = BY_NAME[build.index.language]
    own = build.view.lines[field.start[0]].partition(spec.line_comment)[2]
    return f"{comments_above(build, field)}\n{own}"


def _says(text: str, name: str) -> bool:
    return bool(text.strip()) and re.search(rf"\b{re.escape(name)}\b", text) is not None


def _receiver_type(index: FileIndex, target: SymbolNode) -> str | None:
    """The type a top-level method is declared on (its qualified name's prefix), else None."""
    owner, dot, _name = target.qualname.rpartition(".")
    return owner if dot and target.parent == index.module_id and "." not in owner else None


@per_version
def _methods_of(index: FileIndex, typename: str) -> tuple[SymbolNode, ...]:
    """The file's methods declared on `typename`, in document order. Per file and type."""
    prefix = f"{typename}."
    return tuple(
        s
        for s in index.symbols[1:]
        if s.parent == index.module_id and s.kind in CALLABLE_KINDS and s.qualname.startswith(prefix)
    )


def _named_methods(build: Build, target: SymbolNode) -> list[Target]:
    """The methods of types of the body's package that its name ends with, where the words before that
    ending are all the type's: `setGCPercent` -> `gcControllerState.setGCPercent`, `gcControllerCommit` ->
    `gcControllerState.commit`. None for a name that many types' methods share."""
    parts = _PARTS.findall(target.name)
    # A one-word lower-case name of a letter or two more than a method's (`uadd`, `usub` of math/big: the unsigned
    # forms of `nat.add`, `nat.sub`) is named after it as well.
    clipped = (
        [parts[0][n:] for n in _CLIPPED if len(parts[0]) - n >= 3] if parts == [target.name.lower()] else []
    )
    here = directory(build.index.path)
    found: list[Target] = []
    for first, start, cased in [
        *((p, n, True) for n, p in enumerate(parts)),
        *((c, 0, False) for c in clipped),
    ]:
        before = words("".join(parts[:start]))
        casings = (first[:1].lower() + first[1:], first[:1].upper() + first[1:]) if cased else (first,)
        for first_cased in dict.fromkeys(casings):
            name = first_cased + "".join(parts[start + 1 :])
            entries = [
                e
                for e in build.memory.entries_named(name)
                if e.kind in CALLABLE_KINDS
                and "." in e.qualname
                and e.qualname != target.qualname
                and directory(e.path) == here
                and before <= words(e.qualname.rpartition(".")[0])
            ]
            if not entries or len(entries) > MAX_NAMED_METHODS:
                continue
            for entry in entries:
                where = build.memory.file(entry.path)
                for symbol in () if where is None else where.by_qualname.get(entry.qualname, ()):
                    found.append(Target(entry.path, symbol))
        if found:
            return found  # the longest ending that names a method
    return found
