"""A C generate packing's far scores note the names the packing writes (`indexer/context/noted.py`), so that
dividing the far parts (`sections.divide_far_parts`) reads those alone and a rule reading some of the names
(`named.named_variants`) picks them from a list kept per base of the far table: every way of writing a `Counter`
is noted, every way of taking a name out is seen, and the copy starts as the far table, in its order, with
nothing noted."""

from __future__ import annotations

import gc
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from archmem.indexer.context import tables
from archmem.indexer.context.carry import PatchedDict
from archmem.indexer.context.noted import NotedCounter, add_each, noted_copy, picked_names, set_each
from archmem.indexer.context.predict import _far_and_habits
from archmem.indexer.context.sections import far_start
from archmem.indexer.records import CALLABLE_KINDS
from archmem.indexer.workspace import Memory

_FUNCTIONS = tuple(f"fn{i}" for i in range(10))
_SHARED = ("limit", "cfg.Mode", "cfg.Mode.Fast", "Kind.Red", "Kind.Blue", "p.size", "Color.Dark", "n")


def _c_program(bodies: dict[str, str]) -> str:
    out = ["static int limit = 3;\n"]
    for name in _FUNCTIONS:
        out.append(f"static int {name}(int n) {{\n  return {bodies[name]};\n}}\n")
    return "".join(out)


def test_every_write_is_noted_and_every_removal_seen() -> None:
    scores = noted_copy({"a": 1, "b": 2, "c": 3})
    assert list(scores.items()) == [("a", 1), ("b", 2), ("c", 3)]
    assert scores.written == set() and not scores.removed
    scores["a"] += 2
    scores["new"] = 5
    scores.update({"b": 1})
    scores.update(["c", "fresh"])
    scores.subtract({"late": 1})
    scores.setdefault("kept", 0)
    assert scores.written == {"a", "new", "b", "c", "fresh", "late", "kept"} and not scores.removed
    assert scores == Counter({"a": 3, "new": 5, "b": 3, "c": 4, "fresh": 1, "late": -1, "kept": 0})
    # Reading a missing name writes nothing (a `Counter` answers 0).
    assert scores["absent"] == 0 and "absent" not in scores.written
    # An empty copy (a far table with no names): `Counter.update` writes a mapping through `dict.update` there.
    empty = noted_copy({})
    empty.update({"a": 1}, b=2)
    assert empty.written == {"a", "b"} and empty == Counter({"a": 1, "b": 2})
    for remove in (
        lambda s: s.__delitem__("a"),
        lambda s: s.pop("a"),
        lambda s: s.pop("absent", None),
        lambda s: s.popitem(),
        lambda s: s.clear(),
    ):
        copy = noted_copy({"a": 1, "b": 2})
        remove(copy)
        assert copy.removed


def test_c_packings_start_from_a_noted_copy_of_the_carried_far_table(tmp_path: Path) -> None:
    path = tmp_path / "prog.c"
    bodies = {name: "n" for name in _FUNCTIONS}
    path.write_text(_c_program(bodies))
    (tmp_path / "prog.py").write_text("def alpha(n):\n    return n\n")
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), _c_program(bodies), 1)
        before = memory.file(str(path))
        assert before is not None
        ids = tuple(s.id for s in tables.top_level(before) if s.kind in CALLABLE_KINDS)
        far_start(before, ids)
        bodies["fn3"] = "limit + fn1(n) + fresh_name"
        memory.set_document(str(path), _c_program(bodies), 2)
        index = memory.file(str(path))
        assert index is not None
        table = tables.far_table(index, ids)
        assert isinstance(table, PatchedDict)
        scores = far_start(index, ids)
        # The carried table's patches (the edit's names) were written by the copy: its own, not the packing's.
        assert isinstance(scores, NotedCounter) and scores.origin is table and scores["fresh_name"] > 0
        assert scores.written == set() and not scores.removed and not gc.is_tracked(scores)
        assert list(scores.items()) == list(table.items())
        # A language dividing no far parts by section (Python) starts from a plain copy.
        python = memory.file(str(tmp_path / "prog.py"))
        assert python is not None
        plain = far_start(python, tuple(s.id for s in tables.top_level(python) if s.kind in CALLABLE_KINDS))
        assert type(plain) is Counter
    finally:
        memory.close()


def _upper_member(ref: str) -> bool:
    return "." in ref and ref.rpartition(".")[0].rpartition(".")[2][:1].isupper()


