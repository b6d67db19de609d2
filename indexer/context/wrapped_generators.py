"""Generate mode: a generator body handed to a call (`Effect.gen(function*() {`) is written as the workspace's other
generators handed the same way are. `Effect.gen` alone says nothing (effect has a hundred such bodies); what its
wrapper is handed to does: channel.ts's `mapOutEffectPar` and `mergeAllWith` both open `unwrapScopedWith((scope) =>
Effect.gen(function*() {` and both make a `singleProducerAsyncInput`, a bounded `Queue` shut down by
`Scope.addFinalizer`, a `Deferred` and a semaphore. The names those bodies use gain a bonus by their share
(`property_lambdas.raise_shared`); a word those bodies name through modules the file binds (`Queue.bounded`,
`Effect.matchCauseEffect`) raises those modules' members alone, not its every namesake (`Mailbox.bounded`, the
file's own `matchCauseEffect`). Which lines open a generator, and what names its wrapper, is the language's
(`LanguageSpec.generator_opening`, `generator_wrapper`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..languages import BY_NAME, language_for
from ..per_memory import PerFile
from ..target import Target
from .build import Build
from .property_lambdas import MIN_SHARE, WORD, line_end, lines_below, raise_shared

# Bodies opened under the same wrapper needed at least: two (a twin and one more, or two twins) vote.
MIN_BODIES = 2
# A name used by a share of those bodies gains BONUS times it (at least MIN_SHARE), the fields of that name at
# FIELD_BONUS (`property_lambdas.raise_shared`). Measured on effect's internals (generate at 2,048, tuned part, 1,258
# units): 1,084 without the rule, 1,088 at BONUS 24, 1,089 at 48, 1,094 at 96 or 192.
BONUS = 96
FIELD_BONUS = 48
# Lines above the generator's opening read for its wrapper's call or property.
MAX_ABOVE = 3
# The files read for one wrapper at most (each once per memory while no other file changes).
MAX_FILES = 80
# Lines of a generator's body read past its opening line: 40 gave 1,090 of the tuned part, 80 and 200 1,094.
MAX_BODY = 80
_SPACE = re.compile(rb"\s+")
# A member named through its module (`Deferred.failCause`): the module's name and the member's.
_PAIR = re.compile(rb"(?<![\w$.])([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)")
# A line ending a statement or opening a block: the lines above it are not the generator's wrapper.
_STATEMENT_END = (b"{", b"}", b";")

# The other files' generators counted by wrapper key, valid while no other file changes (`PerFile`).
_COUNTS: PerFile[dict[bytes, tuple[int, Counter[str]]]] = PerFile(dict)


def wrapped_generators(build: Build, scores: Counter[str]) -> dict[str, Target]:
    """Where the line above the cursor opens a generator handed to a call, raise the names the workspace's other
    generators opened under the same wrapper (the call or property with all that follows it, spaces aside) mostly
    use, as `property_lambdas` does for lambdas; what each `definition:` key raised leads to."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or spec.generator_opening is None or spec.generator_wrapper is None or build.line < 2:
        return {}
    lines = build.view.lines
    above = [lines[n].encode() for n in range(max(0, build.line - 2 - MAX_ABOVE), build.line - 2)]
    found = _wrapper(spec.generator_opening, spec.generator_wrapper, above, lines[build.line - 2].encode())
    if found is None:
        return {}
    name, key = found
    n, used = _elsewhere(build, name, key)
    own_n, own_used = _count([lines.raw], name, key, skip=lines.positions.line_start(build.line - 2))
    n += own_n
    if n < MIN_BODIES:
        return {}
    in_key = {w.decode() for w in WORD.findall(key)}
    counted = used + own_used
    shares = {word: count / n for word, count in counted.items() if word not in in_key and "." not in word}
    shares = {word: share for word, share in shares.items() if share >= MIN_SHARE}
    named = _raise_named(build, scores, counted, shares)
    return raise_shared(build, scores, shares, BONUS, FIELD_BONUS, named) if shares or named else {}


