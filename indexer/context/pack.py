"""Context packing: what a model sees of the code around a position, within a token budget.

The packer takes, in priority order: the local window (the enclosing function in full, or the lines around
the cursor), the headers of the scopes around it, the definition of every name the window uses (wherever in
the workspace it is defined), in `generate` mode a prediction of what the missing body will need (the class's
members, what its sibling methods use, the file's imports, names the file binds but does not use yet or
whose words the new code shares, class-level members of imported classes; see `members`), and then a map
of the rest (the file's outline).
Each definition degrades full → skeleton → signature → name as the budget tightens instead of vanishing.
Definitions come first and the window last. The result is deterministic.

Over 600 lines, knowingly: `_Build` is one packing's state, which choosing, predicting, fitting and rendering
all read and write; the prediction's weights are in `weights.py`, and moving the four stages into modules of
their own (with the state as a shared record) is the remaining step of issue 14.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..positions import LineIndex
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from ..resolve import FunctionScope, Resolver, Target, descendants
from .members import MemberGuess, guess_members, words
from .redact import redact
from .tokens import DEFAULT_ENCODING, Tokenizer, tokenizer
from .weights import (
    BUDGET_SPAN,
    CLASS_FIELD,
    CLASS_MEMBER,
    FAR_SIBLING,
    HEADER_OVERHEAD,
    IN_FILE,
    MENTIONED,
    NEAR_SIBLING,
    NEAR_SIBLINGS,
    SHARED_WORD,
    SHARED_WORDS,
    SMALL_CLASS,
    WAITING,
)

if TYPE_CHECKING:
    from ..workspace import Memory

Mode = Literal["edit", "generate"]
Detail = Literal["full", "skeleton", "signature", "name", "lines"]

GAP = "⋮"
_NAMES = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)(?:\s*\.\s*([A-Za-z_$][\w$]*))?")
_LEVELS: tuple[Detail, ...] = ("full", "skeleton", "signature", "name")


@dataclass(frozen=True)
class Section:
    """One piece of a packed context and why it is there."""

    kind: str  # window | scope | definition | member | import | predicted | outline
    path: str
    start_line: int  # 1-based; 0 when only the name is shown
    end_line: int
    symbol_id: str | None
    detail: Detail
    included_lines: frozenset[int]
    reason: str


@dataclass(frozen=True)
class PackedContext:
    """The prompt context for one position, with the ledger of what went in, how, and what was left out."""

    text: str
    tokens: int
    budget: int
    mode: Mode
    path: str
    line: int
    column: int
    sections: tuple[Section, ...]
    left_out: tuple[str, ...]
    tokenizer: str
    redactions: int
    elapsed_ms: float

    def included_lines(self, path: str) -> frozenset[int]:
        """1-based lines of `path` whose text appears verbatim in `text`."""
        lines: set[int] = set()
        for s in self.sections:
            if s.path == path:
                lines |= s.included_lines
        return frozenset(lines)

    def ledger(self) -> str:
        """A human-readable account of what the model was shown and why."""
        out = [
            f"{self.tokens}/{self.budget} tokens ({self.tokenizer}), mode {self.mode}, {self.path}:{self.line}"
        ]
        outline = [s for s in self.sections if s.kind == "outline"]
        for s in self.sections:
            if s.kind == "outline":
                continue
            where = f"{s.path}:{s.start_line}-{s.end_line}" if s.start_line else s.path
            out.append(f"  {s.kind:<10} {s.detail:<9} {where:<40} {s.symbol_id or ''}  ({s.reason})")
        if outline:
            out.append(
                f"  outline    signature {len(outline)} more headers of the file, nearest to the cursor first"
            )
        for item in self.left_out:
            out.append(f"  left out: {item}")
        if self.redactions:
            out.append(f"  {self.redactions} secret-looking strings redacted")
        return "\n".join(out)


@dataclass
class _Unit:
    """A candidate for the context: a symbol (or an import line) and its renderings by detail level."""

    key: str
    path: str
    kind: str
    reason: str
    symbol: SymbolNode | None
    levels: dict[Detail, frozenset[int]] = field(default_factory=dict)
    note: str = ""
    chosen: Detail | None = None


class _FileView:
    """The lines of one file, their token costs (counted lazily) and header extents."""

    def __init__(self, memory: Memory, index: FileIndex, counter: Tokenizer) -> None:
        self.index = index
        raw = memory.text(index.path) or b""
        self.lines = raw.decode("utf-8", "replace").split("\n")
        self.raw = raw
        self.positions = LineIndex(raw)
        self._counter = counter
        self._costs: dict[int, int] = {}
        spec = BY_NAME.get(index.language)
        self.comment = "#" if spec is not None and spec.doc_style == "docstring" else "//"

    def cost(self, lines: Iterable[int]) -> int:
        total = 0
        for n in lines:
            c = self._costs.get(n)
            if c is None:
                text = self.lines[n - 1] if 0 < n <= len(self.lines) else ""
                c = self._costs[n] = self._counter.count(text + "\n")
            total += c
        return total

    def line_of(self, byte: int) -> int:
        """1-based line of a byte offset."""
        return self.positions.point(byte)[0] + 1

    def header_lines(self, s: SymbolNode) -> frozenset[int]:
        """The lines of a definition's header (decorators included), up to where its body starts."""
        first = s.start[0] + 1
        if not s.has_body or s.kind not in CALLABLE_KINDS | CLASS_KINDS | {
            SymbolKind.ENUM,
            SymbolKind.NAMESPACE,
        }:
            last = first
        else:
            end = s.body_start_byte
            head = self.raw[s.start_byte : end].rstrip()
            # Comments between the header and the body belong to neither.
            last = self.line_of(s.start_byte + len(head)) if head else first
            while last > first and (
                not self.lines[last - 1].strip() or self.lines[last - 1].lstrip().startswith(("#", "//"))
            ):
                last -= 1
        return frozenset(range(first, max(first, last) + 1))

    def doc_lines(self, s: SymbolNode) -> frozenset[int]:
        """The first line of a Python docstring (it sits in the body)."""
        if not s.doc or self.comment != "#" or not s.has_body:
            return frozenset()
        line = self.line_of(s.body_start_byte)
        return frozenset({line}) if s.doc.split()[0] in self.lines[line - 1] else frozenset()

    def full_lines(self, s: SymbolNode) -> frozenset[int]:
        return frozenset(range(s.start[0] + 1, s.end[0] + 2))

    def skeleton_lines(self, s: SymbolNode) -> frozenset[int]:
        lines = set(self.header_lines(s)) | set(self.doc_lines(s))
        if s.kind in CLASS_KINDS or s.kind in (SymbolKind.ENUM, SymbolKind.NAMESPACE):
            for child_id in s.children:
                child = self.index.by_id.get(child_id)
                if child is not None:
                    lines |= self.header_lines(child)
        return frozenset(lines)

    def statement_lines(self, line: int, limit: int = 6) -> frozenset[int]:
        """An import statement from its first line to where its brackets close."""
        depth = 0
        out = []
        for n in range(line, min(line + limit, len(self.lines)) + 1):
            text = self.lines[n - 1]
            out.append(n)
            depth += text.count("(") + text.count("{") - text.count(")") - text.count("}")
            if depth <= 0 and not text.rstrip().endswith("\\"):
                break
        return frozenset(out)


