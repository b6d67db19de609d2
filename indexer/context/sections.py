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
from itertools import chain

from ..languages import BY_NAME
from ..records import SymbolNode
from ..resolve import descendants
from .build import Build
from .tables import far_table, top_level

# What remains of the far part of the score of a name the body's section does not use: a name used all over a
# far part of the file is still somewhat likelier than one used nowhere.
SECTION_DIVISOR = 4


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
    table = far_table(index, tuple(s.id for s in siblings))
    get = scores.get
    # One comprehension over the far-only names (tens of thousands in sqlite3.c), no call per name: a name's far
    # part is at most its score, and what is left of a score is at least 1.
    dict.update(
        scores,
        {
            ref: (score - part + part // SECTION_DIVISOR) or 1
            for ref in table.keys() - used
            if (score := get(ref, 0)) > 0 and (part := far if (far := table[ref]) < score else score)
        },
    )
