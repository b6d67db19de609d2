"""Generate mode's reading of the fields a C file's functions read through parameters of the body's parameter
types: a body taking an `Expr *p` reads the `op`, `flags` and `pLeft` that the file's other functions taking an
`Expr *` read, whatever they name theirs (`pExpr`, `pE`, `p`).

In an amalgamation the struct is defined tens of thousands of lines above the body, its fields are far from
every function using them, and a large struct (a parser's state, a connection) has more fields than a prompt
holds: which of them a new body reads is told by the habit of the file's functions of that type, counted once
per function (a field every third function of the type reads is likelier than one a single long function reads
forty times). Where a language declares parameters C's way (`Type *name`, its files sharing one namespace).
"""

from __future__ import annotations

import re
from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, SymbolNode
from .build import Build
from .carry import Carried, Change

# What a field every function of the type reads scores (a share of them, that share of it): as two uses by a
# near sibling, what the nearest definition above the body scores (`preceding.py`).
TYPE_FIELD = 24
# Fewer functions of a type than this say nothing of a habit; fields fewer than this share of them read are
# chance; at most this many fields per type are offered (each costs the budget a line).
MIN_USERS = 3
MIN_SHARE = 0.2
MAX_FIELDS = 8

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_QUALIFIERS = frozenset({"const", "volatile", "restrict", "struct", "union", "enum", "register"})

# Per parameter type, the functions taking one: (symbol id, the parameter's name).
_Users = dict[str, tuple[tuple[str, str], ...]]
# Per parameter type: how many functions take one, and per field how many of them read it.
_Habit = tuple[int, Counter[str]]


def parameter_type_fields(build: Build, scores: Counter[str]) -> None:
    """Add to `scores` the body's `parameter.field` names whose fields the file's functions taking a parameter of
    the same type read most, where a language's files share one namespace through includes (C)."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.shared_namespace or spec.imports_bind_names:
        return
    users = _USERS.get(index, None)
    for type_name, name in parameters(target.signature):
        if len(users.get(type_name, ())) < MIN_USERS or not build.memory.files_defining(type_name):
            continue  # few functions of the type, or a type no file defines (`int`, `size_t`)
        n, fields = _HABITS.get(index, type_name)
        taken = 0
        for field, count in sorted(fields.items(), key=lambda fc: (-fc[1], fc[0])):
            if count < MIN_SHARE * n or taken >= MAX_FIELDS:
                break
            scores[f"{name}.{field}"] += round(TYPE_FIELD * count / n)
            taken += 1


def parameters(signature: str) -> list[tuple[str, str]]:
    """The (type, name) of each parameter a C header declares `Type name`, `Type *name`, `const struct T *name`;
    none of a header with no parameter list. The last parenthesised list is read: `PRIV(name)(size_t n)` names
    the function through a macro first."""
    close = signature.rfind(")")
    depth, at = 0, close
    while at > 0:
        at -= 1
        if signature[at] == ")":
            depth += 1
        elif signature[at] == "(":
            if depth == 0:
                break
            depth -= 1
    if close < 0 or at <= 0:
        return []
    found: list[tuple[str, str]] = []
    for part in signature[at + 1 : close].split(","):
        if "(" in part:
            continue  # a function pointer's parameter: no struct read through it
        words = [w for w in _IDENTIFIER.findall(part) if w not in _QUALIFIERS]
        if len(words) >= 2:
            found.append((words[-2], words[-1]))
    return found


def _build_users(index: FileIndex, _key: None) -> _Users:
    users: dict[str, list[tuple[str, str]]] = {}
    for s in index.symbols:
        if s.kind in CALLABLE_KINDS and s.has_body:
            for type_name, name in parameters(s.signature):
                users.setdefault(type_name, []).append((s.id, name))
    return {t: tuple(found) for t, found in users.items()}


def _carry_users(table: _Users, _index: FileIndex, _key: None, _change: Change) -> _Users:
    return table  # the same ids and headers (`references_changed`)


_USERS: Carried[None, _Users] = Carried(_build_users, _carry_users)


def _read_fields(s: SymbolNode, name: str) -> set[str]:
    """The fields the function `s` reads through its parameter `name` (`name->field`, `name.field`)."""
    prefix = f"{name}."
    return {ref[len(prefix) :].partition(".")[0] for ref in s.refs if ref.startswith(prefix)}


def _build_habit(index: FileIndex, type_name: str) -> _Habit:
    fields: Counter[str] = Counter()
    found = _USERS.get(index, None).get(type_name, ())
    for sid, name in found:
        fields.update(_read_fields(index.by_id[sid], name))
    return len(found), fields


def _carry_habit(habit: _Habit, index: FileIndex, type_name: str, change: Change) -> _Habit:
    """The counts corrected for the functions the edit changed (the same ids before and after it)."""
    names = dict(_USERS.get(index, None).get(type_name, ()))
    moved = [(b, a) for b, a in zip(change.removed, change.added, strict=True) if b.id in names]
    if not moved:
        return habit
    fields = Counter(habit[1])
    for before, after in moved:
        fields.subtract(_read_fields(before, names[before.id]))
        fields.update(_read_fields(after, names[after.id]))
    return habit[0], +fields


_HABITS: Carried[str, _Habit] = Carried(_build_habit, _carry_habit)
