"""`predict._reachable`: the scored names in rank order that `_take_ranked` can reach, with each name's head kept
across packings (`_HEADS`), against the plain reading: every name's head read afresh, sorted by (-score, name)."""

from __future__ import annotations

import random
from collections import Counter

from archmem.indexer.context import predict
from archmem.indexer.target import Target


def _plain(scores: Counter[str], resolved: dict[str, Target], known: set[str]) -> list[str]:
    kept = [ref for ref in scores if ref.partition(".")[0] in known]
    kept += [ref for ref in resolved if ref in scores and ref.partition(".")[0] not in known]
    return sorted(kept, key=lambda ref: (-scores[ref], ref))


def test_the_ranked_names_are_those_of_a_sort_of_every_reachable_name() -> None:
    """Derandomized packings' scores over one pool of names (heads kept from the ones before, and past the bound
    on the kept heads, read afresh): each answer is the plain one."""
    rng = random.Random(10)
    heads = [f"h{i}" for i in range(300)]
    pool = [rng.choice(heads) + rng.choice(("", ".x", ".y.z", "->p")) for _ in range(3000)]
    pool += [f"definition:f.c:{i}" for i in range(50)]
    placeholder = Target("f.c", None)  # `_reachable` reads only the keys of what was resolved
    for round_ in range(40):
        scores = Counter({ref: rng.randint(-3, 40) for ref in rng.sample(pool, 800)})
        resolved = {ref: placeholder for ref in rng.sample(pool, 60)}
        receivers, top, bound = {"self"}, set(rng.sample(heads, 100)), set(rng.sample(heads, 20))
        if round_ == 20:
            # Past the bound the kept heads are dropped: the names after it are read afresh.
            predict._HEADS.update({f"filler{i}": "filler" for i in range(predict._HEADS_KEPT + 1)})
        answer = predict._reachable(scores, resolved, (receivers, top, bound))
        assert answer == _plain(scores, resolved, receivers | top | bound)
        assert predict._reachable(scores, resolved, None) == sorted(
            scores, key=lambda ref: (-scores[ref], ref)
        )
    assert len(predict._HEADS) < predict._HEADS_KEPT
