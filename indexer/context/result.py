"""What a packing returns: the packed text and the ledger of what went in, how, and what was left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["edit", "generate"]
Detail = Literal["full", "skeleton", "signature", "line", "name", "lines"]

# The marker standing for lines left out between two shown ones: "…" on its own line is one cl100k token with its
# newline, where "⋮" was four: ts8 counted ~380 tokens of "⋮" lines in a 2,048-token TypeScript generate prompt.
GAP = "…"


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
