"""A symbol's place in the architecture, read from the memory: owner, bases, members, callees, dependencies,
callers, call sites, overrides and subclasses. Shared by the model prompts and the offline renderings."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.positions import LineIndex
from archmem.indexer.resolve import Resolver, Use, UseSearch, uses
from archmem.indexer.symbols import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory

# How many of each list the facts keep; the totals say how many there were.
MAX_LISTED = 25
MAX_SITES = 15
# How long the search for a symbol's users may take: it runs before the model is asked, so it is part of
# the wait for the first word of the answer.
DEFAULT_SEARCH_S = 0.015
# Longer code is cut where it is shown inside a line (a one-line object literal's signature runs to 400
# characters); the memory keeps it whole.
SHOWN_CODE = 160
_BACKTICK_RUNS = re.compile(r"`+")
_ABSTRACT_DECORATORS = ("abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod")


@dataclass(frozen=True)
class Site:
    """One place a symbol is used: 1-based line and the line's text."""

    path: str
    line: int
    text: str
    within: str | None  # the qualified name of the definition the use sits in


@dataclass(frozen=True)
class SymbolFacts:
    """What the memory knows about one symbol, each list capped at MAX_LISTED (totals kept alongside)."""

    symbol: SymbolNode
    language: str
    module: str
    owners: tuple[SymbolNode, ...]  # enclosing definitions, innermost first, the module left out
    bases: tuple[SymbolNode, ...]
    members: tuple[SymbolNode, ...]
    calls: tuple[SymbolNode, ...]
    depends_on: tuple[SymbolNode, ...]
    callers: tuple[SymbolNode, ...]
    callers_total: int
    sites: tuple[Site, ...]
    sites_total: int
    overrides: tuple[SymbolNode, ...]
    overridden_by: tuple[SymbolNode, ...]
    subclasses: tuple[SymbolNode, ...]
    # The search for users reads every file that mentions the name, within a time budget.
    files_searched: int = 0
    files_mentioning: int = 0
    # A special method (`__init__`, `__eq__`): the language calls it, so its callers are not searched.
    implicit: bool = False
    # How many of the users (the last of `callers`) use it only probably: a member of something whose type
    # the memory cannot infer, named like it.
    probable_callers: int = 0

    @property
    def search_complete(self) -> bool:
        return self.files_searched >= self.files_mentioning

    @property
    def is_abstract(self) -> bool:
        return is_abstract(self.symbol)

    @property
    def caller_files(self) -> int:
        return len({s.path for s in self.callers})


def is_abstract(symbol: SymbolNode) -> bool:
    """Declared abstract: an `abc.abstractmethod`-style decorator, or an `abstract` modifier (TS, Java)."""
    if any(d.lstrip("@").rpartition(".")[2].split("(")[0] in _ABSTRACT_DECORATORS for d in symbol.decorators):
        return True
    head = symbol.signature.split("(")[0].split()
    return "abstract" in head


