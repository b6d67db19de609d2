"""Ahead of the first request in a file: the memories of the other files its names lead to, loaded while the
editor is quiet.

An editor opens a file long before it asks for a context there, and the first packing in a file paid for
reading those memories from the store (Java: 18-42 files of the file's package, each unpickled and its
symbols rebuilt; Rust: ~15 ms of the crate's files). Which files those are is no cursor's business: the
names the file uses and does not define itself lead to them, through the resolver's own rules (imports,
the package or crate, the headers it includes). Resolving each once from the file's top level loads them
into the memory's cache of loaded files, where the first packing finds them; those answers are thrown away.

Then the file's own functions, as a generate packing reads them as siblings of the body being written: the
names each uses through its own parameters, locals and receivers, resolved into the answers every packing
of the memory reads (`context/siblings.py`, which keeps them for as long as they hold). A Rust test module's
first packing resolved 400 names of 73 tests there (~40 ms).

Last, the names a generate packing ranks (every name the file's code uses that leads past its functions),
resolved from a short function that neither binds nor names them: a body still to be written adds nothing to
them, so its packing reads these answers (`kept_answers.free_key`). The first Go generate packing of
`h2_bundle.go` resolved some 250 of them itself. And the functions of the package taking each type the file's
methods are declared on (`context/receiver_functions.py`). And one generate packing, thrown away: the file's
tables a packing reads (`context/tables.py`) built for the opened text, which the first real packing's text
carries over (the first Go generate packing of `h2_bundle.go` built them: `_binding_scores` 12 ms, not 5).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from .context.pack import Interrupted, Packer
from .context.receiver_functions import warm_takers
from .context.siblings import warm_siblings
from .fileindex import FileIndex
from .kept_answers import keeps_free
from .languages import BY_NAME
from .package_defines import defined_in_package
from .records import CALLABLE_KINDS, SymbolNode
from .resolver import Resolver
from .workspace import Memory

# Names resolved at most: a bound on the work of one idle moment in a file of many names.
MAX_NAMES = 2_000


def names_used_elsewhere(memory: Memory, path: str | Path) -> list[str]:
    """The first links of the names `path` uses but does not define at its top level, in a fixed order."""
    index = memory.file(path)
    if index is None:
        return []
    used = {ref.partition(".")[0] for s in index.symbols for ref in s.refs}
    return sorted(name for name in used if name and name not in index.by_qualname)


def warm(
    memory: Memory, path: str | Path, quiet: Callable[[], bool] = lambda: True, packer: Packer | None = None
) -> int:
    """Loads the memories of the files `path`'s names lead to, then resolves its functions' names as
    siblings; stops early once `quiet` answers False (a message arrived). Returns how many names were
    resolved. The packing thrown away at the end is `packer`'s (the server's shared one: the file's view it
    builds for the opened text is the first request's), else a packer of its own."""
    index = memory.file(path)
    if index is None:
        return 0
    resolver, top = Resolver(memory), index.symbols[0]
    done = 0
    for name in names_used_elsewhere(memory, path)[:MAX_NAMES]:
        if not quiet():
            break
        for target in resolver.resolve(index, top, name):
            # The definition's own memory, its symbols rebuilt: what reading a member of it needs.
            other = memory.file(target.path)
            if other is not None:
                other.by_id  # noqa: B018 - built once, kept on the index
        done += 1
    doc = memory.document(path)
    if not quiet() or doc is None or doc.index is not index:
        return done  # the siblings' answers are read from the editor's text, which the index must be of
    done += warm_siblings(memory, index, doc.text, quiet)
    done += _warm_ranked(memory, index, doc.text, quiet)
    done += warm_takers(memory, index, quiet)
    scope = _shortest_function(index)
    if scope is not None and quiet() and not memory.is_excluded(index.path):
        # A generate packing thrown away: the file's tables a packing reads (its names' counts by sibling list,
        # the words of its definitions), which the next packing's text carries over instead of building.
        # It gives way when a message arrives or a request packs: what it resolved before stays.
        with contextlib.suppress(Interrupted):
            (packer or Packer(memory)).pack(str(path), scope.end[0], 0, mode="generate", quiet=quiet)
    return done


def warm_region(
    memory: Memory, packer: Packer, path: str, byte: int, budget: int, quiet: Callable[[], bool]
) -> bool:
    """One generate packing at UTF-8 `byte` of the open document `path`, thrown away, unless `quiet` answers
    False first; True when it packed. Nothing for a closed or excluded document, an index not of the editor's
    text, or a zero budget. The packing gives way (raises `Interrupted`) to a request's packing holding
    `packer` and, between two name resolutions, once `quiet` answers False: the names resolved before stay
    in the memory's caches for the next pass there, or the request."""
    doc = memory.document(path)
    index = memory.file(path)
    if doc is None or index is None or doc.index is not index or budget <= 0:
        return False
    if memory.is_excluded(index.path) or not quiet():
        return False
    line, column = doc.lines.point(max(0, min(byte, len(doc.text))))
    packer.pack(path, line, column, budget, mode="generate", quiet=quiet)
    return True


def _warm_ranked(memory: Memory, index: FileIndex, raw: bytes, quiet: Callable[[], bool]) -> int:
    """Resolves the names of the file that lead past its functions (a top-level definition's, an import's, the
    package's) from its shortest function outside any other, of the kind most of them are (a Go file's top
    level, a Java class's methods), into the answers kept for every scope adding nothing to a name."""
    spec = BY_NAME[index.language]
    scope = _shortest_function(index)
    if scope is None or not keeps_free(spec):
        return 0
    bound = {imp.bound for imp in index.imports}
    package = spec.package_is_directory
    resolver = Resolver(memory)
    resolver.remember_text(index.path, raw)
    done = 0
    for ref in sorted({ref for s in index.symbols for ref in s.refs}):
        if done >= MAX_NAMES or not quiet():
            break
        head, _dot, member = ref.partition(".")
        if (
            head
            and "." not in member
            and (
                head in index.by_qualname
                or head in bound
                or (package and defined_in_package(memory, index.path, head))
            )
        ):
            resolver.resolve(index, scope, ref)
            done += 1
    return done


def _shortest_function(index: FileIndex) -> SymbolNode | None:
    """The shortest of the functions outside any other, among those of the kind most of them are (a Go file's top
    level, a Java class's methods)."""
    groups: dict[tuple[str, ...], list[SymbolNode]] = {}
    for s in index.symbols:
        chain = index.enclosing(s)
        if s.kind in CALLABLE_KINDS and not any(c.kind in CALLABLE_KINDS for c in chain):
            groups.setdefault(tuple(c.id for c in chain), []).append(s)
    most = max(groups.values(), key=lambda functions: len(functions), default=None)
    return None if most is None else min(most, key=lambda s: s.end_byte - s.start_byte)
