"""`carry.references_changed` keeps its answer per version without holding either version: a version nothing else
holds is freed (the `lru_cache` it replaced held up to eight of them, let go inside whichever packing pushed them
out, where `indexer/retired.py` would free them at an idle moment); asked again of the same two versions it gives
the answer it gave, asked of another edit the fresh answer."""

from __future__ import annotations

import gc
import weakref

from archmem.indexer.context.carry import references_changed
from archmem.indexer.document import Document
from archmem.indexer.languages import language_for

TEXT = b"static int one(int a) {\n  return a + 1;\n}\n\nstatic int two(int b) {\n  return one(b) * 2;\n}\n"


def _indexes(*bodies: bytes) -> list[object]:
    spec = language_for("small.c", TEXT)
    assert spec is not None
    return [Document("small.c", spec, TEXT.replace(b"a + 1", body)).index for body in bodies]


def test_the_answer_is_kept_per_pair_and_fresh_for_another_edit() -> None:
    base, calls, plain = _indexes(b"a + 1", b"two(a)", b"a + 1")
    change = references_changed(base, calls)  # type: ignore[arg-type]
    assert change is not None and [s.name for s in change.added] == ["one"]
    assert {*change.added[0].refs} >= {"two"}
    assert references_changed(base, calls) is change  # type: ignore[arg-type]
    # Another version compared with the same one: its own answer (no name moved), not the kept one.
    same = references_changed(plain, calls)  # type: ignore[arg-type]
    assert same is not None and same is not change and [s.name for s in same.added] == ["one"]
    unchanged = references_changed(base, plain)  # type: ignore[arg-type]
    assert unchanged is not None and unchanged.added == ()


def test_the_kept_answers_hold_neither_version() -> None:
    before, after = _indexes(b"a + 1", b"a + 2")
    assert references_changed(before, after) is not None  # type: ignore[arg-type]
    gone = weakref.ref(before), weakref.ref(after)
    del before, after
    gc.collect()
    assert [v() for v in gone] == [None, None]
