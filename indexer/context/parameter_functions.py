"""Generate mode's reading of the body's parameters through the functions of their type's package taking that type:
a Go function handed `deadline time.Time` calls `time.Until(deadline)`; one handed `idleAt time.Time`,
`time.Since(idleAt)`.

`parameter_members.py` offers a parameter's type's methods (`deadline.Before`); the package's plain functions taking
the type are no members of it, and nothing around a body that is the file's first to handle the type names them.
The exported functions of the type's package (another package's) whose parameter list takes the type
(`LanguageSpec.type_functions`), those the most files mention first, PARAMETER_FUNCTIONS of them, score
`package.Function`. Where the language asks (`LanguageSpec.parameter_type_functions`: Go); asked by `predict.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..languages import BY_NAME
from ..per_memory import PerFile
from .build import Build
from .waiting_imports import import_packages

# The first function taking a parameter's type scores this, each next one a point less: above the names one far
# sibling uses once (3), below a member of the parameter's type (`parameter_members.py`, 12 down to 5).
PARAMETER_FUNCTION = 12
PARAMETER_FUNCTIONS = 2
# The types whose functions one memory keeps between other files' changes.
MAX_KEPT = 64


@dataclass
class _Kept:
    """One memory's ranked functions per type, valid while no file but the one packed changes (`PerFile`)."""

    ranked: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)


_KEPT: PerFile[_Kept] = PerFile(_Kept, full=lambda kept: len(kept.ranked) > MAX_KEPT)


def parameter_functions(build: Build, scores: Counter[str]) -> None:
    """Score `package.Function` for the most mentioned functions taking a named parameter's type of another package."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.parameter_type_functions:
        return
    header = "\n".join(build.view.lines[n - 1] for n in sorted(build.view.header_lines(target)))
    parameters = spec.parameters(header)
    if not parameters:
        return
    packages = import_packages(build)
    done: set[str] = set()
    for _name, typename in parameters:
        qualifier, _dot, plain = typename.rpartition(".")
        package = packages.get(qualifier) if qualifier else None
        if package is None or typename in done:
            continue
        done.add(typename)
        for rank, function in enumerate(_ranked(build, package, plain)[:PARAMETER_FUNCTIONS]):
            scores[f"{qualifier}.{function}"] += PARAMETER_FUNCTION - rank


def _ranked(build: Build, package: str, typename: str) -> tuple[str, ...]:
    """The functions of the package `package` stands for taking a `typename`, those most files mention first; kept
    per memory until another file changes."""
    memory = build.memory
    kept = _KEPT.get(memory, build.index.path)
    key = (package, typename)
    found = kept.ranked.get(key)
    if found is None:
        functions = BY_NAME[build.index.language].type_functions(memory, package, typename)
        spread = {f: len(memory.files_referencing(f)) for f in functions}
        found = kept.ranked[key] = tuple(sorted(functions, key=lambda f: (-spread[f], f)))
    return found
