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
class BytePosition:
    """A point in a text: 0-based line, UTF-8 byte column (not LSP's `Position`, whose columns count the
    negotiated encoding's units)."""

    line: int
    col: int

    def __post_init__(self) -> None:
        if self.line < 0 or self.col < 0:
            raise ValueError(f"position must not be negative: line {self.line}, col {self.col}")


@dataclass(frozen=True, slots=True)
class RelatedInformation:
    """Another place that explains a diagnostic (a note, the first definition, the opening bracket)."""

    path: str
    start: BytePosition
    end: BytePosition
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

    start: BytePosition
    end: BytePosition
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


def diagnostic_to_data(diagnostic: Diagnostic) -> dict[str, object]:
    """A diagnostic as JSON-able data (positions: 0-based line, UTF-8 byte column)."""
    return {
        "start": [diagnostic.start.line, diagnostic.start.col],
        "end": [diagnostic.end.line, diagnostic.end.col],
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "source": diagnostic.source,
        "code": diagnostic.code,
        "data": {k: list(v) if isinstance(v, tuple) else v for k, v in diagnostic.data.items()},
        "related": [
            {
                "path": r.path,
                "start": [r.start.line, r.start.col],
                "end": [r.end.line, r.end.col],
                "message": r.message,
            }
            for r in diagnostic.related
        ],
    }


def diagnostic_from_data(raw: object, where: str = "diagnostic") -> Diagnostic:
    """The diagnostic `diagnostic_to_data` produced; ValueError naming the bad field otherwise."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be an object")
    message, source, code = raw.get("message"), raw.get("source"), raw.get("code")
    if not isinstance(message, str) or not isinstance(source, str):
        raise ValueError(f"{where} needs 'message' and 'source', strings")
    if code is not None and not isinstance(code, str):
        raise ValueError(f"{where}.code must be a string or null")
    try:
        severity = Severity(raw.get("severity", "error"))
    except ValueError:
        raise ValueError(f"{where}.severity must be one of {', '.join(s.value for s in Severity)}") from None
    data_raw = raw.get("data", {})
    if not isinstance(data_raw, Mapping):
        raise ValueError(f"{where}.data must be an object")
    data: dict[str, DataValue] = {}
    for key, value in data_raw.items():
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            data[str(key)] = tuple(value)
        elif isinstance(value, str | int | bool):
            data[str(key)] = value
        else:
            raise ValueError(f"{where}.data.{key} must be a string, number, boolean or list of strings")
    related_raw = raw.get("related", [])
    if not isinstance(related_raw, list):
        raise ValueError(f"{where}.related must be a list")
    related = []
    for index, item in enumerate(related_raw):
        if (
            not isinstance(item, Mapping)
            or not isinstance(item.get("path"), str)
            or not isinstance(item.get("message"), str)
        ):
            raise ValueError(f"{where}.related[{index}] needs 'path' and 'message', strings")
        related.append(
            RelatedInformation(
                str(item["path"]),
                _position(item.get("start"), f"{where}.related[{index}].start"),
                _position(item.get("end"), f"{where}.related[{index}].end"),
                str(item["message"]),
            )
        )
    start = _position(raw.get("start"), f"{where}.start")
    end = _position(raw.get("end"), f"{where}.end")
    if end < start:
        raise ValueError(f"{where} ends before it starts")
    return Diagnostic(start, end, severity, message, source, code, data, tuple(related))


def _position(raw: object, where: str) -> BytePosition:
    if (
        not isinstance(raw, list | tuple)
        or len(raw) != 2
        or not all(isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in raw)
    ):
        raise ValueError(f"{where} must be [line, column], two whole numbers from 0")
    return BytePosition(int(raw[0]), int(raw[1]))
