"""Offline name completion from the memory: the names in scope at a position, or the members after `x.`.

No model and no LSP: the adapter (`server/lsp/completion.py`) turns `Completions` into completion items.
Names in scope are the function's own bindings made before the cursor (parameters, locals), the enclosing
definitions' children, the file's top-level symbols and its imported names, then the language's standard
names (Python's builtins) and the keywords the position allows (`return` starting a statement, `None` in
an expression). After `self.`/`this.` (or a Go method's receiver) the members of the enclosing type; after
`name.` the members of what `name` resolves to (a class, a module through an import alias) or of a local's
declared type (`c: Circle`, `c = Circle(...)`, `Circle c`, `c := Circle{...}`, `new Circle(`), bases
included; after a value of a type the memory does not know, the members the file uses elsewhere (a guess).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from archmem.indexer.definition_facts import go_receiver
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import BY_NAME
from archmem.indexer.resolve import FunctionScope, Resolver
from archmem.indexer.symbols import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory

# A file's top level can hold thousands of names; the editor filters further as the user types.
LIMIT = 200
_BASES_DEPTH = 4
_FILE_RANK = 2
_IMPORT_RANK = 3
_STANDARD_RANK = 4
_GUESS_RANK = 5
_ELSEWHERE_RANK = 6
# A line that ends so continues the statement on the next line: its start is not a statement's.
_CONTINUES = re.compile(rb"(?:[(\[{,\\]|\b(?:and|or|not|in|is))[ \t]*(?:#[^\n]*)?\n\Z")
# The code this far before the cursor counts as recently used: about the current function's last 60 lines.
_RECENT_BYTES = 3000
_IDENT_TAIL = re.compile(rb"[A-Za-z_$\x80-\xff][\w$\x80-\xff]*\Z")
_WORD = re.compile(rb"[A-Za-z_$\x80-\xff][\w$\x80-\xff]*")
# The receiver before a member access at the end of the text: `name.`, `name?.`, `name->`, `name::`.
_RECEIVER = re.compile(rb"([A-Za-z_$\x80-\xff][\w$\x80-\xff]*)[ \t]*(?:\??\.|->|::)[ \t]*\Z")
_ACCESS = re.compile(rb"(?:\??\.|->|::)[ \t]*\Z")


@dataclass(frozen=True)
class Candidate:
    """One name offered at the cursor."""

    label: str
    # The symbol's kind when the memory has its definition; None for a local binding.
    kind: SymbolKind | None
    signature: str
    doc: str
    # Lower sorts first: locals, then the enclosing definitions, the file, the imports, the language's own.
    rank: int
    keyword: bool = False


@dataclass(frozen=True)
class Completions:
    """What may complete the word being typed: it spans `start`..`end` (bytes) and is replaced whole."""

    start: int
    end: int
    candidates: tuple[Candidate, ...]
    incomplete: bool
    member: bool


def complete(memory: Memory, path: str, text: bytes, byte: int, limit: int = LIMIT) -> Completions:
    """The completions at `byte` of `path`, whose current text is `text` (the open buffer)."""
    byte = max(0, min(byte, len(text)))
    line_start = text.rfind(b"\n", 0, byte) + 1
    stem_match = _IDENT_TAIL.search(text, line_start, byte)
    start = stem_match.start() if stem_match else byte
    end = byte
    tail = _WORD.match(text, byte)
    if tail is not None and tail.start() == byte:
        end = tail.end()
    stem = text[start:byte].decode("utf-8", "replace")
    index = memory.file(path)
    if index is None:
        return Completions(start, end, (), False, False)
    head = text[line_start:start]
    receiver = _RECEIVER.search(head)
    uses, members = _uses(index)
    member = receiver is not None or _ACCESS.search(head) is not None
    found: list[Candidate] = []
    if receiver is not None:
        found = _members(memory, index, text, start, receiver.group(1).decode("utf-8", "replace"))
    elif not member:
        found = [*_in_scope(memory, index, text, start), *_standard(index, text, line_start, start, stem)]
    if member and not found:
        # A member of a value whose type the memory does not know (`parts.append`, `"".join`, `f().x`):
        # the members the file uses elsewhere, then the workspace's definitions, guesses labelled so.
        found = [Candidate(name, None, "member used in this file", "", _GUESS_RANK) for name in members]
        elsewhere = _defined_elsewhere(memory, stem, members)
        found += [Candidate(n, None, "name defined in the workspace", "", _ELSEWHERE_RANK) for n in elsewhere]
        uses = members + elsewhere
    recent = text[max(0, start - _RECENT_BYTES) : start]
    chosen = _chosen(start, end, stem, found, limit, member, recent, uses)
    if member:
        return chosen
    return replace(chosen, candidates=tuple(_imported(memory, index, c) for c in chosen.candidates))


def _imported(memory: Memory, index: FileIndex, candidate: Candidate) -> Candidate:
    """An imported name with the signature and doc of its definition, when the workspace has it (only the
    few names offered are resolved: a file may import hundreds)."""
    if candidate.rank != _IMPORT_RANK:
        return candidate
    resolver = Resolver(memory)
    for imp in index.imports:
        if imp.bound == candidate.label:
            for target in resolver.resolve_import(index, imp):
                if target.symbol is not None and target.symbol.kind is not SymbolKind.MODULE:
                    found = _symbol(target.symbol, _IMPORT_RANK)
                    return replace(found, label=candidate.label)
    return candidate


def _uses(index: FileIndex) -> tuple[Counter[str], Counter[str]]:
    """How many of the file's definitions use each name (a member by its last part: `append` of
    `parts.append`), and each name used as a member (`.join` of `", ".join` too: the memory records a
    member of a literal or a call without its receiver). About a millisecond on the stdlib's largest files."""
    refs: list[str] = []
    for chunk in index.chunks:
        refs += chunk.loose_refs
        for definition in chunk.defs:
            refs += definition.refs
    parts = [ref.rpartition(".") for ref in refs]
    # Counter(iterable) counts in C: complete()'s median CPU time at the bench's spots is 1.8 ms so, 2.6 ms
    # adding the names one by one.
    return Counter(name for _, _, name in parts), Counter(name for _, dot, name in parts if dot)


