"""Generate mode's place for the file's import lines where a file imports many modules whole: each with the
first predicted name reached through it, the rest after every prediction.

A module of effect's internals imports fifty modules, a line each (`import * as Queue from "../Queue.js"`):
fitted before any predicted name, as the file's imports are elsewhere, they took about 500 tokens of a
2,048-token prompt. An import line says how the body reaches what it binds, so it is worth its line when a
predicted name goes through it (`Queue` with `Queue.bounded`), and comes just before that name. Where this
holds is the language's (`LanguageSpec.imports_follow_predictions`).
"""

from __future__ import annotations

import weakref

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolKind
from .build import Build, Unit
from .fileview import FileView
from .included_order import place_includes

IMPORTS_REASON = "the file's imports"


def follows_members(build: Build) -> bool:
    """Whether the file's language places its import lines with the predictions reached through them."""
    spec = BY_NAME.get(build.index.language)
    return spec is not None and spec.imports_follow_predictions


def push_import_of(build: Build, bound: str | None = None) -> None:
    """The module-level import statements binding `bound` (all of them when None), each a predicted unit
    fitted in the ranking's order, unless already a unit. Where imports bind no name (C's `#include "api.h"`,
    whose `bound` is only the file's stem) none binds `bound`: `included_order.py` places those lines."""
    index, view = build.index, build.view
    spec = BY_NAME.get(index.language)
    if bound is not None and spec is not None and not spec.imports_bind_names:
        return
    by_bound = _module_imports(index, view)
    lines = sorted({n for ns in by_bound.values() for n in ns}) if bound is None else by_bound.get(bound, ())
    for line in lines:
        key = f"import:{index.path}:{line}"
        if key not in build.unit_keys:
            statement = view.statement_lines(line + 1)
            build.push(
                Unit(
                    key,
                    index.path,
                    "predicted",
                    IMPORTS_REASON,
                    None,
                    {"signature": statement, "full": statement},
                )
            )


# Per version of the file, held weakly (the view is the version's own: it adds nothing to the key, and keeping it
# there would keep the version alive).
_IMPORTS: weakref.WeakKeyDictionary[FileIndex, dict[str, tuple[int, ...]]] = weakref.WeakKeyDictionary()


def _module_imports(index: FileIndex, view: FileView) -> dict[str, tuple[int, ...]]:
    """The 0-based lines of the file's module-level imports by the name each binds. Per file version: the
    ranking asks for each predicted name reached through an import (hundreds in a packing)."""
    kept = _IMPORTS.get(index)
    if kept is not None:
        return kept
    found: dict[str, list[int]] = {}
    for imp in index.imports:
        if index.symbol_at(view.positions.line_start(imp.line)).kind is SymbolKind.MODULE:
            found.setdefault(imp.bound or "", []).append(imp.line)
    kept = _IMPORTS[index] = {bound: tuple(lines) for bound, lines in found.items()}
    return kept


def order_predicted(build: Build) -> None:
    """After the ranking: the import lines no predicted name reached, after every prediction; where imports bind
    no name (C's includes), each just before its file's first prediction (`included_order.py`)."""
    if follows_members(build):
        push_import_of(build)
    place_includes(build)
