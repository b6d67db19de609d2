"""Keeps the memory's long-lived objects out of the garbage collector's full passes, without leaking.

A workspace's memory is hundreds of thousands to millions of objects (symbols, references, the name table,
the open documents' indexes) that live as long as the process. CPython's full collection walks every object
it tracks (100-250 ms with a standard library or a 9 MB C file in memory) and fires inside whichever request
happens to be allocating. Survivors of a collection are moved into the permanent generation (`gc.freeze`),
so later full passes walk only what was made since.

Frozen objects that later become cyclic garbage are not freed until a collection walks the frozen part
again, and that walk is the long pause itself (~0.7 s on sqlite3.c's memory). So it is paid when a memory is
built (`settle`, at the end of `Memory.index_all`: a new index leaves the old one's cycles behind) and, at the
server's idle moments (`tidy`, server/lsp/collector.py), only once the frozen part has doubled since the last
such walk: at most half of what is frozen can be garbage, as CPython's own generations let the heap grow
before a full pass. The other idle passes walk only the unfrozen part.

Inside a packing no pass runs at all (`no_passes`): the young generations' automatic passes landed in every
generate packing of sqlite3.c (1-2 a packing, 1-2 ms each), each walking the packing's own live tables (counts of
25,000 names, the siblings' lists) that reference counting frees at its end anyway. Deferred to the packing's end,
the one young pass that follows walks only what survived it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Objects frozen by the last walk of everything; the frozen part may grow to twice this before the next.
_walked = 0


def settle() -> int:
    """One full collection of every object, the frozen part too, then freeze the survivors; their number."""
    global _walked
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _walked = gc.get_freeze_count()
    return _walked


def tidy() -> None:
    """An idle moment's pass: collect what is not frozen and freeze what survives, or `settle` once the
    frozen part has doubled since the last walk of everything."""
    if gc.get_freeze_count() > 2 * _walked:
        settle()
        return
    gc.collect()
    gc.freeze()


# Packings running now (`no_passes`), and whether the collector was on when the first began.
_inside = 0
_was_enabled = False
_inside_lock = threading.Lock()


@contextmanager
def no_passes() -> Iterator[None]:
    """No automatic collection while the block runs (a packing: the request's latency); the collector is switched
    back on when the last such block of any thread ends, if it was on when the first began."""
    global _inside, _was_enabled
    with _inside_lock:
        if _inside == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _inside += 1
    try:
        yield
    finally:
        with _inside_lock:
            _inside -= 1
            if _inside == 0 and _was_enabled:
                gc.enable()
