"""The offline provider's syntax rules: a missing colon, bracket or quote that the parser pinpoints is
inserted where it says or at the end of the line, a block's `}` first where the indentation says the
block ends; for Python, CPython's own parser ranks the candidates."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

from archmem.server.actions.edits import TextEdit, apply_edits
from archmem.server.actions.fix_types import Candidate
from archmem.server.checks import Diagnostic

_CLOSER_RUN = re.compile(rb"[)\]}:,]*\s*$")


def byte_offset(text: bytes, line: int, col: int) -> int:
    start = 0
    for _ in range(line):
        found = text.find(b"\n", start)
        if found == -1:
            return len(text)
        start = found + 1
    end = text.find(b"\n", start)
    end = len(text) if end == -1 else end
    return min(start + col, end)


def syntax_candidates(text: bytes, diagnostic: Diagnostic) -> Iterator[Candidate]:
    missing = diagnostic.data.get("missing")
    if not isinstance(missing, str):
        return
    at = byte_offset(text, diagnostic.start.line, diagnostic.start.col)
    if missing == "}" and diagnostic.code in ("missing-token", "unclosed-bracket"):
        yield from _closing_lines(text)
    if diagnostic.code == "missing-token":
        yield Candidate((TextEdit(at, at, missing),), f"insert '{missing}'")
        yield from _at_line_ends(text, diagnostic.start.line, missing, count=1)
    elif diagnostic.code == "unclosed-bracket":
        line = diagnostic.data.get("opening_line")
        line = line if isinstance(line, int) and not isinstance(line, bool) else diagnostic.start.line
        if missing == "}" and _opens_block(text, line):
            return  # `}` at a line's end would empty a block that holds code (Rust even parses what follows)
        yield from _at_line_ends(text, line, missing, count=4)
    elif diagnostic.code == "unclosed-string":
        yield from _string_ends(text, at, missing)
        yield from _at_line_ends(text, diagnostic.start.line, missing, count=1)


def _string_ends(text: bytes, opening: int, quote: str) -> Iterator[Candidate]:
    """The closing quote before each bracket, comma, dot, colon or space after the opening one on its line,
    nearest first: `(sep or ' ).join(...)` wants it after the space. Many of these parse; the Python
    ranking keeps those after which the file compiles."""
    end = text.find(b"\n", opening)
    end = len(text) if end == -1 else end
    for i in range(opening + 1, end):
        if text[i : i + 1] in _STRING_ENDS:
            yield Candidate((TextEdit(i, i, quote),), f"insert {quote} before column {i - opening}")


_STRING_ENDS = frozenset(bytes([c]) for c in b" ,.:;)]}")


def python_ranked(text: bytes, candidates: Iterable[Candidate]) -> list[Candidate]:
    """Python's own parser has the last word on Python syntax: CPython's pinpointed fix for a missing
    colon comes first, then the candidates after which the file compiles, then those that move its first
    error further down. A candidate that leaves the first error where it was fixed nothing: tree-sitter can
    misplace a missing token (`if parent::` for the colon a `while` two lines up lacks), which would
    otherwise verify, since the tree-sitter error it was aimed at is gone."""
    before = _python_error(text)
    if before is None:
        return list(candidates)
    line, column, message = before
    pinpointed: list[Candidate] = []
    if message == "expected ':'":
        at = byte_offset(text, line, column)
        pinpointed.append(Candidate((TextEdit(at, at, ":"),), f"insert ':' on line {line + 1}"))
    compiles: list[Candidate] = []
    further: list[Candidate] = []
    for candidate in [*pinpointed, *candidates]:
        after = _python_error(apply_edits(text, candidate.edits))
        if after is None:
            compiles.append(candidate)
        elif after[0] > line and not after[2].startswith(_INDENTATION):
            # Past the first error, unless what follows no longer fits (a call closed on its first line
            # leaves its arguments as an unexpected indent).
            further.append(candidate)
    return compiles + further


_INDENTATION = ("unexpected indent", "unindent", "expected an indented block")


def _python_error(text: bytes) -> tuple[int, int, str] | None:
    """CPython's first syntax error in `text`: 0-based line and column, message; None when it parses."""
    try:
        ast.parse(text)
    except SyntaxError as error:
        return (error.lineno or 1) - 1, max((error.offset or 1) - 1, 0), error.msg
    except ValueError:  # a NUL byte
        return 0, 0, "null bytes"
    return None


def _closing_lines(text: bytes, most: int = 3) -> Iterator[Candidate]:
    """A missing `}` where the indentation says: a line ending in `{` whose next line at the same or a
    lower indentation does not start with `}` left its block open; close it on a line of its own after the
    block's last deeper line. The parser alone reports the `}` missing at the end of the enclosing function
    (`if (...) {` left open swallows the rest of it), which parses but changes what the function does."""
    lines = text.split(b"\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found = 0
    for i, line in enumerate(lines):
        if not line.rstrip().endswith(b"{"):
            continue
        indent = line[: len(line) - len(line.lstrip(b" \t"))]
        last = i
        closed = False
        for j in range(i + 1, len(lines)):
            following = lines[j]
            body = following.lstrip(b" \t")
            if not body:
                continue
            if len(following) - len(body) > len(indent):
                last = j
                continue
            closed = body.startswith(b"}")
            break
        if not closed and last > i:
            # The next line as shallow as the opener is no `}`, or the file ends first: close the block there.
            end = starts[last] + len(lines[last].rstrip())
            closing = "\n" + indent.decode("utf-8", "replace") + "}"
            yield Candidate(
                (TextEdit(end, end, closing),), f"insert '}}' on a line of its own after line {last + 1}"
            )
            found += 1
            if found == most:
                return


def _opens_block(text: bytes, line: int) -> bool:
    """Whether `line` ends with `{` and the next line that holds anything is indented deeper."""
    lines = text.split(b"\n")
    if line >= len(lines) or not lines[line].rstrip().endswith(b"{"):
        return False
    indent = len(lines[line]) - len(lines[line].lstrip(b" \t"))
    following = next((x for x in lines[line + 1 :] if x.strip()), b"")
    return len(following) - len(following.lstrip(b" \t")) > indent


def _at_line_ends(text: bytes, line: int, token: str, *, count: int) -> Iterator[Candidate]:
    """Insert `token` at the end of `line` and of the next non-blank lines: before a run of closing
    brackets, colons and commas, then before a comment, then at the very end."""
    lines = text.split(b"\n")
    seen = 0
    number = line
    while number < len(lines) and seen < count:
        content = lines[number]
        if content.strip():
            seen += 1
            start = sum(len(item) + 1 for item in lines[:number])
            stripped = content.rstrip()
            spots = [len(stripped)]
            closers = _CLOSER_RUN.search(stripped)
            if closers is not None and closers.start() < len(stripped):
                spots.insert(0, closers.start())
            comment = stripped.find(b" #")
            if comment > 0:
                spots.insert(0, len(stripped[:comment].rstrip()))
            for spot in dict.fromkeys(spots):
                offset = start + spot
                yield Candidate((TextEdit(offset, offset, token),), f"insert '{token}' on line {number + 1}")
        number += 1