def test_picked_names_along_carried_edits_are_the_scores_own_in_their_order(tmp_path: Path) -> None:
    """60 derandomized edits of bodies (names coming and going from the carried far table, back again too), each
    packing writing names of its own: the names picked from the noted scores are those a pass over every name of
    the scores picks, in the same order; none where the packing took a name out."""
    rng = random.Random(5)
    bodies = {name: "n" for name in _FUNCTIONS}
    path = tmp_path / "prog.c"
    path.write_text(_c_program(bodies))
    memory = Memory.open(tmp_path)
    try:
        patched = 0
        for number in range(1, 61):
            for name in rng.sample(_FUNCTIONS, rng.randint(1, 2)):
                names = [rng.choice(_SHARED) for _ in range(rng.randint(0, 5))]
                names += [f"Gone{rng.randint(0, 6)}.V{number % 3}" for _ in range(rng.randint(0, 3))]
                bodies[name] = " + ".join(names) or "0"
            memory.set_document(str(path), _c_program(bodies), number)
            index = memory.file(str(path))
            assert index is not None
            ids = tuple(s.id for s in tables.top_level(index) if s.kind in CALLABLE_KINDS)
            table = tables.far_table(index, ids)
            patched += isinstance(table, PatchedDict) and bool(table.patches)
            scores = far_start(index, ids)
            for ref in rng.sample(sorted(scores), min(len(scores), 3)):
                scores[ref] += 1
            scores[f"Added{number}.Member"] += 2
            scores["lower.member"] += 1
            assert picked_names(scores, _upper_member) == [ref for ref in scores if _upper_member(ref)]
            if number % 10 == 0:
                del scores[next(iter(scores))]
                assert picked_names(scores, _upper_member) is None
        assert patched >= 50
        assert picked_names(Counter({"A.b": 1}), _upper_member) is None  # not a noted copy
    finally:
        memory.close()


def _add(scores: Counter[str], name: str, value: int) -> None:
    scores[name] += value


def _set(scores: Counter[str], name: str, value: int) -> None:
    scores[name] = value


@pytest.mark.parametrize(("one", "each"), [(_add, add_each), (_set, set_each)])
def test_writing_each_name_in_c_is_writing_one_by_one_and_is_noted(
    one: Callable[[Counter[str], str, int], None], each: Callable[..., None]
) -> None:
    # `add_each` and `set_each` (the shared-word, waiting and far scores of a packing, thousands of names in
    # sqlite3.c) write past `__setitem__`: they must leave the same values in the same order, and note the names.
    rng = random.Random(3)
    table = {f"n{i}": rng.randint(1, 9) for i in range(50)}
    for trial in range(20):
        names = list(dict.fromkeys(f"n{rng.randint(0, 80)}" for _ in range(30)))
        values = [rng.randint(-3, 12) for _ in names]
        for make in (Counter, noted_copy):
            plain, bulk = make(table), make(table)
            for name, value in zip(names, values, strict=True):
                one(plain, name, value)
            each(bulk, names, iter(values))
            assert list(bulk.items()) == list(plain.items()), trial
            if isinstance(bulk, NotedCounter):
                assert isinstance(plain, NotedCounter)
                assert bulk.written == plain.written == set(names)


def _far_and_habits_one_by_one(index, sibling_ids, excluded):  # type: ignore[no-untyped-def]
    """`predict._far_and_habits` as a loop over the excluded names, one write at a time (the rule as written)."""
    totals = tables.sibling_totals(index, sibling_ids)
    habits = tables.file_habits(index)
    scores = far_start(index, sibling_ids)
    for ref, n in excluded.items():
        count = totals.get(ref)
        if count is None:
            continue
        left = count - n
        if left:
            scores[ref] = tables.far_score(left) + habits.get(ref, 0)
        elif ref in habits:
            scores[ref] = habits[ref]
        else:
            del scores[ref]
    return scores


def test_the_far_scores_less_the_excluded_uses_are_the_one_by_one_loops(tmp_path: Path) -> None:
    rng = random.Random(11)
    bodies = {name: rng.choice(_SHARED) for name in _FUNCTIONS}
    (tmp_path / "prog.c").write_text(_c_program(bodies))
    memory = Memory.open(tmp_path)
    try:
        index = memory.file("prog.c")
        assert index is not None
        ids = tuple(s.id for s in tables.top_level(index) if s.kind in CALLABLE_KINDS)
        refs = sorted({ref for s in index.symbols for ref in s.refs} | {"limit", "not_used"})
        for trial in range(40):
            excluded = Counter(
                {ref: rng.randint(1, 3) for ref in rng.sample(refs, rng.randint(0, len(refs)))}
            )
            expected = _far_and_habits_one_by_one(index, ids, excluded)
            found = _far_and_habits(index, ids, excluded)
            assert list(found.items()) == list(expected.items()), trial
            assert isinstance(found, NotedCounter) and isinstance(expected, NotedCounter)
            assert (found.written, found.removed) == (expected.written, expected.removed), trial
    finally:
        memory.close()
