"""Generate mode: what the file's far code says of a name, counted only where the body's section of the file uses it.

A name's score starts with what the whole file says of it (`tables.far_table`: its habits, the uses by the
functions far from the body), each part capped. In an amalgamation (`sqlite3.c`, sqlean's extensions in one file)
the file is many programs one after the other: PCRE2's `PCRE2_SPTR`, `compile_block` and the time extension's
`Duration` reach both caps and outrank, at `sha256_final`, the `SHA256_*` macros its own part of the file uses a
few times. Where a language says so (`LanguageSpec.section_siblings`, C), the far part of the score of a name no
definition between the function that many siblings before the body and the one that many after uses (functions,
tables, macros) is divided by SECTION_DIVISOR. A file of no more functions than a section holds is one section:
nothing changes. The section is read again at each packing; what a far name's score becomes where the packing did
not change it is copied from its far table's quotients, kept per base of the carried table (`_divided_copy`), and
only the names the packing wrote (`noted.py`) are divided one by one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from itertools import chain, compress, islice
from operator import is_, is_not, itemgetter
from typing import cast

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolNode
from ..resolve import descendants
from ..untracked import untracked
from .build import Build
from .carry import PatchedDict
from .noted import NotedCounter, noted_copy
from .tables import far_scores, far_table, top_level

# What remains of the far part of the score of a name the body's section does not use: a name used all over a
# far part of the file is still somewhat likelier than one used nowhere.
SECTION_DIVISOR = 4
# The siblings' ids, read in C: a generator over the thousands of sqlite3.c's functions cost ~1 ms a packing.
_ID = itemgetter(SymbolNode._fields.index("id"))


def discount_far_sections(build: Build, scores: Counter[str], siblings: list[SymbolNode]) -> Counter[str]:
    """The scores with the far part of the names that no definition from the language's `section_siblings`-th
    sibling before the body to the one after it uses divided by SECTION_DIVISOR (`divide_far_parts`: a new count,
    or `scores` itself)."""
    spec = BY_NAME.get(build.index.language)
    reach = spec.section_siblings if spec is not None else 0
    if reach <= 0 or len(siblings) <= 2 * reach + 1:
        return scores
    index = build.index
    at = bisect_left(siblings, build.cursor, key=lambda s: s.start_byte)
    first, last = siblings[max(0, at - reach)], siblings[min(len(siblings) - 1, at + reach)]
    # Every definition between the section's first and last function: its tables (`midClass[]` of `CCLASS_*`)
    # and macros use names too.
    top = top_level(index)
    section = top[
        bisect_left(top, first.start_byte, key=lambda s: s.start_byte) : bisect_left(
            top, last.end_byte, key=lambda s: s.start_byte
        )
    ]
    used = set(chain.from_iterable(d.refs for s in section for d in (s, *descendants(index, s))))
    return divide_far_parts(scores, index, tuple(map(_ID, siblings)), used)


def far_start(index: FileIndex, sibling_ids: tuple[str, ...]) -> Counter[str]:
    """The far scores a packing starts from (`tables.far_scores`), noting the names the packing writes where the
    language divides far parts by section (`noted.py`): `divide_far_parts` then reads those alone."""
    spec = BY_NAME.get(index.language)
    if spec is None or spec.section_siblings <= 0:
        return far_scores(index, sibling_ids)
    return noted_copy(far_table(index, sibling_ids))


def divide_far_parts(
    scores: Counter[str], index: FileIndex, sibling_ids: tuple[str, ...], used: set[str]
) -> Counter[str]:
    """The scores with the far part (`far_table`) of the positive scores of the names not `used` divided by
    SECTION_DIVISOR: a score of `score - part + part // SECTION_DIVISOR`, at least 1, where the part is at most
    the score. A new count, in the order of `scores`, where `scores` still begins with the far table's names in
    its order (as `far_scores` copied them: no name of it taken out); else `scores` itself, divided in place."""
    table = far_table(index, sibling_ids)
    size = len(table)
    touched: Iterable[str]
    if isinstance(scores, NotedCounter) and scores.origin is table and not scores.removed:
        # The packing's own changes, noted as it wrote them (`noted.py`): its names begin with the table's.
        touched = scores.written
    elif len(scores) >= size and all(map(is_, scores, table)):
        # The names whose score is not the far table's own value, read side by side in C (no name looked up): a
        # score added to in this packing, or set anew.
        touched = compress(table, map(is_not, scores.values(), table.values()))
    else:
        _divide_in_place(scores, table, used)
        return scores
    # What every score that is the far table's own becomes: a copy of the table's quotients, kept per base of the
    # carried table (its patches divided on the way), then the names the packing added, in its order. Writing the
    # quotients into the scores name by name was most of a pack's time here (25,000 names in sqlite3.c).
    out = _divided_copy(table)
    if len(scores) > size:
        # The names the packing added, after the table's: read from the end (an `islice` would step over the table).
        dict.update(out, reversed(list(islice(reversed(scores.items()), len(scores) - size))))
    # The far names the section uses keep their scores whole, and those the packing wrote but the section does not
    # use are divided one by one; a name outside the far table was copied with the added ones. The section's names
    # are written in C (a Python loop over them and the written ones was ~1.5 ms a packing in sqlite3.c).
    whole = list(filter(table.__contains__, used))
    dict.update(out, zip(whole, map(scores.__getitem__, whole), strict=True))
    _divide_written(out, scores, table, list(filter(table.__contains__, set(touched).difference(used))), used)
    return out


def _divide_written(
    out: Counter[str], scores: Counter[str], table: Mapping[str, int], names: list[str], used: set[str]
) -> None:
    """`_divide_each` of far names the section does not use, written in C (a Python step for each of the few
    thousand names a packing writes was ~1-2 ms in sqlite3.c): each score and far part divided as one pair of
    values (`_DIVIDED`), the pairs few."""
    found = list(map(scores.get, names))
    if None in found:
        _divide_each(out, scores.get, table, names, used)  # a name taken out: `_divide_each` pops it
        return
    values = cast(list[int], found)  # no None, checked above
    if len(_DIVIDED) > _DIVIDED_KEPT:
        _DIVIDED.clear()
    dict.update(
        out,
        zip(
            names,
            map(_DIVIDED.__getitem__, zip(values, map(table.__getitem__, names), strict=True)),
            strict=True,
        ),
    )


def _divide_in_place(scores: Counter[str], table: Mapping[str, int], used: set[str]) -> None:
    """`divide_far_parts` on scores a packing took far names out of (their order is not the table's)."""
    get = scores.get
    # The names whose score is not the far table's own value: added to in this packing, or gone from it.
    touched = list(compress(table, map(is_not, map(get, table), table.values())))
    kept = {ref: get(ref) for ref in chain(used, touched)}
    # What a score that is the far table's own becomes (the part is the whole score), computed in C from the
    # table's values.
    dict.update(scores, zip(table, map(_QUOTIENTS.__getitem__, table.values()), strict=True))
    # Put back what the update must not have changed: it inserted no name (a name inserted and taken out
    # again leaves the others' order as it was), and divide one by one the scores added to.
    _divide_each(scores, kept.get, table, kept, used)


def _divide_each(
    out: Counter[str],
    score_of: Callable[[str], int | None],
    table: Mapping[str, int],
    names: Iterable[str],
    used: set[str],
) -> None:
    """Each of `names` written to `out` with its score (`score_of`, None: taken out) divided where it is not
    `used` and has a far part."""
    for ref in names:
        score = score_of(ref)
        if score is None:
            out.pop(ref, None)
            continue
        far = table.get(ref)
        if ref not in used and far is not None and score > 0 and (part := far if far < score else score):
            out[ref] = (score - part + part // SECTION_DIVISOR) or 1
        else:
            out[ref] = score


def _divided_copy(table: Mapping[str, int]) -> Counter[str]:
    """A new count of each far name's quotient, in the table's order: its base's quotients (a dict never deleted
    from, cloned whole) with the carried table's patches divided, as `carry.fresh_copy` copies the table."""
    base, patches = (table.base, table.patches) if isinstance(table, PatchedDict) else (table, {})
    kept = _QUOTIENT_BASES.get(id(base))
    if kept is None or kept[0] is not base:
        kept = _QUOTIENT_BASES[id(base)] = (
            base,
            dict(zip(base, map(_QUOTIENTS.__getitem__, base.values()), strict=True)),
        )
        while len(_QUOTIENT_BASES) > _QUOTIENT_BASES_KEPT:
            del _QUOTIENT_BASES[next(iter(_QUOTIENT_BASES))]
    out = Counter(kept[1])
    for ref, far in patches.items():
        if far is None:
            out.pop(ref, None)
        else:
            out[ref] = _QUOTIENTS[far]
    # 25,000 names young while the packing runs: out of the collector's passes (`untracked`).
    return untracked(out)


class _Quotients(dict[int, int]):
    """A far table's value -> the score it becomes divided: its quotient, at least 1; a value of no positive
    part stays as it is. A table has a few dozen distinct values: each is computed once, kept (ints only)."""

    def __missing__(self, far: int) -> int:
        quotient = self[far] = (far // SECTION_DIVISOR) or 1 if far > 0 else far
        return quotient


_QUOTIENTS = _Quotients()


class _Divided(dict[tuple[int, int], int]):
    """(a score, its name's far table value) -> the score with its far part divided, as `_divide_each` divides it."""

    def __missing__(self, pair: tuple[int, int]) -> int:
        score, far = pair
        part = far if far < score else score
        divided = self[pair] = (score - part + part // SECTION_DIVISOR) or 1 if score > 0 and part else score
        return divided


_DIVIDED = _Divided()
_DIVIDED_KEPT = 1 << 16
# Per base of a carried far table (by identity, the base held so that its id is not reused): its quotients. One
# far table per sibling list is carried at a time; a few kept.
_QUOTIENT_BASES: dict[int, tuple[Mapping[str, int], dict[str, int]]] = {}
_QUOTIENT_BASES_KEPT = 4
