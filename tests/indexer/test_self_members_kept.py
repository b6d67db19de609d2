"""A member of the receiver word (`self.size`) used in a method is read in the nearest class around the use
(`Resolver._self_member`), whatever the method: its answer is kept for every method of the class across requests
(`kept_answers._self_key`), and warmed per class in the idle pass (`inline_warm.warm_group_answers`). Each test
compares a kept answer after an edit with a memory that never kept anything."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archmem.indexer.kept_answers import answers, free_key
from archmem.indexer.languages import BY_NAME
from archmem.indexer.resolver import Resolver
from archmem.indexer.target import Target
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline_warm import warm_group_answers

BASES = "class Base:\n    def size(self):\n        return 1\n\n\nclass Other:\n    def size(self):\n        return 2\n"
BOX = (
    "from base import Base, Other\n\n\n"
    "class Box(Base):\n"
    "    def __init__(self):\n        self.items = []\n\n"
    "    def first(self):\n        return self.size()\n\n"
    "    def second(self):\n        def inner():\n            return self.size()\n        return inner\n\n"
    "    class Inner:\n        def size(self):\n            return 3\n\n"
    "        def third(self):\n            return self.size()\n"
)


@contextmanager
def _memory(root: Path, box: str) -> Iterator[Memory]:
    root.mkdir(parents=True, exist_ok=True)
    (root / "base.py").write_text(BASES)
    (root / "box.py").write_text(box)
    memory = Memory.open(root)
    try:
        memory.open_document(str(root / "box.py"), box, 1)
        yield memory
    finally:
        memory.close()


def _resolve(memory: Memory, function: str, ref: str) -> list[tuple[str, str]]:
    """`ref` used in `function` of box.py, asked by a new resolver (one request): where each target is."""
    index = memory.file("box.py")
    assert index is not None
    scope = index.by_qualname[function][0]
    return _where(Resolver(memory).resolve(index, scope, ref))


def _where(found: list[Target]) -> list[tuple[str, str]]:
    return sorted((t.path.rsplit("/", 1)[-1], t.symbol.qualname if t.symbol else "") for t in found)


def _kept(memory: Memory, function: str, ref: str) -> bool:
    index = memory.file("box.py")
    assert index is not None
    doc = memory.document("box.py")
    assert doc is not None
    scope = index.by_qualname[function][0]
    key = free_key(BY_NAME["python"], index, doc.text, scope, ref, 0, {})
    return key is not None and answers(memory, index).whole_of(index, key) is not None


def _fresh(root: Path, box: str, function: str, ref: str) -> list[tuple[str, str]]:
    with _memory(root, box) as memory:
        return _resolve(memory, function, ref)


def test_a_receivers_member_is_answered_once_for_the_methods_of_its_class(tmp_path: Path) -> None:
    with _memory(tmp_path / "a", BOX) as memory:
        assert not _kept(memory, "Box.second", "self.size")
        assert _resolve(memory, "Box.first", "self.size") == [("base.py", "Base.size")]
        # Another method of the class, and a function nested in one, read the kept answer.
        assert _kept(memory, "Box.second", "self.size")
        assert _kept(memory, "Box.second.inner", "self.size")
        assert _resolve(memory, "Box.second.inner", "self.size") == [("base.py", "Base.size")]
        # The nested class's method reads its own class's member, not the kept answer of the class around it.
        assert not _kept(memory, "Box.Inner.third", "self.size")
        assert _resolve(memory, "Box.Inner.third", "self.size") == [("box.py", "Box.Inner.size")]
        assert _resolve(memory, "Box.first", "self.size") == [("base.py", "Base.size")]


def test_a_kept_receivers_member_follows_the_edits_of_its_class(tmp_path: Path) -> None:
    edits = {
        # The class defines the member itself now.
        "own": BOX.replace(
            "    def first(self):", "    def size(self):\n        return 0\n\n    def first(self):"
        ),
        # Another base.
        "base": BOX.replace("class Box(Base):", "class Box(Other):"),
        # A field of that name assigned in a method.
        "field": BOX.replace("self.items = []", "self.items = []\n        self.size = 5"),
    }
    for name, edited in edits.items():
        with _memory(tmp_path / name, BOX) as memory:
            assert _resolve(memory, "Box.first", "self.size") == [("base.py", "Base.size")]
            memory.set_document(str(tmp_path / name / "box.py"), edited, 2)
            now = _resolve(memory, "Box.second", "self.size")
        assert now == _fresh(tmp_path / f"{name}-fresh", edited, "Box.second", "self.size"), name
        assert now != [("base.py", "Base.size")], name


def test_the_idle_pass_warms_each_classs_receiver_members(tmp_path: Path) -> None:
    with _memory(tmp_path / "a", BOX) as memory:
        assert not _kept(memory, "Box.second", "self.size")
        assert not _kept(memory, "Box.Inner.third", "self.size")
        assert warm_group_answers(memory, "box.py") > 0
        # Used by the methods of each class, and a member of its own (`items`, never read through `self`).
        assert _kept(memory, "Box.second", "self.size")
        assert _kept(memory, "Box.Inner.third", "self.size")
        assert _kept(memory, "Box.second", "self.items")
        assert _resolve(memory, "Box.Inner.third", "self.size") == [("box.py", "Box.Inner.size")]
