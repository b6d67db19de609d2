"""Generate mode's reading of the sibling functions: the definitions they use, resolved where they use them.

A new body is written like its neighbours, but names they use through their own parameters, locals or
receivers (`p->pBt`, `c.server.logf`, `self.head` of a function taking `self: List<A>`) or through headers
they include (`sqlite3_malloc`) mean nothing from the new body's scope: the packer's ranking of names
(`predict.py`) cannot follow them. Resolved in the sibling's own scope, each leads to a definition, which
the new body, holding values of the same types, most likely needs as well.

Resolving them was the largest per-cursor cost of a generate packing (400 names in a Rust test module:
~30 ms), asked again at every packing though the siblings rarely change. What each sibling's names led to
is kept per memory and file (`_Kept`), for as long as what it was read from stays: the sibling's outermost
function's text but the bodies of its other functions (`_read_text`: a body being written beside it is none of
its bindings), the file's definitions, headers, nesting and imports (an edit that changes only what some
functions use, `carry.references_changed`, keeps them; one changing definitions keeps the siblings naming none
of them, `kept_answers.changed_names`) and every other file (`Memory.changes_elsewhere`).
That is all they depend on because a function's names are read in its own scope (`scopes.py`,
`inference.py`: the binding a use means, its own function's lambdas), whatever else a request asked first;
so whoever asks (any packer of the memory, or the idle pass after didOpen, `warm_siblings`) reads and fills
the same answers. A file's answers are taken out while one packing or warm-up reads them and put back after:
two readers on two threads (an action packs off the memory thread) never share one.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..fileindex import FileIndex
from ..kept_answers import changed_names, keeps_free
from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, SymbolNode
from ..resolver import Resolver
from ..scopes import outermost_function
from ..target import Target
from .build import Build, self_names_of
from .carry import references_changed

if TYPE_CHECKING:
    from ..workspace import Memory

# Resolving costs a little for each name: a bound on the names a sibling's body can ask about keeps a
# packing in a file of long functions within its time.
MAX_RESOLVED = 400
# A bound on the names the idle pass resolves in one file (0.03-0.1 ms each; h2_bundle.go's 490 functions
# ask 5,500): a file of thousands of functions is warmed in part, the ones first in the file.
MAX_WARMED = 20_000

Answer = tuple[Target, ...]
# Bounds on what is kept: the siblings of one file (the least recently asked go first) and the files of one
# memory. A packing asks of a few dozen siblings; a session moves between a few files.
_KEPT_SIBLINGS = 2_000
_KEPT_FILES = 8
_WORD = re.compile(r"[\w$]+")


@dataclass(frozen=True)
class _Reading:
    """What resolving a sibling's names reads: the memory, the file's index and text, one request's resolver;
    and the names the file's imports bind."""

    memory: Memory
    index: FileIndex
    raw: bytes
    resolver: Resolver
    bound: frozenset[str]


def _reading(memory: Memory, index: FileIndex, raw: bytes, resolver: Resolver) -> _Reading:
    return _Reading(memory, index, raw, resolver, frozenset(imp.bound for imp in index.imports))


@dataclass
class _Sibling:
    """What one sibling's names led to, read from `text` (its outermost function's) in the file's version
    `version`, held weakly: of 2,000 siblings kept, those no packing asked since an edit would each keep the
    version they were last asked in alive (sqlite3.c: ~20 MB a version)."""

    version: weakref.ref[FileIndex]
    text: bytes
    answers: dict[str, Answer] = field(default_factory=dict)
    # Whether the sibling binds a name itself (`_binds`), by name.
    binds: dict[str, bool] = field(default_factory=dict)
    # The words of `text` and of the sibling's qualified name, read at the first edit changing definitions
    # (`_Kept._drop`).
    words: frozenset[str] | None = None


