"""The classes of a chain asked from outside the inference are kept for its request (`Inference.classes`): asked
again for another member, they are not inferred again; the next request, after an edit, reads them anew."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

_SHAPES = (
    "class Vector:\n    def length(self):\n        return 1.0\n\n\n"
    "class Matrix:\n    def length(self):\n        return 2.0\n\n\n"
    "class Shape:\n"
    "    def __init__(self):\n"
    "        self.v = {made}()\n\n"
    "    def use(self):\n"
    "        return 0\n"
)


def test_a_chains_classes_are_inferred_once_a_request_and_anew_after_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "shapes.py"
    path.write_text(_SHAPES.format(made="Vector"))
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), _SHAPES.format(made="Vector"), 1)
        resolver = Resolver(memory)
        index = memory.file(str(path))
        assert index is not None
        use = index.by_qualname["Shape.use"][0]
        assert [t.symbol.qualname for t in resolver.resolve(index, use, "self.v.length") if t.symbol] == [
            "Vector.length"
        ]
        inference = resolver.inference
        asked = dict(inference._asked)
        assert len(asked) == 1  # the classes `self.v` holds
        resolver.resolve(index, use, "self.v.scaled")
        assert inference._asked == asked  # the same chain: read from what was kept, nothing inferred anew
        # The next request, after an edit: `self.v` is a Matrix now, nothing of the last request read.
        memory.set_document(str(path), _SHAPES.format(made="Matrix"), 2)
        edited = memory.file(str(path))
        assert edited is not None
        scope = edited.by_qualname["Shape.use"][0]
        found = Resolver(memory).resolve(edited, scope, "self.v.length")
        assert [t.symbol.qualname for t in found if t.symbol] == ["Matrix.length"]
    finally:
        memory.close()


_JAVA_BASE = "package p;\n\npublic class Base {\n    public int size() {\n        return 0;\n    }\n}\n"
_JAVA_LIST = (
    "package p;\n\n"
    "public class List extends Base {\n"
    "    public int first() {\n        return size();\n    }\n\n"
    "    public int second() {\n        return size() + 1;\n    }\n"
    "}\n"
)


def test_a_members_answer_is_read_through_the_bases_once_a_request(tmp_path: Path) -> None:
    """Two methods of a class naming the same inherited member: its bases are read for the first only, and the
    answer is the base's member for both; the next request, after the base drops it, answers anew."""
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "Base.java").write_text(_JAVA_BASE)
    (tmp_path / "p" / "List.java").write_text(_JAVA_LIST)
    memory = Memory.open(tmp_path)
    try:
        index = memory.file("p/List.java")
        assert index is not None
        resolver = Resolver(memory)
        read: list[str] = []
        bases = resolver.bases
        resolver.bases = lambda i, cls, depth=0: read.append(cls.qualname) or bases(i, cls, depth)  # type: ignore[method-assign]
        for method in ("List.first", "List.second"):
            found = resolver.resolve(index, index.by_qualname[method][0], "size")
            assert [(t.path, t.symbol.qualname) for t in found if t.symbol] == [("p/Base.java", "Base.size")]
        assert read.count("List") == 1
        memory.set_document(str(tmp_path / "p" / "Base.java"), _JAVA_BASE.replace("size", "count"), 1)
        scope = index.by_qualname["List.first"][0]
        assert Resolver(memory).resolve(index, scope, "size") == []
    finally:
        memory.close()
