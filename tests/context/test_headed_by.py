"""`members.headed_by`: the names a file's tables keep by their head (`_through`, `_build_struct_names`), picked in C
in their own order: a name without a dot is its own head; only the first dot splits."""

from __future__ import annotations

from archmem.indexer.context.members import headed_by


def test_names_headed_by_a_bound_name_are_kept_in_their_order() -> None:
    names = ["os.path.join", "self.x", "sys", "Decimal", "os", "a.b", "sys.maxsize", ".leading"]
    assert list(headed_by(names, {"os", "sys", "a"})) == ["os.path.join", "sys", "os", "a.b", "sys.maxsize"]
    assert list(headed_by(iter(names), frozenset())) == []
    assert list(headed_by(names, {""})) == [".leading"]
