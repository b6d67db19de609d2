"""Answers kept per memory (`indexer/per_memory.py`): computed once while they may be, started afresh when another
file changes (`PerFile`), bounded (`per_memory`), and gone with the memory."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from archmem.indexer.per_memory import PerFile, per_memory
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

CALLS: list[str] = []


@per_memory(maxsize=2)
def _mentioning(memory: Memory, name: str) -> int:
    CALLS.append(name)
    return len(memory.files_referencing(name))


A = "def a():\n    return b()\n"
B = "def b():\n    return 1\n"
C = "def c():\n    return b()\n"


def _memory(root: Path) -> Memory:
    write_tree(root, {"a.py": A, "b.py": B, "c.py": C})
    return Memory.open(root, jobs=1)


def test_an_answer_is_kept_for_the_last_asked_and_computed_again_past_the_bound(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    try:
        CALLS.clear()
        assert _mentioning(memory, "b") == 2
        assert _mentioning(memory, "a") == 0
        assert _mentioning(memory, "b") == 2  # kept, and now the last asked
        assert _mentioning(memory, "c") == 0  # a third name: `a`, the least recently asked, goes
        assert _mentioning(memory, "b") == 2
        assert _mentioning(memory, "a") == 0
        assert CALLS == ["b", "a", "c", "a"]
    finally:
        memory.close()


def test_a_memory_is_not_kept_alive_by_its_answers(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    assert _mentioning(memory, "b") == 2
    table: PerFile[dict[str, int]] = PerFile(dict)
    table.get(memory, "a.py")["x"] = 1
    memory.close()
    gone = weakref.ref(memory)
    del memory
    gc.collect()
    assert gone() is None


def test_a_file_table_stays_while_only_its_file_changes_and_goes_when_another_does(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    try:
        table: PerFile[dict[str, int]] = PerFile(dict)
        table.get(memory, "a.py")["kept"] = 1
        memory.open_document(str(tmp_path / "a.py"), A + "\ndef more():\n    pass\n")
        assert table.get(memory, "a.py") == {"kept": 1}  # typing in the file packed keeps it
        memory.open_document(str(tmp_path / "c.py"), C + "\n# changed\n")
        assert table.get(memory, "a.py") == {}  # another file changed: started afresh
        table.get(memory, "a.py")["kept"] = 2
        assert table.get(memory, "b.py") == {}  # another file packed (one file kept by default)
        assert table.get(memory, "a.py") == {}
    finally:
        memory.close()


def test_a_file_table_past_its_bound_starts_afresh_and_several_files_are_kept(tmp_path: Path) -> None:
    memory = _memory(tmp_path)
    try:
        table: PerFile[dict[str, int]] = PerFile(dict, files=2, full=lambda kept: len(kept) >= 2)
        table.get(memory, "a.py")["one"] = 1
        table.get(memory, "b.py")["one"] = 1
        assert table.get(memory, "a.py") == {"one": 1}  # two files kept side by side
        table.get(memory, "a.py")["two"] = 2
        assert table.get(memory, "a.py") == {}  # full: started afresh
        assert table.get(memory, "b.py") == {"one": 1}
        table.get(memory, "c.py")["one"] = 1  # a third file: the others go
        assert table.get(memory, "b.py") == {}
    finally:
        memory.close()
