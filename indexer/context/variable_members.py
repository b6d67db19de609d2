"""Generate mode's reading of the file's package-level variables through their types' members declared in another
package: regexp's `var onePassPool sync.Pool` is read as `onePassPool.Get()` in `newOnePassMachine` and as
`onePassPool.Put(m)` in `freeOnePassMachine`; crypto/tls's `var outBufPool = sync.Pool{...}` as both in
`writeRecordLocked`. What the functions around the body say is the variable (or one of its members, the one the
neighbour needed); the member the body needs is another of the few its type offers, which nothing around it names.

The variables the ranking already scores most (the first VARIABLES, each at least VARIABLE_SCORE) whose declared type
(`LanguageSpec.declared_type`) is a type of a package the file imports offer that type's first VARIABLE_MEMBERS
members, ranked as a parameter's type's are (`parameter_members.py`: the members more of the workspace's files
mentioning the type mention than chance would), each scored as `variable.member`, which the resolver follows
through the variable's declared type. Where the language reads a type's members from its package
(`LanguageSpec.parameter_type_members`: Go); asked by `predict.py`.
"""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from ..records import SymbolKind
from .build import Build
from .parameter_members import _ranked as ranked_members
from .tables import top_level
from .waiting_imports import import_packages

# How many of the best-scored variables are read, and the least score one needs (a variable the far code uses once
# scores ~3; one a neighbour uses, ~10 and more).
VARIABLES = 3
VARIABLE_SCORE = 10
# Each such variable's type's first members, the first scoring a point less than the variable, each next one a
# point less again: what the body does with the variable comes with it.
VARIABLE_MEMBERS = 3


def variable_members(build: Build, scores: Counter[str]) -> None:
    """Score `variable.member` for the most mentioned members of the declared types (another package's) of the
    best-scored package-level variables of the file."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if build.target is None or spec is None or not spec.parameter_type_members:
        return
    variables = [
        s
        for s in top_level(index)
        if s.kind is SymbolKind.VARIABLE
        and scores.get(s.name, 0) >= VARIABLE_SCORE
        and s.id != build.target.id
    ]
    if not variables:
        return
    variables.sort(key=lambda s: -scores[s.name])
    packages = import_packages(build)
    for variable in variables[:VARIABLES]:
        line, column = variable.start
        declared = spec.declared_type(build.view.lines[line][column:])
        qualifier, _dot, typename = (declared or "").rpartition(".")
        package = packages.get(qualifier) if qualifier else None
        if package is None:
            continue
        for rank, member in enumerate(ranked_members(build, package, typename)[:VARIABLE_MEMBERS]):
            scores[f"{variable.name}.{member}"] += scores[variable.name] - 1 - rank
