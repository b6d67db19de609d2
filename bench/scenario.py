"""The two scenarios (edit, generate): the document a packer sees, the cursor, and the scrub check.

In `edit` the document is the file itself and the cursor sits on the target's last statement. In
`generate` the target's body (after its docstring) is replaced by one indented empty line holding the
cursor; line numbers after it shift, so the scenario maps document lines back to source lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bench.oracle import Target

MODES = ("edit", "generate")


class ScrubViolation(AssertionError):
    """A line of the hidden body reached a packer's output: the generate numbers would be meaningless."""


@dataclass(frozen=True)
class Scenario:
    """What a packer is given for one target in one mode (lines 1-based, columns in UTF-8 bytes)."""

    mode: str
    target: Target
    text: str  # the document text handed to the packer
    line0: int  # 0-based cursor line in `text`
    col_byte: int
    hidden: tuple[str, ...]  # the hidden body lines (generate only)

    @property
    def cursor_line(self) -> int:
        """1-based cursor line in source (original file) coordinates."""
        return self.target.edit_line if self.mode == "edit" else self.target.body_start

    def to_source_line(self, doc_line: int) -> int | None:
        """The source line a 1-based document line shows; None for the generate placeholder line."""
        if self.mode == "edit" or doc_line < self.target.body_start:
            return doc_line
        if doc_line == self.target.body_start:
            return None
        return doc_line + self.target.end_line - self.target.body_start

    def to_doc_line(self, source_line: int) -> int | None:
        """The document line showing a 1-based source line; None for hidden lines."""
        t = self.target
        if self.mode == "edit" or source_line < t.body_start:
            return source_line
        if source_line <= t.end_line:
            return None
        return source_line - t.end_line + t.body_start


def build(mode: str, target: Target, source: str) -> Scenario:
    """The scenario for `target` in `source` (the file's full text)."""
    if mode == "edit":
        return Scenario(mode, target, source, target.edit_line - 1, target.edit_col, ())
    if mode != "generate":
        raise ValueError(f"unknown mode {mode!r} (expected one of {MODES})")
    lines = source.splitlines(keepends=True)
    hidden = lines[target.body_start - 1 : target.end_line]
    text = "".join([*lines[: target.body_start - 1], target.body_indent + "\n", *lines[target.end_line :]])
    return Scenario(
        mode, target, text, target.body_start - 1, len(target.body_indent.encode()), tuple(hidden)
    )


def _significant(line: str) -> str | None:
    """The stripped line when it is distinctive enough to prove a leak (not `pass`, `)`, `else:`...)."""
    s = line.strip()
    if len(s) < 6 or not any(c.isalnum() for c in s):
        return None
    return s


class LinePool:
    """The stripped lines of every workspace file, to tell which hidden lines exist elsewhere."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._files: dict[str, frozenset[str]] = {
            path: frozenset(line.strip() for line in text.splitlines()) for path, text in texts.items()
        }
        self._count: Counter[str] = Counter()
        for lines in self._files.values():
            self._count.update(lines)

    def elsewhere(self, line: str, excluding: str) -> bool:
        """Whether the stripped `line` occurs in a file other than `excluding`."""
        n = self._count.get(line, 0)
        return n - (1 if line in self._files.get(excluding, frozenset()) else 0) > 0


def scrub_violations(
    hidden: Iterable[str], document: str, output: str, elsewhere: Callable[[str], bool] = lambda s: False
) -> list[str]:
    """Hidden lines that appear as a line of `output` yet nowhere the packer may legitimately show.

    A hidden line that also occurs in the scrubbed `document` or (per `elsewhere`) in another workspace
    file may appear, so only lines that exist nowhere else prove a leak.
    """
    candidates = {s for line in hidden if (s := _significant(line)) is not None}
    candidates -= {line.strip() for line in document.splitlines()}
    candidates = {c for c in candidates if not elsewhere(c)}
    shown = {line.strip() for line in output.splitlines()}
    return sorted(candidates & shown)


def check_scrub(scenario: Scenario, pool: LinePool | None, output: str, packer: str) -> None:
    """Abort loudly when a packer's output holds a line of the hidden body."""
    if scenario.mode != "generate":
        return
    path = scenario.target.path

    def elsewhere(line: str) -> bool:
        return pool is not None and pool.elsewhere(line, excluding=path)

    leaked = scrub_violations(scenario.hidden, scenario.text, output, elsewhere)
    if leaked:
        t = scenario.target
        raise ScrubViolation(
            f"{packer} leaked {len(leaked)} hidden line(s) of {t.path}:{t.def_line} {t.qualname}: {leaked[:3]}"
        )