class _Kept:
    """The siblings' answers kept for one file, valid for its text `index` and the workspace as at
    `elsewhere` (see the module's doc)."""

    def __init__(self, index: FileIndex, elsewhere: int) -> None:
        self.index, self.elsewhere = index, elsewhere
        self.siblings: dict[str, _Sibling] = {}

    def follow(self, index: FileIndex, elsewhere: int) -> bool:
        """Move to the file's text `index`; False when the kept answers cannot hold there: another file
        changed, or the edit changed more than what some functions use (a definition, a header, an import,
        the nesting; or what a class or alias uses, which names its bases and what it stands for)."""
        if elsewhere != self.elsewhere:
            return False
        if index is not self.index:
            change = references_changed(self.index, index)
            if change is None or any(s.kind not in CALLABLE_KINDS for s in (*change.removed, *change.added)):
                # Definitions added, removed or changed (a generate packing hides a body, restores the last
                # one's; a body's `const`): a sibling whose text names nothing that changed (`changed_names`,
                # with what names it) keeps its answers, as the resolver's own do (`kept_answers.Answers.follow`).
                names = changed_names(self.index, index) if keeps_free(BY_NAME[index.language]) else None
                if names is None:
                    return False
                # `names` holds the functions whose header names what changed (`f(): Inner`) too: a chain
                # through their result is read anew.
                self._drop(names)
            self.index = index
        return True

    def _drop(self, names: set[str]) -> None:
        """Forgets the siblings whose text or qualified name (the classes around it: Java reaches their members
        and their bases' bare) names one of `names`."""
        if names:
            for user_id, sibling in list(self.siblings.items()):
                if sibling.words is None:
                    text = sibling.text.decode("utf-8", "replace")
                    sibling.words = frozenset(_WORD.findall(f"{user_id.partition('::')[2]} {text}"))
                if not names.isdisjoint(sibling.words):
                    del self.siblings[user_id]

    def sibling(self, reading: _Reading, user: SymbolNode) -> _Sibling:
        """`user`'s kept answers, carried to the text being packed when its function's text is the same."""
        index, raw = reading.index, reading.raw
        anchor = outermost_function(index, user)
        kept = self.siblings.pop(user.id, None)
        if kept is not None and kept.version() is not index:
            # The same ids along the kept texts (`follow`): the sibling is the one whose text it was.
            if kept.text != _read_text(index, raw, user, anchor):
                kept = None
            else:
                kept.version = weakref.ref(index)
                moved = ((ref, _moved(index, a)) for ref, a in kept.answers.items())
                kept.answers = {ref: a for ref, a in moved if a is not None}
        if kept is None:
            kept = _Sibling(weakref.ref(index), _read_text(index, raw, user, anchor))
        self.siblings[user.id] = kept  # the most recently asked last
        if len(self.siblings) > _KEPT_SIBLINGS:
            del self.siblings[next(iter(self.siblings))]
        return kept


def _read_text(index: FileIndex, raw: bytes, user: SymbolNode, anchor: SymbolNode) -> bytes:
    """What `user`'s answers read of the text of its outermost function `anchor`: all of it but the bodies of the
    functions in it around no part of `user`, whose bindings it does not see (the body a generate packing hides
    among the methods of Effect.ts's long `Service`: every ordinary packing there read every sibling anew)."""
    parts, at = [], anchor.start_byte
    around = {user.id, *(s.id for s in index.enclosing(user))}
    stack = list(reversed(anchor.children))
    while stack:
        s = index.by_id.get(stack.pop())
        if s is None:
            continue
        if s.kind in CALLABLE_KINDS and s.id not in around and at <= s.body_start_byte < s.body_end_byte:
            parts.append(raw[at : s.body_start_byte])
            at = s.body_end_byte
        else:
            stack.extend(reversed(s.children))
    parts.append(raw[at : anchor.end_byte])
    return b"\0".join(parts)


# Per memory and file: the kept answers.
_KEPT: weakref.WeakKeyDictionary[Memory, dict[str, _Kept]] = weakref.WeakKeyDictionary()


def _take(reading: _Reading) -> _Kept:
    """The file's kept answers, taken out for this reader (put back by `_put_back`)."""
    memory, index = reading.memory, reading.index
    # Read before resolving anything: a change elsewhere during this packing leaves its answers unused.
    elsewhere = memory.changes_elsewhere(index.path)
    kept = _KEPT.setdefault(memory, {}).pop(index.path, None)
    if kept is None or not kept.follow(index, elsewhere):
        kept = _Kept(index, elsewhere)
    return kept


def _put_back(memory: Memory, kept: _Kept) -> None:
    files = _KEPT.setdefault(memory, {})
    files.pop(kept.index.path, None)  # another reader's, put back meanwhile: this one is as recent
    files[kept.index.path] = kept  # the most recently read last
    if len(files) > _KEPT_FILES:
        del files[next(iter(files))]


