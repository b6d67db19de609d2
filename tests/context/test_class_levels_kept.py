"""An imported class's class-level members (`members._class_level_members`) are kept per version of the class's file:
asked again about the same version, the kept answer; after an edit of that file, the new version's members (a
constant added, an overload of a name kept once), equal to reading them afresh."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.members import _class_level_members, class_level
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.workspace import Memory


def _fresh(index: FileIndex, owner_name: str) -> list[str]:
    owner = index.by_qualname[owner_name][0]
    names = [m.name for c in owner.children if (m := index.by_id[c]) and class_level(m, owner)]
    return list(dict.fromkeys(names))


def test_class_level_members_kept_per_version_and_read_anew_after_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "limits.py"
    path.write_text(
        "class Limits:\n    MAX_WIDTH = 10\n    ratio = 0.5\n\n    @staticmethod\n    def of(x):\n        return x\n"
    )
    memory = Memory.open(tmp_path)
    try:
        index = memory.file("limits.py")
        assert index is not None
        owner = index.by_qualname["Limits"][0]
        first = _class_level_members(index, owner)
        assert [m.name for m in first] == _fresh(index, "Limits") == ["MAX_WIDTH", "of"]
        assert _class_level_members(index, owner) is first
        edited = (
            "class Limits:\n    MAX_WIDTH = 10\n    MAX_HEIGHT = 5\n\n    @staticmethod\n    def of(x):\n"
            "        return x\n\n    @staticmethod\n    def of(x, y):\n        return y\n"
        )
        memory.open_document(str(path), edited, 2)
        after = memory.file("limits.py")
        assert after is not None and after is not index
        found = _class_level_members(after, after.by_qualname["Limits"][0])
        assert [m.name for m in found] == _fresh(after, "Limits") == ["MAX_WIDTH", "MAX_HEIGHT", "of"]
    finally:
        memory.close()
