"""The memory's long-lived objects leave the garbage collector's full passes once built, and nothing frozen
leaks: the next settle walks the frozen part too."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from archmem.indexer.heap import settle, tidy
from archmem.indexer.workspace import Memory


class _Node:
    """A cycle: only the cyclic collector can free it."""

    def __init__(self) -> None:
        self.me = self


def _in_sight(obj: object) -> bool:
    """Whether a full collection would walk `obj` (frozen objects are in no generation)."""
    return any(o is obj for o in gc.get_objects())


def test_a_built_memory_is_out_of_the_full_passes(tmp_path: Path) -> None:
    (tmp_path / "shapes.py").write_text("class Square:\n    def area(self):\n        return 4\n")
    memory = Memory.open(tmp_path)
    try:
        assert gc.is_tracked(memory)
        assert not _in_sight(memory), "indexing must freeze what it built"
        index = memory.file("shapes.py")
        assert index is not None and [s.name for s in index.symbols] == ["shapes", "Square", "area"]
    finally:
        memory.close()


def test_what_was_frozen_is_still_freed_by_the_next_settle() -> None:
    node = _Node()
    ref = weakref.ref(node)
    settle()
    assert not _in_sight(node)
    del node
    gc.collect()
    assert ref() is not None, "a frozen cycle is out of an ordinary full pass"
    settle()
    assert ref() is None, "settle must walk the frozen part too, or every frozen cycle leaks"


def test_an_idle_pass_walks_the_frozen_part_once_it_has_doubled() -> None:
    settle()
    node = _Node()
    ref = weakref.ref(node)
    tidy()
    assert not _in_sight(node), "an idle pass freezes what survives it"
    del node
    tidy()
    assert ref() is not None, "an idle pass walks only what is not frozen"
    ballast = [[] for _ in range(gc.get_freeze_count() + 1)]  # the frozen part more than doubles
    tidy()
    tidy()
    assert ref() is None, "once the frozen part has doubled, an idle pass walks it and frees its garbage"
    assert ballast
