"""Generate mode's reading of the body's name against its package's other files: their top-level names that say
two of the body's name's words.

Where a package is several files sharing one namespace (Go), a body often needs a name declared in another of
them that nothing around it uses yet, and only its name says which: runtime's `markWorkerStop` compares its
mode with `gcMarkWorkerIdleMode` (mgc.go), net/http's `writeNotModified` sends `StatusNotModified` (status.go),
crypto/tls's `cipherSuites` falls back to `defaultCipherSuites` (cipher_suites.go). One shared word says too
little (`mark` alone is in hundreds of runtime's names: ~0.05 % of such offers were a unit the body needed,
session 20); two are rare, and a name carrying two of the body's words was a unit in about one offer of twenty
on the Go dev sets. At most PAIR_NAMES of those the ranking holds no score for yet are scored, those saying the
most words first, then the shortest (a cap of 3 left runtime's `gcMarkWorkerIdleMode` behind `gcBgMarkWorker`,
`gcBgMarkWorkerCount`, `gcMarkWorkerNotWorker`); their definitions are found as any other bare name of the
package is (`shares_names_with`).

Where the language lists a package's other files' names (`LanguageSpec.package_names_elsewhere`: Go); asked by
`predict.py`. The table of words is kept per memory and file until another file changes (`PerFile`).
"""

from __future__ import annotations

import re
from collections import Counter

from ..languages import BY_NAME
from ..per_memory import PerFile
from .build import Build

# The lower-case camel-case parts of a name, acronyms and digits kept whole (`gcMarkWorkerIdleMode` -> gc, mark,
# worker, idle, mode); a one-letter part says nothing.
_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")
# How many of the body's name's words a name must say.
_MIN_SHARED = 2
# What such a name scores (as a name of an imported package sharing a part of the body's name, PACKAGE_WORD), and
# how many are scored.
PAIR_WORDS = 24
PAIR_NAMES = 5


def _words(name: str) -> frozenset[str]:
    return frozenset(p.lower() for p in _PARTS.findall(name) if len(p) > 1)


# Per memory and file: the other files' top-level names by each of their words.
_TABLES: PerFile[dict[str, list[str]]] = PerFile(dict, files=8)


def package_word_pairs(build: Build, scores: Counter[str]) -> None:
    """Score the top-level names of the body's package's other files that say two of the body's name's words."""
    index, target = build.index, build.target
    spec = BY_NAME.get(index.language)
    if target is None or spec is None:
        return
    said = _words(target.name)
    if len(said) < _MIN_SHARED:
        return
    table = _TABLES.get(build.memory, index.path)
    if not table:
        for name in spec.package_names_elsewhere(build.memory, index.path):
            for word in _words(name):
                table.setdefault(word, []).append(name)
        table.setdefault("", [])  # read: a package with no other names is not listed again
    shared: Counter[str] = Counter(name for word in said for name in table.get(word, ()))
    # What the ranking holds already is offered by another sign; those saying the most of the body's words and
    # the fewest others first.
    found = sorted(
        (
            name
            for name, n in shared.items()
            if n >= _MIN_SHARED and name != target.name and name not in scores
        ),
        key=lambda name: (-shared[name], len(_words(name)), name),
    )
    for name in found[:PAIR_NAMES]:
        scores[name] += PAIR_WORDS
