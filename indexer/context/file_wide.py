"""Generate mode: how much the file's far code says of what a new body uses, where a language says it says less.

A name's score starts with what the whole file says of it (`tables.far_table`: its habits, the uses by the
functions far from the body). In a module of independent definitions (effect's internals: hundreds of
`export const x = dual(...)` combinators, each forwarding to its own few helpers) that is a weak sign: of the
predicted lines fitted at 2,048 tokens whose rank came mostly from it, 2.8% were used by the hidden body, against
11.5% for what the functions beside the body use. Where the language says so
(`LanguageSpec.far_uses_divisor`), that part of every score is divided, so the signs near the body rank first.
"""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from ..records import SymbolNode
from .build import Build
from .tables import far_table


def discount_far_uses(build: Build, scores: Counter[str], siblings: list[SymbolNode]) -> None:
    """Divide the part of each score the file's far code gave it by the language's `far_uses_divisor`."""
    spec = BY_NAME.get(build.index.language)
    divisor = spec.far_uses_divisor if spec is not None else 1
    if divisor <= 1:
        return
    table = far_table(build.index, tuple(s.id for s in siblings))
    for ref, score in scores.items():
        # A name the near functions use had its far part corrected down (`predict._far_and_habits`): never
        # more than the table's is taken off.
        part = min(table.get(ref, 0), score)
        if part:
            scores[ref] = max(1, score - part + part // divisor)
