"""Generate mode's reading of the struct a function's name says it makes: `parseUnaryExpr` returns an
`ast.Expr`, yet builds `&ast.UnaryExpr{OpPos: pos, Op: op, X: x}`; the fields of that struct are what its
body sets, though no header around it names the type.

A type is named by the function when every word of the type's name (two at least: `Expr` alone names half the
file) is a word of the function's. The types looked at are those the file reaches already, through the
packages it imports (`ast.UnaryExpr`) or as its own top-level structs; the ones with the most words win.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..fileindex import FileIndex
from ..records import SymbolKind
from ..target import Target
from .build import Build
from .members import ref_counts, words
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
    return resolved


@lru_cache(maxsize=2)
def _struct_names(index: FileIndex) -> tuple[tuple[str, frozenset[str]], ...]:
    """The names of types the file reaches, with their words (of MIN_WORDS or more): the members it uses
    of the packages it imports (`ast.UnaryExpr`, capitalised as types are) and its own top-level structs.
    Per file: a walk of its counts of names."""
    bound = {imp.bound for imp in index.imports if imp.bound and imp.bound != "*"}
    # Only where imports bind names: a C file's includes bind none, and its quarter million names need no walk.
    refs = [
        ref
        for ref in (ref_counts(index) if bound else ())
        if ref.partition(".")[0] in bound and ref.partition(".")[2][:1].isupper() and ref.count(".") == 1
    ]
    refs += [s.name for s in index.symbols[1:] if s.parent == index.module_id and s.kind is SymbolKind.STRUCT]
    out = []
    for ref in dict.fromkeys(refs):
        named = frozenset(words(ref.rpartition(".")[2]))
        if len(named) >= MIN_WORDS:
            out.append((ref, named))
    return tuple(out)
