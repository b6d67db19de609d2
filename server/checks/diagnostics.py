"""The diagnostic value every checker produces and every consumer reads.

Positions follow the project convention: lines are 0-based and columns are UTF-8 byte offsets within the
line (tree-sitter's points). Checkers that count columns another way are converted before a `Diagnostic`
is built (see `positions.py`), so nothing downstream has to know which tool reported what.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Values a fixer can read back without parsing the message (names, tokens, line numbers).
DataValue = str | int | bool | tuple[str, ...]


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFORMATION = "information"
    HINT = "hint"


@dataclass(frozen=True, order=True, slots=True)
class Position:
    """A point in a text: 0-based line, UTF-8 byte column."""

    line: int
    col: int

    def __post_init__(self) -> None:
        if self.line < 0 or self.col < 0:
            raise ValueError(f"position must not be negative: line {self.line}, col {self.col}")


@dataclass(frozen=True, slots=True)
class RelatedInformation:
    """Another place that explains a diagnostic (a note, the first definition, the opening bracket)."""

    path: str
    start: Position
    end: Position
    message: str


def _freeze(data: Mapping[str, DataValue]) -> Mapping[str, DataValue]:
    return MappingProxyType(dict(data))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in one text.

    `source` names the checker ("archmem.syntax", "archmem.pyflakes", "pyright", ...); `code` is the
    checker's stable identifier for the kind of problem (None when the checker has none); `data` holds
    facts a fixer needs ({"name": "os"}, {"missing": ":"}) so nobody has to parse `message`.
    """

    start: Position
    end: Position
    severity: Severity
    message: str
    source: str
    code: str | None = None
    # Not part of the hash: a mapping proxy is unhashable, and equal diagnostics differ in data rarely
    # enough that hashing on the other fields is still selective.
    data: Mapping[str, DataValue] = field(default_factory=dict, hash=False)
    related: tuple[RelatedInformation, ...] = ()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"diagnostic ends before it starts: {self.start} > {self.end}")
        object.__setattr__(self, "data", _freeze(self.data))


@dataclass(frozen=True, slots=True)
class CheckerResult:
    """What one checker run produced: diagnostics for the checked file, or why it could not run.

    `ok` is False when the checker did not run or its output could not be read; `error` then says why in
    words a user can act on. A checker that ran and found problems is ok.
    """

    name: str
    ok: bool
    diagnostics: tuple[Diagnostic, ...] = ()
    error: str | None = None