def _asked(reading: _Reading, sibling: _Sibling, user: SymbolNode) -> Iterator[str]:
    """The names `user` uses that the new body's scope cannot follow itself, in the order it uses them."""
    index = reading.index
    # Asked of the file's tables in place: a set of every qualified name (tens of thousands in sqlite3.c)
    # made anew for each packing cost more than the lookups.
    receivers, top, bound = self_names_of(index.language), index.by_qualname, reading.bound
    for ref in user.refs:
        head, dot, _ = ref.partition(".")
        file_level = head in top or head in bound
        if head in receivers or (file_level and not (dot and _binds(reading, sibling, user, head))):
            continue  # the ranking of names follows it from the new body's scope
        yield ref


def _answer(reading: _Reading, sibling: _Sibling, user: SymbolNode, ref: str) -> Answer:
    """What `ref`, used in `user`, leads to: kept, or resolved and kept."""
    answer = sibling.answers.get(ref)
    if answer is None:
        answer = sibling.answers[ref] = _definitions(reading, user, ref)
    return answer


def sibling_definitions(
    build: Build, users: Iterable[tuple[SymbolNode, int]], scores: Counter[str]
) -> dict[str, Target]:
    """Score, by `definition:` keys added to `scores`, what the functions `users` (each with the weight of
    its use) use through names the new body's scope cannot resolve itself; what each key leads to."""
    reading = _reading(build.memory, build.index, build.view.raw, build.resolver)
    kept = _take(reading)
    resolved: dict[str, Target] = {}
    asked = 0
    try:
        for user, weight in users:
            if asked >= MAX_RESOLVED:
                break
            sibling = kept.sibling(reading, user)
            for ref in _asked(reading, sibling, user):
                if asked >= MAX_RESOLVED:
                    break
                asked += 1
                for target in _answer(reading, sibling, user, ref):
                    assert target.symbol is not None  # `_definitions` keeps definitions only
                    key = f"definition:{target.path}:{target.symbol.id}"
                    resolved[key] = target
                    scores[key] += weight
    finally:
        # Also when an idle packing gives way between two names (`build.Interrupted`): the answers read are whole.
        _put_back(build.memory, kept)
    return resolved


def warm_siblings(memory: Memory, index: FileIndex, raw: bytes, quiet: Callable[[], bool]) -> int:
    """Resolve, ahead of any packing, the names each function of the file `index` (its text `raw`) would be
    asked about as a sibling, into the answers the packings read; stops once `quiet` answers False.
    Returns how many names were resolved."""
    resolver = Resolver(memory)
    resolver.remember_text(index.path, raw)
    reading = _reading(memory, index, raw, resolver)
    kept = _take(reading)
    done = 0
    for user in index.symbols:
        if user.kind not in CALLABLE_KINDS:
            continue
        if len(kept.siblings) >= _KEPT_SIBLINGS:
            break  # past it, each function read would push out one read before
        sibling = kept.sibling(reading, user)
        for ref in _asked(reading, sibling, user):
            if done >= MAX_WARMED or not quiet():
                _put_back(memory, kept)
                return done
            if ref not in sibling.answers:
                _answer(reading, sibling, user, ref)
                done += 1
    _put_back(memory, kept)
    return done


def _definitions(reading: _Reading, user: SymbolNode, ref: str) -> Answer:
    """The definitions `ref`, used in `user`, leads to: not a local of the sibling, nor an import line of
    another file."""
    found = reading.resolver.resolve(reading.index, user, ref)
    return tuple(t for t in found if t.symbol is not None and t.span is None)


def _moved(index: FileIndex, answer: Answer) -> Answer | None:
    """`answer` with this file's definitions as `index` (the same ids, moved by the edit) has them; None when one
    is gone (a definition an edit removed: the answer is read anew)."""
    out = []
    for t in answer:
        if t.path == index.path and t.symbol is not None:
            symbol = index.by_id.get(t.symbol.id)
            if symbol is None:
                return None
            t = replace(t, symbol=symbol)
        out.append(t)
    return tuple(out)


def _binds(reading: _Reading, sibling: _Sibling, user: SymbolNode, name: str) -> bool:
    """Whether the function `user` binds `name` itself (`Compound::Map { ser, .. }` beside `use serde::ser`):
    then `name.x` is a member of that binding's type, which the new body's scope cannot see."""
    found = sibling.binds.get(name)
    if found is None:
        inference = reading.resolver.inference
        found = sibling.binds[name] = inference.binds_locally(reading.index, reading.raw, user, name)
    return found
