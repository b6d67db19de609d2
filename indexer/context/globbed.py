"""Generate mode's reading of a file's glob imports (`use super::*;`, `use self::Primitive::*;`): the names they
bind, which the ranking reaches as it reaches the names the file's other imports bind one by one.

syn's files open with `use super::*;`, the crate root re-exporting every syntax type (`pub use crate::ty::Type`);
a file's functions name `Type`, `Expr`, `Attribute` in nearly every body, yet the ranking passed over them: a name
neither the file defines nor an import binds by name is taken for a local of the functions around the body.
A star import naming a package (Java's `import a.b.*`, the files of a directory) is left out: its names are
those of every file there.
"""

from __future__ import annotations

from functools import lru_cache

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolKind
from .build import Build


def glob_bound(build: Build) -> frozenset[str]:
    """The names the file's glob imports bind, where they lead to a module or a type of the workspace: the
    module's top-level definitions and the names its own imports bind (its re-exports); a type's members."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or not spec.imports_bind_names or spec.star_import_is_package:
        return frozenset()
    names: set[str] = set()
    for imp in index.imports:
        if imp.name != "*" or imp.alias is not None:
            continue  # `import * as ns` binds one name, the module's, bound already
        for found in build.resolver.resolve_import(index, imp):
            where = build.memory.file(found.path)
            if where is None:
                continue
            if found.symbol is None or found.symbol.kind is SymbolKind.MODULE:
                names |= _module_names(where)
            else:
                names |= {where.by_id[c].name for c in found.symbol.children if c in where.by_id}
    return frozenset(names)


@lru_cache(maxsize=16)
def _module_names(module: FileIndex) -> frozenset[str]:
    """A module's top-level definitions and the names its imports bind. Kept per version of the module."""
    defined = {s.name for s in module.symbols[1:] if s.parent == module.module_id}
    return frozenset(defined | {imp.bound for imp in module.imports if imp.bound and imp.bound != "*"})