def gather(memory: Memory, symbol: SymbolNode, *, search_s: float = DEFAULT_SEARCH_S) -> SymbolFacts:
    """Everything the memory knows of `symbol`'s place in the architecture. The search for its users and
    subclasses stops after `search_s` seconds (the facts then say how many files it read)."""
    index = memory.file(symbol.path)
    if index is None:
        raise LookupError(f"{symbol.path} left the memory")
    search = _Search(memory, time.perf_counter() + search_s)
    resolver = search.resolver
    owners = tuple(s for s in index.enclosing(symbol) if s.kind is not SymbolKind.MODULE)
    is_module = symbol.kind is SymbolKind.MODULE
    used = [] if is_module else [t.symbol for t in uses(memory, symbol) if t.symbol is not None]
    used = [s for s in used if s.kind is not SymbolKind.MODULE and not _is_inside(s, symbol)]
    bases = resolver.bases(index, symbol) if symbol.kind in CLASS_KINDS else []
    base_ids = {b.id for b in bases}
    calls = [s for s in used if s.kind in CALLABLE_KINDS]
    depends = [s for s in used if s.kind not in CALLABLE_KINDS and s.id not in base_ids]
    users = search.users(symbol) if not is_module else _Users([], [], 0, 0, 0, implicit=False)
    members = [index.by_id[c] for c in symbol.children if c in index.by_id]
    subclasses = [
        s for s in users.callers if s.kind in CLASS_KINDS and _has_base(memory, resolver, s, symbol)
    ]
    overrides, overridden_by = _overrides(search, index, symbol)
    return SymbolFacts(
        symbol=symbol,
        language=index.language,
        module=index.module,
        owners=owners,
        bases=tuple(bases[:MAX_LISTED]),
        members=tuple(members[: MAX_LISTED * 2]),
        calls=tuple(calls[:MAX_LISTED]),
        depends_on=tuple(depends[:MAX_LISTED]),
        callers=tuple(users.callers[:MAX_LISTED]),
        callers_total=len(users.callers),
        sites=tuple(users.sites[:MAX_SITES]),
        sites_total=users.sites_total,
        overrides=tuple(overrides[:MAX_LISTED]),
        overridden_by=tuple(overridden_by[:MAX_LISTED]),
        subclasses=tuple(subclasses[:MAX_LISTED]),
        files_searched=users.files_searched,
        files_mentioning=users.files_mentioning,
        implicit=users.implicit,
        probable_callers=users.probable,
    )


def role(facts: SymbolFacts) -> str:
    """One sentence on what part the symbol plays, from its kind, owner and how it is used."""
    s = facts.symbol
    if s.kind is SymbolKind.MODULE:
        return f"the module `{facts.module}`, defining {_count(len(_top_level(facts)), 'top-level symbol')}"
    kind = kind_name(s)
    owner = facts.owners[0] if facts.owners else None
    parts: list[str] = []
    if facts.is_abstract:
        kind = f"abstract {kind}"
    if s.name.startswith("test") and s.kind in CALLABLE_KINDS and facts.callers_total == 0:
        parts.append(f"a test {kind}")
    elif owner is not None:
        parts.append(f"{_article(kind)} {kind} of {kind_name(owner)} `{owner.qualname}`")
    else:
        parts.append(f"{_article(kind)} {kind} at the top level of `{facts.module}`")
    at_least = "" if facts.search_complete else "at least "
    if facts.implicit:
        parts.append("the language calls it implicitly, so its callers are not searched")
    elif facts.callers_total == 0 and not facts.search_complete:
        parts.append(
            f"no user found in the {facts.files_searched} of {facts.files_mentioning} files mentioning "
            f"`{s.name}` that were searched"
        )
    elif facts.callers_total == 0 and s.kind in (SymbolKind.METHOD, SymbolKind.FIELD):
        parts.append(
            "no reference in the workspace resolves to it (uses through objects of unknown type are not traced)"
        )
    elif facts.callers_total == 0:
        parts.append("nothing in the workspace refers to it (an entry point, a public API, or unused)")
    elif facts.caller_files == 1 and facts.callers[0].path == s.path:
        parts.append(f"used by {at_least}{_count(facts.callers_total, 'definition')} in its own file")
    else:
        parts.append(
            f"used by {at_least}{_count(facts.callers_total, 'definition')} across "
            f"{_count(facts.caller_files, 'file')}"
        )
    if not facts.search_complete and facts.callers_total:
        parts.append(
            f"{facts.files_searched} of {facts.files_mentioning} files mentioning `{s.name}` searched"
        )
    if facts.overrides:
        parts.append(f"overrides `{facts.overrides[0].qualname}`")
    if facts.overridden_by:
        parts.append(f"overridden in {_count(len(facts.overridden_by), 'subclass', 'subclasses')}")
    if facts.subclasses:
        parts.append(f"subclassed by {_count(len(facts.subclasses), 'class', 'classes')}")
    return "; ".join(parts)


