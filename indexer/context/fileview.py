"""One file as the packer sees it: its lines, their token costs, and the lines of a definition at each level
of detail (full, skeleton, header, docstring)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..positions import LineIndex
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from .tokens import Tokenizer

if TYPE_CHECKING:
    from ..workspace import Memory


class FileView:
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


class FileViews:
    """The views of the files one memory's packings read, kept between packings while their text is the
    same (a few dozen at most)."""

    def __init__(self, memory: Memory, counter: Tokenizer) -> None:
        self.memory = memory
        self.counter = counter
        self._views: dict[tuple[str, str], FileView] = {}

    def of(self, index: FileIndex) -> FileView:
        key = (index.path, index.content_hash)
        found = self._views.get(key)
        if found is None:
            if len(self._views) > 64:
                self._views.clear()
            found = self._views[key] = FileView(self.memory, index, self.counter)
        return found
