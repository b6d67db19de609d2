"""Answers kept per memory: what a rule reads from the workspace, held in a table weakly keyed by the `Memory`, so a
memory let go takes its answers along (an `lru_cache` with the memory among its arguments kept it alive).

Two forms, for the two kinds of answers the rules keep:
- `per_memory(maxsize)`: `fn(memory, *args)` remembered while the memory stands, the `maxsize` last used kept. For
  rankings and the workspace's slow-moving facts (how many files mention a name, a package's exported names):
  another file's edit moves them a little, and a ranking need not follow at once (the callers say so).
- `PerFile(make)`: the table one memory's packings of a file fill from what the *other* files say, started afresh
  (`make()`) when another file changes (`Memory.changes_elsewhere`) or another file is packed. Typing in the file
  being edited leaves it as it is; the callers read that file's own part from its buffer.
"""

from __future__ import annotations

import functools
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Concatenate, Generic, ParamSpec, TypeVar

if TYPE_CHECKING:
    from .workspace import Memory

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class Remembered(Generic[P, R]):
    """`fn(memory, *args)` remembered per `memory` (held weakly) and per the other (hashable) arguments, the
    `maxsize` answers last asked kept for each memory."""

    def __init__(self, fn: Callable[Concatenate[Memory, P], R], maxsize: int) -> None:
        functools.update_wrapper(self, fn)
        self._fn = fn
        self._maxsize = maxsize
        self._kept: weakref.WeakKeyDictionary[Memory, OrderedDict[Hashable, R]] = weakref.WeakKeyDictionary()

    def __call__(self, memory: Memory, /, *args: P.args, **kwargs: P.kwargs) -> R:
        answers = self._kept.get(memory)
        if answers is None:
            answers = self._kept[memory] = OrderedDict()
        key = _key(args, kwargs)
        try:
            found = answers[key]
        except KeyError:
            found = answers[key] = self._fn(memory, *args, **kwargs)
            if len(answers) > self._maxsize:
                answers.popitem(last=False)
            return found
        answers.move_to_end(key)
        return found

    def kept(self, memory: Memory, /, *args: P.args, **kwargs: P.kwargs) -> bool:
        """Whether the answer to these arguments is kept (the idle warm-up's tests ask)."""
        return _key(args, kwargs) in self._kept.get(memory, {})


def _key(args: tuple[object, ...], kwargs: dict[str, object]) -> Hashable:
    return (args, tuple(sorted(kwargs.items()))) if kwargs else args


def per_memory(maxsize: int) -> Callable[[Callable[Concatenate[Memory, P], R]], Remembered[P, R]]:
    """Keep `fn(memory, *args)`'s answers with `Remembered`, `maxsize` a memory."""

    def decorate(fn: Callable[Concatenate[Memory, P], R]) -> Remembered[P, R]:
        return Remembered(fn, maxsize)

    return decorate


@dataclass
class _Kept(Generic[T]):
    elsewhere: int
    table: T


class PerFile(Generic[T]):
    """Per memory, the tables of the last `files` files packed (`make()` each), each valid while no file but its
    own changes. `full(table)` says when a table has grown past its bound: it is started afresh."""

    def __init__(
        self, make: Callable[[], T], *, files: int = 1, full: Callable[[T], bool] | None = None
    ) -> None:
        self._make = make
        self._files = files
        self._full = full
        self._kept: weakref.WeakKeyDictionary[Memory, dict[str, _Kept[T]]] = weakref.WeakKeyDictionary()

    def get(self, memory: Memory, path: str) -> T:
        """The table of `path`: the kept one if no other file changed since it was started, else a new one. Read
        `changes_elsewhere` before the table is filled, so a change meanwhile is not kept."""
        elsewhere = memory.changes_elsewhere(path)
        files = self._kept.get(memory)
        if files is None:
            files = self._kept[memory] = {}
        kept = files.get(path)
        if kept is None or kept.elsewhere != elsewhere or (self._full is not None and self._full(kept.table)):
            if kept is None and len(files) >= self._files:
                files.clear()
            kept = files[path] = _Kept(elsewhere, self._make())
        return kept.table