def facts_text(facts: SymbolFacts) -> str:
    """The facts as compact lines for a prompt."""
    s = facts.symbol
    lines = [f"- `{s.qualname or s.path}`: {role(facts)}."]
    lines.append(
        f"  - defined at {at(s)}" + (f", inside {owner_names(facts.owners)}" if facts.owners else "")
    )
    if s.kind is not SymbolKind.MODULE:
        lines.append(f"  - signature: {code_span(s.signature)}")
    if s.doc:
        lines.append(f"  - documented as: {s.doc}")
    groups: Sequence[tuple[str, Sequence[SymbolNode], int]] = (
        ("bases", facts.bases, len(facts.bases)),
        (
            "members" if s.kind is not SymbolKind.MODULE else "top-level definitions",
            facts.members,
            len(facts.members),
        ),
        ("calls", facts.calls, len(facts.calls)),
        ("depends on", facts.depends_on, len(facts.depends_on)),
        ("used by", facts.callers, facts.callers_total),
        ("overrides", facts.overrides, len(facts.overrides)),
        ("overridden by", facts.overridden_by, len(facts.overridden_by)),
        ("subclassed by", facts.subclasses, len(facts.subclasses)),
    )
    for label, symbols, total in groups:
        if symbols:
            shown = "; ".join(
                f"`{x.qualname}` ({kind_name(x)}, {at(x)}: {code_span(x.signature, SHOWN_CODE)})"
                for x in symbols
            )
            more = f"; and {total - len(symbols)} more" if total > len(symbols) else ""
            if label == "used by" and facts.probable_callers:
                more += f" ({facts.probable_callers} of them probable: a member of an untyped receiver)"
            lines.append(f"  - {label}: {shown}{more}")
    if facts.sites:
        lines.append(f"  - used at ({facts.sites_total} places):")
        for site in facts.sites:
            within = f" in `{site.within}`" if site.within else ""
            lines.append(f"    - {site.path}:{site.line}{within}: {code_span(site.text, SHOWN_CODE)}")
    return "\n".join(lines)


