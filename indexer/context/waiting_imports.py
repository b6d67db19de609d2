"""Generate mode's reading of an import only the body being written uses: the body calls that package's most
used members.

An import nothing else in the file uses (`strings` in crypto/tls's common.go, whose only use is
`getCertificate`'s `strings.ToLower`, `strings.Split`, `strings.Join`) waits for the body, as any unused name
does (`waiting_names.py`), and what the body does with a package is reach for its members, which nothing
else in the file names. Its exported names that the most files importing it mention are scored, the first
WAITING_IMPORT_MEMBERS of them. Where the language asks for it (`LanguageSpec.waiting_import_members`, Go, whose
package is several files: `LanguageSpec.package_names`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from ..languages import BY_NAME
from ..languages.spec import LanguageSpec
from ..per_memory import per_memory
from ..records import SymbolKind
from .build import Build
from .tables import name_uses
from .weights import (
    WAITING_IMPORT_MEMBER,
    WAITING_IMPORT_MEMBERS,
    WAITING_IMPORT_STEP,
    WAITING_IMPORT_WIDE_MEMBERS,
    WAITING_IMPORT_WIDE_STEP,
)

if TYPE_CHECKING:
    from ..workspace import Memory


def waiting_import_members(build: Build, scores: Counter[str]) -> None:
    """Score (`package.Name` keys added to `scores`) the most used members of each import only the body uses."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.waiting_import_members:
        return
    wide = spec.waiting_imports_wide
    step, many = (
        (WAITING_IMPORT_WIDE_STEP, WAITING_IMPORT_WIDE_MEMBERS)
        if wide
        else (WAITING_IMPORT_STEP, WAITING_IMPORT_MEMBERS)
    )
    for bound in _waiting(build, wide):
        package = package_file(build, bound)
        ranked = _ranked(build.memory, spec, package, bound) if package is not None else ()
        for rank, name in enumerate(ranked[:many]):
            scores[f"{bound}.{name}"] += WAITING_IMPORT_MEMBER - step * rank


def package_file(build: Build, bound: str, found: dict[str, str | None] | None = None) -> str | None:
    """A file of the package the file's import binds to `bound`, standing for the package; None if none resolves.
    Kept per file, its imports and memory, not per version of the file: each generate pack is of a new version (the
    body scrubbed), and resolving every import at every pack cost h2_bundle.go's packs ~13 ms (go8). `found`: the
    file's table (`_package_files`), when the caller read it already."""
    index = build.index
    if found is None:
        found = _package_files(build)
    if bound not in found:
        found[bound] = next(
            (
                target.path
                for target in build.resolver.resolve(index, index.symbols[0], bound)
                if target.symbol is not None
                and target.symbol.kind is SymbolKind.MODULE
                and target.path != index.path
            ),
            None,
        )
    return found[bound]


def import_packages(build: Build) -> dict[str, str | None]:
    """Each name the file's imports bind -> a file of the package it binds (`package_file`)."""
    bound = dict.fromkeys(imp.bound for imp in build.index.imports if imp.bound and imp.bound != "*")
    # The table read once, not per name: its key walks every import (h2_bundle.go's ~40, for each of them).
    found = _package_files(build)
    return {name: package_file(build, name, found) for name in bound}


def _package_files(build: Build) -> dict[str, str | None]:
    """The package files known for the file's path and its imports (by what each binds, not where: an edit
    moving the lines keeps them), in this memory."""
    index = build.index
    known = _PACKAGE_FILES.setdefault(build.memory, {})
    key = (index.path, tuple((imp.bound, imp.module) for imp in index.imports))
    found = known.get(key)
    if found is None:
        if len(known) > 256:
            known.clear()
        found = known[key] = {}
    return found


# The package files a file's imports bind (`import_packages`), by the file's path and its imports, per memory.
_PACKAGE_FILES: WeakKeyDictionary[
    Memory, dict[tuple[str, tuple[tuple[str | None, str], ...]], dict[str, str | None]]
] = WeakKeyDictionary()


def _waiting(build: Build, named_for: bool) -> list[str]:
    """The names the file's imports bind that no code of the file uses but the body being written, and if
    `named_for` the one the body is named for (`(c *Config) time()` returns `time.Now()` where no hook is set)."""
    index, target = build.index, build.target
    keys, uses, _members = name_uses(index)
    # The body being written does not count as a user: what it uses is still to be written.
    own: Counter[str] = Counter()
    for ref in () if target is None else target.refs:
        own.update(keys.get(ref, ()))
    bound = dict.fromkeys(imp.bound for imp in index.imports if imp.bound and imp.bound != "*")
    name_of = None if target is None or not named_for else target.name
    return [name for name in bound if uses.get(name, 0) <= own.get(name, 0) or name == name_of]


@per_memory(maxsize=32)
def _ranked(memory: Memory, spec: LanguageSpec, path: str, bound: str) -> tuple[str, ...]:
    """The names of the package `path` stands for, those the most files of the workspace mention along with the
    name `bound` the import binds first (`unicode.IsSpace`: a bare `N` or `Version` names many a field elsewhere).
    Kept while the memory stands: a ranking, not an answer, as `header_packages.popular_members` is."""
    names = spec.package_names(memory, path)
    importers = set(memory.files_referencing(bound))
    spread = {name: len(importers.intersection(memory.files_referencing(name))) for name in names}
    return tuple(sorted(names, key=lambda name: (-spread[name], name)))
