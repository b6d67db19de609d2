"""Generate mode's reading of a C file's own headers: what the headers no other file uses define is the file's own
text split off, reached by the new body as the file's top-level names are.

An extension's `fuzzy/common.h` holds the `CCLASS_*` codes its file's tables and functions use; `time/timex.h`
the `MIN_DURATION` its arithmetic checks; PCRE2's `pcre2_internal.h` the `CHAR_*` and error codes. The ranking of
names (`predict._take_ranked`) reaches a C file's own definitions only, not every header it includes: the shared
ones (`sqlite3.h`, included by every extension) would crowd them out with the whole API the file uses. A header
whose names no file outside the includer's include closure mentions is not shared: its names the file uses
are scored as the file's own (their uses in the file) and lead to their definitions there. And where such a
header defines the body's own name as a macro (`#define pcre2_config PCRE2_SUFFIX(pcre2_config_)`), that macro
is what the body's name means: it is offered as a name beside the body is.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_memory import per_memory
from ..per_version import per_version
from ..records import CALLABLE_KINDS, SymbolNode
from ..target import Target
from .build import Build
from .tables import top_level

if TYPE_CHECKING:
    from ..workspace import Memory

# The macro a header makes of the body's own name: certain to be what the name means, and one line, so above what
# the file's uses of any name score (its habits and far siblings, each capped at 24).
OWN_NAME_MACRO = 96
# Include lines at most this far apart are one block: a part's includes, system and own headers in groups.
BLOCK_GAP = 8
# The names of a header asked of the store to tell whether a file outside the closure mentions them: a few
# (each is a query), the majority deciding (one name may be a common word another file defines for itself).
PROBES = 3


def own_header_names(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the definitions of the file's own headers that its
    code uses (each as its uses score the name) and the macro such a header makes of the body's own name;
    what each key leads to. Only where a program's files share one namespace through includes (C)."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.shared_namespace or spec.imports_bind_names:
        return {}
    levels = build.resolver.include_levels(index)
    closure = frozenset({index.path, *(path for level in levels for path in level)})
    own_top = index.by_qualname
    resolved: dict[str, Target] = {}
    for path in _section_headers(build):
        header = build.memory.file(path)
        if header is None:
            continue
        used = [s for s in _defined(header) if s.name in scores and s.name not in own_top]
        named = [s for s in _defined(header) if s.name == target.name and s.kind not in CALLABLE_KINDS]
        if not (used or named) or not _private(build.memory, closure, [s.name for s in used or named]):
            continue
        for s in used:
            key = f"definition:{path}:{s.id}"
            resolved[key] = Target(path, s)
            scores[key] = max(scores[key], scores[s.name])
        for s in named:
            key = f"definition:{path}:{s.id}"
            resolved[key] = Target(path, s)
            scores[key] += OWN_NAME_MACRO
    return resolved


def _section_headers(build: Build) -> list[str]:
    """The headers the body's part of the file includes, with what they include: those of the last block of
    includes above the body (the lines of a block at most BLOCK_GAP apart). A file's includes head it; an
    amalgamation of many (`sqlean-regexp.c`: PCRE2 and then the extension) heads each part with its own."""
    index = build.index
    above = sorted({imp.line for imp in index.imports if imp.line < build.line - 1})
    if not above:
        return []
    first = len(above) - 1
    while first > 0 and above[first] - above[first - 1] <= BLOCK_GAP:
        first -= 1
    block = set(above[first:])
    paths: dict[str, None] = {}
    for imp in index.imports:
        if imp.line not in block:
            continue
        for found in build.resolver.resolve_import(index, imp):
            header = build.memory.file(found.path)
            if header is None or found.path in paths:
                continue
            paths[found.path] = None
            paths.update(dict.fromkeys(p for level in build.resolver.include_levels(header) for p in level))
    paths.pop(index.path, None)
    return list(paths)


@per_version
def _defined(header: FileIndex) -> tuple[SymbolNode, ...]:
    """A header's top-level definitions less its include guard (`#define COMMON_H`, no value: nothing uses it)."""
    return tuple(s for s in top_level(header) if s.signature.strip() != f"#define {s.name}")


def _private(memory: Memory, closure: frozenset[str], names: list[str]) -> bool:
    """Whether most of PROBES of `names` (the first by name) are mentioned by no file outside `closure`."""
    probes = sorted(names)[:PROBES]
    inside = sum(1 for name in probes if _mentioned_within(memory, name, closure))
    return 2 * inside > len(probes)


@per_memory(maxsize=4096)
def _mentioned_within(memory: Memory, name: str, closure: frozenset[str]) -> bool:
    """Whether only files of `closure` mention `name`, by the store's names (the buffers' are the closure's
    own file, edited, which counts anyway). Kept: a ranking's sign, asked at every packing of the file."""
    return all(path in closure for path in memory.store.paths_referencing(name))
