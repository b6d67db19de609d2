"""The names a Python `global` or `nonlocal` statement of a function's source declares: such a name means the
module's (or the enclosing function's) binding inside the function, never a local of its own (`scopes.py`)."""

from __future__ import annotations

import re
from functools import lru_cache

DECLARES_GLOBAL = re.compile(rb"\b(?:global|nonlocal)\b")
_WORD_CHARS = re.compile(rb"\w+")


def declared_global(source: bytes, word: bytes) -> bool:
    """Whether a `global`/`nonlocal` statement of `source` names `word` (after the keyword, on its line): the
    words such statements name are collected once per source, where a pattern compiled for each name asked
    cost a packing in a function declaring one (tkinter's `global _default_root`) about a millisecond."""
    if _WORD_CHARS.fullmatch(word) is None:
        # Not a run of \w (a non-ASCII name): the pattern's word boundaries decide, as they always did.
        pattern = rb"\b(?:global|nonlocal)\b[^\n]*\b" + re.escape(word) + rb"\b"
        return re.search(pattern, source) is not None
    return word in _global_words(source)


@lru_cache(maxsize=16)
def _global_words(source: bytes) -> frozenset[bytes]:
    """The whole runs of \\w after each `global`/`nonlocal` keyword of `source`, up to the end of its line:
    `\\bword\\b` after the keyword matches exactly these."""
    words: set[bytes] = set()
    for keyword in DECLARES_GLOBAL.finditer(source):
        end = source.find(b"\n", keyword.end())
        words.update(_WORD_CHARS.findall(source, keyword.end(), len(source) if end < 0 else end))
    return frozenset(words)