def _defined_elsewhere(memory: Memory, stem: str, members: Counter[str]) -> Counter[str]:
    """The workspace's defined names that start with `stem` (case-sensitive: a member's case is rarely
    mistyped) and are not among the file's `members`, by how many files define them (`next`, which many
    classes define, before `nextseq`). None for an empty stem: the list would be every name."""
    if not stem:
        return Counter()
    names = [n for n in memory.names() if n.startswith(stem) and n not in members]
    return Counter({n: len(memory.files_defining(n)) for n in names})


def _chosen(
    start: int,
    end: int,
    stem: str,
    found: Iterable[Candidate],
    limit: int,
    member: bool,
    recent: bytes,
    uses: Counter[str],
) -> Completions:
    """The candidates that start with `stem`: those matching its case first, then the names the code just
    before the cursor (`recent`) uses (the name being typed is most often one used a few lines up), then
    the function's own names (locals, parameters, enclosing definitions), then the names the file's
    definitions use most, whether the file's own, imported or the language's (`isinstance` in a file full
    of `is...` functions); rank and the label break ties."""
    folded = stem.lower()
    best: dict[str, Candidate] = {}
    for candidate in found:
        if candidate.label == stem or not candidate.label.lower().startswith(folded):
            continue
        kept = best.get(candidate.label)
        if kept is None or candidate.rank < kept.rank:
            best[candidate.label] = candidate
    used = set(_WORD.findall(recent))
    ordered = sorted(
        best.values(),
        key=lambda c: (
            not c.label.startswith(stem),
            # A guess from the workspace's definitions comes after the file's own members, recent or not:
            # the text before the cursor holds the definitions' names (`def __init__`), not uses.
            c.rank == _ELSEWHERE_RANK,
            c.label.encode() not in used,
            c.rank if member else min(c.rank, _FILE_RANK),
            -uses[c.label],
            c.rank,
            c.label.startswith("_"),
            c.label.lower(),
        ),
    )
    return Completions(start, end, tuple(ordered[:limit]), len(ordered) > limit, member)


def _symbol(symbol: SymbolNode, rank: int) -> Candidate:
    doc = symbol.doc.strip().splitlines()[0] if symbol.doc.strip() else ""
    return Candidate(symbol.name, symbol.kind, symbol.signature.strip(), doc, rank)


# -- names in scope -----------------------------------------------------------------------------------


def _in_scope(memory: Memory, index: FileIndex, text: bytes, at: int) -> list[Candidate]:
    out: list[Candidate] = []
    # A definition ends at its last token: typing after it (`return |`, a new line at the end of a body)
    # is still inside it, so the scope is the one of the code just before the cursor.
    probe = at
    while probe > 0 and text[probe - 1 : probe].isspace():
        probe -= 1
    probe = max(0, probe - 1)
    scope = index.symbol_at(probe)
    chain = [scope, *index.enclosing(scope)]
    out.extend(_locals(memory, index, text, at, probe, chain))
    language = BY_NAME.get(index.language)
    implicit = language is not None and language.implicit_members
    for depth, holder in enumerate(chain):
        if holder.kind is SymbolKind.MODULE:
            break
        # A method sees its class's names unqualified only in languages with implicit members.
        if holder.kind in CLASS_KINDS and not implicit:
            continue
        out.extend(_symbol(child, 1 + min(depth, 1)) for child in _children(index, holder))
    module = index.symbols[0]
    out.extend(_symbol(child, 2) for child in _children(index, module))
    for imp in index.imports:
        if imp.name != "*":
            out.append(
                Candidate(imp.bound, None, _import_text(imp.module, imp.name, imp.alias), "", _IMPORT_RANK)
            )
    return out


