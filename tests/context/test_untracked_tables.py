"""The big per-version and per-packing tables are out of the cyclic collector's sight (`indexer/untracked.py`):
a new version's symbol tables after an edit and the carried score tables a generate packing copies are not
tracked, still equal a fresh build, and are freed by reference counting alone; a dict given a container is
tracked again by CPython, so a cycle through it is still collected."""

from __future__ import annotations

import gc
import weakref
from collections import Counter
from pathlib import Path

from archmem.indexer.context import tables
from archmem.indexer.context.carry import patched, references_changed
from archmem.indexer.records import CALLABLE_KINDS
from archmem.indexer.untracked import untracked
from archmem.indexer.workspace import Memory


def _program(body: str) -> str:
    out = ["static int limit = 3;\n", "static int helper(int x) { return x; }\n"]
    for name in ("alpha", "beta", "gamma"):
        out.append(
            f"static int {name}(int n, int *buf) {{\n  return {body if name == 'beta' else 'n'};\n}}\n"
        )
    return "".join(out)


def test_an_edited_versions_tables_and_the_carried_scores_are_untracked_and_as_built(tmp_path: Path) -> None:
    path = tmp_path / "prog.c"
    path.write_text(_program("n"))
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), _program("n"), 1)
        before = memory.file(str(path))
        assert before is not None
        ids = tuple(s.id for s in tables.top_level(before) if s.kind in CALLABLE_KINDS)
        tables.far_table(before, ids), tables.file_habits(before)
        memory.set_document(str(path), _program("limit + helper(n) + buf[0] + fresh_name"), 2)
        index = memory.file(str(path))
        assert index is not None and references_changed(before, index) is not None
        made = (index.symbols, index.by_id, index.defined_names, index._starts, index._reach_back)
        for table in (*made, tables.top_level(index)):
            assert not gc.is_tracked(table)
        assert index.by_id == {s.id: s for s in index.symbols}
        far, habits, scores = (
            tables.far_table(index, ids),
            tables.file_habits(index),
            tables.far_scores(index, ids),
        )
        for table in (far, habits, scores):
            assert not gc.is_tracked(table)
        # Carried (patched from the first version's), yet equal to what the edited version alone builds.
        assert dict(far) == tables._build_far_table(index, ids) == dict(scores)
        assert habits == tables._build_habits(index, None) and habits["fresh_name"] > 0
    finally:
        memory.close()


def test_an_untracked_table_is_freed_without_the_collector_and_retracked_when_given_a_container() -> None:
    gc.disable()
    try:
        table = patched(Counter({f"name{i}": i for i in range(100)}), {"name1": None, "extra": 3})
        assert not gc.is_tracked(table)
        gone = weakref.ref(table)
        table["more"] += 1  # numbers keep it untracked
        assert not gc.is_tracked(table)
        del table
        assert gone() is None  # freed by reference counting alone
        looped = untracked(Counter({"a": 1}))
        looped["self"] = [looped]  # type: ignore[assignment]
        assert gc.is_tracked(looped)  # CPython tracks a dict again when it holds a container
        cycle = weakref.ref(looped)
        del looped
        assert cycle() is not None
    finally:
        gc.enable()
    gc.collect()
    assert cycle() is None  # the cycle through it is collected
