"""Answers kept per version of a file: a function of a `FileIndex` (and other hashable arguments) remembered for as
long as that version lives, and no longer.

A `FileIndex` never changes once built, so what is computed from one holds for its whole life. `functools.lru_cache`
keyed by it held the versions themselves: each generate packing in sqlite3.c follows an edit, and after 40 of them 39
old versions of the 9.5 MB file were alive (1.1 GB peak, ~15-23 MB a version) because a dozen rule caches of up to 64
entries each kept theirs. Here the versions are held weakly: once the memory lets a version go (the open buffer
moves on, the loaded files' LRU drops it), its answers go with it.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

if TYPE_CHECKING:
    from .fileindex import FileIndex

P = ParamSpec("P")
R = TypeVar("R")


def per_version(fn: Callable[Concatenate[FileIndex, P], R]) -> Callable[Concatenate[FileIndex, P], R]:
    """`fn(index, *args)` remembered per `index` (held weakly) and per the other arguments (hashable)."""
    kept: weakref.WeakKeyDictionary[FileIndex, dict[Hashable, R]] = weakref.WeakKeyDictionary()

    @functools.wraps(fn)
    def remembered(index: FileIndex, /, *args: P.args, **kwargs: P.kwargs) -> R:
        answers = kept.get(index)
        if answers is None:
            answers = kept[index] = {}
        key: Hashable = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        try:
            return answers[key]
        except KeyError:
            found = answers[key] = fn(index, *args, **kwargs)
            return found

    return remembered
