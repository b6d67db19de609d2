"""The resolver's answers that outlive a request: per memory and file, what a plain name means past the scopes
around its use (`Resolver._resolve_outside`) and what a member of a definition is (`_member_of_target`).

A generate packing ranks some 400 names of the file (`context/predict._take_ranked`) and resolves each from the
body's scope; the next packing (another keystroke, another function of the file) asks mostly the same names,
which lead where they led before: past the body's own scopes a name's answer is read from the file's
definitions, imports and head and from the other files only. So those answers are kept per memory and file
(`Answers`) while all of that stays: an edit that changes only what some functions use
(`carry.references_changed`, callables only: a class's or alias's names are its bases and what it stands for;
the same imports in the same order, only their lines may move), the same text before the first definition
(Go's `//go:build` line says which of the package's files this one sees) and no change in any other file
(`Memory.changes_elsewhere`). An edit adding or removing definitions (a field assigned in a method), or
changing what a class or variable names, keeps the answers that name nothing it changed (`changed_names`) and
drops the others. An answer naming the file's own definitions or import lines is moved to the text being read
(the same ids and imports, the edit's positions) when a request of another text reads it, and one nothing of which
moved (other files' definitions, import lines the edit left in place) is only stamped with that text; one naming a
definition the text no longer has is read anew.

Every resolver of the memory reads and fills the same answers (a packing, the idle warm-up, completion); two
resolvers on two threads may share one file's answers: each value is computed whole before it is stored, and
each reader moves what it reads to its own text.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from .fileindex import FileIndex
from .languages.spec import LanguageSpec
from .records import CALLABLE_KINDS, CONTAINER_KINDS, Import, SymbolKind, SymbolNode
from .target import Target

if TYPE_CHECKING:
    from .workspace import Memory

V = TypeVar("V")
# A name's answer past the scopes around its use: the targets, the file's top-level definitions among them and
# whether nothing bound it (see `Resolver._resolve_plain`).
Outside = tuple[list[Target], list[SymbolNode], bool]
# Files whose answers are kept at once (a session moves between a few), and answers per file and kind.
_KEPT_FILES = 16
_KEPT_ANSWERS = 50_000
_HELD_TEXTS = 8
# The definitions `changed_names` compares at most (~3 us each, loaded): past that an edit adding one starts the
# file's answers anew, as every such edit did before.
_COMPARED = 3_000
_WORD = re.compile(r"[\w$]+")
# The words of a function's text, by the text: a keystroke changes one function, and every request reads the
# functions around the body again (a TypeScript body inside a long outer function: ~2 ms a packing).
_WORDS: dict[bytes, frozenset[str]] = {}
_KEPT_WORDS = 256


# What an answer was read in: the file text's content hash and its imports. Not the index itself: an answer
# never read again would keep alive the memory of every text it outlived.
_Stamp = tuple[str, tuple[Import, ...]]


class _Table(Generic[V]):
    """One kind of answer by key, each with the file text it was read in, and the keys by the names they
    mention (`words` of a key): an edit adding or removing a definition drops the answers naming it (`drop`)."""

    def __init__(self, words: Callable[[Hashable], Iterable[str]]) -> None:
        self.values: dict[Hashable, tuple[_Stamp, V]] = {}
        self.words = words
        self.by_word: dict[str, list[Hashable]] = {}
        self.indexed = 0

    def store(self, key: Hashable, index: FileIndex, value: V) -> V:
        if len(self.values) >= _KEPT_ANSWERS or self.indexed >= 4 * _KEPT_ANSWERS:
            self.values.clear()
            self.by_word.clear()
            self.indexed = 0
        if key not in self.values:
            for word in self.words(key):
                self.by_word.setdefault(word, []).append(key)
                self.indexed += 1
        self.values[key] = ((index.content_hash, index.imports), value)
        return value

    def drop(self, names: set[str]) -> None:
        """Forgets every answer whose key mentions one of `names`."""
        for name in names:
            for key in self.by_word.pop(name, ()):
                self.values.pop(key, None)


class Answers:
    """The answers kept for one file, valid for texts like `index` and the other files as at `elsewhere`."""

    def __init__(self, index: FileIndex, elsewhere: int, head: bytes) -> None:
        self.index, self.elsewhere, self.head = index, elsewhere, head
        # The texts found to hold (by content hash): a text met again (an undo; an edit packing between two
        # generate packings, which restore the body) holds without comparing every definition again.
        self.held: dict[str, None] = {index.content_hash: None}
        # How many edits adding or removing definitions the answers followed: what else a file's idle pass
        # fills (the siblings' answers, `context/siblings.py`) starts anew at such an edit.
        self.redefined = 0
        self.outside: _Table[Outside] = _Table(_outside_words)
        self.members: _Table[list[Target]] = _Table(_member_words)
        self.whole: _Table[list[Target]] = _Table(_whole_words)

    def follow(self, index: FileIndex, elsewhere: int, head: bytes) -> bool:
        """Whether the answers hold in `index` (see the module's doc); the last text compared with is then
        `index`, unless it held before (the one compared with stays the one the carried tables compare with)."""
        from .context.carry import references_changed  # the context package reads the resolver

        if elsewhere != self.elsewhere:
            return False
        if index.content_hash in self.held:
            return True
        if head != self.head:
            return False
        change = references_changed(self.index, index)
        if change is None or any(s.kind not in CALLABLE_KINDS for s in (*change.removed, *change.added)):
            # A definition added or removed (`self.x = ...` typed in a method), or what a class or variable
            # names changed: the answers naming what changed are read anew, the others hold.
            names = changed_names(self.index, index)
            if names is None:
                return False
            for table in (self.outside, self.members, self.whole):
                table.drop(names)
            # A text held before may have read a dropped name otherwise than this one does.
            self.held.clear()
            self.redefined += 1
        self.index = index
        self.held[index.content_hash] = None
        if len(self.held) > _HELD_TEXTS:
            del self.held[next(iter(self.held))]
        return True

    def outside_of(self, index: FileIndex, key: Hashable) -> Outside | None:
        """The kept answer past the scopes around a name's use, as `index` reads it; None when not kept."""
        found = self.outside.values.get(key)
        if found is None:
            return None
        (content, imports), (targets, top, unbound) = found
        if content == index.content_hash:
            return found[1]
        moved = _moved(index, imports, targets)
        now = [index.by_id.get(s.id) for s in top]
        if moved is None or None in now:
            return None
        if moved is targets and all(a is b for a, b in zip(now, top, strict=True)):
            self.outside.values[key] = ((index.content_hash, index.imports), found[1])  # as `_targets_of`
            return found[1]
        value = (moved, [s for s in now if s is not None], unbound)
        return self.outside.store(key, index, value)

    def members_of(self, index: FileIndex, key: Hashable) -> list[Target] | None:
        """The kept answer for a member of a definition, as `index` reads it; None when not kept."""
        return _targets_of(self.members, index, key)

    def whole_of(self, index: FileIndex, key: Hashable) -> list[Target] | None:
        """The kept whole answer of a name its scope adds nothing to (`free_key`), as `index` reads it."""
        return _targets_of(self.whole, index, key)


def changed_names(before: FileIndex, after: FileIndex) -> set[str] | None:
    """`_changed_names(before, after)`, kept for the last pair asked (held weakly): a generate packing asks it for
    the resolver's answers and again for the siblings' (`context/siblings.py`), of the same two texts (Effect.ts:
    ~5 ms a pair)."""
    last = _LAST_CHANGED[0]  # read once: another thread may ask of another pair
    if last is not None and last[0]() is before and last[1]() is after:
        return None if last[2] is None else set(last[2])
    names = _changed_names(before, after)
    _LAST_CHANGED[0] = (weakref.ref(before), weakref.ref(after), None if names is None else frozenset(names))
    return names


_LAST_CHANGED: list[tuple[weakref.ref[FileIndex], weakref.ref[FileIndex], frozenset[str] | None] | None] = [
    None
]


def _changed_names(before: FileIndex, after: FileIndex) -> set[str] | None:
    """The names whose answers may differ between two texts of a file with the same imports: the definitions
    added or removed (a field assigned in a method, a function typed out), changed in kind, header or decorators
    (a field assigned in two methods is the first one's: hiding that line makes it the other's), moved among
    their siblings, or, for a class or variable, changed in what they name; and, since a value's members are
    read through what it names (`x = Box()`, `class Tall(Box)`) and a call's through the function's declared
    result (`def make() -> Box`, then `x = make()`), every class or variable naming one of those and every function
    whose header does, and so on. None when an import changed, and in a file of more than `_COMPARED` definitions, where comparing them
    all costs more than a request should (sqlite3.c's 15,838: 112 ms loaded; the stdlib's largest files have
    300-700, under 2 ms)."""
    if (
        before.path != after.path
        or len(after.symbols) > _COMPARED
        or [i[:3] for i in before.imports] != [i[:3] for i in after.imports]
    ):
        return None
    old, new = before.by_id, after.by_id
    gone, came = old.keys() - new.keys(), new.keys() - old.keys()
    names = {old[i].name for i in gone} | {new[i].name for i in came}
    for key in old.keys() & new.keys():
        a, b = old[key], new[key]
        if a is b:
            continue
        if (a.kind, a.signature, a.decorators) != (b.kind, b.signature, b.decorators) or (
            a.refs != b.refs and a.kind not in CALLABLE_KINDS
        ):
            names.add(a.name)
        if a.children != b.children:
            was = [c for c in a.children if c not in gone]
            now = [c for c in b.children if c not in came]
            if len(was) != len(now):
                return None
            names.update(old[x].name for x, y in zip(was, now, strict=True) if x != y)
    values = [*_value_words(before).values(), *_value_words(after, before).values()]
    grown = True
    while grown:
        grown = False
        for name, words in values:
            if name not in names and not words.isdisjoint(names):
                names.add(name)
                grown = True
    return names


def _value_words(index: FileIndex, like: FileIndex | None = None) -> dict[str, tuple[str, frozenset[str]]]:
    """Each definition's name of the file with the words of what its members are read through (`changed_names`'
    closure): a class's or variable's references, a function's header (its declared result). By id, kept per
    version (`_VALUES`, held weakly): the text an edit is compared with is compared again at the next edit (a
    generate packing's, then an edit's). A definition reading the same as in `like` (an earlier text of the file:
    the same id, references or header) is read from its table (Effect.ts: 773 of 800 are variables, ~2 ms a text)."""
    found = _VALUES.get(index)
    if found is not None:
        return found
    earlier = _VALUES.get(like) if like is not None else None
    carried = like.by_id if like is not None and earlier is not None else {}
    found = {}
    for s in index.symbols:
        was = carried.get(s.id)
        kept = (
            earlier.get(s.id) if earlier is not None and was is not None and _read(was) == _read(s) else None
        )
        found[s.id] = kept or (s.name, _read_words(s))
    _VALUES[index] = found
    return found


def _read(s: SymbolNode) -> str | tuple[str, ...]:
    """What a definition's members are read through: a function's header, a class's or variable's references."""
    return s.signature if s.kind in CALLABLE_KINDS else s.refs


def _read_words(s: SymbolNode) -> frozenset[str]:
    if s.kind in CALLABLE_KINDS:
        return frozenset(_WORD.findall(s.signature))
    return frozenset({w for ref in s.refs for w in ref.split(".")})


_VALUES: weakref.WeakKeyDictionary[FileIndex, dict[str, tuple[str, frozenset[str]]]] = (
    weakref.WeakKeyDictionary()
)


def _qualname_words(qualname_or_id: str) -> list[str]:
    """The names in a reference, qualified name or symbol id (`path::Outer.Inner`: not the path's)."""
    return _WORD.findall(qualname_or_id.split("::", 1)[-1] if "::" in qualname_or_id else qualname_or_id)


def _whole_words(key: Hashable) -> list[str]:
    ref, _depth, (prefix, ids) = cast(tuple[str, int, tuple[str, tuple[str, ...]]], key)
    return [*_WORD.findall(ref), *_WORD.findall(prefix), *(w for i in ids for w in _qualname_words(i))]


def _outside_words(key: Hashable) -> list[str]:
    prefix, name, _depth = cast(tuple[str, str, int], key)
    return [*_WORD.findall(prefix), *_WORD.findall(name)]


def _member_words(key: Hashable) -> list[str]:
    _path, symbol_id, member, _depth = cast(tuple[str, str, str, int], key)
    return [*_qualname_words(symbol_id), *_WORD.findall(member)]


def _targets_of(table: _Table[list[Target]], index: FileIndex, key: Hashable) -> list[Target] | None:
    found = table.values.get(key)
    if found is None:
        return None
    (content, imports), targets = found
    if content == index.content_hash:
        return targets
    moved = _moved(index, imports, targets)
    if moved is targets:
        # Nothing moved (most names lead to other files, or nowhere; an edit in a body leaves the definitions
        # above it the same objects): the answer is stamped with this text, not stored anew.
        table.values[key] = ((index.content_hash, index.imports), targets)
        return targets
    return None if moved is None else table.store(key, index, moved)


def keeps_free(spec: LanguageSpec) -> bool:
    """Whether a name's answer can hold for every scope adding nothing to it (`free_key`): not where the use's
    position decides (C: a call above a body sees the prototype an include holds, `_declared_above`)."""
    return spec.imports_bind_names


# What `free_key` reads of a scope: its outermost function's (or definition's) words, the qualified names of its
# functions (or definitions), the rest of the key (the type prefix, the ids of the definitions around it that are no
# functions) and whether the function's bindings decide a head its words hold (a function's, not a definition's).
FreeScope = tuple[frozenset[str], tuple[str, ...], tuple[str, tuple[str, ...]], bool] | None


def free_key(
    spec: LanguageSpec,
    index: FileIndex,
    text: bytes,
    scope: SymbolNode,
    ref: str,
    depth: int,
    scopes: dict[tuple[str, str, int], FreeScope],
    memory: Memory | None = None,
    binds: dict[tuple[str, str, int, str], bool] | None = None,
) -> Hashable | None:
    """The key of `ref`'s whole answer from `scope` when the functions around the use can neither bind nor define
    its head, so that every such scope reads the same answer (a generate packing ranks some 400 names from a body
    still to be written, which binds only its parameters): the head is nowhere in the text of the outermost
    function around the use (a parameter, a local, a lambda's, a Go method's receiver, the field of a Rust struct
    literal and a macro call are all named there, `Resolver._resolve`), and no definition is called
    `<function>.<head>` (a JavaScript constructor's member assigned outside it). The key holds what else of the
    scope the answer reads: the definitions around it that are no functions (a class whose members are reached
    bare, a namespace) and the type an out-of-line member belongs to. None for a receiver word, a chain (its links'
    types are inferred in the scope), a member of a head a definition in no function names (its lambdas may bind
    it), the module's own code where its `name!` is any of its macro calls, and a language whose use's position
    decides (`keeps_free`). A plain name is free whatever the words hold where the bindings decide
    (`_bindings_decide`): its answer reads none (`Resolver._resolve_plain`: its callers ask the scopes first).
    A member's head the outermost function's text holds is free still where `_binds` says the
    functions around the use bind it nowhere (no parameter, local, lambda's or catch's binding of it: the name is
    only used there, as Effect.ts's long outer functions use `core` and `Effect`), in a language whose answer reads
    nothing else of the function's text (`_bindings_decide`). Only a member's: resolving one reads the same
    bindings (`Resolver._binds_locally`), so the check costs nothing the resolution would not; a plain name's
    resolution reads none (Go's kept answers past the scopes answer it for less than the bindings cost).
    `scopes`: what is read of each scope (`FreeScope`), by file text, kept by the caller for its request; `binds`:
    `_binds`' answers, kept so too (a packing asks some 40 members of a few parameters, `other.<member>`)."""
    head, _dot, member = ref.partition(".")
    if not head or "." in member or head in spec.self_names or head == "super" or not keeps_free(spec):
        return None
    at = (index.content_hash, scope.id, scope.start_byte)
    if at not in scopes:
        scopes[at] = _free_scope(spec, index, text, scope)
    read = scopes[at]
    if read is None:
        return None
    words, qualnames, rest, bindings = read
    if head in words and (
        not _bindings_decide(spec)
        or (member and (memory is None or not bindings or _binds(memory, index, text, scope, head, binds)))
    ):
        return None
    if qualnames:
        defined = index.by_qualname
        for q in qualnames:
            if f"{q}.{head}" in defined:
                return None
    return ref, depth, rest


def _binds(
    memory: Memory,
    index: FileIndex,
    text: bytes,
    scope: SymbolNode,
    name: str,
    kept: dict[tuple[str, str, int, str], bool] | None = None,
) -> bool:
    """Whether the outermost function around `scope` binds `name` anywhere (a parameter, a local, a lambda's), read
    in the scope the resolver reads it in (`Inference.binds_locally`), kept per function and text; and in `kept`
    by text, scope and name (finding the function's scope again cost more than its binding)."""
    key = (index.content_hash, scope.id, scope.start_byte, name)
    found = None if kept is None else kept.get(key)
    if found is None:
        from .scopes import FunctionScope  # the scopes read the resolver, which reads this module

        function = FunctionScope.at_byte(memory, index, text, scope.start_byte)
        found = function is None or function.binding(name) is not None
        if kept is not None:
            kept[key] = found
    return found


def _bindings_decide(spec: LanguageSpec) -> bool:
    """Whether a name the function's text holds means something of the function's only where the function binds
    it: not where the resolver reads more of the scope's text (Rust: `name!` calls, the fields a struct literal
    sets and a path's head, `unbound_name`)."""
    return not spec.bang_macros and type(spec).unbound_name is LanguageSpec.unbound_name


def _free_scope(spec: LanguageSpec, index: FileIndex, text: bytes, scope: SymbolNode) -> FreeScope:
    chain = [scope, *index.enclosing(scope)]
    callables = [s for s in chain if s.kind in CALLABLE_KINDS]
    prefix = scope.qualname.rpartition(".")[0] if spec.implicit_members else ""
    if not callables:
        if not _bindings_decide(spec):
            return None
        if scope.kind is SymbolKind.MODULE:
            # The module's own code: no function or lambda around the use binds anything, so its names are
            # answered as from a function binding nothing (where the resolver reads no more of the text: Rust's).
            return frozenset(), (), (prefix, (scope.id,)), False
        # A definition no function is around (`export const Tag = (id) => () => {...}`, Effect.ts's p95 packing,
        # ~340 names worked out anew): past its own members (`Tag.<head>`, checked as a function's) the resolver
        # reads of it only the bindings its lambdas make (`Resolver._bound_by_lambda`), and those name a head
        # its words hold: any other head is answered as from the module. Not inside a class or namespace
        # (their members are reached otherwise); a head its words hold is read anew (`bindings` False).
        definitions = chain[:-1]
        if chain[-1].kind is not SymbolKind.MODULE or any(s.kind in CONTAINER_KINDS for s in definitions):
            return None
        return (
            _words(text, definitions[-1]),
            tuple(s.qualname for s in definitions),
            (prefix, (chain[-1].id,)),
            False,
        )
    return (
        _words(text, callables[-1]),
        tuple(s.qualname for s in callables),
        (prefix, tuple(s.id for s in chain if s.kind not in CALLABLE_KINDS)),
        True,
    )


def _words(text: bytes, outer: SymbolNode) -> frozenset[str]:
    """The words of `outer`'s text, from its line's start, kept by that text (`_WORDS`)."""
    source = text[text.rfind(b"\n", 0, outer.start_byte) + 1 : outer.end_byte]
    words = _WORDS.get(source)
    if words is None:
        if len(_WORDS) >= _KEPT_WORDS:
            _WORDS.clear()
        words = _WORDS[source] = frozenset(_WORD.findall(source.decode("utf-8", "replace")))
    return words


def _moved(index: FileIndex, imports: tuple[Import, ...], targets: list[Target]) -> list[Target] | None:
    """`targets`, read in a text of the file with `imports`, with this file's definitions and import lines where
    `index` has them (the same imports in the same order: an edit of what functions use moves those below it);
    `targets` itself when each is where `index` has it, None when one cannot move (a local's span)."""
    path = index.path
    out: list[Target] | None = None  # made at the first target that moves
    lines: dict[int, int] | None = None
    for i, t in enumerate(targets):
        if t.path != path:
            if out is not None:
                out.append(t)
            continue
        if t.span is not None:
            return None
        symbol = None if t.symbol is None else index.by_id.get(t.symbol.id)
        if symbol is None and t.symbol is not None:
            return None  # a definition the edit removed (or renamed): the answer is read anew
        line = t.import_line
        if line is not None:
            if lines is None:
                lines = _lines(imports, index.imports)
            line = lines.get(line)
            if line is None:
                return None
        # By identity: comparing a definition with its moved self reads its references (thousands in C).
        if symbol is t.symbol and line == t.import_line:
            if out is not None:
                out.append(t)
        else:
            if out is None:
                out = targets[:i]
            out.append(Target(t.path, symbol, line, None, t.companion, t.accompanies))
    return targets if out is None else out


def _lines(imports: tuple[Import, ...], now: tuple[Import, ...]) -> dict[int, int]:
    """The import lines of `imports` by those of `now`, kept for the last pair (`_LINES`)."""
    last = _LINES[0]  # read once: another thread may move answers between two other texts
    if last[0] is imports and last[1] is now:
        return last[2]
    lines = {a.line: b.line for a, b in zip(imports, now, strict=False)}
    _LINES[0] = (imports, now, lines)
    return lines


# The import lines of one text by those of another (`_moved`), for the last pair of import tuples met: a request
# moves hundreds of answers between the same two texts (a file of 100 imports: ~60 us a map).
_LINES: list[tuple[tuple[Import, ...], tuple[Import, ...], dict[int, int]]] = [((), (), {})]


# Per memory, file path and language: the kept answers, the most recently read last.
_KEPT: weakref.WeakKeyDictionary[Memory, dict[tuple[str, str], Answers]] = weakref.WeakKeyDictionary()


def answers(memory: Memory, index: FileIndex) -> Answers:
    """The answers kept for `index`'s file, or new ones, for a request reading the other files as they are now.
    Kept for a file the editor has open only (its text at hand, and the one a session edits); another file's
    answers are the request's own: an edit anywhere else (any keystroke in the open file) leaves them unused."""
    # Read before resolving anything: a change elsewhere during the request leaves its answers unused.
    elsewhere = memory.changes_elsewhere(index.path)
    doc = memory.document(index.path)
    if doc is None or doc.index.content_hash != index.content_hash:
        return Answers(index, elsewhere, b"")
    first = index.symbols[1].start_byte if len(index.symbols) > 1 else index.size
    head = doc.text[:first]
    files = _KEPT.setdefault(memory, {})
    # By language too: a file read as another language (a header sniffed anew) is another file here.
    key = (index.path, index.language)
    kept = files.pop(key, None)
    if kept is None or not kept.follow(index, elsewhere, head):
        kept = Answers(index, elsewhere, head)
    files[key] = kept
    if len(files) > _KEPT_FILES:
        del files[next(iter(files))]
    return kept
