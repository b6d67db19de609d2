"""Keeps the memory's long-lived objects out of the garbage collector's full passes, without leaking.

A workspace's memory is hundreds of thousands to millions of objects (symbols, references, the name table,
the open documents' indexes) that live as long as the process. CPython's full collection walks every object
it tracks, 100-250 ms with a standard library or a 9 MB C file in memory, and it fires inside whichever
request happens to be allocating. `settle` runs one full collection over everything, the frozen part too
(so cyclic garbage left by an earlier index or an edited-away document is freed, never kept for good), then
moves the survivors into the permanent generation (`gc.freeze`): later full passes walk only what was made
since. It also keeps CPython's own brake working: a full pass waits until the objects promoted since the last
one exceed a quarter of the objects that survived it, and that count is taken before the freeze, over the
whole memory. Called once a memory is built (`Memory.index_all`) and at the server's idle moments
(server/lsp/collector.py), never in a request.
"""

from __future__ import annotations

import gc


def settle() -> int:
    """One full collection of every object, then freeze the survivors; the number of objects frozen."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