def code_span(text: str, limit: int | None = None) -> str:
    """`text` as one Markdown (CommonMark) code span, exactly as written: fenced by one backtick more than
    the longest run inside it (a JavaScript template literal keeps its backticks), cut at `limit`
    characters with an ellipsis."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    fence = "`" * (max((len(m) for m in _BACKTICK_RUNS.findall(text)), default=0) + 1)
    # A span that starts or ends with a backtick needs a space inside its fence, which the renderer drops.
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def at(s: SymbolNode) -> str:
    """path:line of a symbol's name (1-based), the module's path for a module."""
    return f"{s.path}:{s.name_start[0] + 1}" if s.kind is not SymbolKind.MODULE else s.path


def owner_names(symbols: Sequence[SymbolNode]) -> str:
    return ", ".join(f"{kind_name(x)} `{x.qualname}`" for x in symbols)


def kind_name(symbol: SymbolNode) -> str:
    if symbol.kind is SymbolKind.OBJECT:
        return "impl block"
    if symbol.kind is SymbolKind.TYPE_PARAMETER:
        return "type"
    return symbol.kind.name.lower()


def _top_level(facts: SymbolFacts) -> list[SymbolNode]:
    return [m for m in facts.members if m.kind is not SymbolKind.VARIABLE]


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def _is_inside(inner: SymbolNode, outer: SymbolNode) -> bool:
    return (
        inner.path == outer.path and outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte
    )


def _has_base(memory: Memory, resolver: Resolver, cls: SymbolNode, base: SymbolNode) -> bool:
    index = memory.file(cls.path)
    return index is not None and any(b.id == base.id for b in resolver.bases(index, cls))


def _overrides(
    search: _Search, index: FileIndex, symbol: SymbolNode
) -> tuple[list[SymbolNode], list[SymbolNode]]:
    """The members of the base classes this method overrides, and those of subclasses overriding it."""
    memory, resolver = search.memory, search.resolver
    if symbol.kind not in CALLABLE_KINDS | {SymbolKind.FIELD} or symbol.parent is None:
        return [], []
    cls = index.by_id.get(symbol.parent)
    if cls is None or cls.kind not in CLASS_KINDS:
        return [], []
    overrides: list[SymbolNode] = []
    for base in resolver.bases(index, cls):
        base_index = memory.file(base.path)
        if base_index is None:
            continue
        overrides.extend(
            t.symbol for t in resolver.members(base_index, base, symbol.name) if t.symbol is not None
        )
    overridden: list[SymbolNode] = []
    for sub in search.users(cls, with_sites=False, classes_only=True).callers:
        if sub.kind not in CLASS_KINDS or not _has_base(memory, resolver, sub, cls):
            continue
        sub_index = memory.file(sub.path)
        if sub_index is not None:
            overridden.extend(sub_index.by_qualname.get(f"{sub.qualname}.{symbol.name}", ()))
    return overrides, overridden


@dataclass
class _Users:
    callers: list[SymbolNode]
    sites: list[Site]
    sites_total: int
    files_searched: int
    files_mentioning: int
    implicit: bool
    # How many of `callers` (the last ones) use it only probably (see `resolve.iter_uses`).
    probable: int = 0


class _Search:
    """Finds the users of symbols (definitions whose code refers to them, and the lines that do) until a
    deadline, reading the files that mention a name nearest first: its own file, its folder, the rest."""

    def __init__(self, memory: Memory, deadline: float) -> None:
        self.memory = memory
        self.deadline = deadline
        self.resolver = Resolver(memory)
        self._lines: dict[str, LineIndex] = {}

    def users(self, symbol: SymbolNode, *, with_sites: bool = True, classes_only: bool = False) -> _Users:
        """Who uses `symbol` (`resolve.UseSearch`, the answer hover and references give too: certain users
        first, then probable ones), and the lines that do, until the deadline; `files_searched` counts the
        files read to the end."""
        name = symbol.name
        if symbol.kind in CALLABLE_KINDS and name.startswith("__") and name.endswith("__"):
            return _Users([], [], 0, 0, 0, implicit=True)
        mentioning = len(set(self.memory.files_referencing(name)) | {symbol.path})
        search = UseSearch(self.memory, symbol, deadline=self.deadline)
        certain: dict[str, SymbolNode] = {}
        probable: dict[str, SymbolNode] = {}
        sites: list[Site] = []
        lines_seen: set[tuple[str, int]] = set()
        for use in search:
            if use.declaration or use.user.id == symbol.id:
                continue  # the definition itself, and recursion within it
            if use.imported:
                continue
            if classes_only and use.user.kind not in CLASS_KINDS:
                continue
            (certain if use.certain else probable).setdefault(use.user.id, use.user)
            if with_sites:
                self._site(use, sites, lines_seen)
        callers = [*certain.values(), *(s for sid, s in probable.items() if sid not in certain)]
        searched = mentioning if search.complete else search.files_read
        users = _Users(callers, sites, len(lines_seen), searched, mentioning, implicit=False)
        users.probable = len(callers) - len(certain)
        return users

    def _site(self, use: Use, sites: list[Site], lines_seen: set[tuple[str, int]]) -> None:
        text = self.memory.text(use.path)
        if text is None:
            return
        lines = self._lines.get(use.path)
        if lines is None:
            lines = self._lines[use.path] = LineIndex(text)
        line = lines.point(use.start)[0]
        if (use.path, line) in lines_seen:
            return
        lines_seen.add((use.path, line))
        if len(sites) < MAX_SITES:
            within = use.user.qualname if use.user.kind is not SymbolKind.MODULE else None
            shown = lines.line_text(line).decode("utf-8", "replace").strip()
            sites.append(Site(use.path, line + 1, shown, within))
