"""Generate mode's reading of a body's name as the short name of what it wraps: a word of the name that begins a
longer word of another function's name in the file (`fuzzy_translit` -> `transliterate`, `fuzzy_leven` ->
`levenshtein`, `fuzzy_caver` -> `caverphone`).

A wrapper is named for what it wraps, often clipped: the SQL function `fuzzy_leven` hands its arguments to
`levenshtein`. A whole shared word (`fuzzy_soundex` -> `soundex`) is scored as any word the body shares
(`predict._binding_scores`); a clipped one is read here, only from a word long enough to say something.
"""

from __future__ import annotations

from collections import Counter

from ..records import CALLABLE_KINDS
from .build import Build
from .members import name_words
from .tables import top_level_words

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
    table = top_level_words(build.index, CALLABLE_KINDS)
    reasons: dict[str, str] = {}
    for clipped in sorted(name_words(target.name)):
        if len(clipped) < MIN_CLIPPED:
            continue
        found: set[str] = set()
        for word, names in table.starting(clipped):
            if len(found) > MAX_WRAPPED:
                break
            if word != clipped:
                found.update(name for name in names if name != target.name)
        if 0 < len(found) <= MAX_WRAPPED:
            for name in sorted(found):
                scores[name] += WRAPPED
                reasons[name] = f"'{clipped}' of the body's name is short for it"
    return reasons
