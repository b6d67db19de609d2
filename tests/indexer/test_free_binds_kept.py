"""Whether the function around a use binds a member's head (`kept_answers._binds`, asked by `free_key`) is kept for
the request by text, scope and name: a generate packing asks some 40 members of the same few parameters, and
finding the function's scope again for each cost more than its binding. The next request, after an edit, reads it
anew: the new text's function may bind the name no more."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.resolver import Resolver
from archmem.indexer.target import Target
from archmem.indexer.workspace import Memory

_BOUND = "import b\n\n\nclass K:\n    def m(self, b):\n        return b.first\n"
_FREE = "import b\n\n\nclass K:\n    def m(self, c):\n        return b.first\n"


def _where(found: list[Target]) -> list[str]:
    return [f"{t.path.rsplit('/', 1)[-1]}:{t.symbol.qualname}" for t in found if t.symbol is not None]


def test_a_heads_binding_is_read_once_a_request_and_anew_in_an_edited_text(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(_BOUND)
    (tmp_path / "b.py").write_text("def first():\n    return 1\n\n\ndef second():\n    return 2\n")
    memory = Memory.open(tmp_path)
    try:
        path = str(tmp_path / "a.py")
        memory.open_document(path, _BOUND, 1)
        resolver = Resolver(memory)
        index = memory.file(path)
        assert index is not None
        method = index.by_qualname["K.m"][0]
        # The parameter `b` hides the module: its members are no definitions of b.py.
        assert _where(resolver.resolve(index, method, "b.first")) == []
        assert _where(resolver.resolve(index, method, "b.second")) == []
        # Both members asked whether `m` binds `b`: one answer, kept for the text and the scope.
        assert resolver._binds == {(index.content_hash, method.id, method.start_byte, "b"): True}
        # The parameter renamed: `b` is the module again, read in the new text (not the kept answer).
        memory.open_document(path, _FREE, 2)
        edited = memory.file(path)
        assert edited is not None and edited.content_hash != index.content_hash
        renamed = edited.by_qualname["K.m"][0]
        resolver = Resolver(memory)  # the next request
        assert _where(resolver.resolve(edited, renamed, "b.first")) == ["b.py:first"]
        assert resolver._binds == {(edited.content_hash, renamed.id, renamed.start_byte, "b"): False}
    finally:
        memory.close()
