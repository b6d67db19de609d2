"""Big containers of immutable records, hidden from the cyclic garbage collector's young passes.

CPython's collector walks every container it tracks in the generations it collects, entry by entry: a young
pass after an edit of sqlite3.c walked each new version's 16,000-symbol tuple and id table and each packing's
25,000-name score tables, some twice (once young, once in the middle generation). Such a container can never
be part of a reference cycle when what it holds cannot refer back to it (strings, numbers, frozen records of
them, as here): reference counting alone frees it, as it frees what CPython itself untracks (a `dict` or
`tuple` holding only atomic values). `untracked` takes one out of the collector's sight
(`PyObject_GC_UnTrack`, the C API's call for it). A `dict` (or a `dict` subclass) stays correct afterwards:
CPython tracks it again as soon as a value that may hold references (a list, an object) is stored in it.
Never for a container that may come to hold something that refers to it (a cycle through an untracked
container is never collected).
"""

from __future__ import annotations

import ctypes
import gc
from typing import TypeVar

C = TypeVar("C")

_UNTRACK = ctypes.pythonapi.PyObject_GC_UnTrack
_UNTRACK.argtypes = [ctypes.py_object]
_UNTRACK.restype = None


def untracked(container: C) -> C:
    """`container`, no longer tracked by the cyclic garbage collector (see above for when that is sound)."""
    if gc.is_tracked(container):
        _UNTRACK(container)
    return container
