"""Generate mode's reading of the names the file binds that nothing in it uses yet: an import no code reads, a
module-level variable or private definition never used, a field or internal member of the enclosing class no method
touches beyond binding it, a top-level definition the language says is the file's own (`file_private`) that nothing
uses. Code is rarely written long before its first use, so these wait for the body still to be written;
`predict.py` scores them (WAITING) and reads nothing else here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import compress, repeat
from operator import itemgetter, ne

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..languages.spec import LanguageSpec
from ..per_version import per_version
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolNode
from ..resolve import descendants
from .build import Build, receiver_name
from .tables import file_private, internal, internal_top, name_uses, top_level
from .weights import WAITING_UNEXPORTED

_ID, _NAME = itemgetter(0), itemgetter(1)  # of `internal_top`'s pairs


def waiting_names(build: Build, cls: SymbolNode | None) -> list[str]:
    """Names the file binds but nothing in it uses yet: an import no code reads, a module-level variable
    or private definition never used, a field or private method of the enclosing class that no method
    touches (beyond binding it). Code is rarely written long before its first use, so these are
    waiting for the body to come. Public functions and methods are left out: they are the API, unused
    inside their own file by design."""
    index, target = build.index, build.target
    target_id = target.id if target else None
    imported = [imp.bound for imp in index.imports if imp.bound and imp.bound != "*"]
    fields: list[SymbolNode] = []
    if cls is not None:
        found = (index.by_id.get(child_id) for child_id in cls.children)
        fields = [c for c in found if c is not None and c.id != target_id and internal(c)]
    keys, uses, members = name_uses(index)
    # The body being written does not count as a user: what it uses is still to be written.
    own_uses: Counter[str] = Counter()
    for ref in target.refs if target is not None else ():
        own_uses.update(keys.get(ref, ()))
    waiting = [bound for bound in imported if uses[bound] <= own_uses[bound]]
    waiting += _waiting_members(index, cls, target_id)
    waiting += _waiting_top(build, target_id, uses, own_uses)
    waiting += _waiting_unexported(build, target_id, uses, own_uses)
    skip: frozenset[str] = frozenset() if target_id is None else frozenset({target_id})
    if cls is not None:
        methods = {s.id: s for s in descendants(index, cls) if s.kind in CALLABLE_KINDS}
        for child in fields:
            # A field counts as unused when only the methods that bind it (those around it) mention it: each
            # user looked up, not each method tested for each field (Decimal: 140 fields, 150 methods).
            users, at = members.get(f"self.{child.name}", skip) - skip, child.start_byte
            if all(u in methods and methods[u].start_byte <= at < methods[u].end_byte for u in users):
                waiting.append(f"self.{child.name}")
    return waiting


def _waiting_top(
    build: Build, target_id: str | None, uses: Counter[str], own_uses: Counter[str]
) -> list[str]:
    """The file's own top-level names (`internal_top`) but the body's that no code but the body uses, in the
    file's order: those nothing uses (kept per version, `_unused_top`), and those only the body uses (few: the
    names of its own references)."""
    index = build.index
    top = internal_top(index)
    unused = _unused_top(index)
    only_body = sorted(
        at
        for name, count in own_uses.items()
        if uses.get(name, 0) <= count
        for at in _top_places(index).get(name, ())
        if at not in unused.places
    )
    if only_body:
        places = sorted({*unused.places, *only_body})
        own = [top[at] for at in places]
    else:
        own = [top[at] for at in unused.order]
    own = list(compress(own, map(ne, map(_ID, own), repeat(target_id))))
    if _lines_say_private(index.language):
        own = [(sid, name) for sid, name in own if not _exported(build, index.by_id[sid])]
    return list(map(_NAME, own))


@dataclass(frozen=True)
class _Unused:
    """The places in `internal_top` of the names no code of the file uses: in order, and as a set."""

    order: tuple[int, ...]
    places: frozenset[int]


@per_version
def _unused_top(index: FileIndex) -> _Unused:
    """`internal_top`'s names nothing in the file uses, by place. Per version: 7,000 statics in sqlite3.c, each
    looked up in the uses at every packing, where an edit's packings (the idle pass after it, the request) read the
    same version."""
    _keys, uses, _members = name_uses(index)
    order = tuple(at for at, (_sid, name) in enumerate(internal_top(index)) if uses.get(name, 0) <= 0)
    return _Unused(order, frozenset(order))


@per_version
def _top_places(index: FileIndex) -> dict[str, tuple[int, ...]]:
    """The places of each name in `internal_top` (a name may be defined twice: a prototype and its body)."""
    places: dict[str, list[int]] = {}
    for at, (_sid, name) in enumerate(internal_top(index)):
        places.setdefault(name, []).append(at)
    return {name: tuple(found) for name, found in places.items()}


def _lines_say_private(language: str) -> bool:
    """Whether the language reads a definition's first line to say it is its file's own (`file_private`):
    where it does not (the spec's default), the thousands of top-level lines of a large C file are not read."""
    spec = BY_NAME.get(language)
    return spec is not None and type(spec).file_private is not LanguageSpec.file_private


def _exported(build: Build, s: SymbolNode) -> bool:
    """Whether the language says the top-level definition `s` is exported (`export const some = dual(...)`):
    the file's API, unused in its own file by design, as a public function is."""
    spec, lines = BY_NAME.get(build.index.language), build.view.lines
    return spec is not None and s.start[0] < len(lines) and spec.file_private(lines[s.start[0]]) is False


def _waiting_unexported(
    build: Build, target_id: str | None, uses: Counter[str], own_uses: Counter[str]
) -> list[str]:
    """The top-level definitions the language says are the file's own (`file_private`: TypeScript's
    unexported `const retryUpdate`) that nothing uses yet; none when more than WAITING_UNEXPORTED are (a
    file of unused helpers, a script: there being unused says nothing of the body)."""
    index, lines = build.index, build.view.lines
    spec = BY_NAME.get(index.language)
    if spec is None or not _lines_say_private(index.language):
        return []
    found = [
        s.name
        for s in top_level(index)
        if s.id != target_id
        and uses.get(s.name, 0) <= own_uses.get(s.name, 0)
        and not (internal(s) or file_private(s))
        and s.start[0] < len(lines)
        and spec.file_private(lines[s.start[0]]) is True
    ]
    return found if len(found) <= WAITING_UNEXPORTED else []


def _waiting_members(index: FileIndex, cls: SymbolNode | None, target_id: str | None) -> list[str]:
    """Members of the enclosing class its language calls internal (`internal_member`) that no code of the
    file uses yet, bare or through the receiver (as a language whose methods reach members bare writes them)."""
    spec = BY_NAME.get(index.language)
    if cls is None or spec is None:
        return []
    members = [m for c in cls.children if (m := index.by_id.get(c)) is not None and m.id != target_id]
    classes = [cls.signature, *(s.signature for s in index.enclosing(cls) if s.kind in CLASS_KINDS)]
    internal = [m for m in members if spec.internal_member(m.signature, classes)]
    if not internal:
        return []
    receiver = receiver_name(index.language)
    users = _member_users(index, receiver, frozenset(m.name for m in internal))
    return [
        f"{receiver}.{m.name}" for m in internal if not (users.get(m.name, frozenset()) - {m.id, target_id})
    ]


@per_version
def _member_users(index: FileIndex, receiver: str, names: frozenset[str]) -> dict[str, frozenset[str]]:
    """Per name of `names`, the ids of the symbols using it bare or through `receiver` (`ctl`, `this.ctl`).
    Per file and class: a set intersection per symbol (in C), not a Python step per reference."""
    prefix = f"{receiver}."
    wanted = names | {prefix + name for name in names}
    users: dict[str, set[str]] = {}
    for s in index.symbols:
        for ref in wanted.intersection(s.refs):
            users.setdefault(ref.removeprefix(prefix), set()).add(s.id)
    return {name: frozenset(ids) for name, ids in users.items()}
