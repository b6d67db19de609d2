"""The memory's long-lived objects leave the garbage collector's full passes once built, and nothing frozen
leaks: the next settle walks the frozen part too."""

from __future__ import annotations

import gc
import sys
import weakref
from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.heap import no_passes, settle, tidy
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


_STAGES = frozenset({"choose", "predict", "fit", "render"})


def test_no_collection_runs_inside_a_packing_and_the_collector_is_on_after(tmp_path: Path) -> None:
    # The young passes used to land inside the packings (1-2 a generate packing of sqlite3.c), each walking the
    # packing's live tables: a packing runs with the collector off, and one that began with it off leaves it off.
    source = "".join(f"def f{i}(a, b):\n    return g{i}(a) + h{i}(b)\n\n" for i in range(300))
    (tmp_path / "many.py").write_text(source)
    memory = Memory.open(tmp_path)
    passes: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        # A pass inside the packing: one whose stack holds a stage of it.
        frame = sys._getframe(1)
        while phase == "start" and frame is not None:
            if frame.f_code.co_name in _STAGES and "context" in frame.f_code.co_filename:
                passes.append(info["generation"])
                break
            frame = frame.f_back

    saved = gc.get_threshold()
    gc.callbacks.append(seen)
    gc.set_threshold(5, 2, 2)  # a pass every few containers made: certain to fall inside a packing
    try:
        packer = Packer(memory)
        ctx = packer.pack(str(tmp_path / "many.py"), 150, 4, 1024, "generate")
        assert ctx.tokens > 0
        assert passes == []
        assert gc.isenabled()
        gc.disable()
        try:
            packer.pack(str(tmp_path / "many.py"), 10, 4, 1024, "generate")
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        gc.set_threshold(*saved)
        gc.callbacks.remove(seen)
        memory.close()


def test_the_collector_comes_back_when_the_last_of_two_packings_ends() -> None:
    assert gc.isenabled()
    with no_passes():
        with no_passes():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