def _raise_named(
    build: Build, scores: Counter[str], counted: Counter[str], shares: dict[str, float]
) -> set[str]:
    """Of a shared word the bodies name as members of modules the file binds (`Effect.failCause`, `core.failCause`),
    raise those modules' members alone, not every namesake (`Exit.failCause`); the word leaves `shares`. Measured on
    effect's internals (generate at 2,048, tuned part): 1,110 -> 1,112 (channel.ts's `mapOutEffectPar` shown
    `Queue.bounded`, `Effect.matchCauseEffect`), none lost. Returns the words so raised: `raise_shared` still reads
    their functions' return types (`Effect.makeSemaphore`'s `Semaphore`)."""
    bound = {imp.bound for imp in build.index.imports}
    heads: dict[str, set[str]] = {}
    for pair in counted:
        head, dot, word = pair.partition(".")
        if dot and word in shares and head in bound:
            heads.setdefault(word, set()).add(head)
    for word, named in heads.items():
        bonus = round(BONUS * shares.pop(word))
        for head in named:
            scores[f"{head}.{word}"] += bonus
    return set(heads)


def _wrapper(
    opening: re.Pattern[bytes], wrapper: re.Pattern[bytes], above: list[bytes], line: bytes
) -> tuple[bytes, bytes] | None:
    """The name of the call or property the generator opened on `line` is handed to, and the key: the text from that
    name to the end of `line`, spaces removed. Read on the line before the generator, else (where the generator
    starts its line) on up to MAX_ABOVE lines above it, the nearest first, not past a statement's end; None where
    none is found."""
    m = opening.match(line)
    if m is None:
        return None
    before = m["before"]
    heads: list[tuple[bytes, bytes]] = []
    if before.strip():
        heads.append((before, line))
    else:
        for k in range(1, min(MAX_ABOVE, len(above)) + 1):
            if above[-k].rstrip().endswith(_STATEMENT_END):
                break
            head = b"\n".join(above[-k:])
            heads.append((head, head + b"\n" + line))
    for head, text in heads:
        for w in reversed(list(wrapper.finditer(head))):
            rest = head[w.end() :]
            if w["property"] or rest.count(b"(") > rest.count(b")"):
                group = "property" if w["property"] else "name"
                return w[group], _SPACE.sub(b"", text[w.start(group) :])
    return None


def _elsewhere(build: Build, name: bytes, key: bytes) -> tuple[int, Counter[str]]:
    """The other files' generators opened under `key`: how many, and in how many of them each word appears."""
    memory, path = build.memory, build.index.path
    counts = _COUNTS.get(memory, path)
    found = counts.get(key)
    if found is None:
        spec = BY_NAME.get(build.index.language)
        mentioned = memory.files_referencing(name.decode())
        paths = sorted(p for p in set(mentioned) if p != path and language_for(p) is spec)
        found = counts[key] = _count(map(memory.text, paths if len(paths) <= MAX_FILES else []), name, key)
    return found


def _count(
    texts: Iterable[bytes | None], name: bytes, key: bytes, skip: int = -1
) -> tuple[int, Counter[str]]:
    """How many generators open under `key` in `texts`, and in how many each word appears; the one whose opening line
    starts at byte `skip` (of a single text) left out. Only the places naming the wrapper are read."""
    n, used = 0, Counter[str]()
    for text in texts:
        at = -1 if text is None else text.find(name)
        while text is not None and at >= 0:
            here, at = at, text.find(name, at + len(name))
            if here and (text[here - 1 : here].isalnum() or text[here - 1 : here] in (b"_", b"$")):
                continue
            # The lines from the wrapper's name on, spaces removed, until they are as long as the key.
            got, start, end = b"", here, here - 1
            while len(got) < len(key) and end < len(text):
                start, end = (
                    (end + 1, line_end(text, end + 1))
                    if got
                    else (text.rfind(b"\n", 0, here) + 1, line_end(text, here))
                )
                got += _SPACE.sub(b"", text[max(start, here) : end])
            if got != key or start == skip:
                continue
            n += 1
            body = b"\n".join(lines_below(text, start, end, MAX_BODY))
            used.update(
                {w.decode() for w in WORD.findall(body)}
                | {b".".join(p).decode() for p in _PAIR.findall(body)}
            )
    return n, used
