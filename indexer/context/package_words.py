"""Generate mode's reading of the body's name against the packages the file imports (Go, TypeScript): their exported
names sharing a part of the body's name, where only a few do and few of the file's own names carry the part.

A method named for a kind of value works with the package names of that kind: math/big's `(x *Float) Int64()`
checks `math.MaxInt64` and `math.MinInt64`; go/types's `keyVal` calls `constant.BoolVal`, `constant.StringVal`,
`constant.Uint64Val`. Nothing around the body names them. The parts are the name's camel-case parts, digits kept
(`Int64`, not `int` alone: `words` drops digits and the common words). A part that more than PACKAGE_WORD_NAMES
names of a package carry (`Certificate` in crypto/x509) singles none of them out: that package is passed over.
`module_namesakes.py` reads a stricter form of the sign (every word of the member said by the body's name) where
the file's other definitions follow it. In TypeScript the sign is weaker (`LanguageSpec.package_word_score`) and a
lambda is read by the name of the definition holding it: channel.ts's `withSpan = function() {` calls
`tracer.spanTag` and `tracer.addSpanStackTrace`.

Cheap by construction (a first form read every file of each imported package and resolved each import at every
pack: +340 ms on h2_bundle.go's first generate pack): a package's names come from the store's rows
(`LanguageSpec.package_names`), and what is kept is per package and memory (the parts table, the spread of the
few names found) or per file version (the package each import binds).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from ..languages import BY_NAME
from ..languages.spec import LanguageSpec
from ..per_memory import per_memory
from ..records import SymbolKind
from .build import Build
from .members import STOP_WORDS, name_words
from .tables import top_level_words
from .waiting_imports import import_packages
from .weights import COMMON_WORD_NAMES, PACKAGE_WORD, PACKAGE_WORD_NAMES, PACKAGE_WORD_STEP

if TYPE_CHECKING:
    from ..workspace import Memory

# The parts of a camel-case name, acronyms and digits kept whole (`Uint64Val` -> Uint64, Val).
_PARTS = re.compile(r"[A-Z]+(?![a-z])[0-9]*|[A-Z]?[a-z0-9]+")
# A part shorter than this says nothing (`At`, `Is`).
_MIN_PART = 3
_ALL_KINDS = frozenset(SymbolKind)


def package_word_members(build: Build, scores: Counter[str]) -> None:
    """Score `package.Name` for the names of each imported package sharing a part of the body's name, where at
    most PACKAGE_WORD_NAMES do; those the most files mention first."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if spec is None or not spec.package_word_members:
        return
    if target is None:
        # A lambda is named for the definition holding it (channel.ts's `withSpan = function() {`).
        if not spec.lambda_named_by_scope or build.scope.kind is SymbolKind.MODULE:
            return
        target = build.scope
    first, step, most = spec.package_word_score or (PACKAGE_WORD, PACKAGE_WORD_STEP, PACKAGE_WORD_NAMES)
    # A part most of the file's names carry (`parse` in go/parser) is what the file is about, not the body. Read
    # from the table of the file's top-level words carried across edits (a count of every name's words per
    # version cost each generate pack of h2_bundle.go 4 ms).
    table = top_level_words(index, _ALL_KINDS)
    said = {
        p for p in parts(target.name) if all(len(table.get(w)) <= COMMON_WORD_NAMES for w in name_words(p))
    }
    if not said:
        return
    header: str | None = None
    for bound, package in import_packages(build).items():
        if package is None:
            continue
        names = _parts_table(build.memory, spec, package)
        found = tuple(dict.fromkeys(name for part in sorted(said) for name in names.get(part, ())))
        if not found or len(found) > most:
            continue
        if header is None:
            # What the header names is shown as its definition already (`ast.Expr` of `parseUnaryExpr() ast.Expr`).
            header = "\n".join(build.view.lines[n - 1] for n in sorted(build.view.header_lines(target)))
        for rank, name in enumerate(
            n for n in _by_spread(build.memory, found) if f"{bound}.{n}" not in header
        ):
            scores[f"{bound}.{name}"] += first - step * rank


@lru_cache(maxsize=1 << 12)
def parts(name: str) -> frozenset[str]:
    """The lower-case camel-case parts of `name` (digits kept), less the short and common ones."""
    found = (p.lower() for p in _PARTS.findall(name))
    return frozenset(p for p in found if len(p) >= _MIN_PART and p not in STOP_WORDS)


@per_memory(maxsize=64)
def _parts_table(memory: Memory, spec: LanguageSpec, path: str) -> dict[str, tuple[str, ...]]:
    """The exported names of the package `path` stands for, by each of their parts. Kept while the memory stands,
    as `waiting_imports._ranked` is: a package's names move when the library does."""
    table: dict[str, list[str]] = {}
    for name in package_exported(memory, spec, path):
        for part in parts(name):
            table.setdefault(part, []).append(name)
    return {part: tuple(names) for part, names in table.items()}


@per_memory(maxsize=64)
def package_exported(memory: Memory, spec: LanguageSpec, path: str) -> tuple[str, ...]:
    """The exported names of the package `path` stands for (`LanguageSpec.package_names`), kept while the memory
    stands."""
    return spec.package_names(memory, path)


def _by_spread(memory: Memory, names: tuple[str, ...]) -> list[str]:
    """`names`, those the most files of the workspace mention first."""
    return sorted(names, key=lambda name: (-_spread(memory, name), name))


@per_memory(maxsize=4096)
def _spread(memory: Memory, name: str) -> int:
    """How many files of the workspace mention `name`: a ranking, kept while the memory stands."""
    return len(memory.store.paths_referencing(name))
