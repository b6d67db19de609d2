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
from functools import lru_cache

from ..fileindex import FileIndex
from ..records import CLASS_KINDS, SymbolKind
from .build import Build
from .members import name_words
from .module_namesakes import whole_modules
from .weights import SHARED_WORD, SHARED_WORDS

_TYPE_KINDS = CLASS_KINDS | {SymbolKind.ENUM, SymbolKind.TYPE_PARAMETER}


def module_word_types(build: Build, about: set[str], scores: Counter[str], reasons: dict[str, str]) -> None:
    """Score `module.Type` for the types of the modules the file imports whole sharing words with `about` (the
    words of the body's header and doc comment), as a name the file binds that shares them scores."""
    if not about:
        return
    for bound, module in whole_modules(build):
        table = _types_by_word(module)
        shared: dict[str, set[str]] = {}
        for word in about:
            for name in table.get(word, ()):
                shared.setdefault(name, set()).add(word)
        for name, common in shared.items():
            ref = f"{bound}.{name}"
            scores[ref] += SHARED_WORD * min(SHARED_WORDS, len(common))
            reasons.setdefault(ref, f"shares '{', '.join(sorted(common)[:2])}' with the code being written")


@lru_cache(maxsize=64)
def _types_by_word(module: FileIndex) -> dict[str, tuple[str, ...]]:
    """A module's top-level types by each word of their names. Kept per version of the module."""
    table: dict[str, list[str]] = {}
    for s in module.symbols[1:]:
        if s.parent == module.module_id and s.kind in _TYPE_KINDS:
            for word in name_words(s.name):
                if s.name not in table.setdefault(word, []):
                    table[word].append(s.name)
    return {word: tuple(names) for word, names in table.items()}
