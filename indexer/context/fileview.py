"""One file as the packer sees it: its lines, their token costs, and the lines of a definition at each level
of detail (full, skeleton, header, docstring)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Container, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar, overload

from .. import retired
from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..positions import LineIndex
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from .tokens import Tokenizer

if TYPE_CHECKING:
    from ..workspace import Memory


_T = TypeVar("_T")

# What the outline never lists: a field or a variable is shown where its class or its use is.
_NOT_OUTLINED = frozenset({SymbolKind.FIELD, SymbolKind.VARIABLE})


class Lines(Sequence[str]):
    """A text's lines (split at "\n", the "\n" left out), each decoded when read: a packing reads a few
    hundred lines of a file that may have 270,000, and decoding and splitting all of them on every edit
    cost more than the packing itself (a line break is never inside a UTF-8 sequence, so a line decodes
    alone as it does in the whole)."""

    def __init__(self, raw: bytes, positions: LineIndex) -> None:
        self.raw = raw
        self.positions = positions
        self._count = positions.line_count
        self._decoded: dict[int, str] = {}  # the lines read so far (the stages read the same ones again)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self._line(n) for n in range(*i.indices(self._count))]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError(i)
        return self._line(i)

    def _line(self, n: int) -> str:
        found = self._decoded.get(n)
        if found is None:
            start = self.positions.line_start(n)
            end = self.positions.line_start(n + 1) - 1 if n + 1 < self._count else len(self.raw)
            found = self._decoded[n] = self.raw[start:end].decode("utf-8", "replace")
        return found


class FileView:
    """The lines of one file, their token costs (counted lazily) and header extents."""

    def __init__(self, memory: Memory, index: FileIndex, counter: Tokenizer, costs: dict[str, int]) -> None:
        self.index = index
        doc = memory.document(index.path)
        if doc is not None and doc.index is index:
            # The editor's buffer: its line index is kept up to date edit by edit, never rebuilt.
            raw, self.positions = doc.text, doc.lines
        else:
            raw = memory.text(index.path) or b""
            self.positions = LineIndex(raw)
        self.lines = Lines(raw, self.positions)
        self.raw = raw
        self._counter = counter
        self._costs: dict[int, int] = {}
        self._by_text = costs
        # Header extents read on the views of this version (`_headers_of`: the idle pass's packer and a request's
        # each have a view of the edited text), and those carried from the view before an edit (`_carry_headers`).
        self._headers = _headers_of(index)
        self._carried, self._carried_from = _carried_of(index)
        spec = BY_NAME.get(index.language)
        self.comment = "#" if spec is not None and spec.doc_style == "docstring" else "//"

    def carry_from(self, old: FileView, change: tuple[int, int, int] | None = None) -> None:
        """Take the decoded lines and line costs of the file's view before an edit (`old`) for the lines the
        edit left as they were: those wholly before the first changed byte keep their numbers, those wholly
        after the last one shift by the lines it added. A keystroke then costs the lines it touched, not a
        decoding and a count lookup of every line the packing reads again."""
        before, after = old.raw, self.raw
        if (
            change is not None
            and len(before) - change[1] == len(after) - change[2] >= 0
            and change[0] <= change[1]
        ):
            # The edit between the two versions, as the document made it (`Document.change`): at most the bytes
            # that differ, so no line it leaves out is kept wrongly.
            head, tail = change[0], len(before) - change[1]
        else:
            head = _same_head(before, after)
            tail = _same_tail(before, after, min(len(before), len(after)) - head)
        # Lines below `kept_above` end (their line break included) before the first changed byte; lines from
        # `kept_below` on start after the last one, their line break before them unchanged too.
        kept_above = old.positions.point(head)[0]
        kept_below = old.positions.point(len(before) - tail)[0] + 1
        shift = self.positions.line_count - old.positions.line_count
        self.lines._decoded = _kept(old.lines._decoded, kept_above, kept_below, shift, 0, len(old.lines))
        self._costs = _kept(
            old._costs, kept_above + 1, kept_below + 1, shift, 1, len(old.lines) + 1
        )  # 1-based
        self._carry_headers(old, head, len(before) - tail, len(after) - len(before), shift)

    def _carry_headers(self, old: FileView, head: int, tail_start: int, delta: int, shift: int) -> None:
        """Take the old view's header extents of the definitions wholly before byte `head` or from byte
        `tail_start` on (old offsets): their text is the same, so are their header's lines (those after the
        edit `shift` lines down, their start `delta` bytes on). Read again for each packing's candidates (a
        class's skeleton reads every member's), they cost ~0.5 ms a first request after an edit. Only those
        read on the old view are taken (not all those it carried): a walk over every extent read since the file
        was opened grew to ~2,000 entries and 5-10 ms an edit of sqlite3.c, where a packing reads 50-300."""
        if id(old.index) in self._carried_from:
            return  # carried from that version by another packer's view of this one (the idle pass's)
        self._carried_from.add(id(old.index))
        was, now = old.index.by_id, self.index.by_id
        carried = self._carried
        for (sid, start), lines in old._headers.items():
            symbol = was.get(sid)
            same = now.get(sid)
            if symbol is None or same is None or symbol.start_byte != start:
                continue
            if symbol.end_byte < head:
                moved, by = 0, 0
            elif start >= tail_start:
                moved, by = delta, shift
            else:
                continue
            # The same definition read from the new text: the same extent and body (an edit next to it can
            # join it to an error and end it elsewhere).
            if (
                same.start_byte == start + moved
                and same.end_byte == symbol.end_byte + moved
                and same.body_start_byte == symbol.body_start_byte + moved
                and same.name_start[0] == symbol.name_start[0] + by
            ):
                carried[(sid, start + moved)] = frozenset(n + by for n in lines) if by else lines

    def follow_buffer(self, memory: Memory) -> None:
        """Read the editor's buffer object when it holds this very text again (a file edited and then
        restored to a text seen before gets a new buffer of the same content): whoever holds the view's text
        is then handed the buffer itself, and `FunctionScope.at_byte` tells it is the buffer's by identity,
        not by comparing every byte (0.7 ms a call on sqlite3.c's 9.3 MB, dozens of calls a packing)."""
        doc = memory.document(self.index.path)
        if doc is not None and doc.index.content_hash == self.index.content_hash and doc.text is not self.raw:
            self.raw = self.lines.raw = doc.text
            self.positions = self.lines.positions = doc.lines

    def grow_around(self, line: int, first: int, last: int, allowance: int) -> tuple[int, int]:
        """The lines `lo`..`hi` around `line` within `first`..`last` that `allowance` tokens hold, grown
        three above for every one below (code above the cursor says more about it than code below)."""
        lo = hi = line
        spent = self.cost([line])
        grew = True
        while grew:
            grew = False
            for _ in range(3):
                if lo > first and spent + self.cost([lo - 1]) <= allowance:
                    lo -= 1
                    spent += self.cost([lo])
                    grew = True
            if hi < last and spent + self.cost([hi + 1]) <= allowance:
                hi += 1
                spent += self.cost([hi])
                grew = True
        return lo, hi

    def cost(self, lines: Iterable[int]) -> int:
        # Asked ~400 times a packing (each candidate's header as it is ranked, each level tried as it is
        # fitted), mostly of lines already counted: those are summed from the kept costs alone.
        costs = self._costs
        total = 0
        for n in lines:
            c = costs.get(n)
            total += self._line_cost(n) if c is None else c
        return total

    def _line_cost(self, n: int) -> int:
        text = (self.lines[n - 1] if 0 < n <= len(self.lines) else "") + "\n"
        c = self._by_text.get(text)
        if c is None:
            c = self._by_text[text] = self._counter.count(text)
        self._costs[n] = c
        return c

    def fits(self, lines: Iterable[int], allowance: int) -> bool:
        """Whether `lines` cost at most `allowance`, counting only until they do not: a function of
        thousands of lines is ruled out by its first few hundred."""
        total = 0
        for n in lines:
            total += self.cost((n,))
            if total > allowance:
                return False
        return True

    def line_of(self, byte: int) -> int:
        """1-based line of a byte offset."""
        return self.positions.point(byte)[0] + 1

    def header_lines(self, s: SymbolNode) -> frozenset[int]:
        """The lines of a definition's header (decorators included), up to where its body starts. Kept per
        definition: a class's skeleton asks for each member's, and each packing asks again."""
        key = (s.id, s.start_byte)
        found = self._headers.get(key)
        if found is None:
            found = self._carried.get(key)
            found = self._headers[key] = self._header_lines(s) if found is None else found
        return found

    def _header_lines(self, s: SymbolNode) -> frozenset[int]:
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
        lines = set(range(first, max(first, last) + 1))
        # `typedef struct { ... } Name;`: the name comes last, and a header without it names nothing.
        lines.add(max(first, s.name_start[0] + 1))
        return frozenset(lines)

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

    def outline_nearest(self, line: int, count: int, taken: Container[str]) -> list[SymbolNode]:
        """Up to `count` of the file's definitions for its outline (not fields or variables, not `taken` by
        id), nearest to 1-based `line` by their first line (ties: the earlier line, then document order),
        as sorting all of them so would give them. Read outward from `line` over a list kept per text: a
        large file has tens of thousands, most of them variables in some (`export const` in TypeScript)."""
        symbols, rows = _outlined(self.index)
        row = line - 1
        # The rows never decrease (document order): those before `right` start above `line`.
        right = bisect_left(rows, row)
        left = right - 1
        out: list[SymbolNode] = []
        while len(out) < count and (left >= 0 or right < len(rows)):
            if left >= 0 and (right >= len(rows) or row - rows[left] <= rows[right] - row):
                # All the definitions starting on that row above tie: they come in document order.
                first = left
                while first > 0 and rows[first - 1] == rows[left]:
                    first -= 1
                out.extend(s for s in symbols[first : left + 1] if s.id not in taken)
                left = first - 1
            else:
                if symbols[right].id not in taken:
                    out.append(symbols[right])
                right += 1
        return out[:count]

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


class FileViews:
    """The views of the files one memory's packings read, kept between packings while their text is the
    same (the `kept` files read last), and the token costs of the lines they counted, by text: an edit gives
    a file a new view, whose lines but the edited ones cost what they did."""

    def __init__(self, memory: Memory, counter: Tokenizer, kept_costs: int = 200_000, kept: int = 64) -> None:
        self.memory = memory
        self.counter = counter
        self._views: dict[tuple[str, str], FileView] = {}  # least recently read first
        self._costs: dict[str, int] = {}
        self._kept_costs = kept_costs
        self._kept = kept

    def of(self, index: FileIndex) -> FileView:
        key = (index.path, index.content_hash)
        found = self._views.pop(key, None)
        if found is not None:
            found.follow_buffer(self.memory)
            self._views[key] = found
            return found
        # The views of the file's earlier texts go as soon as it has a new one, and past `kept` files the
        # least recently read goes, one at a time: a view per keystroke used to pile up until all 65 were
        # freed at once, 30-50 ms of one completion request on the standard library's largest files.
        # Each is freed at the next idle moment (`retired.drop`): the last view of an edited file holds the line
        # index of the text before the edit, some 3 ms of freeing in sqlite3.c.
        stale = [k for k in self._views if k[0] == index.path]
        last = self._views[stale[-1]] if stale else None
        for gone in stale:
            retired.drop(self._views.pop(gone))
        while len(self._views) >= self._kept:
            retired.drop(self._views.pop(next(iter(self._views))))
        if len(self._costs) > self._kept_costs:
            self._costs.clear()
        found = self._views[key] = FileView(self.memory, index, self.counter, self._costs)
        if last is not None:
            doc = self.memory.document(index.path)
            found.carry_from(last, None if doc is None else doc.change(last.index, index))
        return found


@per_version
def _headers_of(index: FileIndex) -> dict[tuple[str, int], frozenset[int]]:
    """The header extents (`FileView.header_lines`) read so far on any view of this version, filled as they are read.
    A packing reads a few hundred (each candidate's as it is ranked), ~1-2 ms in sqlite3.c; the request after the
    idle pass where the cursor arrived reads those the pass read."""
    return {}


@per_version
def _carried_of(index: FileIndex) -> tuple[dict[tuple[str, int], frozenset[int]], set[int]]:
    """The header extents carried to this version from the versions before an edit (`FileView._carry_headers`), and
    the ids of those versions: the views of two packers (the idle pass's, the request's) carry them once. Only a
    cache: an id reused by another version at worst leaves extents to read again."""
    return {}, set()


@per_version
def _outlined(index: FileIndex) -> tuple[tuple[SymbolNode, ...], list[int]]:
    """The definitions an outline may list, in document order, and their first rows (0-based). Per version, not
    per view: each packer has its views (the idle pass's and a request's), and a pass over sqlite3.c's 90,000
    symbols was ~2-3 ms of the first packing on each view of an edited text."""
    outlined = tuple(s for s in index.symbols[1:] if s.kind not in _NOT_OUTLINED)
    return outlined, [s.start[0] for s in outlined]


def _kept(old: dict[int, _T], first: int, end: int, shift: int, lo: int, hi: int) -> dict[int, _T]:
    """`old` (values by line number) for the lines an edit left alone: less the lines `first` to `end` - 1,
    those from `end` on moved `shift` lines, none outside `lo` to `hi` - 1. Where no line moved (a keystroke,
    a line changed in place) the dictionary is copied and the edited lines taken out of it: a loop over every
    line read since the file was opened cost ~1 ms at each edit of a large file. (A number outside the text
    is then kept, and means what it did: the text has as many lines.)"""
    if shift == 0 and end - first < len(old):
        kept = old.copy()
        for n in range(first, end):
            kept.pop(n, None)
        return kept
    return {
        (n if n < first else n + shift): value for n, value in old.items() if lo <= n < first or end <= n < hi
    }


def _same_head(before: bytes, after: bytes) -> int:
    """How many bytes the two texts start with alike: halving the unknown stretch, each half compared in
    C (a 700 KB file in a fifth of a millisecond, the stretches shrinking as they are compared)."""
    lo, hi = 0, min(len(before), len(after))
    view = memoryview(after)  # compared without copying the halves
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if before.startswith(view[lo:mid], lo):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _same_tail(before: bytes, after: bytes, most: int) -> int:
    """How many bytes (at most `most`) the two texts end with alike, as `_same_head` finds it."""
    lo, hi = 0, most
    view = memoryview(after)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if before.endswith(view[len(after) - mid : len(after) - lo], 0, len(before) - lo):
            lo = mid
        else:
            hi = mid - 1
    return lo
