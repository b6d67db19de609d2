"""Generate mode's look at the functions shaped like the one being written in the program's other files: what
they use from the headers both see.

A body is written like the functions of its shape wherever they are, not only in its own file. Every SQLite
extension's `text_init(sqlite3 *db)` registers its functions as `crypto_init(sqlite3 *db)` in another file does
(`sqlite3_create_function(db, "md5", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, ...)`), every `xBestIndex` reads
the `sqlite3_index_info` constraints every other one reads; in a file with a single `init` no neighbour shows
those names. Where a program's files share one namespace through includes that bind no name (C), what such a
function names (a header's macros, types, functions) means here what the body's own includes make it: resolved
from the body's scope, each definition it can see is offered to the new body as a like function's use.
The other files are those that mention the most of the types the body's header names; their functions'
shapes (`similar.features`) are compared by their rarity in their own file.

A Go package is several files sharing one namespace too, though its imports bind names
(`LanguageSpec.alike_in_package`): there the other files are the package's, and a bare name they use means here
what it means there: net/http's `readResponse` calls the `httptrace.ClientTrace` hooks its likes in the package's
other files call. What one like function uses is mostly its own business: a name is scored only where
PACKAGE_USERS of them use it.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_memory import PerFile
from ..per_version import per_version
from ..records import CALLABLE_KINDS, SymbolNode
from ..resolve import descendants
from ..target import Target
from .build import Build
from .similar import _table_of, features
from .weights import SIMILAR_CAP, SIMILAR_SIBLING, SIMILAR_SIBLINGS

# The other files read per packing: those mentioning the most of the header's types (each file's table of
# shapes is kept once built, but a workspace of thousands of files is not read whole for one body).
MAX_FILES = 8
# Likeness below this is chance (one rare feature shared, or two common ones), as in `similar.py`.
MIN_LIKENESS = 2.0
# The names of the like functions asked of the resolver per packing: each costs a little.
MAX_RESOLVED = 120
# Where the other files are the package's (`LanguageSpec.alike_in_package`: Go), a name is scored only where this
# many of the like functions use it, at most PACKAGE_CAP. Measured on the Go dev sets (tuned / held-out-like, main
# 710 / 567): every name, capped at SIMILAR_CAP, 709 / 565 (what the likes use, each with a line, pushed out the
# last lines fitted: `context.Background`, `io.Seeker`, `Dir`); capped at 6, 711 / 566; used by 2 at 6, 711 / 569
# (two lost); by 3 at 12 or 36, 711 / 569 (one lost: `ErrNestingDepth`); by 4 at 12, 711 / 570, none lost.
PACKAGE_USERS = 4
PACKAGE_CAP = 12


def elsewhere_alike(build: Build, scores: Counter[str], reached: set[str] | None = None) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, the definitions the names of the functions likest the body
    in the program's other files lead to from the body's scope (capped per key at SIMILAR_CAP); what each key
    leads to. Members reached through their locals (`pConstraint->iColumn`) are left to the header's types:
    their names are added to `reached` (`alike_members.py` reads them)."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None or not spec.shared_namespace:
        return {}
    if spec.imports_bind_names and not spec.alike_in_package:
        return {}  # the other files' names mean here what their imports make them, not the body's
    wanted = features(target)
    alike: list[tuple[float, str, FileIndex, SymbolNode]] = []
    for other in _other_files(build, wanted):
        postings, rarity = _table(other)
        likeness: dict[str, float] = {}
        for feature in wanted:
            for sid in postings.get(feature, ()):
                likeness[sid] = likeness.get(sid, 0.0) + rarity[feature]
        alike += [(v, sid, other, other.by_id[sid]) for sid, v in likeness.items() if v >= MIN_LIKENESS]
    best = heapq.nsmallest(SIMILAR_SIBLINGS, alike, key=lambda item: (-item[0], item[1]))
    if not best:
        return {}
    top = best[0][0]
    # Each name the likes use -> the weights of those asking it, within MAX_RESOLVED asked per packing.
    asked_by: dict[str, list[int]] = {}
    asked = 0
    for like, _sid, other, s in best:
        weight = max(1, round(SIMILAR_SIBLING * like / top))
        refs = dict.fromkeys(ref for d in [s, *descendants(other, s)] for ref in d.refs)
        if reached is not None:
            reached.update(ref.rpartition(".")[2] for ref in refs if "." in ref)
        for ref in refs:
            if asked >= MAX_RESOLVED:
                break
            if "." in ref or not build.memory.files_defining(ref):
                continue  # a local of that function (`rc`, `i`) or a member reached through one
            asked += 1
            asked_by.setdefault(ref, []).append(weight)
    cap, least = (PACKAGE_CAP, PACKAGE_USERS) if spec.alike_in_package else (SIMILAR_CAP, 1)
    added: Counter[str] = Counter()
    resolved: dict[str, Target] = {}
    for ref, weights in asked_by.items():
        if len(weights) < least:
            continue  # not scored, so not asked of the resolver
        # Asked from the body's own scope: the files share one namespace, so what that function names
        # means here what the body's includes make it (and asking from there would read that file's
        # include closure at every packing).
        for found in build.resolver.resolve(index, target, ref):
            if found.symbol is None or found.span is not None:  # a local, an import line
                continue
            key = f"definition:{found.path}:{found.symbol.id}"
            resolved[key] = found
            added[key] += sum(weights)
    for key, score in added.items():
        scores[key] += min(score, cap)
    return resolved


# Per memory and file, until another file changes: the stored files mentioning each name of a header (the body's
# siblings' headers name the same types, each asked of the store once).
_REFERENCING: PerFile[dict[str, tuple[str, ...]]] = PerFile(dict, files=8)


def _other_files(build: Build, wanted: frozenset[str]) -> list[FileIndex]:
    """The program's other files of the body's language family that mention the most of the names its
    header takes from elsewhere (its types: `sqlite3`, `sqlite3_context`), the rarer in the workspace the more."""
    memory, index = build.memory, build.index
    spec = BY_NAME[index.language]
    directory = index.path.rpartition("/")[0]
    # A Go package is its directory: another's bare names are not the body's.
    package = spec.alike_in_package

    weight: dict[str, float] = {}
    known = _REFERENCING.get(memory, index.path)
    for name in sorted(f for f in wanted if not f.startswith("w:") and "." not in f):
        if not memory.files_defining(name) or name in index.by_qualname:
            continue  # a parameter's name, or a type of this file alone
        # The stored files' names, not `files_referencing`: that also reads the open buffers' names, and the
        # body's own (a new index at each keystroke) would be walked whole, 130 ms in sqlite3.c.
        referencing = known.get(name)
        if referencing is None:
            referencing = known[name] = tuple(memory.store.paths_referencing(name))
        users = [
            p for p in referencing if p != index.path and (not package or p.rpartition("/")[0] == directory)
        ]
        for path in users:
            weight[path] = weight.get(path, 0.0) + 1.0 / math.log(2 + len(users))
    chosen: list[FileIndex] = []
    for path, _w in sorted(weight.items(), key=lambda item: (-item[1], item[0])):
        other_spec = memory.spec(path)
        other = memory.file(path) if other_spec is not None and spec.same_family(other_spec) else None
        if other is not None and _table(other)[1]:  # a header of prototypes has no function to compare
            chosen.append(other)
        if len(chosen) == MAX_FILES:
            break
    return chosen


@per_version
def _table(index: FileIndex) -> tuple[dict[str, tuple[str, ...]], dict[str, float]]:
    """Which functions of another file have each feature (the rarer ones only) and how rare each is there.
    Kept per version of that file, here and not in `similar.py`'s cache of the body's own file (two entries,
    which a round of other files would evict at every packing)."""
    functions = tuple(
        (s.id, s.name, s.signature) for s in index.symbols if s.kind in CALLABLE_KINDS and s.has_body
    )
    return _table_of.__wrapped__(functions)
