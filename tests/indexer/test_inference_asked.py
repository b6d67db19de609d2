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
