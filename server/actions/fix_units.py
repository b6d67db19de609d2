"""Code units: the smallest code a fix for a diagnostic should replace (`unit_for`), and the self-debug
actions listed for a file's diagnostics, one per unit (`list_fixable`), without running anything."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import BY_NAME
from archmem.indexer.symbols import CALLABLE_KINDS, CLASS_KINDS, SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions.fix_types import FixPlan, Unit
from archmem.server.actions.verify import plural
from archmem.server.checks import Diagnostic
from archmem.server.checks.syntax import SOURCE as SYNTAX_SOURCE

_MAX_UNIT_LINES = 400


def list_fixable(
    memory: Memory,
    path: str,
    diagnostics: Sequence[Diagnostic],
    *,
    offline_rules: Callable[[Diagnostic, str], bool] | None = None,
) -> list[FixPlan]:
    """The self-debug actions for these diagnostics of `path`: one per enclosing symbol, plus one for the
    whole file when there are several. Reads the memory only: no model, no checker, no parse of an open
    document. `offline_rules` (the offline provider's `can_fix`) marks plans it can handle alone."""
    rel = memory.relpath(path)
    text = memory.text(rel)
    index = memory.file(rel)
    if text is None or index is None or not diagnostics:
        return []
    groups: dict[tuple[int, int], tuple[Unit, list[Diagnostic]]] = {}
    for diagnostic in sorted(diagnostics, key=lambda d: (d.start, d.end)):
        unit = unit_for(index, text, diagnostic)
        groups.setdefault((unit.start_byte, unit.end_byte), (unit, []))[1].append(diagnostic)

    def offline(items: Sequence[Diagnostic]) -> bool:
        return offline_rules is not None and all(offline_rules(d, index.language) for d in items)

    plans = [
        FixPlan(
            rel,
            f"Fix {_problems(len(items))} in {unit.name} (self-debug)",
            unit.name,
            tuple(items),
            offline(items),
        )
        for unit, items in groups.values()
    ]
    if len(plans) > 1:
        every = tuple(d for _, items in groups.values() for d in items)
        plans.append(
            FixPlan(
                rel, f"Fix all {_problems(len(every))} in this file (self-debug)", None, every, offline(every)
            )
        )
    return plans


def _problems(count: int) -> str:
    return plural(count, "problem")


# Units -----------------------------------------------------------------------------------------------


def is_syntax(diagnostic: Diagnostic) -> bool:
    return diagnostic.source == SYNTAX_SOURCE or diagnostic.code == "syntax-error"


def unit_for(index: FileIndex, text: bytes, diagnostic: Diagnostic) -> Unit:
    """The smallest code a fix for `diagnostic` should replace.

    Outside syntax errors: the innermost function, method or class around it, else the top-level
    statement (an import) it sits in. In a syntax error the tree is unreliable, so lines decide: the
    innermost `def`/`class` block by indentation in Python, else the top-level block (the lines from a
    line at column 0 to the next one).
    """
    lines = text.split(b"\n")
    line = min(diagnostic.start.line, max(0, len(lines) - 1))
    offset = sum(len(item) + 1 for item in lines[:line]) + min(diagnostic.start.col, len(lines[line]))
    if not is_syntax(diagnostic):
        symbol: SymbolNode | None = index.symbol_at(offset)
        while symbol is not None and symbol.kind not in CALLABLE_KINDS and symbol.kind not in CLASS_KINDS:
            symbol = index.by_id.get(symbol.parent) if symbol.parent else None
        if symbol is not None:
            return Unit(
                symbol.start_byte,
                symbol.end_byte,
                f"{symbol.kind.name.lower()} '{symbol.qualname}'",
                symbol.id,
                True,
            )
    first, last = _block_lines(lines, line, offside=BY_NAME[index.language].offside_rule)
    start = sum(len(item) + 1 for item in lines[:first])
    start += len(lines[first]) - len(lines[first].lstrip())
    end = sum(len(item) + 1 for item in lines[:last]) + len(lines[last].rstrip())
    header = lines[first].lstrip()
    definition = header.startswith(b"@") or bool(_DEFINITION.match(header))
    name = f"line {first + 1}" if first == last else f"lines {first + 1}-{last + 1}"
    return Unit(start, max(start, end), name, None, definition)


_DEFINITION = re.compile(rb"((async\s+)?def|class)\s")
_CLOSERS = (b")", b"]", b"}")
_CONTINUATION = re.compile(rb"[)\]}]|(else|elif|except|finally|catch)\b")


def _indent(line: bytes) -> int:
    return len(line) - len(line.lstrip(b" \t"))


def _blank(line: bytes) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith((b"#", b"//"))


def _block_lines(lines: Sequence[bytes], line: int, *, offside: bool) -> tuple[int, int]:
    """(first, last) line of the block holding `line`: see `unit_for`."""
    while line > 0 and not lines[line].strip():
        line -= 1
    if offside:
        found = _python_definition(lines, line)
        if found is not None:
            return found
    first = line
    while first > 0 and (
        _indent(lines[first]) > 0 or _blank(lines[first]) or _CONTINUATION.match(lines[first])
    ):
        first -= 1
    while first > 0 and lines[first - 1].lstrip().startswith(b"@"):
        first -= 1
    last = line
    for following in range(line + 1, len(lines)):
        if _blank(lines[following]):
            continue
        if _indent(lines[following]) == 0 and not _CONTINUATION.match(lines[following]):
            break
        last = following
    first = min(first, line)
    if last - first > _MAX_UNIT_LINES:
        last = min(len(lines) - 1, line + _MAX_UNIT_LINES // 2)
        first = max(first, line - _MAX_UNIT_LINES // 2)
    return first, last


def _python_definition(lines: Sequence[bytes], line: int) -> tuple[int, int] | None:
    """The innermost `def`/`class` (with its decorators) whose indented block holds `line`."""
    # The line itself may be the header (a `def` missing its colon); above it, only a less indented line
    # can enclose it.
    limit = _indent(lines[line]) + 1
    for header in range(line, -1, -1):
        text = lines[header]
        if _blank(text) or _indent(text) >= limit:
            continue
        indent = limit = _indent(text)
        if not _DEFINITION.match(text.lstrip()):
            continue  # an enclosing if/for/with: look further out
        last = header
        for following in range(header + 1, len(lines)):
            if _blank(lines[following]):
                continue
            if _indent(lines[following]) <= indent and lines[following].lstrip()[:1] not in _CLOSERS:
                break
            last = following
        first = header
        while (
            first > 0 and lines[first - 1].lstrip().startswith(b"@") and _indent(lines[first - 1]) == indent
        ):
            first -= 1
        return first, max(last, line)
    return None
