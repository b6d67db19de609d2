"""Generate mode: the order in which `predict._take_ranked` meets the scored names (best score first, ties by
name), less those it would pass over unresolved."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from itertools import compress, islice, repeat
from operator import and_, itemgetter, le, lt

from ..target import Target

HEAD = itemgetter(0)  # of `str.partition`'s parts


def reachable(
    scores: Counter[str],
    resolved: dict[str, Target],
    heads: tuple[Collection[str], Collection[str], Collection[str]] | None,
) -> list[str]:
    """All of `in_rank_order`'s names, in its order."""
    return list(in_rank_order(scores, resolved, heads))


# The names of a band of scores `in_rank_order` sorts at once, at least: a pack in sqlite3.c takes 110-330
# names of the ~9,000 its file reaches before its headers would fill the budget twice over.
RANK_BAND = 2048
# Scores of this many names and more have their first band's lowest score estimated from every SAMPLE_STEP-th.
SAMPLE_STEP = 16
SAMPLED = 64


def in_rank_order(
    scores: Counter[str],
    resolved: dict[str, Target],
    heads: tuple[Collection[str], Collection[str], Collection[str]] | None,
) -> Iterator[str]:
    """The scored names in rank order (best score first, then by name), less those `predict._take_ranked`
    would pass over unresolved: neither resolved already nor starting with a name of one of `heads` (the
    receiver's, the file's top-level names, its imports); all of them where `heads` is None (a package's
    other files may define any). A large file scores every name it uses (25,000 in sqlite3.c) and a pack
    takes a few hundred: the names are met a band of scores at a time, the best band first, each band picked
    from the scores by value in C (no name looked up, split or compared), then filtered and sorted; the next
    band is picked only if the take goes on. Filtering and sorting all of them cost ~10-15 ms a packing."""
    known = None if heads is None else {*heads[0], *heads[1], *heads[2]}
    # The resolved names the filter by head would drop, with their scores: each band takes those in its range.
    extra = (
        []
        if known is None
        else [
            (ref, score)
            for ref in resolved
            if (score := scores.get(ref)) is not None and ref.partition(".")[0] not in known
        ]
    )
    upper = None  # the lowest score of the bands met so far: the next band's are below it
    least = RANK_BAND
    values = scores.values()
    if len(scores) >= SAMPLED * SAMPLE_STEP:
        # The first band's lowest score read off every SAMPLE_STEP-th score, sorted: about the RANK_BAND // 2-th best
        # (any lowest score gives the same order; the estimate only sizes the band), without counting every score's
        # value (~0.8 ms of 25,500 in sqlite3.c), which a take stopping in the first band never needs.
        sample = sorted(islice(values, 0, None, SAMPLE_STEP), reverse=True)
        upper = sample[min(len(sample) - 1, RANK_BAND // 2 // SAMPLE_STEP)]
        yield from _band(scores, known, extra, upper, None)
    counts = sorted(
        Counter(values if upper is None else compress(values, map(lt, values, repeat(upper)))).items()
    )
    counts.reverse()
    at = 0
    # Each band at least twice the last: a take that goes on to the end (a receiver's members listed from the
    # rest) meets a few bands, each a pass over all the scores, not one per RANK_BAND names.
    while at < len(counts):
        size = 0
        while at < len(counts) and size < least:
            size += counts[at][1]
            at += 1
        lower = counts[at - 1][0]
        yield from _band(scores, known, extra, lower, upper)
        upper = lower
        least *= 2


def _band(
    scores: Counter[str], known: set[str] | None, extra: list[tuple[str, int]], lower: int, upper: int | None
) -> list[str]:
    """The names scored from `lower` to below `upper` (no bound: None) that `known` heads or `extra` holds, in rank
    order; picked from the scores by value in C."""
    picked = map(le, repeat(lower), scores.values())
    if upper is not None:
        picked = map(and_, picked, map(lt, scores.values(), repeat(upper)))
    band = list(compress(scores, picked))
    if known is not None:
        band = list(compress(band, map(known.__contains__, map(HEAD, map(str.partition, band, repeat("."))))))
        band += [ref for ref, score in extra if lower <= score and (upper is None or score < upper)]
    # By name, then (stably) by score, best first: the order of sorting by (-score, name), without a tuple made
    # per name.
    band.sort()
    band.sort(key=scores.__getitem__, reverse=True)
    return band
