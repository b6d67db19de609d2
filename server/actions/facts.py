"""A symbol's place in the architecture, read from the memory: owner, bases, members, callees, dependencies,
callers, call sites, overrides and subclasses. Shared by the model prompts and the offline renderings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.positions import LineIndex
from archmem.indexer.resolve import Resolver, references_to, used_by, uses
from archmem.indexer.symbols import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory

# How many of each list the facts keep; the totals say how many there were.
MAX_LISTED = 25
MAX_SITES = 15
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


def gather(memory: Memory, symbol: SymbolNode) -> SymbolFacts:
    """Everything the memory knows of `symbol`'s place in the architecture."""
    index = memory.file(symbol.path)
    if index is None:
        raise LookupError(f"{symbol.path} left the memory")
    resolver = Resolver(memory)
    owners = tuple(s for s in index.enclosing(symbol) if s.kind is not SymbolKind.MODULE)
    is_module = symbol.kind is SymbolKind.MODULE
    used = [] if is_module else [t.symbol for t in uses(memory, symbol) if t.symbol is not None]
    used = [s for s in used if s.kind is not SymbolKind.MODULE and not _is_inside(s, symbol)]
    bases = resolver.bases(index, symbol) if symbol.kind in CLASS_KINDS else []
    base_ids = {b.id for b in bases}
    calls = [s for s in used if s.kind in CALLABLE_KINDS]
    depends = [s for s in used if s.kind not in CALLABLE_KINDS and s.id not in base_ids]
    callers = [] if is_module else [s for s in used_by(memory, symbol) if s.id != symbol.id]
    members = [index.by_id[c] for c in symbol.children if c in index.by_id]
    subclasses = [s for s in callers if s.kind in CLASS_KINDS and _has_base(memory, resolver, s, symbol)]
    overrides, overridden_by = _overrides(memory, resolver, index, symbol)
    sites, sites_total = _sites(memory, symbol) if not is_module else ([], 0)
    return SymbolFacts(
        symbol=symbol,
        language=index.language,
        module=index.module,
        owners=owners,
        bases=tuple(bases[:MAX_LISTED]),
        members=tuple(members[: MAX_LISTED * 2]),
        calls=tuple(calls[:MAX_LISTED]),
        depends_on=tuple(depends[:MAX_LISTED]),
        callers=tuple(callers[:MAX_LISTED]),
        callers_total=len(callers),
        sites=tuple(sites),
        sites_total=sites_total,
        overrides=tuple(overrides[:MAX_LISTED]),
        overridden_by=tuple(overridden_by[:MAX_LISTED]),
        subclasses=tuple(subclasses[:MAX_LISTED]),
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
    if facts.callers_total == 0 and s.kind in (SymbolKind.METHOD, SymbolKind.FIELD):
        parts.append(
            "no reference in the workspace resolves to it (uses through objects of unknown type are not traced)"
        )
    elif facts.callers_total == 0:
        parts.append("nothing in the workspace refers to it (an entry point, a public API, or unused)")
    elif facts.caller_files == 1 and facts.callers[0].path == s.path:
        parts.append(f"used by {_count(facts.callers_total, 'definition')} in its own file only")
    else:
        parts.append(
            f"used by {_count(facts.callers_total, 'definition')} across {_count(facts.caller_files, 'file')}"
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
        lines.append(f"  - signature: `{s.signature}`")
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
            shown = "; ".join(f"`{x.qualname}` ({kind_name(x)}, {at(x)}: `{x.signature}`)" for x in symbols)
            more = f"; and {total - len(symbols)} more" if total > len(symbols) else ""
            lines.append(f"  - {label}: {shown}{more}")
    if facts.sites:
        lines.append(f"  - used at ({facts.sites_total} places):")
        for site in facts.sites:
            within = f" in `{site.within}`" if site.within else ""
            lines.append(f"    - {site.path}:{site.line}{within}: `{site.text}`")
    return "\n".join(lines)


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
    memory: Memory, resolver: Resolver, index: FileIndex, symbol: SymbolNode
) -> tuple[list[SymbolNode], list[SymbolNode]]:
    """The members of the base classes this method overrides, and those of subclasses overriding it."""
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
    for sub in used_by(memory, cls):
        if sub.kind not in CLASS_KINDS or not _has_base(memory, resolver, sub, cls):
            continue
        sub_index = memory.file(sub.path)
        if sub_index is not None:
            overridden.extend(sub_index.by_qualname.get(f"{sub.qualname}.{symbol.name}", ()))
    return overrides, overridden


def _sites(memory: Memory, symbol: SymbolNode) -> tuple[list[Site], int]:
    """The lines where the symbol's name is used to mean it, its own definition left out."""
    out: list[Site] = []
    total = 0
    files: dict[str, tuple[LineIndex, FileIndex | None]] = {}
    seen: set[tuple[str, int]] = set()
    for path, start, _end in references_to(memory, symbol):
        if path == symbol.path and symbol.start_byte <= start < symbol.end_byte:
            continue  # the definition itself, and recursion within it
        if path not in files:
            files[path] = (LineIndex(memory.text(path) or b""), memory.file(path))
        lines, index = files[path]
        line = lines.point(start)[0]
        if (path, line) in seen:
            continue
        seen.add((path, line))
        total += 1
        if len(out) >= MAX_SITES:
            continue
        scope = index.symbol_at(start) if index is not None else None
        within = scope.qualname if scope is not None and scope.kind is not SymbolKind.MODULE else None
        shown = lines.line_text(line).decode("utf-8", "replace").strip()
        out.append(Site(path, line + 1, shown[:160], within))
    return out, total
