"""Generate mode's reading of the modules a file imports whole against the words of the code being written: the
types of such a module whose names share words with the body's header and doc comment.

A file that imports a module whole (`use crate::ast::{self, ..}`) names its types through it
(`ast::Repetition`); the names the file binds itself already rank by the words they share with the body
(`predict._binding_scores`), but a module's members are bound by no line of the file, so a body about
repetitions never met `ast::Repetition`. Only types (structs, enums, traits, aliases): a module's functions
named by the body's words are `module_namesakes.py`'s, on the evidence of the file's habits.
"""

from __future__ import annotations

from collections import Counter

from ..records import CLASS_KINDS, SymbolKind
from .build import Build
from .module_namesakes import whole_modules
from .tables import top_level_words
from .weights import SHARED_WORD, SHARED_WORDS

_TYPE_KINDS = frozenset(CLASS_KINDS | {SymbolKind.ENUM, SymbolKind.TYPE_PARAMETER})


def module_word_types(build: Build, about: set[str], scores: Counter[str], reasons: dict[str, str]) -> None:
    """Score `module.Type` for the types of the modules the file imports whole sharing words with `about` (the
    words of the body's header and doc comment), as a name the file binds that shares them scores."""
    if not about:
        return
    for bound, module in whole_modules(build):
        table = top_level_words(module, _TYPE_KINDS)
        shared: dict[str, set[str]] = {}
        for word in about:
            for name in table.get(word):
                shared.setdefault(name, set()).add(word)
        for name, common in shared.items():
            ref = f"{bound}.{name}"
            scores[ref] += SHARED_WORD * min(SHARED_WORDS, len(common))
            reasons.setdefault(ref, f"shares '{', '.join(sorted(common)[:2])}' with the code being written")
