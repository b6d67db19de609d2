"""Generate mode: of the members of the modules a file imports that few signs point at, those the workspace mentions
most come first. A long body reaches for many members of the modules its file imports (channel.ts's
`mapOutEffectPar`: `Queue.offer`, `Deferred.await`, `Effect.forkIn`, ...), each used once or twice elsewhere in the
file: a hundred such names tie at the bottom of the ranking, where the budget ends, and ties go by name. What the
workspace's files mention most (`offer`: 15 files, `BracketOut`: 2) is what a new body most likely mentions too.
Where the language asks for it (`LanguageSpec.popular_members`: TypeScript)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..languages import BY_NAME
from ..per_memory import PerFile
from ..records import Import
from .build import Build
from .module_namesakes import whole_modules

# Measured on effect's internals (generate at 2,048, tuned part; 202 units missed without): a member scoring at most
# LOW, mentioned in at least SPREAD of the workspace's files, gains BONUS. 193 missed at 6 / 5 / 2; 195 at 6 / 3 / 2,
# 192 at 8 / 5 / 2, 193 at 4 / 5 / 2, 197 at 4 / 10 / 2, 198 at 6 / 10 / 2 or 3, 200 at 6 / 10 / 1 or 12 / 10 / 2.
LOW = 6
SPREAD = 5
BONUS = 2
# The files whose modules imported whole are kept (`whole_module_paths`).
MAX_KEPT = 8


@dataclass
class _Read:
    """What one memory's packings of one file read from the other files (`PerFile`: until another file changes)."""

    whole: dict[tuple[Import, ...], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    spread: dict[str, int] = field(default_factory=dict)


_READ: PerFile[_Read] = PerFile(_Read)


def popular_members(build: Build, scores: Counter[str]) -> None:
    """Add BONUS to the low scores of `module.member` names, the module one the file imports whole for its values,
    whose member many files of the workspace mention."""
    index = build.index
    spec = BY_NAME.get(index.language)
    if spec is None or not spec.popular_members:
        return
    bound = {name for name, _path in whole_module_paths(build)}
    low = [ref for ref, score in scores.items() if score <= LOW and "." in ref]
    spread = _READ.get(build.memory, build.index.path).spread
    for ref in low:
        head, _dot, member = ref.partition(".")
        if head not in bound or "." in member:
            continue
        # How many stored files mention the member: a ranking's prior (as `waiting_imports._ranked` is).
        count = spread.get(member)
        if count is None:
            count = spread[member] = len(build.memory.store.paths_referencing(member))
        if count >= SPREAD:
            scores[ref] += BONUS


def whole_module_paths(build: Build) -> tuple[tuple[str, str], ...]:
    """The names and paths of the modules the file imports whole for their values (`module_namesakes.whole_modules`),
    not those imported for their types alone (their members are types, which a body seldom spells). Kept per file
    and imports: resolving them cost a generate packing of Effect.ts ~1.5 ms, and each packing overlays a new
    version of the file whose imports are those of the last; kept while no other file changes."""
    whole = _READ.get(build.memory, build.index.path).whole
    key = tuple(build.index.imports)
    found = whole.get(key)
    if found is None:
        found = tuple((name, module.path) for name, module in whole_modules(build))
        if len(whole) >= MAX_KEPT:
            del whole[next(iter(whole))]
        whole[key] = found
    return found
