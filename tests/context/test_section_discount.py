"""Generate mode's far part of a score divided outside the body's section (`sections.divide_far_parts`): along
edits that carry the far table, the scores come out as dividing each name's did, in the same order, whatever the
packing added to them or took out (negative and zero scores, names of no far part, deleted names)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from archmem.indexer.context import tables
from archmem.indexer.context.carry import PatchedDict
from archmem.indexer.context.noted import NotedCounter, noted_copy
from archmem.indexer.context.sections import SECTION_DIVISOR, divide_far_parts
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.records import CALLABLE_KINDS
from archmem.indexer.workspace import Memory

_FUNCTIONS = tuple(f"fn{i}" for i in range(12))
_SHARED = ("limit", "helper", "buf", "n", "fn1", "fn7", "cfg.size", "cfg.mode", "tally", "spare")


def _program(bodies: dict[str, str]) -> str:
    out = ["static int limit = 3;\n", "static int helper(int x) { return x; }\n"]
    for name in _FUNCTIONS:
        out.append(f"static int {name}(int n, int *buf) {{\n  return {bodies[name]};\n}}\n")
    return "".join(out)


def _body(rng: random.Random, fresh: int) -> str:
    names = [rng.choice(_SHARED) for _ in range(rng.randint(0, 8))]
    names += [f"new_{fresh}_{k}" for k in range(rng.randint(0, 30))]
    return " + ".join(names) or "0"


def _divided_one_by_one(scores: Counter[str], table: dict[str, int], used: set[str]) -> None:
    """The rule as first written: each far name's score divided in turn."""
    get = scores.get
    dict.update(
        scores,
        {
            ref: (score - part + part // SECTION_DIVISOR) or 1
            for ref in table.keys() - used
            if (score := get(ref, 0)) > 0 and (part := far if (far := table[ref]) < score else score)
        },
    )


def _packing_scores(
    rng: random.Random, index: FileIndex, ids: tuple[str, ...], deleting: bool, noted: bool
) -> Counter[str]:
    """The far scores as a packing leaves them before the division: some added to, lowered, taken out (where
    `deleting`); copied noting the names written (`noted`, as C's packings start) or plainly."""
    scores = noted_copy(tables.far_table(index, ids)) if noted else tables.far_scores(index, ids)
    names = sorted(scores)
    for ref in rng.sample(names, min(len(names), rng.randint(0, 12))):
        action = rng.randrange(4)
        if action == 2 and not deleting:
            action = 3
        if action == 0:
            scores[ref] += rng.randint(1, 9)
        elif action == 1:
            scores[ref] = rng.randint(-1, 2)
        elif action == 2:
            del scores[ref]
        else:
            scores[ref] = scores[ref] + 0  # the same value, another object where it is large
    for k in range(rng.randint(0, 3)):
        scores[f"elsewhere_{k}"] += rng.randint(1, 5)
    return scores


def test_divided_scores_along_random_edits_equal_dividing_each_name(tmp_path: Path) -> None:
    """80 derandomized edits of bodies: after each, dividing the scores gives each name, in the same order, what dividing it alone gives, for random `used` names and
    scores a packing changed (added to, lowered, deleted, names of no far part). Scores no far name was deleted
    from come out as a new count copied from the table's quotients (their order is the table's); the others are
    divided in place: both ways are met, many times each, and the new count is made from the names the packing
    noted writing where it started from a noted copy (`noted.py`)."""
    rng = random.Random(17)
    bodies = {name: "n" for name in _FUNCTIONS}
    path = tmp_path / "prog.c"
    text = _program(bodies)
    path.write_text(text)
    memory = Memory.open(tmp_path)
    try:
        carried = 0
        copied = in_place = noted = 0
        for number in range(1, 81):
            for name in rng.sample(_FUNCTIONS, rng.randint(1, 2)):
                bodies[name] = _body(rng, number)
            memory.set_document(str(path), _program(bodies), number)
            index = memory.file(str(path))
            assert index is not None
            ids = tuple(s.id for s in tables.top_level(index) if s.kind in CALLABLE_KINDS)
            table = tables.far_table(index, ids)
            carried += isinstance(table, PatchedDict)
            for turn in range(4):
                scores = _packing_scores(rng, index, ids, deleting=turn % 2 == 0, noted=turn >= 2)
                used = set(rng.sample(sorted(table), min(len(table), rng.randint(0, 6)))) | {"not_a_name"}
                expected = Counter(scores)
                _divided_one_by_one(expected, table, used)
                divided = divide_far_parts(scores, index, ids, used)
                assert list(divided.items()) == list(expected.items())
                assert isinstance(divided, Counter) and divided["no_such_name"] == 0
                copied += divided is not scores
                noted += divided is not scores and isinstance(scores, NotedCounter)
                in_place += divided is scores
        # Carried, not built again, after almost every edit (each changes only bodies).
        assert carried >= 70
        assert copied >= 100 and in_place >= 60 and noted >= 50, (copied, in_place, noted)
    finally:
        memory.close()
