"""Questions about references, answered from the memory: go to definition, uses, used by, references (code
only, not comments), whether a mention is code, and the word at a position. The resolution itself is
`resolver.Resolver`'s, the local scopes `scopes.FunctionScope`'s; both are importable from here too.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .chains import receiver_chain
from .fileindex import FileIndex
from .inference import Inference
from .languages import BY_NAME
from .records import CALLABLE_KINDS, SymbolKind, SymbolNode
from .resolver import Resolver as Resolver
from .scopes import FunctionScope as FunctionScope
from .target import Target as Target

if TYPE_CHECKING:
    from .workspace import Memory


# -- questions the editor asks ------------------------------------------------------------------------

_IDENTIFIER_BYTE = re.compile(rb"[\w$\x80-\xff]")
_WORD = re.compile(rb"[A-Za-z_$\x80-\xff][\w$\x80-\xff]*")
_RECEIVER_BEFORE = re.compile(rb"([A-Za-z_$\x80-\xff][\w$\x80-\xff]*)[ \t]*(?:\??\.|->|::)[ \t]*$")
# What makes the receiver (or the name) a member of something unknown: a lone dot, `->` or `::` before it.
_MEMBER_BEFORE = re.compile(rb"(?:(?<!\.)\.|->|::)[ \t]*$")


def word_at(text: bytes, byte: int) -> tuple[int, int, str, str | None] | None:
    """The identifier at `byte` (start, end, name) and the receiver before it (`os` in `os.path`): "" when it
    is a member of something unknown (`make().run`, the `c` of `a.b.c`), as the extractor records `.run`."""
    line_start = text.rfind(b"\n", 0, byte) + 1
    line_end = text.find(b"\n", byte)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    col = byte - line_start
    for m in _WORD.finditer(line):
        if m.start() <= col <= m.end():
            head = line[: m.start()]
            before = _RECEIVER_BEFORE.search(head)
            receiver: str | None = None
            if before is not None:
                # A receiver that is itself a member (`b` of `a.b.c`) is unknown too.
                member = _MEMBER_BEFORE.search(head, 0, before.start())
                receiver = "" if member else before.group(1).decode("utf-8", "replace")
            elif head.rstrip(b" \t").endswith((b".", b"->")) and not head.rstrip(b" \t").endswith(b".."):
                receiver = ""  # a member of a call's result or a subscript (`mk(x)->c`, `a[i].c`)
            return (
                line_start + m.start(),
                line_start + m.end(),
                m.group().decode("utf-8", "replace"),
                receiver,
            )
    return None


def mentions(refs: Sequence[str], name: str) -> list[str]:
    """The references that name `name`: itself, or as a member (`os.path`, `.run`)."""
    suffix = "." + name
    return [ref for ref in refs if ref == name or ref.endswith(suffix)]


def in_code(index: FileIndex, text: bytes, byte: int, name: str) -> bool:
    """Whether `name` at `byte` may be a use in code rather than a mention in a comment or a string: some
    definition holding the byte (or the file's top-level code) uses the name, or the file imports it and the
    byte is in top-level code on no comment line (import statements are not uses, but a reader looking for
    uses wants them). Undecided cases count as code: a definition's own name and keywords are not among its
    references. A mention in a comment or string inside a definition that also uses the name in code still
    counts: telling them apart would take a parse of the file."""
    spec = BY_NAME.get(index.language)
    if spec is not None and name in spec.keywords:
        return True
    holders = index.holders(byte)
    for s in holders:
        if s.name == name or mentions(s.refs, name):
            return True
    if holders[-1] is index.symbols[0] and any(name in (imp.bound, imp.name) for imp in index.imports):
        line_start = text.rfind(b"\n", 0, byte) + 1
        return not BY_NAME[index.language].on_comment_line(text, line_start, byte)
    return False


def definitions_at(memory: Memory, path: str, byte: int) -> list[Target]:
    """Go to definition: where the name at `byte` of `path` is defined."""
    index = memory.file(path)
    text = memory.text(path)
    if index is None or text is None:
        return []
    found = word_at(text, byte)
    if found is None:
        return []
    start, _end, name, receiver = found
    named = [s for s in index.symbols[1:] if s.name == name]
    if named:
        point = _point_of(text, start)
        for s in named:
            if s.name_start == point:
                return [Target(index.path, s)]
    scope = index.symbol_at(byte)
    ref = f"{receiver}.{name}" if receiver is not None else name
    function = FunctionScope.at_byte(memory, index, text, start) if receiver is None else None
    if function is not None and function.shadows(name, scope, start):
        # A parameter or a local named like a definition elsewhere (`total = sum(items)` beside a
        # module-level `total`) means the local.
        return _local_target(index, text, function, name)
    resolver = Resolver(memory)
    resolver.remember_text(index.path, text)
    # A member of an unnamed receiver (`mk(x)->c`) is read at this place only: the resolver's answer for
    # `.c` holds every place of the scope.
    targets = resolver.resolve(index, scope, ref) if receiver != "" else []
    if not targets and receiver is not None:
        # A member of an instance (`console.get_style`, `self.options.update`): of the class it holds.
        chain = [receiver] if receiver else receiver_chain(text, start)
        if chain is not None:
            targets = Inference(resolver).member_targets(index, text, scope, start, chain, name) or []
    # Prefer the definition over the import line that brought it in.
    targets = [t for t in targets if not t.companion]
    with_symbols = [t for t in targets if t.symbol is not None and t.symbol.kind is not SymbolKind.MODULE]
    if with_symbols or targets or function is None:
        return with_symbols or targets
    return _local_target(index, text, function, name)


def _local_target(index: FileIndex, text: bytes, function: FunctionScope, name: str) -> list[Target]:
    local = function.binding(name)
    return [] if local is None else [Target(index.path, None, _point_of(text, local[0])[0], local)]


def _point_of(text: bytes, byte: int) -> tuple[int, int]:
    return text.count(b"\n", 0, byte), byte - (text.rfind(b"\n", 0, byte) + 1)


def uses(memory: Memory, symbol: SymbolNode) -> list[Target]:
    """What `symbol` (and the definitions nested in it) depend on."""
    index = memory.file(symbol.path)
    if index is None:
        return []
    resolver = Resolver(memory)
    out: dict[str, Target] = {}
    text = memory.text(symbol.path)
    function = None if text is None else FunctionScope.at_byte(memory, index, text, symbol.start_byte)
    for s in [symbol, *descendants(index, symbol)]:
        for ref in s.refs:
            if function is not None and function.hides(ref, s):
                continue  # a parameter or a local, not the definition of that name elsewhere
            for target in resolver.resolve(index, s, ref):
                # A C++ definition names its own declaration (`Bignum::Clamp` declared in the header).
                if target.symbol is not None and target.symbol.qualname != symbol.qualname:
                    out.setdefault(target.symbol.id, target)
    return list(out.values())


@dataclass(frozen=True)
class Use:
    """One place the name of a symbol is used to mean it."""

    path: str
    start: int
    end: int
    # The innermost definition whose code holds the place (the module for top-level code).
    user: SymbolNode
    # False for a probable use: a member of something whose type is unknown, named like the symbol.
    certain: bool
    # The symbol's own name where it is defined.
    declaration: bool = False
    # In an import statement: a place references list, but no use by the module that imports.
    imported: bool = False

    @property
    def by_user(self) -> bool:
        """Whether the place counts its `user` as a user of the symbol (not its definition, an import)."""
        return not (self.declaration or self.imported)


@dataclass(frozen=True)
class Users:
    """Who uses a symbol: the definitions with a certain use of it, then those with only probable ones."""

    certain: tuple[SymbolNode, ...]
    probable: tuple[SymbolNode, ...]
    # False when the search stopped at its deadline or limit before reading every candidate file.
    complete: bool

    @property
    def all(self) -> list[SymbolNode]:
        return [*self.certain, *self.probable]


def iter_uses(
    memory: Memory, symbol: SymbolNode, *, code_only: bool = True, deadline: float | None = None
) -> Iterator[Use]:
    """Every place the name of `symbol` is used to mean it, file by file (its own file first): the one
    answer to "who uses this" that hover, explain, references and the context share. A use is certain when
    the name resolves to `symbol`, directly or through a receiver whose class the memory infers
    (`inference.py`); probable when it is a member of something whose type is unknown (see
    `Resolver.may_mean`). Stops quietly at `deadline` (a `time.perf_counter()` value); a caller that must
    know whether every file was read uses `UseSearch`."""
    yield from UseSearch(memory, symbol, code_only=code_only, deadline=deadline)


class UseSearch:
    """`iter_uses` with `complete`: whether every candidate file was read when the iteration ended."""

    def __init__(
        self, memory: Memory, symbol: SymbolNode, *, code_only: bool = True, deadline: float | None = None
    ) -> None:
        self.memory = memory
        self.symbol = symbol
        self.code_only = code_only
        self.deadline = deadline
        self.resolver = Resolver(memory)
        self.inference = Inference(self.resolver)
        self.complete = False
        self.files_read = 0

    def __iter__(self) -> Iterator[Use]:
        symbol = self.symbol
        # The name first, so that the search skips ahead by its bytes; the character before is checked
        # after (a look-behind in front would make the engine try every position).
        pattern = re.compile(re.escape(symbol.name.encode()) + rb"(?![\w$\x80-\xff])")
        for path in _candidate_files(self.memory, symbol):
            if self.deadline is not None and time.perf_counter() > self.deadline:
                return
            index = self.memory.file(path)
            text = self.memory.text(path)
            if index is None or text is None:
                continue
            self.resolver.remember_text(path, text)
            for m in pattern.finditer(text):
                if m.start() and _IDENTIFIER_BYTE.match(text, m.start() - 1):
                    continue
                found = self._use(index, text, m.start(), m.end())
                if found is not None:
                    yield found
            self.files_read += 1
        self.complete = True

    def _use(self, index: FileIndex, text: bytes, start: int, end: int) -> Use | None:
        symbol = self.symbol
        found = word_at(text, start)
        if found is None:
            return None
        _s, _e, name, receiver = found
        scope = index.symbol_at(start)
        if index.path == symbol.path and _point_of(text, start) == symbol.name_start:
            return Use(index.path, start, end, scope, True, declaration=True)
        if self.code_only and not in_code(index, text, start, name):
            return None
        certain = self._means(index, text, scope, start, name, receiver)
        if certain is None:
            return None
        # Top-level code's references leave import statements out: a name the module's own references do
        # not hold, it only imports.
        imported = scope.kind is SymbolKind.MODULE and not mentions(scope.refs, name)
        return Use(index.path, start, end, scope, certain, imported=imported)

    def _means(
        self, index: FileIndex, text: bytes, scope: SymbolNode, start: int, name: str, receiver: str | None
    ) -> bool | None:
        """True when the name at `start` means the symbol, False when it probably does, None when not."""
        symbol = self.symbol
        if receiver is None:
            return _leads_to(self.resolver.resolve(index, scope, name), symbol) or None
        chain: list[str] | None = [receiver]
        inferred: list[Target] | None = None
        if receiver:
            # The resolver follows a typed receiver itself (`r.read` of `r: Reader`).
            targets = self.resolver.resolve(index, scope, f"{receiver}.{name}")
            if receiver in BY_NAME[index.language].self_names:
                return _leads_to(targets, symbol) or None
            inferred = targets or None
        else:
            chain = receiver_chain(text, start)
        if inferred is None and chain is not None:
            inferred = self.inference.member_targets(index, text, scope, start, chain, name)
        if inferred is not None:
            if _leads_to(inferred, symbol):
                return True
            if not any(self._declared_by_interface(t) for t in inferred):
                return None
            # A method of an interface runs whichever implementation the value has: probable, as untyped.
        return False if self.resolver.may_mean(index, "." + name, symbol) else None

    def _declared_by_interface(self, target: Target) -> bool:
        owner = None
        if target.symbol is not None and target.symbol.parent is not None:
            owner = self.memory.symbol(target.symbol.parent)
        return owner is not None and owner.kind is SymbolKind.INTERFACE


def _leads_to(targets: list[Target], symbol: SymbolNode) -> bool:
    return any(t.symbol is not None and t.symbol.id == symbol.id for t in targets)


def used_by(memory: Memory, symbol: SymbolNode, limit: int = 200) -> list[SymbolNode]:
    """The symbols whose code uses `symbol`: those with a certain use first, then the probable ones."""
    return users_within(memory, symbol, limit).all[:limit]


def users_within(
    memory: Memory, symbol: SymbolNode, limit: int = 200, deadline: float | None = None
) -> Users:
    """Who uses `symbol` (never itself, nor its own declaration), from `iter_uses`, reading files until
    `deadline` or until `limit` users are certain."""
    search = UseSearch(memory, symbol, deadline=deadline)
    certain: dict[str, SymbolNode] = {}
    probable: dict[str, SymbolNode] = {}
    for use in search:
        if not use.by_user or use.user.id == symbol.id:
            continue
        (certain if use.certain else probable).setdefault(use.user.id, use.user)
        if len(certain) >= limit:
            break
    others = [s for sid, s in probable.items() if sid not in certain]
    return Users(tuple(certain.values()), tuple(others), search.complete)


def references_to(
    memory: Memory, symbol: SymbolNode, limit: int = 1000, *, code_only: bool = True
) -> list[tuple[str, int, int]]:
    """Every place (path, start byte, end byte) the name of `symbol` is used to mean it, its declaration
    included: first the certain ones, then the probable ones (see `iter_uses`). `code_only=False` keeps the
    mentions in comments and strings too (bench/reference_noise.py counts them)."""
    out: list[tuple[str, int, int]] = []
    probable: list[tuple[str, int, int]] = []
    for use in iter_uses(memory, symbol, code_only=code_only):
        (out if use.certain else probable).append((use.path, use.start, use.end))
        if len(out) >= limit:
            break
    return [*out, *probable][:limit]


def _candidate_files(memory: Memory, symbol: SymbolNode) -> list[str]:
    files = memory.files_referencing(symbol.name)
    if symbol.path not in files:
        files.insert(0, symbol.path)
    else:
        files.remove(symbol.path)
        files.insert(0, symbol.path)
    return files


def descendants(index: FileIndex, symbol: SymbolNode) -> list[SymbolNode]:
    """Every symbol nested in `symbol`, at any depth."""
    out: list[SymbolNode] = []
    stack = list(symbol.children)
    while stack:
        child = index.by_id.get(stack.pop())
        if child is not None:
            out.append(child)
            stack.extend(child.children)
    return out


def enclosing_callable(index: FileIndex, symbol: SymbolNode) -> SymbolNode | None:
    """The innermost function or method at or around `symbol`."""
    for s in [symbol, *index.enclosing(symbol)]:
        if s.kind in CALLABLE_KINDS:
            return s
    return None
