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
"""

from __future__ import annotations

import gc

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