def _standard(index: FileIndex, text: bytes, line_start: int, at: int, stem: str) -> list[Candidate]:
    """The language's standard names (Python's builtins) and the keywords the position allows that start
    with `stem`, filtered here: C's list holds thousands of names."""
    spec = BY_NAME.get(index.language)
    if spec is None:
        return []
    folded = stem.lower()
    out = [
        Candidate(n, None, "standard name", "", _STANDARD_RANK)
        for n in spec.completion_names
        if n.lower().startswith(folded)
    ]
    previous = text[text.rfind(b"\n", 0, max(0, line_start - 1)) + 1 : line_start]
    statement = not text[line_start:at].strip() and _CONTINUES.search(previous) is None
    words = spec.completion_keywords(statement)
    out += [
        Candidate(w, None, "keyword", "", _STANDARD_RANK, keyword=True)
        for w in words
        if w.lower().startswith(folded)
    ]
    return out


def _import_text(module: str, name: str | None, alias: str | None) -> str:
    what = f"{module}.{name}" if name else module
    return f"import {what}" + (f" as {alias}" if alias else "")


def _locals(
    memory: Memory, index: FileIndex, text: bytes, at: int, probe: int, chain: list[SymbolNode]
) -> list[Candidate]:
    """The parameters and locals the functions around `at` (whose scope `probe` names) bind before it."""
    callables = [s for s in chain if s.kind in CALLABLE_KINDS]
    if not callables:
        return []
    function = FunctionScope.at_byte(memory, index, text, probe)
    if function is None:
        return []
    outer = callables[-1]
    names = {m.group().decode("utf-8", "replace") for m in _WORD.finditer(text, outer.start_byte, at)}
    spec = BY_NAME.get(index.language)
    keywords = spec.keywords if spec is not None else frozenset()
    out: list[Candidate] = []
    for name in names - keywords:
        span = function.binding(name)
        if span is None or span[0] >= at or not function.shadows(name, chain[0]):
            # A parameter of the lambda or arrow function the cursor is in (`(resolve, reject) => ...`).
            span = function.inline_binding_around(name, at)
        if span is not None and span[0] < at:
            line_end = text.find(b"\n", span[0])
            line = text[text.rfind(b"\n", 0, span[0]) + 1 : line_end if line_end >= 0 else len(text)]
            out.append(Candidate(name, None, line.decode("utf-8", "replace").strip(), "", 0))
    return out


def _children(index: FileIndex, holder: SymbolNode) -> list[SymbolNode]:
    by_id = index.by_id
    return [by_id[c] for c in holder.children if c in by_id]


# -- members ------------------------------------------------------------------------------------------


def _members(memory: Memory, index: FileIndex, text: bytes, at: int, receiver: str) -> list[Candidate]:
    scope = index.symbol_at(at)
    resolver = Resolver(memory)
    spec = BY_NAME.get(index.language)
    if spec is not None and (receiver in spec.self_names or receiver == go_receiver(scope)):
        owner = _enclosing_type(index, scope)
        return [] if owner is None else _type_members(resolver, index, owner)
    out: list[Candidate] = []
    for target in resolver.resolve(index, scope, receiver):
        symbol = target.symbol
        if symbol is None:
            continue
        target_index = memory.file(target.path)
        if target_index is None:
            continue
        if symbol.kind is SymbolKind.MODULE or symbol.kind in CLASS_KINDS | {SymbolKind.ENUM}:
            out.extend(_type_members(resolver, target_index, symbol))
    if out:
        return out
    # A parameter's or local's declared type, as the memory infers it for every other feature.
    for cls_index, cls in resolver.inference.classes(index, text, scope, at, [receiver]):
        out.extend(_type_members(resolver, cls_index, cls))
    return out


def _enclosing_type(index: FileIndex, scope: SymbolNode) -> SymbolNode | None:
    """The class (struct, impl) a method belongs to: around it, or named by its qualname (a Go method,
    C++'s `T::m` defined outside its class)."""
    for holder in [scope, *index.enclosing(scope)]:
        if holder.kind in CLASS_KINDS:
            return holder
        if holder.kind in CALLABLE_KINDS and "." in holder.qualname:
            owner_name = holder.qualname.rpartition(".")[0]
            owners = [s for s in index.by_qualname.get(owner_name, ()) if s.kind in CLASS_KINDS]
            if owners:
                return owners[0]
    return None


def _type_members(resolver: Resolver, index: FileIndex, owner: SymbolNode, depth: int = 0) -> list[Candidate]:
    """The members of a class (or a module's top-level names), then its bases' members."""
    out = [_symbol(child, depth) for child in _children(index, owner)]
    if owner.kind is SymbolKind.MODULE or depth >= _BASES_DEPTH:
        return out
    prefix = owner.qualname + "."
    seen = set(owner.children)
    for qualname, symbols in index.by_qualname.items():
        if qualname.startswith(prefix) and "." not in qualname[len(prefix) :]:
            out.extend(_symbol(s, depth) for s in symbols if s.id not in seen)
    for base in resolver.bases(index, owner):
        base_index = resolver.memory.file(base.path)
        if base_index is not None:
            out.extend(_type_members(resolver, base_index, base, depth + 1))
    return out
