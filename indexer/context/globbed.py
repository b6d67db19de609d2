"""Generate mode's reading of a file's glob imports (`use super::*;`, `use self::Primitive::*;`): the names they
bind, which the ranking reaches as it reaches the names the file's other imports bind one by one.

syn's files open with `use super::*;`, the crate root re-exporting every syntax type (`pub use crate::ty::Type`);
a file's functions name `Type`, `Expr`, `Attribute` in nearly every body, yet the ranking passed over them: a name
neither the file defines nor an import binds by name is taken for a local of the functions around the body.
A star import naming a package (Java's `import a.b.*`, the files of a directory) is left out: its names are
those of every file there.
"""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import SymbolKind, SymbolNode
from .build import Build
from .members import ref_counts
from .tables import top_level
from .weights import WAITING

# A glob import of a module of more definitions than this says nothing of which the body will use.
WAITING_GLOB_NAMES = 8


def waiting_globs(build: Build, scores: Counter[str], reasons: dict[str, str]) -> None:
    """Score the definitions of a small module the file imports by a glob and none of whose names its code
    uses yet (`use super::bhcomp::*;` in a file that never calls `bhcomp`): as an unused named import, the
    glob waits for the body (WAITING)."""
    index, target = build.index, build.target
    uses = ref_counts(index)
    own = Counter(target.refs) if target is not None else Counter()
    for where in _glob_modules(build):
        names = _module_definitions(where)
        if not names or len(names) > WAITING_GLOB_NAMES:
            continue
        if any(uses.get(name, 0) > own.get(name, 0) for name in names):
            continue  # the file uses the module already: what it uses ranks by those uses
        for name in names:
            scores[name] += WAITING
            reasons.setdefault(name, "imported with its module, not used yet")


def glob_bound(build: Build) -> frozenset[str]:
    """The names the file's glob imports bind, where they lead to a module or a type of the workspace: the
    module's top-level definitions and the names its own imports bind (its re-exports); a type's members."""
    names: set[str] = set()
    for where, found in _globbed(build):
        if found is None:
            names |= _module_names(where)
        else:
            names |= {where.by_id[c].name for c in found.children if c in where.by_id}
    return frozenset(names)


def _glob_modules(build: Build) -> list[FileIndex]:
    """The modules (not types) the file's glob imports lead to."""
    return [where for where, found in _globbed(build) if found is None]


def _globbed(build: Build) -> list[tuple[FileIndex, SymbolNode | None]]:
    """What the file's glob imports lead to in the workspace: a module's memory (with None), or a type's
    memory and the type."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or not spec.imports_bind_names or spec.star_import_is_package:
        return []
    out: list[tuple[FileIndex, SymbolNode | None]] = []
    for imp in index.imports:
        if imp.name != "*" or imp.alias is not None:
            continue  # `import * as ns` binds one name, the module's, bound already
        for found in build.resolver.resolve_import(index, imp):
            where = build.memory.file(found.path)
            if where is not None:
                module = found.symbol is None or found.symbol.kind is SymbolKind.MODULE
                out.append((where, None if module else found.symbol))
    return out


@per_version
def _module_definitions(module: FileIndex) -> tuple[str, ...]:
    """A module's top-level definitions (not its imports, not its impl blocks), once each."""
    kinds = {SymbolKind.OBJECT, SymbolKind.NAMESPACE}
    names = (s.name for s in top_level(module) if s.kind not in kinds)
    return tuple(dict.fromkeys(names))


@per_version
def _module_names(module: FileIndex) -> frozenset[str]:
    """A module's top-level definitions and the names its imports bind. Kept per version of the module."""
    defined = {s.name for s in top_level(module)}
    return frozenset(defined | {imp.bound for imp in module.imports if imp.bound and imp.bound != "*"})
