"""Generate mode's reading of the struct a function's name says it makes: `parseUnaryExpr` returns an
`ast.Expr`, yet builds `&ast.UnaryExpr{OpPos: pos, Op: op, X: x}`; the fields of that struct are what its
body sets, though no header around it names the type.

A type is named by the function when every word of the type's name (two at least: `Expr` alone names half the
file) is a word of the function's. The types looked at are those the file reaches already, through the
packages it imports (`ast.UnaryExpr`) or as its own top-level structs; the ones with the most words win.
"""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolKind
from ..target import Target
from .build import Build
from .carry import Carried, Change
from .made_fields import held_struct_fields
from .members import headed_by, ref_counts, words
from .tables import top_level
from .weights import MADE_FIELD, MAX_NAMED_STRUCT_FIELDS

# Fewer words than this name too many types to say which one a function makes.
MIN_WORDS = 2


def named_struct_fields(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the fields of the structs the body's name names; what
    each key leads to."""
    index, target = build.index, build.target
    if target is None:
        return {}
    said = words(target.name)
    header = "\n".join(build.view.lines[n - 1] for n in sorted(build.view.header_lines(target)))
    named = [(ref, len(w)) for ref, w in _struct_names(index) if w <= said and ref not in header]
    if not named:
        return {}
    most = max(n for _ref, n in named)
    resolved: dict[str, Target] = {}
    for ref in (ref for ref, n in named if n == most):
        for found in build.resolver.resolve(index, target, ref):
            owner = found.symbol
            where = build.memory.file(found.path) if owner is not None else None
            if owner is None or where is None or owner.kind is not SymbolKind.STRUCT:
                continue
            fields = [f for c in owner.children if (f := where.by_id.get(c)) and f.kind is SymbolKind.FIELD]
            for field in fields[:MAX_NAMED_STRUCT_FIELDS]:
                key = f"definition:{found.path}:{field.id}"
                resolved[key] = Target(found.path, field)
                scores[key] += MADE_FIELD
            resolved.update(held_struct_fields(build, where, fields[:MAX_NAMED_STRUCT_FIELDS], scores))
    return resolved


_Names = tuple[tuple[str, frozenset[str]], ...]


def _struct_names(index: FileIndex) -> _Names:
    """The names of types the file reaches, with their words (of MIN_WORDS or more): the members it uses
    of the packages it imports (`ast.UnaryExpr`, capitalised as types are) and its own top-level structs.
    Per file: a walk of its counts of names and of its symbols, carried across an edit of bodies where the
    file's imports bind no names (its top-level structs stay as they were)."""
    return _STRUCT_NAMES.get(index, None)


def _bound(index: FileIndex) -> set[str]:
    """The names the file's imports bind: none where the language's imports bind none (a C include's stem,
    `sqlite3` of `sqlite3.h`, is no name the file reads members through)."""
    spec = BY_NAME.get(index.language)
    if spec is None or not spec.imports_bind_names:
        return set()
    return {imp.bound for imp in index.imports if imp.bound and imp.bound != "*"}


def _build_struct_names(index: FileIndex, _key: None) -> _Names:
    bound = _bound(index)
    # Only where imports bind names: a C file's includes bind none, and its quarter million names need no walk
    # (before the language was asked, an include's stem counted as a bound name and the walk ran).
    # The heads looked up in C first (rebuilt at each edit of a file importing any): the same names in the same
    # order, only those headed by a bound name read one by one.
    refs = [
        ref
        for ref in headed_by(ref_counts(index) if bound else (), bound)
        if ref.partition(".")[2][:1].isupper() and ref.count(".") == 1
    ]
    refs += [s.name for s in top_level(index) if s.kind is SymbolKind.STRUCT]
    out = []
    for ref in dict.fromkeys(refs):
        named = frozenset(words(ref.rpartition(".")[2]))
        if len(named) >= MIN_WORDS:
            out.append((ref, named))
    return tuple(out)


def _carry_struct_names(table: _Names, index: FileIndex, _key: None, _change: Change) -> _Names:
    # The same top-level names, kinds and imports (`references_changed`); what the bodies use moves the
    # imported part only, so that part is counted again.
    return _build_struct_names(index, None) if _bound(index) else table


_STRUCT_NAMES: Carried[None, _Names] = Carried(_build_struct_names, _carry_struct_names)
