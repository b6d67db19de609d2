"""Edit values every action returns, and the text surgery behind them: apply, diff, splice a symbol.

An action never writes a user's file. It returns a `ProposedEdit`: byte-range `TextEdit`s against the exact
text it read (identified by `before_hash` and the editor's `version`), which the LSP adapter turns into a
versioned `WorkspaceEdit` and the command line writes only under `--apply`. Offsets are UTF-8 bytes, the
indexer's unit; converting them for a client happens in the adapter.

`replace_range` / `replace_symbol` splice code a model wrote for one symbol into the file at the symbol's
syntax-node range, re-indenting it: models return a method either at column 0 or at its original depth,
and the splice must look the same either way.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from archmem.indexer.languages import LanguageSpec
from archmem.indexer.symbols import SymbolNode
from archmem.server.checks import Diagnostic


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace bytes [start_byte, end_byte) of the original text by `new_text` (an insertion when empty)."""

    start_byte: int
    end_byte: int
    new_text: str

    def __post_init__(self) -> None:
        if self.start_byte < 0 or self.end_byte < self.start_byte:
            raise ValueError(f"invalid edit range [{self.start_byte}, {self.end_byte})")


@dataclass(frozen=True, slots=True)
class ProposedEdit:
    """An edit an action offers for one file, never applied by the action itself.

    `version` is the editor's document version the edit was computed from (None for a file read from disk);
    `before_hash` is `text_hash` of that text. `title` is what a menu shows, `summary` says what was verified
    ("3 diagnostics → 0, no new ones, 2 rounds"), `detail` is the longer account (one line per fixed or
    remaining problem) for a change annotation's description or the command line. `verified` is False only
    for a best attempt the user asked to see anyway; its title says so. `remaining` lists the diagnostics
    the edit leaves in place (the command line's exit code reads it).
    """

    path: str
    version: int | None
    before_hash: str
    edits: tuple[TextEdit, ...]
    title: str
    summary: str
    verified: bool
    rounds: int
    detail: str
    remaining: tuple[Diagnostic, ...] = ()

    def is_stale(self, current_version: int | None, current_text: bytes | None = None) -> bool:
        """True when the document is no longer the text this edit was computed from.

        Compares versions when both are known, and the text's hash when `current_text` is given; either
        mismatch makes the edit stale (applying it would corrupt the newer text).
        """
        if self.version is not None and current_version is not None and current_version != self.version:
            return True
        return current_text is not None and text_hash(current_text) != self.before_hash

    def apply(self, text: bytes) -> bytes:
        """The text after this edit; refuses (ValueError) a text other than the one it was made for."""
        if text_hash(text) != self.before_hash:
            raise ValueError(f"{self.path} changed since the edit was computed; compute it again")
        return apply_edits(text, self.edits)


def text_hash(text: bytes) -> str:
    """The identity of a text, as the memory's FileIndex.content_hash computes it."""
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def apply_edits(text: bytes, edits: Sequence[TextEdit]) -> bytes:
    """`text` with every edit applied; offsets are all relative to `text`.

    Edits must not overlap (two insertions at one offset are applied in the order given). Raises
    ValueError for an edit outside the text or overlapping another.
    """
    ordered = sorted(enumerate(edits), key=lambda item: (item[1].start_byte, item[1].end_byte, item[0]))
    pieces: list[bytes] = []
    cursor = 0
    for _, edit in ordered:
        if edit.end_byte > len(text):
            raise ValueError(
                f"edit [{edit.start_byte}, {edit.end_byte}) lies outside the text ({len(text)} bytes)"
            )
        if edit.start_byte < cursor:
            raise ValueError(f"edits overlap at byte {edit.start_byte}")
        pieces.append(text[cursor : edit.start_byte])
        pieces.append(edit.new_text.encode("utf-8"))
        cursor = edit.end_byte
    pieces.append(text[cursor:])
    return b"".join(pieces)


def edit_between(before: bytes, after: bytes) -> TextEdit | None:
    """The one edit turning `before` into `after` (common prefix and suffix kept), None when equal."""
    if before == after:
        return None
    limit = min(len(before), len(after))
    start = 0
    while start < limit and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]:
        end_before -= 1
        end_after -= 1
    # Never cut a UTF-8 character in half: widen to character boundaries.
    while 0 < start < len(before) and (before[start] & 0xC0) == 0x80:
        start -= 1
    while end_before < len(before) and (before[end_before] & 0xC0) == 0x80:
        end_before += 1
        end_after += 1
    return TextEdit(start, end_before, after[start:end_after].decode("utf-8", "replace"))


