"""Generate mode's carried tables copied from the table first built (`carry.patched`): after long chains of
random body edits, names coming and going, every table equals the one built from the edited index alone, and
the copies are made from a base no name was ever deleted from."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from archmem.indexer.context import carry, tables
from archmem.indexer.context.carry import PatchedCounter, PatchedDict, patched, references_changed
from archmem.indexer.context.members import ref_counts
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.records import CALLABLE_KINDS
from archmem.indexer.workspace import Memory

_FUNCTIONS = ("alpha", "beta", "gamma", "delta")
# Names the bodies draw from: shared ones (counted in several bodies) and each edit's own new ones.
_SHARED = ("limit", "helper", "buf", "n", "alpha", "gamma", "cfg.size", "cfg.mode")


def _program(bodies: dict[str, str]) -> str:
    """A C file whose definitions stay while the bodies of `_FUNCTIONS` change."""
    out = ["static int limit = 3;\n", "static int helper(int x) { return x; }\n"]
    for name in _FUNCTIONS:
        out.append(f"static int {name}(int n, int *buf) {{\n  return {bodies[name]};\n}}\n")
    return "".join(out)


def _body(rng: random.Random, fresh: int) -> str:
    names = rng.sample(_SHARED, rng.randint(0, 4)) + [f"new_{fresh}_{k}" for k in range(rng.randint(0, 60))]
    return " + ".join(names) or "0"


def _assert_as_built(index: FileIndex) -> None:
    # The top level carried by its places among the symbols: the walk over them finds the same.
    assert tables.top_level(index) == tuple(s for s in index.symbols[1:] if s.parent == index.module_id)
    callables = tuple(s.id for s in tables.top_level(index) if s.kind in CALLABLE_KINDS)
    everything = tuple(s.id for s in tables.top_level(index))
    # As dicts: a Counter compares a name left at zero equal to a missing one, a fresh count has none.
    assert dict(ref_counts(index)) == dict(Counter(r for s in index.symbols for r in s.refs))
    assert tables.file_habits(index) == tables._build_habits(index, None)
    keys, uses, members = tables.name_uses(index)
    fresh_keys, fresh_uses, fresh_members = tables._build_uses(index, None)
    assert (dict(keys), dict(uses), members) == (fresh_keys, dict(fresh_uses), fresh_members)
    for ids in (callables, everything):
        assert dict(tables.sibling_totals(index, ids)) == dict(tables._build_sibling_totals(index, ids))
        assert dict(tables.far_table(index, ids)) == tables._build_far_table(index, ids)
        assert dict(tables.far_scores(index, ids)) == tables._build_far_table(index, ids)


def test_tables_carried_along_random_body_edits_are_those_built_anew(tmp_path: Path) -> None:
    """120 derandomized edits of one or two bodies (up to 60 names each edit brings and the next takes away):
    each table equals a fresh build; most edits are carried, and the patches outgrow `_REBASE` and start again
    from a new base at least once."""
    rng = random.Random(16)
    bodies = {name: "n" for name in _FUNCTIONS}
    path = tmp_path / "prog.c"
    text = _program(bodies)
    path.write_text(text)
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), text, 1)
        before = memory.file(str(path))
        assert before is not None
        _assert_as_built(before)
        carried = rebased = 0
        for number in range(2, 122):
            for name in rng.sample(_FUNCTIONS, rng.randint(1, 2)):
                bodies[name] = _body(rng, number)
            memory.set_document(str(path), _program(bodies), number)
            index = memory.file(str(path))
            assert index is not None
            carried += references_changed(before, index) is not None
            last = tables.file_habits(before)
            _assert_as_built(index)
            now = tables.file_habits(index)
            rebased += (
                isinstance(last, PatchedDict) and isinstance(now, PatchedDict) and now.base is not last.base
            )
            before = index
        assert carried >= 100
        assert rebased >= 1
    finally:
        memory.close()


def test_a_carried_table_is_copied_from_the_one_first_built() -> None:
    """A carry copies the table first built (its `base`, never deleted from) and applies every patch since: the
    last carried table, a name deleted from it, is not the one copied."""
    built = {f"name{i}": i for i in range(1, 40)}
    first = patched(built, {"name1": None, "extra": 7})
    second = patched(first, {"name2": None, "extra": None, "name3": 30})
    assert isinstance(second, PatchedDict) and second.base is built
    assert second.patches == {"name1": None, "extra": None, "name2": None, "name3": 30}
    assert second == {**{k: v for k, v in built.items() if k not in {"name1", "name2"}}, "name3": 30}
    counted = Counter({"a": 2, "b": 1})
    once = patched(counted, {"b": None, "c": 4})
    assert isinstance(once, PatchedCounter) and once.base is counted and once["b"] == 0 and "b" not in once
    assert carry.fresh_copy(once) == Counter({"a": 2, "c": 4}) and built["name1"] == 1  # the base unchanged
