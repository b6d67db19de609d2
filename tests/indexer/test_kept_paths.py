"""A path's parts (`ast::ErrorKind::Empty`, resolved part by part in `Resolver._resolve`) are read from the file's
answers kept across requests (`kept_answers.py`, as a plain `receiver.member` is): the next request finds the part's
answer kept, and an edit of what the part names gives the fresh answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archmem.indexer.kept_answers import answers
from archmem.indexer.resolver import Resolver
from archmem.indexer.target import Target
from archmem.indexer.workspace import Memory

LIB = """mod ast {
    pub enum ErrorKind {
        Empty,
        Bad,
    }
}

fn user() -> ast::ErrorKind {
    ast::ErrorKind::Empty
}
"""


def _resolve(memory: Memory, ref: str) -> list[Target]:
    """`ref` used in `user` of lib.rs, asked by a new resolver (one request)."""
    index = memory.file("lib.rs")
    assert index is not None
    return Resolver(memory).resolve(index, index.by_qualname["user"][0], ref)


def _where(found: list[Target]) -> list[tuple[str, str, int]]:
    return [(t.path, t.symbol.qualname, t.symbol.start[0]) for t in found if t.symbol is not None]


def _fresh(root: Path, text: str, ref: str) -> list[tuple[str, str, int]]:
    """`ref`'s answer from a memory that never kept anything."""
    other = root / "fresh"
    other.mkdir(exist_ok=True)
    (other / "lib.rs").write_text(text)
    memory = Memory.open(other, jobs=1)
    try:
        return _where(_resolve(memory, ref))
    finally:
        memory.close()


@contextmanager
def _asked_once(root: Path) -> Iterator[Memory]:
    """lib.rs open in a memory, the path asked once by a first request."""
    (root / "lib.rs").write_text(LIB)
    memory = Memory.open(root, jobs=1)
    try:
        memory.open_document(str(root / "lib.rs"), LIB, 1)
        assert _where(_resolve(memory, "ast.ErrorKind.Empty")) == [("lib.rs", "ast.ErrorKind.Empty", 2)]
        yield memory
    finally:
        memory.close()


def test_a_paths_part_is_kept_for_the_next_request(tmp_path: Path) -> None:
    with _asked_once(tmp_path) as memory:
        index = memory.file("lib.rs")
        assert index is not None
        enum = index.by_qualname["ast.ErrorKind"][0]
        kept = answers(memory, index).members_of(index, ("lib.rs", enum.id, "Empty", 1))
        assert kept is not None and _where(list(kept)) == [("lib.rs", "ast.ErrorKind.Empty", 2)]


def test_a_kept_paths_part_follows_an_edit_of_what_it_names(tmp_path: Path) -> None:
    with _asked_once(tmp_path) as memory:
        # A line above moves the variant; then the variant is renamed away.
        moved = "use std::fmt;\n" + LIB
        memory.open_document(str(tmp_path / "lib.rs"), moved, 2)
        assert _where(_resolve(memory, "ast.ErrorKind.Empty")) == _fresh(
            tmp_path, moved, "ast.ErrorKind.Empty"
        )
        assert _where(_resolve(memory, "ast.ErrorKind.Empty"))[0][2] == 3
        renamed = moved.replace("        Empty,\n", "        Nothing,\n")
        memory.open_document(str(tmp_path / "lib.rs"), renamed, 3)
        assert _where(_resolve(memory, "ast.ErrorKind.Empty")) == []
        assert _fresh(tmp_path, renamed, "ast.ErrorKind.Empty") == []
