"""Generate mode: a lambda opened as a property of an object (`onFailure: (cause) => {` handed to
`core.foldCauseChannel`, `matchCause`, `matchCauseEffect`) or as a call's argument (`flatMap(self, (a) => {`) is
written as the workspace's other lambdas opened so are: effect's `onFailure: (cause) => {` blocks split the cause
with `failureOrCause`, switch over `_tag` and end in `failCause`, in channel.ts, layer.ts, core.ts and core-effect.ts
alike, whatever the callee. The names most of those lambdas use gain a bonus by their share. Which lines open such
a lambda is the language's (`LanguageSpec.lambda_openings`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Set

from ..fileindex import FileIndex
from ..languages import BY_NAME, language_for
from ..per_memory import PerFile
from ..per_version import per_version
from ..records import CLASS_KINDS, SymbolKind, SymbolNode
from ..target import Target
from .build import Build
from .handled_namesakes import module_values
from .popular_members import whole_module_paths
from .returned_fields import returned_modules
from .returned_members import raise_returned

# A name used by at least MIN_SHARE of at least MIN_LAMBDAS such lambdas gains BONUS times its share. Measured on
# effect's internals (generate at 2,048, tuned part, 1,258 units): 1,076 covered without the rule, 1,083 with it (no
# fields), 1,082 at BONUS 12, 1,083 at 36 or 48; at MIN_SHARE 0.2 1,083, 0.5 1,078; MIN_LAMBDAS 2 1,083, 5 1,082; the
# modules' members no scored name ends with left out, 1,082.
BONUS = 24
MIN_SHARE = 0.3
MIN_LAMBDAS = 3
# A field (`Left.left`) gains FIELD_BONUS times its share, where a module imported whole declares at most MAX_FIELDS
# fields of that name in its top-level types: 1,083 -> 1,084 at 48 or 96 (`_tag`, `left` won, `failureOrCause` lost
# to them), 1,083 at 24.
FIELD_BONUS = 48
MAX_FIELDS = 2
# The files read for one key at most (each once per memory while no other file changes).
MAX_FILES = 80
# Lines of a lambda's body read past its opening line.
MAX_BODY = 40
WORD = re.compile(rb"[A-Za-z_$][\w$]*")

# The opening's pattern, its name (the property or the callee), its first parameter, whether the body is a block.
_Key = tuple[int, str, str, bool]


# The other files' lambdas counted by key, valid while no other file changes (`PerFile`).
_COUNTS: PerFile[dict[_Key, tuple[int, Counter[str]]]] = PerFile(dict)


def property_lambdas(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Add BONUS times its share to each scored name whose last part the lambdas opened as the body's is (under its
    property or passed to its callee, with its first parameter) mostly use, where the body opens such a lambda on the
    line above the cursor; the fields of those names the modules the file imports whole declare, by `definition:`
    keys, and what each key leads to."""
    spec = BY_NAME.get(build.index.language)
    patterns = spec.lambda_openings if spec is not None else ()
    if not patterns or build.line < 2:
        return {}
    line = build.view.lines[build.line - 2].encode()
    key = next((k for k in (_key(i, p.match(line)) for i, p in enumerate(patterns)) if k is not None), None)
    if key is None:
        return {}
    pattern = patterns[key[0]]
    n, used = _elsewhere(build, key, pattern)
    # The file's own lambdas, read at each packing (its text is the one being edited), less the body's own.
    own = build.view.lines
    own_n, own_used = _count([own.raw], key, pattern, skip=own.positions.line_start(build.line - 2))
    n += own_n
    if n < MIN_LAMBDAS:
        return {}
    shares = {word: count / n for word, count in (used + own_used).items()}
    shares = {word: share for word, share in shares.items() if share >= MIN_SHARE and word != key[2]}
    if not shares:
        return {}
    return raise_shared(build, scores, shares)