class Packer:
    """Packs contexts over one memory. Keeps per-file caches between calls; create one per memory."""

    def __init__(self, memory: Memory, encoding: str = DEFAULT_ENCODING) -> None:
        self.memory = memory
        self.counter = tokenizer(encoding)
        # What one gap marker line costs: 4 tokens with cl100k, twice a short line's.
        self.gap_cost = self.counter.count(f"{GAP}\n")
        self._views: dict[tuple[str, str], _FileView] = {}

    def view(self, index: FileIndex) -> _FileView:
        key = (index.path, index.content_hash)
        found = self._views.get(key)
        if found is None:
            if len(self._views) > 64:
                self._views.clear()
            found = self._views[key] = _FileView(self.memory, index, self.counter)
        return found

    def pack(
        self,
        path: str,
        line: int,
        column: int,
        budget: int = 2048,
        mode: Mode = "edit",
        show_window: bool = True,
    ) -> PackedContext:
        """The context for 0-based `line` and UTF-8 byte `column` of `path`. `show_window` False: the code
        around the cursor still decides what goes in, but is not shown (inline completion's prompt carries it
        as its prefix), so its share of the budget goes to definitions."""
        started = time.perf_counter()
        memory = self.memory
        rel = memory.relpath(path)
        index = memory.file(rel)
        if index is None:
            raise FileNotFoundError(
                f"{path} is not in the memory (unsupported language, excluded, or missing)"
            )
        if memory.is_excluded(rel):
            raise PermissionError(f"{path} is excluded from model context ({memory.is_excluded(rel)})")
        view = self.view(index)
        line = max(0, min(line, len(view.lines) - 1))
        cursor_byte = view.positions.line_start(line) + max(
            0, min(column, len(view.lines[line].encode("utf-8")))
        )
        build = _Build(self, index, view, cursor_byte, line + 1, budget, mode)
        build.show_window = show_window
        build.run()
        text, sections, redactions, tokens = self._rendered(build)
        room = budget
        for _ in range(3):
            # The per-line estimate undercounts (headers, gaps, tokens merging across lines): choose
            # again with the overshoot taken off, so the ranking decides what goes, not position.
            if tokens <= budget:
                break
            room -= tokens - budget + 8
            build.refit(room)
            text, sections, redactions, tokens = self._rendered(build)
        while tokens > budget and build.drop_one():
            text, sections, redactions, tokens = self._rendered(build)
        if tokens > budget:
            # Only the window is left and it is still too large: cut it from the top.
            text, sections, _ = build.cut_window_to(budget)
            text, redactions, tokens = self._redacted(text)
        return PackedContext(
            text=text,
            tokens=tokens,
            budget=budget,
            mode=mode,
            path=rel,
            line=line + 1,
            column=column + 1,
            sections=tuple(sections),
            left_out=(*build.left_out, *build.no_room),
            tokenizer=self.counter.name,
            redactions=redactions,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    def _rendered(self, build: _Build) -> tuple[str, list[Section], int, int]:
        """The build rendered, redacted and counted: (text, sections, redactions, tokens)."""
        text, sections = build.render()
        text, redactions, tokens = self._redacted(text)
        return text, sections, redactions, tokens

    def _redacted(self, text: str) -> tuple[str, int, int]:
        """`text` with secret-looking strings redacted, how many were, and its exact token count."""
        text, redactions = redact(text)
        return text, redactions, self.counter.count(text)


def pack(
    memory: Memory, path: str, line: int, column: int, budget: int = 2048, mode: Mode = "edit"
) -> PackedContext:
    """Pack the context for 0-based `line`, UTF-8 byte `column` of `path` (see `Packer` to reuse caches)."""
    return Packer(memory).pack(path, line, column, budget, mode)


class _Build:
    """One packing: choose units, fit them to the budget, render."""

    def __init__(
        self,
        packer: Packer,
        index: FileIndex,
        view: _FileView,
        cursor: int,
        line: int,
        budget: int,
        mode: Mode,
    ) -> None:
        self.packer = packer
        self.memory = packer.memory
        self.index = index
        self.view = view
        self.cursor = cursor
        self.line = line
        self.budget = budget
        self.mode = mode
        self.resolver = Resolver(self.memory)
        self.units: list[_Unit] = []
        self.unit_keys: set[str] = set()
        self.window: frozenset[int] = frozenset()
        self.scope_lines: set[int] = set()
        self.left_out: list[str] = []  # what was never a candidate (excluded files)
        self.no_room: list[str] = []  # candidates the last fitting left out
        self.spent = 0
        self.target: SymbolNode | None = None
        self.scope: SymbolNode = index.symbols[0]
        self.shown: dict[str, set[int]] = {}
        self.window_reason = ""
        self.function: FunctionScope | None = None  # the names the function at the cursor binds itself
        self.show_window = True

    # -- choosing ---------------------------------------------------------------------------------------

    def run(self) -> None:
        index = self.index
        self.scope = self._scope_at_cursor()
        self.target = next(
            (s for s in [self.scope, *index.enclosing(self.scope)] if s.kind in CALLABLE_KINDS), None
        )
        if self.target is not None:
            self.function = FunctionScope.at_byte(self.memory, index, self.view.raw, self.target.start_byte)
        self._choose_window()
        self._choose_scopes()
        names = self._window_names()
        for ref in names:
            self._add_targets(ref, tier="definition", reason=f"used at {index.path}:{self.line}")
        if self.mode == "generate":
            self._predict()
        self._fit()

    def _scope_at_cursor(self) -> SymbolNode:
        """The innermost symbol at the cursor. On an empty, indented line just after a definition (where a
        body is about to be written) the syntax tree says the definition has ended; the indentation says
        the cursor is inside it."""
        index, view = self.index, self.view
        scope = index.symbol_at(self.cursor)
        line_text = view.lines[self.line - 1] if self.line <= len(view.lines) else ""
        if line_text.strip():
            return scope
        indent = len(line_text) - len(line_text.lstrip())
        above = self.line - 1
        while above > 0 and not view.lines[above - 1].strip():
            above -= 1
        if above == 0:
            return scope
        best = scope
        for s in index.symbols[1:]:
            if s.start[0] + 1 > above:
                break
            ends_above = (
                s.end[0] + 1 == above and s.kind in CALLABLE_KINDS | CLASS_KINDS and s.start[1] < indent
            )
            if ends_above and (s.start_byte >= best.start_byte or best.kind is SymbolKind.MODULE):
                best = s
        return best

    def _choose_window(self) -> None:
        view, target = self.view, self.target
        share = 0.5 if self.mode == "edit" else 0.35
        allowance = int(self.budget * share)
        if target is not None:
            # A nested function reads its enclosing function's locals: show the outermost function that
            # fits, else the innermost.
            callables = [s for s in [target, *self.index.enclosing(target)] if s.kind in CALLABLE_KINDS]
            for candidate in reversed(callables):
                full = view.full_lines(candidate)
                if view.cost(full) <= allowance:
                    self.window = full
                    self.window_reason = f"the enclosing {candidate.kind.name.lower()} in full"
                    return
        # Lines around the cursor, three above for every one below.
        lo = hi = self.line
        spent = view.cost([self.line])
        last = len(view.lines)
        if target is not None:
            first_allowed, last_allowed = target.start[0] + 1, target.end[0] + 1
        else:
            first_allowed, last_allowed = 1, last
        while True:
            grew = False
            for _ in range(3):
                if lo > first_allowed and spent + view.cost([lo - 1]) <= allowance:
                    lo -= 1
                    spent += view.cost([lo])
                    grew = True
            if hi < last_allowed and spent + view.cost([hi + 1]) <= allowance:
                hi += 1
                spent += view.cost([hi])
                grew = True
            if not grew:
                break
        self.window = frozenset(range(lo, hi + 1))
        self.window_reason = f"lines {lo}-{hi} around the cursor"

    def _choose_scopes(self) -> None:
        index, view = self.index, self.view
        anchor = self.target or self.scope
        chain = [anchor, *index.enclosing(anchor)] if anchor.kind is not SymbolKind.MODULE else [anchor]
        for s in chain:
            if s.kind is SymbolKind.MODULE:
                if (
                    index.module_doc
                    and view.lines
                    and index.module_doc.split()[0] in "\n".join(view.lines[:3])
                ):
                    self.scope_lines |= {
                        n for n in (1, 2, 3) if index.module_doc.split()[0] in view.lines[n - 1]
                    }
                continue
            self.scope_lines |= view.header_lines(s)

    def _window_names(self) -> list[str]:
        """The names the window uses, in order of first use."""
        target = self.target
        view = self.view
        names: dict[str, None] = {}
        if target is not None and self.window == view.full_lines(target) and self.mode == "edit":
            for s in [target, *descendants(self.index, target)]:
                names.update(dict.fromkeys(s.refs))
            return list(names)
        text = "\n".join(view.lines[n - 1] for n in sorted(self.window | self.scope_lines))
        keywords = _keywords(self.index.language)
        for plain, member in _NAMES.findall(text):
            if plain in keywords and plain not in _self_names(self.index.language):
                continue
            if plain not in _self_names(self.index.language):
                names[plain] = None
            if member:
                names[f"{plain}.{member}"] = None
        return list(names)

    def _add_targets(self, ref: str, tier: str, reason: str, score: float = 0.0) -> list[Target]:
        scope = self.target or self.scope
        if self.function is not None and self.function.hides(ref, scope):
            return []  # a parameter or a local of the function, not a definition of that name elsewhere
        targets = self.resolver.resolve(self.index, scope, ref)
        for t in targets:
            self._add_target(t, tier, reason)
        return targets

    def _add_target(self, t: Target, tier: str, reason: str) -> None:
        view = self.view
        if t.symbol is None:
            if t.import_line is None or t.path != self.index.path:
                return
            key = f"import:{t.path}:{t.import_line}"
            if key in self.unit_keys:
                return
            lines = view.statement_lines(t.import_line + 1)
            self._push(_Unit(key, t.path, "import", reason, None, {"signature": lines, "full": lines}))
            return
        s = t.symbol
        if s.kind is SymbolKind.MODULE:
            return
        if self.target is not None and (
            s.id == self.target.id or s.id in _ancestor_ids(self.index, self.target)
        ):
            return
        if s.path != self.index.path and self.memory.is_excluded(s.path):
            self.left_out.append(f"{s.qualname} ({s.path} is excluded)")
            return
        key = s.id
        if key in self.unit_keys:
            return
        sview = view if s.path == self.index.path else self._view_of(s.path)
        if sview is None:
            return
        unit = _Unit(key, s.path, tier, reason, s)
        unit.levels["full"] = sview.full_lines(s)
        unit.levels["skeleton"] = sview.skeleton_lines(s)
        unit.levels["signature"] = sview.header_lines(s)
        unit.note = f"{s.qualname} ({s.kind.name.lower()}, {s.path}:{s.start[0] + 1})"
        self._push(unit)

    def _push(self, unit: _Unit) -> None:
        self.unit_keys.add(unit.key)
        self.units.append(unit)

    def _view_of(self, path: str) -> _FileView | None:
        index = self.memory.file(path)
        return None if index is None else self.packer.view(index)

    def _predict(self) -> None:
        """What a body still to be written is likely to need, ranked (weights: `weights.py`)."""
        scores, cls, neighbours = self._usage_scores()
        reasons = self._binding_scores(scores, cls, neighbours)
        self._push_imports()
        self._take_ranked(scores, reasons)

    def _usage_scores(self) -> tuple[Counter[str], SymbolNode | None, list[SymbolNode]]:
        """Scores of the names the code around the body uses: its siblings (near ones most), the whole
        file, the target's own docstring and comments; with the enclosing class and the near siblings."""
        index = self.index
        target = self.target
        scores: Counter[str] = Counter()
        siblings: list[SymbolNode] = []
        cls = None
        # Where the target sits among its siblings: itself, or for a function nested in a method the
        # method around it, whose class (and `self`) it shares.
        anchor = target
        if target is not None:
            for outer in index.enclosing(target):
                if outer.kind in CLASS_KINDS:
                    cls = outer
                    siblings = [index.by_id[c] for c in outer.children if c in index.by_id]
                    break
                if outer.kind not in CALLABLE_KINDS:
                    break
                anchor = outer
        if not siblings and target is not None:
            siblings = [
                s for s in index.symbols[1:] if s.parent == index.module_id and s.kind in CALLABLE_KINDS
            ]
        # Neighbours say most about a new body (methods are grouped by purpose); the rest of the class or
        # module a little.
        pos = next((i for i, s in enumerate(siblings) if anchor is not None and s.id == anchor.id), 0)
        neighbours: list[SymbolNode] = []
        for i, s in enumerate(siblings):
            if target is not None and s.id == target.id:
                continue
            near = abs(i - pos) <= NEAR_SIBLINGS
            weight = NEAR_SIBLING if near else FAR_SIBLING
            if near:
                neighbours.extend([s, *descendants(index, s)])
            for d in [s, *descendants(index, s)]:
                for ref in d.refs:
                    scores[ref] += weight
        self_prefixes = tuple(f"{n}." for n in _self_names(index.language))
        for s in index.symbols:
            for ref in s.refs:
                if not ref.startswith(self_prefixes):
                    scores[ref] += IN_FILE
        # Names mentioned in the docstring and comments of the target.
        if target is not None:
            text = "\n".join(self.view.lines[n - 1] for n in sorted(self.window))
            for plain, member in _NAMES.findall(text):
                scores[plain] += MENTIONED
                if member:
                    scores[f"{plain}.{member}"] += MENTIONED
        return scores, cls, neighbours

    def _binding_scores(
        self, scores: Counter[str], cls: SymbolNode | None, neighbours: list[SymbolNode]
    ) -> dict[str, str]:
        """Scores of the names the file and the class bind (members, names sharing a word with the code
        being written, names waiting for their first use, members of imported classes); their reasons."""
        index, target = self.index, self.target
        about = self._about_words()
        reasons: dict[str, str] = {}
        if cls is not None:
            # The class's own state and methods (and those of its in-file bases) are what a new method
            # most often touches: fields first, they cost a line each.
            classes = [cls, *(b for b in self.resolver.bases(index, cls) if b.path == index.path)]
            for owner in classes:
                for child_id in owner.children:
                    child = index.by_id.get(child_id)
                    if child is None or child.id == (target.id if target else None):
                        continue
                    ref = f"self.{child.name}"
                    scores[ref] += CLASS_FIELD if child.kind is SymbolKind.FIELD else CLASS_MEMBER
                    shared = sorted(words(child.name) & about)
                    if shared:
                        # `update_screen` is written next to `update_screen_lines`, which it calls.
                        scores[ref] += SHARED_WORD * min(SHARED_WORDS, len(shared))
                        reasons[ref] = f"shares '{', '.join(shared[:2])}' with the code being written"
        # A name the file binds (a top-level definition, an import) that shares a word with the code being
        # written is likely what it is about.
        target_id = target.id if target is not None else None
        top = [s.name for s in index.symbols[1:] if s.parent == index.module_id and s.id != target_id]
        for name in {*top, *(imp.bound for imp in index.imports if imp.bound and imp.bound != "*")}:
            shared = sorted(words(name) & about)
            if shared:
                scores[name] += SHARED_WORD * min(SHARED_WORDS, len(shared))
                reasons[name] = f"shares '{', '.join(shared[:2])}' with the code being written"
        for name in self._waiting_names(cls):
            scores[name] += WAITING
        for guess in self._member_guesses(cls, neighbours, about):
            scores[guess.ref] += guess.score
            reasons[guess.ref] = guess.reason
        return reasons

    def _push_imports(self) -> None:
        """The file's own imports, a line each: what a new body reaches for first and the cheapest to show."""
        index = self.index
        module_imports = {
            imp.line
            for imp in index.imports
            if index.symbol_at(self.view.positions.line_start(imp.line)).kind is SymbolKind.MODULE
        }
        for line in sorted(module_imports):
            key = f"import:{index.path}:{line}"
            if key not in self.unit_keys:
                lines = self.view.statement_lines(line + 1)
                self._push(
                    _Unit(
                        key,
                        index.path,
                        "import",
                        "the file's imports",
                        None,
                        {"signature": lines, "full": lines},
                    )
                )

    def _take_ranked(self, scores: Counter[str], reasons: dict[str, str]) -> None:
        """Targets for the best-scored names the file can reach, until their headers would overfill."""
        index = self.index
        known_top = index.by_qualname
        bound = {imp.bound for imp in index.imports}
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        # Stop ranking once the headers taken would fill the budget twice over: the rest cannot fit.
        estimate = 0
        self_names = _self_names(index.language)
        for ref, _score in ranked:
            head = ref.partition(".")[0]
            if head not in self_names and head not in known_top and head not in bound:
                continue
            before = len(self.units)
            reason = reasons.get(ref, "likely needed by the new body")
            self._add_targets(ref, tier="predicted", reason=reason)
            for unit in self.units[before:]:
                view = self.view if unit.path == index.path else self._view_of(unit.path)
                if view is not None:
                    estimate += view.cost(unit.levels.get("signature", frozenset())) + HEADER_OVERHEAD
            if estimate > BUDGET_SPAN * self.budget:
                break

    def _about_words(self) -> set[str]:
        """What the code being written is about: the words of its header and of the summary line of its
        docstring (the rest of a docstring repeats the parameters at length); outside a function, of the
        enclosing scopes' headers."""
        view, target = self.view, self.target
        lines = (
            set(self.scope_lines) if target is None else view.header_lines(target) | view.doc_lines(target)
        )
        return words("\n".join(view.lines[n - 1] for n in sorted(lines)))

    def _member_guesses(
        self, cls: SymbolNode | None, neighbours: list[SymbolNode], about: set[str]
    ) -> list[MemberGuess]:
        """Members of imported classes the new body may reach through the class (see `members`)."""
        index, target = self.index, self.target
        here = "\n".join(self.view.lines[n - 1] for n in sorted(self.window | self.scope_lines))
        context = set(about)
        if cls is not None and len(cls.children) <= SMALL_CLASS:
            # The members of a small enclosing class say what it is about (`_styles`); a large one is
            # about everything.
            context |= words(" ".join(index.by_id[c].name for c in cls.children if c in index.by_id))
        skip = set() if target is None else {target.id, *(d.id for d in descendants(index, target))}
        return guess_members(self.resolver, index, here, context, neighbours, skip)

    def _waiting_names(self, cls: SymbolNode | None) -> list[str]:
        """Names the file binds but nothing in it uses yet: an import no code reads, a module-level variable
        or private definition never used, a field or private method of the enclosing class that no method
        touches (beyond binding it). Code is rarely written long before its first use, so these are
        waiting for the body to come. Public functions and methods are left out: they are the API, unused
        inside their own file by design."""
        index, target = self.index, self.target
        users: dict[str, set[str]] = {}
        for s in index.symbols:
            if target is not None and s.id == target.id:
                continue
            for ref in s.refs:
                users.setdefault(ref, set()).add(s.id)
                users.setdefault(ref.partition(".")[0], set()).add(s.id)
        waiting: list[str] = []
        for imp in index.imports:
            if imp.bound and imp.bound != "*" and imp.bound not in users:
                waiting.append(imp.bound)
        for s in index.symbols[1:]:
            own = s.parent == index.module_id and s.id != (target.id if target else None)
            if own and s.name not in users and _internal(s):
                waiting.append(s.name)
        if cls is not None:
            methods = [s for s in descendants(index, cls) if s.kind in CALLABLE_KINDS]
            for child_id in cls.children:
                child = index.by_id.get(child_id)
                if child is None or child.id == (target.id if target else None):
                    continue
                if not _internal(child):
                    continue
                # A field counts as unused when only the methods that bind it mention it.
                binders = {m.id for m in methods if m.start_byte <= child.start_byte < m.end_byte}
                if not (users.get(f"self.{child.name}", set()) - binders):
                    waiting.append(f"self.{child.name}")
        return waiting

    # -- fitting ----------------------------------------------------------------------------------------

    def _cost_of(self, lines: frozenset[int], path: str) -> int:
        shown = self.shown.get(path, set())
        new = [n for n in lines if n not in shown and not (path == self.index.path and n in self.window)]
        if not new:
            return 0
        view = self.view if path == self.index.path else self._view_of(path)
        assert view is not None
        # Each new run of lines splits a gap in two (one more marker), extends a shown block (none), or
        # closes the gap between two blocks (one fewer).
        fresh = set(new)
        gaps = 0
        for n in new:
            if n - 1 in fresh:
                continue
            end = n
            while end + 1 in fresh:
                end += 1
            gaps += 1 - (n - 1 in shown) - (end + 1 in shown)
        return view.cost(new) + gaps * self.packer.gap_cost + (12 if path not in self.shown else 0)

    def _take(self, unit: _Unit, level: Detail) -> bool:
        if level == "name":
            cost = self.packer.counter.count(unit.note) + 3
            lines: frozenset[int] = frozenset()
        else:
            lines = unit.levels.get(level, frozenset())
            cost = self._cost_of(lines, unit.path)
        if self.spent + cost > self.budget:
            return False
        self.spent += cost
        unit.chosen = level
        if lines:
            self.shown.setdefault(unit.path, set()).update(lines)
        return True

    def refit(self, budget: int) -> None:
        """Choose again, from scratch, as if the budget were `budget`."""
        self.budget = budget
        self.units = [u for u in self.units if u.kind != "outline"]
        self.unit_keys = {u.key for u in self.units}
        for unit in self.units:
            unit.chosen = None
        self.shown = {}
        self._fit()

    def _fit(self) -> None:
        view = self.view
        self.no_room = []
        self.spent = (view.cost(self.window | self.scope_lines) if self.show_window else 0) + 30
        self.shown[self.index.path] = set(self.scope_lines)
        # Every definition first at its header (what it is), then the best upgraded while budget lasts.
        for tier in ("definition", "import", "predicted"):
            for unit in self.units:
                if unit.kind == tier and unit.chosen is None:
                    self._take(unit, "signature")
        for unit in self.units:
            if unit.chosen is None and unit.kind == "definition" and not self._take(unit, "name"):
                self.no_room.append(f"{unit.note or unit.key}: no room")
        for unit in self.units:
            if unit.chosen is None and unit.kind in ("predicted", "import"):
                self.no_room.append(f"{unit.note or unit.key}: no room")
        # Upgrades, most important first: the full text when it takes at most half of what is left.
        # Predictions stay at their headers: breadth covers more of what a new body needs than depth.
        for tier in ("definition",):
            for unit in self.units:
                if unit.kind != tier or unit.chosen != "signature" or unit.symbol is None:
                    continue
                full_cost = self._cost_of(unit.levels["full"], unit.path)
                if full_cost <= (self.budget - self.spent) // 2 and self._try_upgrade(unit, "full"):
                    continue
                self._try_upgrade(unit, "skeleton")
        self._outline()

    def _try_upgrade(self, unit: _Unit, level: Detail) -> bool:
        lines = unit.levels.get(level, frozenset())
        cost = self._cost_of(lines, unit.path)
        if self.spent + cost > self.budget:
            return False
        self.spent += cost
        unit.chosen = level
        self.shown.setdefault(unit.path, set()).update(lines)
        return True

    def _outline(self) -> None:
        """While budget remains: the headers of the file's other definitions, nearest to the cursor first."""
        index, view = self.index, self.view
        others = [
            s
            for s in index.symbols[1:]
            if s.id not in self.unit_keys
            and s.kind is not SymbolKind.FIELD
            and s.kind not in (SymbolKind.VARIABLE,)
        ]
        others.sort(key=lambda s: (abs(s.start[0] + 1 - self.line), s.start[0]))
        for s in others[:200]:
            unit = _Unit(
                s.id, s.path, "outline", "the file's outline", s, {"signature": view.header_lines(s)}
            )
            if self._take(unit, "signature"):
                self._push(unit)
            elif self.spent > self.budget - 20:
                break

    def drop_one(self) -> bool:
        """Give back the least important piece (after the exact count overshot the estimate)."""
        for kind in ("outline", "predicted", "import", "definition"):
            for unit in reversed(self.units):
                if unit.kind == kind and unit.chosen is not None:
                    self._degrade(unit)
                    return True
        return False

    def _degrade(self, unit: _Unit) -> None:
        order = [lvl for lvl in _LEVELS if lvl in unit.levels or lvl == "name"]
        assert unit.chosen is not None
        i = order.index(unit.chosen) if unit.chosen in order else len(order) - 1
        unit.chosen = order[i + 1] if i + 1 < len(order) and unit.kind == "definition" else None
        self._recompute_shown()

    def _recompute_shown(self) -> None:
        self.shown = {self.index.path: set(self.scope_lines)}
        for unit in self.units:
            if unit.chosen and unit.chosen != "name":
                self.shown.setdefault(unit.path, set()).update(unit.levels[unit.chosen])

    def cut_window_to(self, budget: int) -> tuple[str, list[Section], int]:
        for unit in self.units:
            unit.chosen = None
        self._recompute_shown()
        lines = sorted(self.window)
        while lines:
            text, sections = self.render()
            tokens = self.packer.counter.count(text)
            if tokens <= budget:
                return text, sections, tokens
            # Keep the cursor line: cut from the far end.
            if self.line - lines[0] >= lines[-1] - self.line and lines[0] != self.line:
                lines.pop(0)
            elif lines[-1] != self.line:
                lines.pop()
            else:
                lines = []
            self.window = frozenset(lines)
            self.scope_lines = set()
            self.shown = {self.index.path: set()}
        return "", [], 0

    # -- rendering --------------------------------------------------------------------------------------

    def render(self) -> tuple[str, list[Section]]:
        sections: list[Section] = []
        blocks: list[str] = []
        index = self.index
        by_path: dict[str, list[_Unit]] = {}
        for unit in self.units:
            if unit.chosen is not None:
                by_path.setdefault(unit.path, []).append(unit)
        names: list[str] = []
        # Other files first (in the order they were first needed), then this file, then the window.
        paths = [p for p in by_path if p != index.path]
        for path in [*paths, index.path]:
            units = by_path.get(path, [])
            lines: set[int] = set()
            for unit in units:
                if unit.chosen == "name":
                    names.append(unit.note)
                    sections.append(self._section(unit, frozenset()))
                elif unit.chosen is not None:
                    chosen = unit.levels[unit.chosen]
                    if path == index.path:
                        chosen = chosen - self.window - self.scope_lines
                    if chosen:  # a definition already inside the window needs no section of its own
                        lines |= chosen
                        sections.append(self._section(unit, chosen))
            if not lines:
                continue
            view = self.view if path == index.path else self._view_of(path)
            if view is None:
                continue
            blocks.append(self._block(view, path, sorted(lines), f"{view.comment} file: {path}"))
        if names:
            blocks.append("\n".join(f"{self.view.comment} also defined: {n}" for n in names))
        window_lines = sorted(self.window | self.scope_lines)
        if window_lines and self.show_window:
            marker = "the body to write" if self.mode == "generate" else "the code being edited"
            title = f"{self.view.comment} file: {index.path} ({marker}, cursor at line {self.line})"
            blocks.append(self._block(self.view, index.path, window_lines, title))
            if self.scope_lines:
                sections.append(
                    Section(
                        "scope",
                        index.path,
                        min(self.scope_lines),
                        max(self.scope_lines),
                        None,
                        "signature",
                        frozenset(self.scope_lines),
                        "headers of the enclosing scopes",
                    )
                )
            sections.append(
                Section(
                    "window",
                    index.path,
                    min(self.window) if self.window else self.line,
                    max(self.window) if self.window else self.line,
                    self.target.id if self.target else None,
                    "lines",
                    frozenset(self.window),
                    self.window_reason,
                )
            )
        return "\n\n".join(blocks) + "\n", sections

    def _block(self, view: _FileView, path: str, lines: list[int], title: str) -> str:
        out = [title]
        prev = 0
        for n in lines:
            if n < 1 or n > len(view.lines):
                continue
            if (prev and n != prev + 1) or (not prev and n != 1):
                out.append(GAP)
            out.append(view.lines[n - 1])
            prev = n
        if prev and prev < len(view.lines):
            out.append(GAP)
        return "\n".join(out)

    def _section(self, unit: _Unit, lines: frozenset[int]) -> Section:
        detail: Detail = unit.chosen or "name"
        return Section(
            unit.kind,
            unit.path,
            min(lines) if lines else 0,
            max(lines) if lines else 0,
            unit.symbol.id if unit.symbol else None,
            detail,
            lines,
            unit.reason,
        )


def _internal(s: SymbolNode) -> bool:
    """A definition meant for use inside its own file: data, or a `_private` (not `__dunder__`) name."""
    if s.name.startswith("__") and s.name.endswith("__"):
        return False
    return s.name.startswith("_") or s.kind not in CALLABLE_KINDS | CLASS_KINDS


def _ancestor_ids(index: FileIndex, symbol: SymbolNode) -> set[str]:
    return {s.id for s in index.enclosing(symbol)}


def _keywords(language: str) -> frozenset[str]:
    spec = BY_NAME.get(language)
    return spec.keywords if spec is not None else frozenset()


def _self_names(language: str) -> frozenset[str]:
    spec = BY_NAME.get(language)
    return spec.self_names if spec is not None else frozenset()
