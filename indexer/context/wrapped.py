"""Generate mode's reading of a body's name as the short name of what it wraps: a word of the name that begins a
longer word of another function's name in the file (`fuzzy_translit` -> `transliterate`, `fuzzy_leven` ->
`levenshtein`, `fuzzy_caver` -> `caverphone`).

A wrapper is named for what it wraps, often clipped: the SQL function `fuzzy_leven` hands its arguments to
`levenshtein`. A whole shared word (`fuzzy_soundex` -> `soundex`) is scored as any word the body shares
(`predict._binding_scores`); a clipped one is read here, only from a word long enough to say something.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import lru_cache

from ..fileindex import FileIndex
from ..records import CALLABLE_KINDS
from .build import Build
from .members import name_words
from .tables import top_level

# A clipped word shorter than this begins too many others (`str` of `strlen`, `string`, `strict`).
MIN_CLIPPED = 4
# The functions one clipped word may lead to: more and the word is a common stem, not a name.
MAX_WRAPPED = 2
# As likely as a helper beside the body nothing calls yet: the body is its wrapper.
WRAPPED = 36


def wrapped_functions(build: Build, scores: Counter[str]) -> dict[str, str]:
    """Score the file's top-level functions a word of the body's name is a clipped form of; their reasons."""
    target = build.target
    if target is None:
        return {}
    words, names = _word_table(build.index)
    reasons: dict[str, str] = {}
    for clipped in sorted(name_words(target.name)):
        if len(clipped) < MIN_CLIPPED:
            continue
        found: set[str] = set()
        at = bisect_left(words, clipped)
        while at < len(words) and words[at].startswith(clipped) and len(found) <= MAX_WRAPPED:
            if words[at] != clipped:
                found.update(name for name in names[at] if name != target.name)
            at += 1
        if 0 < len(found) <= MAX_WRAPPED:
            for name in sorted(found):
                scores[name] += WRAPPED
                reasons[name] = f"'{clipped}' of the body's name is short for it"
    return reasons


@lru_cache(maxsize=2)
def _word_table(index: FileIndex) -> tuple[list[str], list[tuple[str, ...]]]:
    """The words of the file's top-level function names, sorted, each with the names holding it."""
    holders: dict[str, list[str]] = {}
    for s in top_level(index):
        if s.kind in CALLABLE_KINDS:
            for word in name_words(s.name):
                holders.setdefault(word, []).append(s.name)
    words = sorted(holders)
    return words, [tuple(holders[w]) for w in words]
