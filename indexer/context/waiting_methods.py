"""Generate mode's reading of a method's receiver type in a package of several files (Go): the type's unexported
methods declared in the package's other files that nothing in the package calls yet wait for the body.

`waiting.py` reads that sign beside the body, in its own file; a receiver's methods are spread over its package's
files, and one written for the body may sit in any of them: regexp's `doExecute` (exec.go) is the only caller of
`re.get` and `re.put` (regexp.go) and of `re.backtrack` (backtrack.go); go/types' `typeAssertion` (expr.go) of
`check.assertableTo` (lookup.go). Go's tools flag an unexported method nothing calls, so one nothing calls was
written for code still to be written. Measured offline on the four Go dev sets before building: 4 such methods
offered over 336 packs, the 4 needed by their bodies and all missed; with one caller allowed, 633 offered for one
more needed. None where more than UNCALLED_METHODS wait at once (a type of unused code says nothing of the body).

The package's other files' unexported functions nothing calls wait too, but a package keeps many (runtime's, called
from assembly): only those sharing a word with the body's name are read, and only where at most WAITING_FUNCTIONS
are (runtime's `freeSpecial` calls mprof.go's `mProf_Free`, text/template's `evalFunction` funcs.go's
`findFunction`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..includes import directory_name
from ..languages import BY_NAME
from ..per_memory import PerFile, per_memory
from ..records import CALLABLE_KINDS, SymbolNode
from ..target import Target
from .build import Build
from .members import words
from .spread import others_referencing
from .tables import top_level
from .weights import UNCALLED_METHOD, UNCALLED_METHODS, WAITING, WAITING_NEAR

# The most functions of the package's other files that nothing calls and that share a word with the body's name for
# them to be offered, and what each scores. Measured offline on the four Go dev sets: at most 2 a pack, 16 offered
# over 336 packs, 2 of them units the body needed (runtime's `freeSpecial` -> `mProf_Free`, text/template's
# `evalFunction` -> `findFunction`); with any number, 193 offered for 4.
WAITING_FUNCTIONS = 2
WAITING_FUNCTION = WAITING + WAITING_NEAR

if TYPE_CHECKING:
    from ..workspace import Memory


def waiting_methods(build: Build, typename: str, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the unexported methods of the receiver type `typename`
    declared in the package's other files that no code of the package calls (the body's file read from its
    text); what each key leads to."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or spec.waiting_scope != "package":
        return {}
    changes = build.memory.changes_elsewhere(index.path)
    found = _uncalled_elsewhere(build.memory, index.language, index.path, typename, changes)
    if not found:
        return {}
    used = index.referenced_names  # the body's file's, from its text (kept per version, read in C)
    waiting = [(path, method) for path, method in found if method.name not in used]
    return _scored(waiting, UNCALLED_METHODS, UNCALLED_METHOD, scores)


def _scored(
    waiting: list[tuple[str, SymbolNode]], most: int, score: int, scores: Counter[str]
) -> dict[str, Target]:
    """Score each of `waiting` (where it is declared, its symbol) by `score`, none where more than `most` wait;
    what each `definition:` key leads to."""
    if len(waiting) > most:
        return {}
    resolved: dict[str, Target] = {}
    for path, symbol in waiting:
        key = f"definition:{path}:{symbol.id}"
        resolved[key] = Target(path, symbol)
        scores[key] += score
    return resolved


# Receiver types whose waiting methods are kept (as `receiver_functions._KEPT_TYPES`).
_KEPT_TYPES = 256


@per_memory(maxsize=_KEPT_TYPES)
def _uncalled_elsewhere(
    memory: Memory, language: str, path: str, typename: str, _changes: int
) -> tuple[tuple[str, SymbolNode], ...]:
    """The unexported methods of `typename` declared in the package's files but `path` whose name no file of the
    package but `path` mentions. Kept until another file than `path` changes (`_changes`)."""
    spec, package = BY_NAME[language], directory_name(path)
    out: list[tuple[str, SymbolNode]] = []
    prefix = f"{typename}."
    for other in others_referencing(memory, typename, path):
        index = memory.file(other) if directory_name(other) == package else None
        for s in () if index is None else top_level(index):
            if (
                s.kind in CALLABLE_KINDS
                and s.qualname == prefix + s.name
                and spec.waits_uncalled(s.name, s.signature, [])
                and not any(directory_name(p) == package for p in others_referencing(memory, s.name, path))
            ):
                out.append((other, s))
    return tuple(out)


# Per memory and file: the package's other files' unexported names by each of their words, and whether each name
# asked is a function no file of the package but the body's mentions (where, and its symbol), until another file
# changes.
_WORDS: PerFile[dict[str, list[str]]] = PerFile(dict, files=8)
_UNCALLED: PerFile[dict[str, tuple[str, SymbolNode] | None]] = PerFile(dict, files=8)


def waiting_functions(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the unexported functions of the package's other files that no
    code of the package calls and whose name shares a word with the body's, where at most WAITING_FUNCTIONS are."""
    index, target, memory = build.index, build.target, build.memory
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or spec.waiting_scope != "package":
        return {}
    table = _WORDS.get(memory, index.path)
    if not table:
        for name in spec.package_names_elsewhere(memory, index.path):
            if not spec.exported(name):
                for word in words(name):
                    table.setdefault(word, []).append(name)
        table.setdefault("", [])  # read: a package with no such names is not listed again
    said = dict.fromkeys(n for word in words(target.name) for n in table.get(word, ()) if n != target.name)
    known = _UNCALLED.get(memory, index.path)
    used = index.referenced_names
    waiting: list[tuple[str, SymbolNode]] = []
    for name in said:
        if name in used:
            continue  # the body's file calls it: it waits for nothing (and the store is not asked)
        if name not in known:
            known[name] = _uncalled_function(memory, index.path, name)
        found = known[name]
        if found is not None:
            waiting.append(found)
    return _scored(waiting, WAITING_FUNCTIONS, WAITING_FUNCTION, scores)


def _uncalled_function(memory: Memory, path: str, name: str) -> tuple[str, SymbolNode] | None:
    """Where the package's function `name` is declared in another file than `path`, and its symbol, if no file of
    the package but `path` mentions it; else None."""
    package = directory_name(path)
    if any(directory_name(p) == package for p in others_referencing(memory, name, path)):
        return None
    for entry in memory.entries_named(name):
        if entry.path != path and directory_name(entry.path) == package and entry.kind in CALLABLE_KINDS:
            where = memory.file(entry.path)
            symbols = () if where is None else where.by_qualname.get(entry.qualname, ())
            if len(symbols) == 1 and entry.qualname == name:
                return entry.path, symbols[0]
    return None
