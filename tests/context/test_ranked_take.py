"""Generate mode's ranked take meets the scored names in the order of their scores (ties by name) and skips
only those it could not resolve anyway: filtering and ordering them cheaply must not move a prompt."""

from __future__ import annotations

import random
import re
import string
from collections import Counter
from pathlib import Path

import pytest
from archmem.indexer.context import Packer, ranked
from archmem.indexer.context.ranked import in_rank_order, reachable
from archmem.indexer.target import Target
from archmem.indexer.workspace import Memory


def _scores(rng: random.Random, count: int) -> Counter[str]:
    """Names and members (`a.b`) with many equal scores, as a file's capped habits give."""
    scores: Counter[str] = Counter()
    for _ in range(count):
        head = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 3)))
        name = head if rng.random() < 0.6 else f"{head}.{rng.choice('xyz')}"
        scores[name] = rng.randint(0, 6)
    return scores


@pytest.mark.parametrize("band", [ranked.RANK_BAND, 1, 7, 60])
def test_the_reachable_names_come_in_the_order_of_score_then_name(
    band: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Met a band of scores at a time: bands of one score each, of a few, of many, all in one.
    monkeypatch.setattr(ranked, "RANK_BAND", band)
    rng = random.Random(7)
    for trial in range(60):
        # Past `SAMPLED * SAMPLE_STEP` names the first band's lowest score is estimated from a sample.
        scores = _scores(rng, 300 if trial % 3 else 3_000)
        heads = [ref.partition(".")[0] for ref in scores]
        receivers = {"self"}
        top = set(rng.sample(heads, len(heads) // 4))
        bound = set(rng.sample(heads, len(heads) // 8))
        resolved = {ref: Target("m.py", None) for ref in rng.sample(sorted(scores), 20)}
        # What `_take_ranked` met before: every name, sorted by (-score, name), then skipped unless resolved
        # or headed by a receiver, a top-level name or an import.
        expected = [
            ref
            for ref, _score in sorted(scores.items(), key=lambda item: (-item[1], item[0]))
            if ref in resolved or ref.partition(".")[0] in receivers | top | bound
        ]
        assert reachable(scores, resolved, (receivers, top, bound)) == expected
        everything = [ref for ref, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))]
        assert reachable(scores, resolved, None) == everything


class _Looked(Counter[str]):
    """Scores that note each name whose score is read by name."""

    looked: set[str]

    def __getitem__(self, ref: str) -> int:
        self.looked.add(ref)
        return super().__getitem__(ref)


def test_the_take_reads_only_the_band_of_the_best_scores_it_stops_in() -> None:
    # 10,000 names, a pack takes the first few hundred: none of the names below the first band is read by
    # name (filtered, looked up or sorted), as none is taken.
    rng = random.Random(3)
    scores = _Looked({f"name_{i}": rng.randint(1, 40) for i in range(10_000)})
    scores.looked = set()
    order = in_rank_order(scores, {}, (set(), set(scores), set()))
    first = [next(order) for _ in range(300)]
    best = sorted(scores.values(), reverse=True)[ranked.RANK_BAND]
    assert 0 < len(scores.looked) < 10_000 // 4
    assert all(dict.__getitem__(scores, ref) >= best for ref in scores.looked)
    assert first == reachable(scores, {}, (set(), set(scores), set()))[:300]


def _class_source(members: int) -> str:
    """A class whose many methods' headers overfill a small budget, then a method about to be written."""
    lines = ["class Engine:", "    def __init__(self):", "        self.speed = 1", ""]
    for i in range(members):
        lines += [
            f"    def step_{i:02d}(self, amount, factor, offset, label):",
            f"        return self.speed + {i}",
            "",
        ]
    lines += ["    def run(self):", "        pass", ""]
    return "\n".join(lines)


def test_the_ranked_take_stops_in_rank_order_once_the_budget_is_spent_twice(tmp_path: Path) -> None:
    # 200 methods of equal score, ranked by name: their headers fill a 500-token budget more than twice
    # over, so the take stops (the rest cannot fit), after the class's members its compact list can name.
    path = tmp_path / "engine.py"
    text = _class_source(200)
    path.write_text(text)
    memory = Memory.open(tmp_path)
    try:
        row = text.splitlines().index("    def run(self):") + 1
        packed = Packer(memory).pack(str(path), row, 8, budget=500, mode="generate")
    finally:
        memory.close()
    taken = set(re.findall(r"step_\d+", packed.text)) | set(
        re.findall(r"step_\d+", " ".join(packed.left_out))
    )
    ranked = sorted(f"step_{i:02d}" for i in range(200))
    assert 20 < len(taken) < 200
    assert sorted(taken) == ranked[: len(taken)]
    assert re.search(r"# Engine also has: step_\d+", packed.text), packed.text
