"""Generate mode: the data fields of the variant a predicted guard narrows to (`Option.isSome(o) ? o.value`,
`Either.isLeft(e) ? e.left`). A body that tests a value with a module's guard reads what the variant holds next, and
no sign of the ranking points at the variant's fields: a guard ranked high offers them. Which signatures are guards,
and of which type, is the language's (`LanguageSpec.predicate_parameter`, group 2)."""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import CLASS_KINDS, SymbolKind
from ..target import Target
from .build import Build
from .popular_members import whole_module_paths

# A guard scored at least this offers its variant's fields, each at GUARDED_FIELD. Measured on effect's internals
# (generate at 2,048, tuned part; 193 units missed without): 191 at 4 / 16 and 4 / 24 (`Option.value` twice,
# `ScheduleDecision`'s `intervals`; layer.ts's `flatMap` lost once), 192 at 1 / 24, 193 at 12 / 12 and 24 / 24.
MIN_GUARD = 4
GUARDED_FIELD = 16


def guarded_fields(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the fields named by a letter (not `_tag`, not a computed
    `[TypeId]`) of the variants the guards scored at least MIN_GUARD narrow to; what each key leads to."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or spec.predicate_parameter is None:
        return {}
    resolved: dict[str, Target] = {}
    for bound, path in whole_module_paths(build):
        module = build.memory.file(path)
        if module is None:
            continue
        for guard, variant in _guards(module):
            score = scores.get(f"{bound}.{guard}", 0)
            if score < MIN_GUARD:
                continue
            for named in module.by_qualname.get(variant, ()):
                if named.kind not in CLASS_KINDS:
                    continue
                for child in named.children:
                    field = module.by_id.get(child)
                    if field is None or field.kind is not SymbolKind.FIELD or not field.name[:1].isalpha():
                        continue
                    key = f"definition:{module.path}:{field.id}"
                    resolved[key] = Target(module.path, field)
                    scores[key] += GUARDED_FIELD
    return resolved


@per_version
def _guards(module: FileIndex) -> tuple[tuple[str, str], ...]:
    """The module's top-level guards and the type each narrows to (`isSome`, `Some`). Per version of the module."""
    spec = BY_NAME.get(module.language)
    pattern = spec.predicate_parameter if spec is not None else None
    if pattern is None:
        return ()
    found = []
    for s in module.symbols[1:]:
        if s.parent == module.module_id and (m := pattern.match(s.signature)) is not None and m.group(2):
            found.append((s.name, m.group(2).rpartition(".")[2]))
    return tuple(found)
