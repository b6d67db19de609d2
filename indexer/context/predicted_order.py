"""Generate mode's order of the predicted units in languages that infer their locals' types: a module's
import line with the first predicted name reached through it, and the predicted type declarations after
the predicted values.

In such a language (TypeScript: `const queue = yield* Queue.bounded(n)`) a body calls functions and reads
values; the interfaces and type aliases it names are mostly the annotations the checker infers. Fitted
among the values, they took a line each of the budget (a thousand interface lines in 90 prompts of
effect's internals, six of them used). And a module of effect imports fifty modules, a line each (about
500 tokens of a 2,048-token prompt) fitted before any predicted name: an import line says how to reach
what it binds, so it is shown with the first predicted name reached through it, and the rest wait.
Which declarations are annotations is the language's (`LanguageSpec.annotation_kinds`).
"""

from __future__ import annotations

from functools import lru_cache

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, SymbolKind
from .build import Build, Unit
from .fileview import FileView

IMPORTS_REASON = "the file's imports"
# What a body makes or calls by a type's name: a type sharing its name with one of these is its companion.
_VALUE_KINDS = CALLABLE_KINDS | {SymbolKind.VARIABLE, SymbolKind.CONSTANT, SymbolKind.CLASS}


def follows_members(build: Build) -> bool:
    """Whether the file's language orders its predictions so (it names annotation kinds)."""
    spec = BY_NAME.get(build.index.language)
    return spec is not None and bool(spec.annotation_kinds)


def push_import_of(build: Build, bound: str | None = None) -> None:
    """The module-level import statements binding `bound` (all of them when None), each a predicted unit
    fitted in the ranking's order, unless already a unit."""
    index, view = build.index, build.view
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


@lru_cache(maxsize=4)
def _module_imports(index: FileIndex, view: FileView) -> dict[str, tuple[int, ...]]:
    """The 0-based lines of the file's module-level imports by the name each binds. Per file version: the
    ranking asks for each predicted name reached through an import (hundreds in a packing)."""
    found: dict[str, list[int]] = {}
    for imp in index.imports:
        if index.symbol_at(view.positions.line_start(imp.line)).kind is SymbolKind.MODULE:
            found.setdefault(imp.bound or "", []).append(imp.line)
    return {bound: tuple(lines) for bound, lines in found.items()}


def order_predicted(build: Build) -> None:
    """After the ranking: the imports no predicted name reached, then the predicted type declarations the
    language calls annotations, after every other predicted unit (in their ranked order)."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.annotation_kinds:
        return
    push_import_of(build)
    kinds = spec.annotation_kinds
    later = [u for u in build.units if u.kind == "predicted" and _annotation_only(build, u, kinds)]
    if later:
        moved = {id(u) for u in later}
        build.units = [u for u in build.units if id(u) not in moved] + later


def _annotation_only(build: Build, unit: Unit, kinds: frozenset[SymbolKind]) -> bool:
    """Whether `unit` declares a type of `kinds` that no value of its file shares the name of (a namespace
    may: effect's `interface Deferred` beside `namespace Deferred` is a type all the same): rxjs's
    `interface AjaxError` beside `const AjaxError: AjaxErrorCtor` is the type of what `new AjaxError(...)`
    makes, a value's companion, so it does not wait."""
    symbol = unit.symbol
    if symbol is None or symbol.kind not in kinds:
        return False
    index = build.index if unit.path == build.index.path else build.memory.file(unit.path)
    namesakes = index.by_qualname.get(symbol.qualname, ()) if index is not None else ()
    return not any(s.kind in _VALUE_KINDS for s in namesakes)
