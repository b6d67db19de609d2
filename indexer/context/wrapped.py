"""Generate mode's reading of a body's name as the short name of what it wraps: a word of the name that begins a
longer word of another function's name in the file (`fuzzy_translit` -> `transliterate`, `fuzzy_leven` ->
`levenshtein`, `fuzzy_caver` -> `caverphone`), or that joins the clipped heads of every word of one
(`fuzzy_damlev` -> `damerau_levenshtein`, `fuzzy_jarowin` -> `jaro_winkler`, `fuzzy_editdist` -> `edit_distance`).

A wrapper is named for what it wraps, often clipped: the SQL function `fuzzy_leven` hands its arguments to
`levenshtein`. A whole shared word (`fuzzy_soundex` -> `soundex`) is scored as any word the body shares
(`predict._binding_scores`); a clipped one is read here, only from a word long enough to say something.
"""

from __future__ import annotations

import re
from collections import Counter

from ..records import CALLABLE_KINDS
from .build import Build
from .members import name_words
from .tables import WordTable, top_level_words

# A clipped word shorter than this begins too many others (`str` of `strlen`, `string`, `strict`).
MIN_CLIPPED = 4
# The functions one clipped word may lead to: more and the word is a common stem, not a name.
MAX_WRAPPED = 2
# As likely as a helper beside the body nothing calls yet: the body is its wrapper.
WRAPPED = 36
# A head joined into a word is at least this long (`lev` of `levenshtein`): one letter begins too many words.
MIN_HEAD = 2
# The names whose words begin as a joined word does, read at most: a common start is no abbreviation.
MAX_JOINED_READ = 64
_ORDERED_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


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
        if not found and set(table.get(clipped)) <= {target.name}:
            # No other name says the word whole: it may join the heads of one's words.
            found = _joined(table, clipped, target.name)
        if 0 < len(found) <= MAX_WRAPPED:
            for name in sorted(found):
                scores[name] += WRAPPED
                reasons[name] = f"'{clipped}' of the body's name is short for it"
    return reasons


def _joined(table: WordTable, word: str, own: str) -> set[str]:
    """The functions of `table` named by two words or more whose every word's head `word` joins, in
    order (`damlev`: `damerau_levenshtein`); none when more than MAX_JOINED_READ names begin as it does."""
    found: set[str] = set()
    read = 0
    for _start, names in table.starting(word[:MIN_HEAD]):
        for name in names:
            read += 1
            if read > MAX_JOINED_READ:
                return set()
            parts = [w.lower() for w in _ORDERED_WORDS.findall(name)]
            if name != own and len(parts) >= 2 and _heads(word, parts):
                found.add(name)
    return found


def _heads(word: str, parts: list[str]) -> bool:
    """Whether `word` is a head of each of `parts` (MIN_HEAD letters or more) joined in order."""
    if not parts:
        return not word
    first, rest = parts[0], parts[1:]
    longest = min(len(first), len(word))
    return any(
        first.startswith(word[:n]) and _heads(word[n:], rest) for n in range(longest, MIN_HEAD - 1, -1)
    )
