"""Generate mode's reading of the packages and namespaces the body's header takes types from: a function of
`x constant.Value` reaches for `constant.ToFloat`, `constant.Complex`; of `op token.Token` for `token.SHL`. The
file's most used members of each come first, then those the most files of the workspace mention."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..fileindex import FileIndex
from ..per_memory import per_memory
from ..per_version import per_version
from ..records import SymbolKind
from .build import NAMES, Build
from .members import ref_counts
from .signature import ANONYMOUS_HEADER
from .weights import (
    HEADER_PACKAGE,
    HEADER_PACKAGE_MEMBERS,
    HEADER_PACKAGE_POPULAR,
    HEADER_PACKAGE_POPULAR_MEMBERS,
)

if TYPE_CHECKING:
    from ..workspace import Memory


def header_packages(build: Build, scores: Counter[str]) -> None:
    """Score what the file uses of the packages and namespaces the body's header takes types from: a
    function of `x constant.Value` reaches for `constant.ToFloat`, `constant.Complex`; of `op token.Token`
    for `token.SHL`. The file's most used members of each, a few."""
    if build.target is not None:
        lines = build.view.header_lines(build.target)
    else:
        # An anonymous function's header is just above its body (`(self: Option.Option<A>) => {`).
        lines = frozenset(n for n in build.window if build.line - ANONYMOUS_HEADER <= n <= build.line)
    text = "\n".join(build.view.lines[n - 1] for n in sorted(lines))
    bound = {imp.bound for imp in build.index.imports}
    packages = {plain for plain, member in NAMES.findall(text) if member and plain in bound}
    if not packages:
        return  # the file's table of qualified uses costs a walk of all its names: only when needed
    uses = _qualified_uses(build.index)
    for package in packages:
        for ref in uses.get(package, ())[:HEADER_PACKAGE_MEMBERS]:
            scores[ref] += HEADER_PACKAGE
        # What the file has not used of it yet: the members most of the workspace reaches for (`Option.isSome`).
        for target in build.resolver.resolve(build.index, build.index.symbols[0], package):
            module = build.memory.file(target.path) if target.symbol is not None else None
            if module is not None and target.symbol is not None and target.symbol.kind is SymbolKind.MODULE:
                for name in popular_members(build.memory, module)[:HEADER_PACKAGE_POPULAR_MEMBERS]:
                    scores[f"{package}.{name}"] += HEADER_PACKAGE_POPULAR


def popular_members(memory: Memory, module: FileIndex) -> tuple[str, ...]:
    """A module's top-level definitions, those the most files of the workspace mention first. Kept per memory and
    the module's names (another file's edit moves the counts a little: a ranking, not an answer)."""
    return _by_spread(memory, _public_names(module))


@per_version
def _public_names(module: FileIndex) -> frozenset[str]:
    return frozenset(
        s.name for s in module.symbols[1:] if s.parent == module.module_id and not s.name.startswith("_")
    )


@per_memory(maxsize=8)
def _by_spread(memory: Memory, names: frozenset[str]) -> tuple[str, ...]:
    spread = {name: len(memory.files_referencing(name)) for name in names}
    return tuple(sorted(names, key=lambda name: (-spread[name], name)))


@per_version
def _qualified_uses(index: FileIndex) -> dict[str, tuple[str, ...]]:
    """Per imported name (a package, a namespace import), the members the file reaches through it
    (`constant.ToFloat`), most used first. Per file, from its counts of names."""
    bound = {imp.bound for imp in index.imports if imp.bound and imp.bound != "*"}
    found: dict[str, list[tuple[int, str]]] = {}
    for ref, n in ref_counts(index).items():
        head, dot, member = ref.partition(".")
        if dot and head in bound and "." not in member:
            found.setdefault(head, []).append((-n, ref))
    return {head: tuple(ref for _n, ref in sorted(refs)) for head, refs in found.items()}
