"""How many files mention a name (`context/spread.py`): `Memory.files_referencing`'s count, with the other files'
part kept per memory while none of them changes and the edited file's own read from its buffer."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.spread import files_mentioning
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

MAIN = "package p;\n\nclass Main {\n  void m() {\n    Box.size();\n  }\n}\n"
BOX = "package p;\n\nclass Box {\n  static int size() { return 0; }\n  static int sort() { return 0; }\n}\n"
USER = "package p;\n\nclass User {\n  void u() {\n    Box.sort();\n  }\n}\n"
NAMES = ("size", "sort", "u", "Box", "nothing")


def _fresh(memory: Memory) -> dict[str, int]:
    return {name: len(memory.files_referencing(name)) for name in NAMES}


def _kept(memory: Memory) -> dict[str, int]:
    return {name: files_mentioning(memory, "p/Main.java", name) for name in NAMES}


def test_the_count_is_files_referencings_after_an_edit_of_the_file_and_of_another(tmp_path: Path) -> None:
    write_tree(tmp_path, {"p/Main.java": MAIN, "p/Box.java": BOX, "p/User.java": USER})
    memory = Memory.open(tmp_path, jobs=1)
    try:
        main = str(tmp_path / "p/Main.java")
        memory.open_document(main, MAIN)
        assert _kept(memory) == _fresh(memory)
        # The edited file now mentions `sort` and no longer `size`: its own part is read from the new text.
        memory.set_document(main, MAIN.replace("Box.size()", "Box.sort()"))
        assert _kept(memory) == _fresh(memory)
        assert files_mentioning(memory, "p/Main.java", "size") == 0
        # Another file changes (an open buffer of it): what was kept of the others is not used.
        memory.open_document(str(tmp_path / "p/User.java"), USER.replace("Box.sort()", "Box.size()"))
        assert _kept(memory) == _fresh(memory)
        assert files_mentioning(memory, "p/Main.java", "size") == 1
        # And a file written on disk and indexed.
        write_tree(tmp_path, {"p/Other.java": "package p;\n\nclass Other {\n  int nothing;\n}\n"})
        memory.refresh_paths(["p/Other.java"])
        assert _kept(memory) == _fresh(memory)
    finally:
        memory.close()


def test_the_other_files_are_not_asked_again_after_an_edit_of_the_file(tmp_path: Path) -> None:
    """The store is queried once per name while no other file changes: each text of the edited file asked ~50
    names of the store in a Java generate packing."""
    write_tree(tmp_path, {"p/Main.java": MAIN, "p/Box.java": BOX, "p/User.java": USER})
    memory = Memory.open(tmp_path, jobs=1)
    asked: list[str] = []
    query = memory.store.paths_referencing

    def counted(name: str) -> list[str]:
        asked.append(name)
        return query(name)

    memory.store.paths_referencing = counted  # type: ignore[method-assign]
    try:
        main = str(tmp_path / "p/Main.java")
        memory.open_document(main, MAIN)
        _kept(memory)
        assert len(asked) == len(NAMES)
        memory.set_document(main, MAIN.replace("Box.size()", "Box.sort()"))
        assert _kept(memory) == _fresh(memory)
        assert len(asked) == 2 * len(NAMES)  # `_fresh` asked; `_kept` did not
    finally:
        memory.close()
