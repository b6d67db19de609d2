"""What a cold or warm index of a workspace did, as the memory reports it to the CLI and the editor."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IndexReport:
    """What a cold or warm index did."""

    files: int = 0
    parsed: int = 0
    reused: int = 0
    removed: int = 0
    symbols_by_language: dict[str, int] = field(default_factory=dict)
    files_by_language: dict[str, int] = field(default_factory=dict)
    references_by_language: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    store_bytes: int = 0
    cancelled: bool = False
    store_rebuilt_because: str | None = None