def raise_shared(
    build: Build,
    scores: Counter[str],
    shares: dict[str, float],
    bonus: int = BONUS,
    field_bonus: int = FIELD_BONUS,
    named: Set[str] = frozenset(),
) -> dict[str, Target]:
    """Add `bonus` times its share to each scored name whose last part is a word of `shares`; a word no scored name ends
    with, to that member of each module the file imports whole; a word a few of those modules' fields are named, to
    those fields at `field_bonus` (by `definition:` keys, returned with what each leads to). The members of the types
    the functions of those modules named by `shares` or by the words `named` (raised by the caller already) return, to
    those members (`returned_members.raise_returned`)."""
    raised: set[str] = set()
    for ref in list(scores):
        if ref.startswith("line:"):
            continue
        word = ref.rpartition(".")[2]
        share = shares.get(word)
        if share is not None:
            scores[ref] += round(bonus * share)
            raised.add(word)
    resolved: dict[str, Target] = {}
    # A word no scored name ends with: the member of that name of the modules the file imports whole (layer.ts's
    # `Cause.failureOrCause`, which nothing else of layer.ts calls); a word a few of their types' fields are named,
    # those fields (`either._tag`, `either.left` of Either's `Left`), and those of the modules the shared functions'
    # return types name (`returned_fields.py`).
    whole = whole_module_paths(build)
    seen = {path for _, path in whole}
    for module, module_path in whole:
        found = build.memory.file(module_path)
        if found is None:
            continue
        values = shares.keys() & module_values(found)
        for word in values - raised:
            scores[f"{module}.{word}"] += round(bonus * shares[word])
        returned = returned_modules(build, found, values, seen)
        seen.update(m.path for m in returned)
        for held in [found, *returned]:
            fields = _fields(held)
            for word in shares.keys() & fields.keys():
                if len(fields[word]) <= MAX_FIELDS:
                    for f in fields[word]:
                        ref = f"definition:{held.path}:{f.id}"
                        resolved[ref] = Target(held.path, f)
                        scores[ref] += round(field_bonus * shares[word])
        raise_returned(
            build,
            found,
            (shares.keys() | named) & module_values(found),
            shares,
            field_bonus,
            scores,
            resolved,
        )
    return resolved


@per_version
def _fields(module: FileIndex) -> dict[str, tuple[SymbolNode, ...]]:
    """The fields of the module's top-level types, by name. Per version of the module."""
    found: dict[str, list[SymbolNode]] = {}
    for s in module.symbols[1:]:
        if s.parent == module.module_id and s.kind in CLASS_KINDS:
            for child in s.children:
                f = module.by_id.get(child)
                if f is not None and f.kind is SymbolKind.FIELD:
                    found.setdefault(f.name, []).append(f)
    return {name: tuple(fs) for name, fs in found.items()}


def _key(i: int, m: re.Match[bytes] | None) -> _Key | None:
    if m is None:
        return None
    return (i, m["name"].decode(), (m["parameter"] or b"").decode(), m["rest"].strip().endswith(b"{"))


def _elsewhere(build: Build, key: _Key, pattern: re.Pattern[bytes]) -> tuple[int, Counter[str]]:
    """The other files' lambdas opened under `key`: how many, and in how many of them each word appears."""
    memory, path = build.memory, build.index.path
    counts = _COUNTS.get(memory, path)
    found = counts.get(key)
    if found is None:
        spec = BY_NAME.get(build.index.language)
        # The files of the body's language that mention the name and the parameter (each lambda's body does); none
        # where they are too many: a key that common (`dual(2, (self, that) => {`) votes for no name.
        mentioned = set(memory.files_referencing(key[1]))
        if key[2]:
            mentioned &= set(memory.files_referencing(key[2]))
        paths = sorted(p for p in mentioned if p != path and language_for(p) is spec)
        if len(paths) > MAX_FILES:
            paths = []
        found = counts[key] = _count(map(memory.text, paths), key, pattern)
    return found


def _count(
    texts: Iterable[bytes | None], key: _Key, pattern: re.Pattern[bytes], skip: int = -1
) -> tuple[int, Counter[str]]:
    """How many lambdas open under `key` in `texts`, and in how many each word appears; the lambda whose opening line
    starts at byte `skip` (of a single text) left out. Only the lines holding the key's name are read: a text is not
    split (Effect.ts's 700 KB at every packing)."""
    needle, parameter = key[1].encode(), key[2].encode()
    n, used = 0, Counter[str]()
    for text in texts:
        at = -1 if text is None else text.find(needle)
        while text is not None and at >= 0:
            start = text.rfind(b"\n", 0, at) + 1
            end = line_end(text, at)
            at = text.find(needle, end)
            line = text[start:end]
            # Most lines naming a callee (`flatMap`) open no lambda of the key: left before the pattern is tried.
            if start == skip or parameter not in line or line.rstrip().endswith(b"{") != key[3]:
                continue
            m = pattern.match(line)
            if m is None or _key(key[0], m) != key:
                continue
            body = [m["rest"], *lines_below(text, start, end, MAX_BODY)]
            n += 1
            used.update({w.decode() for w in WORD.findall(b"\n".join(body))})
    return n, used


def lines_below(text: bytes, start: int, end: int, limit: int) -> list[bytes]:
    """The lines below the line `text[start:end]` indented deeper than it (blank ones among them), at most `limit`."""
    line = text[start:end]
    indent = len(line) - len(line.lstrip())
    body: list[bytes] = []
    for _ in range(limit):
        below = text[end + 1 : line_end(text, end + 1)]
        if end >= len(text) or (below.strip() and len(below) - len(below.lstrip()) <= indent):
            break
        body.append(below)
        end += len(below) + 1
    return body


def line_end(text: bytes, at: int) -> int:
    """Where the line holding byte `at` ends (its line break, or the text's end)."""
    end = text.find(b"\n", at)
    return len(text) if end < 0 else end
