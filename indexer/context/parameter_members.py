"""Generate mode's reading of the body's parameters through their types' members declared in other files: a Go
function taking `deadline time.Time` calls `deadline.Before`, `deadline.After`; one taking `modtime time.Time`
calls `modtime.UTC().Format`.

A Go type's methods are declared outside it, in any file of its package (`Time.Before` in time.go, `Time.Format`
in format.go), so the struct a parameter's type names offers only its fields (`signature.py`), and for a type of
another package not even those the body may read (unexported). The exported members of such a type of another
package, wherever that package declares them, are ranked by how many more of the workspace's files mention both the
type's name and the member than would by chance (`Second` and `String` are everywhere; `Before` is where `Time` is),
and the first PARAMETER_MEMBERS are scored as `parameter.member`, which the resolver follows through the parameter's
declared type. A variable of the file declared beside the body is read as a parameter (`var onePassPool sync.Pool`
just above `newOnePassMachine` and `freeOnePassMachine`, which call its `Get` and `Put`). Where the language asks
(`LanguageSpec.parameter_type_members`: Go); asked by `predict.py`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..languages import BY_NAME
from ..per_memory import PerFile
from ..records import SymbolKind, SymbolNode
from .build import Build
from .tables import top_level
from .waiting_imports import import_packages

# The first member of a parameter's type scores this, each next one a point less, PARAMETER_MEMBERS of them: as a
# method of a small receiver's field's type (`held.py`, FIELD_TYPE_METHOD).
PARAMETER_MEMBER = 12
PARAMETER_MEMBERS = 8
# A variable of another package's type declared this close to the body (in top-level definitions either side) is
# read as a parameter: the body most often is one of its few users (a `sync.Pool`'s `Get` and `Put` beside it).
VARIABLES_BESIDE = 3
# The types whose ranking one memory keeps between other files' changes.
MAX_KEPT = 64


@dataclass
class _Kept:
    """One memory's rankings of types' members, valid while no file but the one packed changes (`PerFile`)."""

    ranked: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    packages: dict[str, dict[str, tuple[str, ...]]] = field(
        default_factory=dict
    )  # each package's types' members
    stored: int = 0  # how many files the store holds, read when first asked


_KEPT: PerFile[_Kept] = PerFile(_Kept, full=lambda kept: len(kept.ranked) > MAX_KEPT)


def parameter_members(build: Build, scores: Counter[str]) -> None:
    """Score `parameter.member` for the most mentioned members of each named parameter's declared type."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.parameter_type_members:
        return
    header = "\n".join(build.view.lines[n - 1] for n in sorted(build.view.header_lines(target)))
    parameters = [*spec.parameters(header), *_variables_beside(build, target)]
    if not parameters:
        return
    packages = import_packages(build)
    for name, typename in parameters:
        qualifier, _dot, plain = typename.rpartition(".")
        # A type of the body's own package is seen by the rules reading the package's code (`receivers.py`,
        # `signature.py`); ranking its members cost h2_bundle.go's packs ~14 ms each for no unit of the dev sets.
        package = packages.get(qualifier) if qualifier else None
        if package is None:
            continue
        for rank, member in enumerate(_ranked(build, package, plain)[:PARAMETER_MEMBERS]):
            scores[f"{name}.{member}"] += PARAMETER_MEMBER - rank


def _variables_beside(build: Build, target: SymbolNode) -> list[tuple[str, str]]:
    """The file's variables declared within VARIABLES_BESIDE top-level definitions of the body, each with the type
    it is declared with (`var onePassPool sync.Pool` above `newOnePassMachine`, which calls `onePassPool.Get`)."""
    spec = BY_NAME[build.index.language]
    top = top_level(build.index)
    at = next((i for i, s in enumerate(top) if s.id == target.id), None)
    if at is None:
        return []
    found: list[tuple[str, str]] = []
    for s in top[max(0, at - VARIABLES_BESIDE) : at + VARIABLES_BESIDE + 1]:
        _before, named, rest = s.signature.partition(s.name)
        typename = spec.declared_type(named + rest) if s.kind is SymbolKind.VARIABLE and named else None
        if typename is not None:
            found.append((s.name, typename))
    return found


def _ranked(build: Build, package: str, typename: str) -> tuple[str, ...]:
    """The exported members of `typename` of the package `package` stands for (another package's), those that
    more files mentioning the type mention than chance would first; kept per memory until another file changes."""
    memory = build.memory
    kept = _KEPT.get(memory, build.index.path)
    key = (package, typename)
    found = kept.ranked.get(key)
    if found is None:
        spec = BY_NAME[build.index.language]
        types = kept.packages.get(package)
        if types is None:
            types = kept.packages[package] = spec.type_members(memory, package)
        members = [m for m in types.get(typename, ()) if spec.exported(m)]
        users = set(memory.files_referencing(typename)) if members else set()
        kept.stored = kept.stored or len(memory.store.files()) or 1
        spread: dict[str, float] = {}
        for m in members:
            mentioning = memory.files_referencing(m)
            spread[m] = len(users.intersection(mentioning)) - len(mentioning) * len(users) / kept.stored
        found = kept.ranked[key] = tuple(sorted(members, key=lambda m: (-spread[m], m)))
    return found
