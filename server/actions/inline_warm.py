"""Completion's answers made ahead in the idle pass after didOpen: the file's ranked names resolved from a function
of every class (and other definition holding functions), where the idle warm-up resolves them from one only.

A first completion request in a function packs in generate mode, and ranks some 200 of the file's names, each
resolved from the body's scope. A name the body neither binds nor defines is answered once for every scope with
the same definitions around it that are no functions (`kept_answers.free_key`: the class a method is in is part of
that key), and kept across requests. `indexer/warm.py` resolves them from the shortest function of the largest
group (a Python file's top level, a Java class's methods), so a first request in a method of any other class
resolved them all itself: ~6,000 of the 10,000 the standard library's first requests asked, and every one of a
class's first request. Here, the same names are resolved from a function of each group that does not mention them,
into the same kept answers, which the requests then read: the answers are the resolver's own, whatever warmed them.
An edit adding or removing a definition drops the kept answers naming it (and starts the siblings' answers anew);
`warmed` tells the server to run the idle pass again at the next quiet moment (`server/lsp/inline.py`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.kept_answers import Answers, FreeScope, answers, free_key, keeps_free
from archmem.indexer.languages import BY_NAME
from archmem.indexer.package_defines import defined_in_package
from archmem.indexer.records import CALLABLE_KINDS, SymbolNode
from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

# Names resolved at most, over all the groups: a bound on one idle moment's work in a file of many classes.
MAX_RESOLVED = 20_000
# The functions of a group a name is resolved from, the first not mentioning it: most names are free in one of
# the three shortest.
_PER_GROUP = 3
# The kept answers this pass filled whole, with how many edits adding or removing a definition they had followed
# then (`Answers.redefined`): such an edit (`self.x = ...` in an `__init__`) drops the answers naming it and
# starts the siblings' answers anew, and the next quiet moment runs the idle pass again (`warmed`).
_WARMED: weakref.WeakKeyDictionary[Answers, int] = weakref.WeakKeyDictionary()


def warmed(memory: Memory, path: str) -> bool:
    """Whether the answers kept for the open text of `path` were filled by `warm_group_answers` (or none are
    kept for it: not open, excluded, a language whose answers are not kept across scopes)."""
    doc = memory.document(path)
    index = memory.file(path)
    if doc is None or index is None or doc.index is not index or memory.is_excluded(index.path):
        return True
    spec = BY_NAME.get(index.language)
    if spec is None or not keeps_free(spec):
        return True
    kept = answers(memory, index)
    return _WARMED.get(kept) == kept.redefined


def warm_group_answers(memory: Memory, path: str, quiet: Callable[[], bool] = lambda: True) -> int:
    """Resolves the names a generate packing of `path` ranks from a function of each group of functions outside any
    other that share the definitions around them (a class's methods), for the open buffer's text, into the answers
    kept for every scope of the group adding nothing to a name; stops once `quiet` answers False. Returns how many
    names were resolved."""
    doc = memory.document(path)
    index = memory.file(path)
    if doc is None or index is None or doc.index is not index or memory.is_excluded(index.path):
        return 0
    spec = BY_NAME.get(index.language)
    if spec is None or not keeps_free(spec):
        return 0
    refs = _ranked_refs(memory, index, spec.package_is_directory)
    kept = answers(memory, index)
    resolver = Resolver(memory)
    resolver.remember_text(index.path, doc.text)
    scopes: dict[tuple[str, str, int], FreeScope] = {}
    done = 0
    for group in _groups(index):
        for ref in refs:
            if done >= MAX_RESOLVED or (done % 64 == 0 and not quiet()):
                return done
            # From a function of the group that does not mention the name: only such an answer is kept for
            # the group (the shortest function's own words would leave out what it uses itself).
            scope = next(
                (s for s in group if free_key(spec, index, doc.text, s, ref, 0, scopes) is not None), None
            )
            if scope is not None:
                resolver.resolve(index, scope, ref)
                done += 1
    _WARMED[kept] = kept.redefined
    return done


def _ranked_refs(memory: Memory, index: FileIndex, package: bool) -> list[str]:
    """The file's names that lead past its functions, as `indexer/warm.py` picks them: a plain name or one member
    of a top-level definition, an import or (where a package is a directory) a name another file of it defines."""
    bound = {imp.bound for imp in index.imports}
    out = []
    for ref in sorted({ref for s in index.symbols for ref in s.refs}):
        head, _dot, member = ref.partition(".")
        if not head or "." in member:
            continue
        if (
            head in index.by_qualname
            or head in bound
            or (package and defined_in_package(memory, index.path, head))
        ):
            out.append(ref)
    return out


def _groups(index: FileIndex, each: int = _PER_GROUP) -> list[list[SymbolNode]]:
    """The `each` shortest functions of each group of functions outside any other, grouped by the definitions
    around them (what `kept_answers.free_key` reads of a scope besides its own words), shortest first."""
    groups: dict[tuple[str, ...], list[SymbolNode]] = {}
    for s in index.symbols:
        chain = index.enclosing(s)
        if s.kind in CALLABLE_KINDS and not any(c.kind in CALLABLE_KINDS for c in chain):
            groups.setdefault(tuple(c.id for c in chain), []).append(s)
    return [sorted(group, key=lambda s: s.end_byte - s.start_byte)[:each] for group in groups.values()]
