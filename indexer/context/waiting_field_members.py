"""Generate mode: the methods of a field's type that the class holding the field does not call yet. effect's
`FiberRuntime` holds `currentSupervisor: Supervisor.Supervisor<any>` and `currentScheduler: Scheduler`, declared
in other files; its methods call `this.currentSupervisor.onResume`, `onSuspend` and
`this.currentScheduler.scheduleTask`, and the run loop still to be written is where `onEffect` and `shouldYield`
are called: a small interface is held to be used whole, and what the class does not call through it yet waits for
a body still to be written, as a helper nothing calls does (WAITING). No other sign points at a member nothing in
the file names. `held.py` offers a field type's most called methods in a small class only; this reads a class of
any size, and a type of at most MAX_METHODS methods (at most UNUSED_METHODS where the class calls nothing through
the field yet: its tracer's `context`). Where the language asks for it (`LanguageSpec.waiting_field_members`)."""

from __future__ import annotations

import re
from collections import Counter

from ..languages import BY_NAME
from ..per_memory import PerFile
from ..records import CALLABLE_KINDS, SymbolKind, SymbolNode
from ..resolve import descendants
from .build import Build, receiver_name
from .weights import WAITING

# A type of more methods than this is not used whole by one class: none of them waits. Measured on effect's
# internals (generate at 2,048, tuned part, 1,258 units): 1,094 without the rule; 1,100 at 5 (`Supervisor`'s seven
# left out), 1,101 at 8 or 12; the score WAITING, 12, 24 or 40 alike.
MAX_METHODS = 8
# ... where the class calls none of the type's methods through the field yet: 1,100 at 0, 1,101 at 2.
UNUSED_METHODS = 2
_WORD = re.compile(r"[A-Za-z_$][\w$]*")

# Per field (its qualified name and declaration, and the file's imports), the names of the methods of each type it
# holds in other files, valid while no other file changes (`PerFile`), where its declared type names nothing of its
# own file (`_reads_own_file`).
_Key = tuple[str, str, tuple[tuple[str, str | None, str | None], ...]]
_KEPT: PerFile[dict[_Key, tuple[frozenset[str], ...]]] = PerFile(dict)


def waiting_field_members(build: Build, cls: SymbolNode | None, scores: Counter[str]) -> None:
    """Score `this.<field>.<method>` for each method of a field's declared type that the class's code (the body's
    own aside) does not call through that field, where the type declares few methods."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if cls is None or target is None or spec is None or not spec.waiting_field_members:
        return
    receiver = receiver_name(index.language)
    called = _called_through(build, cls, receiver, target.id)
    for child in cls.children:
        field = index.by_id.get(child)
        if field is None or field.kind is not SymbolKind.FIELD:
            continue
        through = called.get(field.name)
        most = UNUSED_METHODS if through is None else MAX_METHODS
        for methods in _held_methods(build, spec.constructor_names, target, receiver, field):
            if len(methods) <= most:
                for name in sorted(methods - (through or set())):
                    scores[f"{receiver}.{field.name}.{name}"] += WAITING


def _held_methods(
    build: Build, constructors: frozenset[str], target: SymbolNode, receiver: str, field: SymbolNode
) -> tuple[frozenset[str], ...]:
    """The names of the methods of each type `field` holds. Kept per memory by the field's name, declaration
    and the file's imports while no other file changes (resolving FiberRuntime's thirty fields' types took ~12 ms a packing)."""
    # A type named through a definition of the body's own file (`type Scheduler = S.Scheduler`) is read afresh:
    # an edit of that definition leads the field elsewhere with its declaration and the imports unchanged.
    kept = (
        None
        if _reads_own_file(build.index.defined_names, field)
        else _KEPT.get(build.memory, build.index.path)
    )
    # The file's imports are in the key: the same declaration leads elsewhere once an import line is edited.
    key = (field.qualname, field.signature, tuple((i.module, i.name, i.alias) for i in build.index.imports))
    found = None if kept is None else kept.get(key)
    if found is None:
        held = build.resolver.inference.classes(
            build.index, build.view.raw, target, None, [receiver, field.name]
        )
        found = tuple(
            frozenset(
                m.name
                for c in cls.children
                if (m := where.by_id.get(c)) is not None
                and m.kind in CALLABLE_KINDS
                and m.name not in constructors
            )
            for where, cls in held
        )
        # A type of the body's own file (or none found: the file may declare it next) is read afresh.
        if kept is not None and held and all(where.path != build.index.path for where, _cls in held):
            kept[key] = found
    return found


def _reads_own_file(defined: frozenset[str], field: SymbolNode) -> bool:
    """Whether the type `field` declares may be read through a definition of its own file (whose names are
    `defined`): a name its declaration gives after its own (`Scheduler` of `currentScheduler!: Scheduler`, a
    namespace `S` of `S.Scheduler`, a class's type parameter) that the file defines."""
    return not defined.isdisjoint(_WORD.findall(field.signature.partition(field.name)[2]))


def _called_through(build: Build, cls: SymbolNode, receiver: str, target_id: str) -> dict[str, set[str]]:
    """Per field, the members the class's code (the body's own aside) reaches through it (`this.q.offer` -> q)."""
    prefix = f"{receiver}."
    out: dict[str, set[str]] = {}
    for s in descendants(build.index, cls):
        if s.id == target_id:
            continue
        for ref in s.refs:
            field, dot, member = ref[len(prefix) :].partition(".")
            if dot and ref.startswith(prefix) and member and "." not in member:
                out.setdefault(field, set()).add(member)
    return out