def unified_diff(path: str, before: bytes, after: bytes, *, context: int = 3) -> str:
    """A unified diff (a/path, b/path) that `patch -p1` and `git apply` accept; empty when equal."""
    old = before.decode("utf-8", "replace").splitlines(keepends=True)
    new = after.decode("utf-8", "replace").splitlines(keepends=True)
    lines: list[str] = []
    for line in difflib.unified_diff(old, new, f"a/{path}", f"b/{path}", n=context):
        if line.endswith("\n"):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def line_indent(text: bytes, offset: int) -> str:
    """The whitespace that starts the line holding `offset`, up to `offset` (empty if code precedes it)."""
    line_start = text.rfind(b"\n", 0, offset) + 1
    prefix = text[line_start:offset]
    return prefix.decode("utf-8", "replace") if not prefix.strip() else ""


def reindent(code: str, indent: str) -> str:
    """`code` moved to `indent`: its first line's indentation is removed from every line, then `indent` is
    put before every non-blank line but the first (which follows the indentation already in the file).

    Lines indented less than the first line lose what they have. Tabs in `indent` turn the code's space
    indentation into tabs, one per indentation step the code uses.
    """
    lines = code.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return ""
    base = len(lines[0]) - len(lines[0].lstrip(" \t"))
    step = _indent_step(lines) if "\t" in indent else 0
    out: list[str] = []
    for number, line in enumerate(lines):
        if not line.strip():
            out.append("")
            continue
        leading = len(line) - len(line.lstrip(" \t"))
        body = line[min(base, leading) :]
        if step:
            spaces = len(body) - len(body.lstrip(" "))
            body = "\t" * (spaces // step) + " " * (spaces % step) + body[spaces:]
        out.append(body if number == 0 else indent + body)
    return "\n".join(out)


def _indent_step(lines: Sequence[str]) -> int:
    widths = sorted({len(line) - len(line.lstrip(" ")) for line in lines if line.strip()})
    steps = [b - a for a, b in itertools.pairwise(widths)]
    return min(steps) if steps else 4


def replace_range(text: bytes, start_byte: int, end_byte: int, new_code: str) -> TextEdit:
    """The edit replacing bytes [start_byte, end_byte) by `new_code` re-indented to where the range starts.

    `start_byte` is expected at the first token of the range (after its line's indentation), as
    syntax-node ranges are; the range's own trailing line break, if any, is kept.
    """
    indent = line_indent(text, start_byte)
    replacement = reindent(new_code, indent)
    if text[start_byte:end_byte].endswith(b"\n") and replacement:
        replacement += "\n"
    return TextEdit(start_byte, end_byte, replacement)


def replace_symbol(text: bytes, symbol: SymbolNode, new_code: str) -> TextEdit:
    """The edit replacing `symbol` (decorators included, as its syntax-node range is) by `new_code`.

    A definition can sit behind words its node does not cover (`export function f`, `export default
    class C`): a model rewriting it repeats them, and they must not be doubled."""
    line_start = text.rfind(b"\n", 0, symbol.start_byte) + 1
    before = text[line_start : symbol.start_byte].decode("utf-8", "replace").strip()
    if before:
        code = new_code.lstrip()
        if code.startswith(before) and code[len(before) : len(before) + 1].isspace():
            new_code = code[len(before) :].lstrip()
    return replace_range(text, symbol.start_byte, symbol.end_byte, new_code)


def diff_edits(before: bytes, after: bytes) -> tuple[TextEdit, ...]:
    """Small edits turning `before` into `after`: one per changed run of lines, so an editor moves no
    more text than changed (and a guard can tell which parts of the file an edit touched)."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    old_starts = [0]
    for line in old:
        old_starts.append(old_starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    edits: list[TextEdit] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old_piece = before[old_starts[i1] : old_starts[i2]]
        new_piece = b"".join(new[j1:j2])
        single = edit_between(old_piece, new_piece)
        if single is not None:
            base = old_starts[i1]
            edits.append(TextEdit(base + single.start_byte, base + single.end_byte, single.new_text))
    return tuple(edits)


def add_import(spec: LanguageSpec, text: bytes, statement: str) -> TextEdit | None:
    """The edit adding one import statement to the file's imports where its language places them (Python's:
    `PythonSpec.import_edit`), None when the file has it already or the language places none."""
    placed = spec.import_edit(text, statement)
    return None if placed is None else TextEdit(*placed)
