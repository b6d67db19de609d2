"""Generate mode: of the namesakes the modules a file imports whole declare (`succeed` of `Effect`, `Deferred`,
`core`), the one of the module whose value the body handles. A body written where the function around it made a
`Deferred` (`const latch = yield* Deferred.make<void>()`), or under a header handing it a `Fiber.Fiber<A, E>`,
completes it with `Deferred.succeed` and stops it with `Fiber.interrupt`, not with the `Effect.succeed` or
`core.interrupt` the file's habits rank first: the handled module's member is scored as its best-ranked namesake
in the other modules is, or as a member the neighbours reached through a typed value (pubsub.ts's functions call
`Subscription.pollUpTo`; a body handed a `MutableQueue.MutableQueue` calls `MutableQueue.pollUpTo`). Where the language asks for it (`LanguageSpec.handled_namesakes`: TypeScript)."""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import SymbolKind
from ..resolve import descendants
from .build import NAMES, Build
from .popular_members import whole_module_paths

# A namesake scored below this is no sign the body calls that name at all. Measured on effect's internals (generate
# at 2,048, tuned part; 184 units missed without the rule): 182 at 8 or 4 with half the score given, 181 with all of
# it (at 8) or half as much again, 183 with a quarter.
MIN_SCORE = 8
# What a module's value is made by (`Deferred.make`, `Queue.makeBounded`): the function made one to hand the body.
MAKER = "make"
# How a definition the neighbours' names led to is scored (`definition:<path>:<id>`): pubsub.ts's functions reach
# `Subscription.pollUpTo`; a body handed a `MutableQueue.MutableQueue` calls `MutableQueue.pollUpTo` (tuned 1,100 ->
# 1,101; the members of any local value as well, `scope.close`: the same).
RESOLVED = "definition:"
_TYPES = frozenset({SymbolKind.INTERFACE, SymbolKind.TYPE_PARAMETER, SymbolKind.NAMESPACE})


def handled_namesakes(build: Build, scores: Counter[str]) -> None:
    """Score `module.member` as the best-scored `other.member` is, for the modules imported whole whose value the
    body handles: the headers around it name the module's own type (`Fiber.Fiber`), or the code of the definition
    holding it (the body blank) makes one (`Deferred.make`)."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.handled_namesakes:
        return
    paths = dict(whole_module_paths(build))
    handled = _handled(build, paths)
    # In name order, each module reading the scores the ones before it gave (`Effect.interrupt` raised by `core`'s, then
    # `Fiber.interrupt` by it): measured so, 181; read from the scores before the rule, 182 (channel.ts's
    # `Fiber.interrupt` lost). A pass over the scores per module: under 1 ms a packing of effect's internals.
    for module in sorted(handled):
        found = build.memory.file(paths[module])
        if found is None:
            continue
        values = module_values(found)
        best: dict[str, int] = {}
        for ref, score in scores.items():
            if score < MIN_SCORE:
                continue
            head, dot, member = ref.partition(".")
            if ref.startswith(RESOLVED):
                # a member the neighbours reached (`Subscription.pollUpTo`); not a top-level definition
                _owner, dot, member = ref.rpartition("::")[2].rpartition(".")
                if not dot:
                    continue
            elif not (dot and head != module and head in paths):
                continue
            if member in values:
                best[member] = max(best.get(member, 0), score)
        for member, score in best.items():
            scores[f"{module}.{member}"] += score


def _handled(build: Build, paths: dict[str, str]) -> set[str]:
    """The names of the modules imported whole (`paths`) whose values the body handles."""
    if not paths:
        return set()
    header = "\n".join(build.view.lines[n - 1] for n in sorted(build.scope_lines))
    handled = {plain for plain, member in NAMES.findall(header) if member == plain and plain in paths}
    anchor = build.target or build.scope
    if anchor.kind is not SymbolKind.MODULE:
        for s in (anchor, *descendants(build.index, anchor)):
            for ref in s.refs:
                head, _dot, member = ref.partition(".")
                if head in paths and member.startswith(MAKER):
                    handled.add(head)
    return handled


@per_version
def module_values(module: FileIndex) -> frozenset[str]:
    """The names of a module's top-level values (its types have no namesakes a body calls). Per version of the
    module: a pack asks for a few modules, each of hundreds of definitions."""
    return frozenset(
        s.name for s in module.symbols[1:] if s.parent == module.module_id and s.kind not in _TYPES
    )
