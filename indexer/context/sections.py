"""Generate mode: what the file's far code says of a name, counted only where the body's section of the file uses it.

A name's score starts with what the whole file says of it (`tables.far_table`: its habits, the uses by the
functions far from the body), each part capped. In an amalgamation (`sqlite3.c`, sqlean's extensions in one file)
the file is many programs one after the other: PCRE2's `PCRE2_SPTR`, `compile_block` and the time extension's
`Duration` reach both caps and outrank, at `sha256_final`, the `SHA256_*` macros its own part of the file uses a
few times. Where a language says so (`LanguageSpec.section_siblings`, C), the far part of the score of a name no
definition between the function that many siblings before the body and the one that many after uses (functions,
tables, macros) is divided by SECTION_DIVISOR. A file of no more functions than a section holds is one section:
nothing changes. Nothing is kept between packings: the section is read again at each.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from itertools import chain, compress
from operator import is_not, itemgetter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..records import SymbolNode
from ..resolve import descendants
from .build import Build
from .tables import far_table, top_level

# What remains of the far part of the score of a name the body's section does not use: a name used all over a
# far part of the file is still somewhat likelier than one used nowhere.
SECTION_DIVISOR = 4
# The siblings' ids, read in C: a generator over the thousands of sqlite3.c's functions cost ~1 ms a packing.
_ID = itemgetter(SymbolNode._fields.index("id"))


def discount_far_sections(build: Build, scores: Counter[str], siblings: list[SymbolNode]) -> None:
    """Divide by SECTION_DIVISOR the far part of the scores of the names that no definition from the language's
    `section_siblings`-th sibling before the body to the one after it uses."""
    spec = BY_NAME.get(build.index.language)
    reach = spec.section_siblings if spec is not None else 0
    if reach <= 0 or len(siblings) <= 2 * reach + 1:
        return
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
    divide_far_parts(scores, index, tuple(map(_ID, siblings)), used)


def divide_far_parts(
    scores: Counter[str], index: FileIndex, sibling_ids: tuple[str, ...], used: set[str]
) -> None:
    """Divide by SECTION_DIVISOR the far part (`far_table`) of the positive scores of the names not `used`: a
    score of `score - part + part // SECTION_DIVISOR`, at least 1, where the part is at most the score."""
    table = far_table(index, sibling_ids)
    get = scores.get
    # The names whose score is not the far table's own value: added to in this packing, or gone from it.
    touched = list(compress(table, map(is_not, map(get, table), table.values())))
    kept = {ref: get(ref) for ref in chain(used, touched)}
    # What a score that is the far table's own becomes (the part is the whole score), computed in C from the
    # table's values: no table of quotients is kept per version (a copy of 25,000 names after every edit, and
    # as many for the collector to walk while it is young).
    dict.update(scores, zip(table, map(_Quotients().__getitem__, table.values()), strict=True))
    # Put back what the update must not have changed: it inserted no name (a name inserted and taken out
    # again leaves the others' order as it was), and divide one by one the scores added to.
    for ref, score in kept.items():
        if score is None:
            scores.pop(ref, None)
            continue
        far = table.get(ref)
        if ref not in used and far is not None and score > 0 and (part := far if far < score else score):
            scores[ref] = (score - part + part // SECTION_DIVISOR) or 1
        else:
            scores[ref] = score


class _Quotients(dict[int, int]):
    """A far table's value -> the score it becomes divided: its quotient, at least 1; a value of no positive
    part stays as it is. A table has a few dozen distinct values: each is computed once."""

    def __missing__(self, far: int) -> int:
        quotient = self[far] = (far // SECTION_DIVISOR) or 1 if far > 0 else far
        return quotient
