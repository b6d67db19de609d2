"""Rendering: the chosen lines of each file as text, a gap marker where lines are left out, and the
ledger's sections (other files first, then this file, then the window)."""

from __future__ import annotations

from ..records import CLASS_KINDS
from .build import Build, Unit
from .fileview import FileView
from .result import GAP, Detail, Section


def render(build: Build) -> tuple[str, list[Section]]:
    sections: list[Section] = []
    blocks: list[str] = []
    index = build.index
    by_path: dict[str, list[Unit]] = {}
    for unit in build.units:
        if unit.chosen is not None:
            by_path.setdefault(unit.path, []).append(unit)
    names: list[str] = []
    members: dict[str, list[str]] = {}  # a class's predicted members shown by name only, compactly
    # Other files first (in the order they were first needed), then this file, then the window.
    paths = [p for p in by_path if p != index.path]
    for path in [*paths, index.path]:
        units = by_path.get(path, [])
        lines: set[int] = set()
        for unit in units:
            if unit.chosen == "name":
                owner = member_owner(build, unit) if unit.kind == "predicted" else None
                if owner is not None and unit.symbol is not None:
                    members.setdefault(owner, []).append(unit.symbol.name)
                else:
                    names.append(unit.note)
                sections.append(_section(unit, frozenset()))
            elif unit.chosen is not None:
                chosen = unit.levels[unit.chosen]
                if path == index.path:
                    chosen = chosen - build.window - build.scope_lines
                if chosen:  # a definition already inside the window needs no section of its own
                    lines |= chosen
                    sections.append(_section(unit, chosen))
        if path == index.path and not build.show_window:
            # Unshown, the window is the prompt's own text (a completion's prefix), which seldom reaches up
            # to the headers of the scopes around it: a class's type parameters and bases are shown here.
            lines |= build.scope_lines - build.window
        if not lines:
            continue
        view = build.view if path == index.path else build.view_of(path)
        if view is None:
            continue
        blocks.append(_block(view, path, sorted(lines), file_title(view, path)))
    listed = [f"{build.view.comment} also defined: {n}" for n in names]
    listed += [f"{build.view.comment} {owner} also has: {', '.join(ms)}" for owner, ms in members.items()]
    if listed:
        blocks.append("\n".join(listed))
    window_lines = sorted(build.window | build.scope_lines)
    if window_lines and build.show_window:
        blocks.append(_block(build.view, index.path, window_lines, window_title(build)))
        if build.scope_lines:
            sections.append(
                Section(
                    "scope",
                    index.path,
                    min(build.scope_lines),
                    max(build.scope_lines),
                    None,
                    "signature",
                    frozenset(build.scope_lines),
                    "headers of the enclosing scopes",
                )
            )
        sections.append(
            Section(
                "window",
                index.path,
                min(build.window) if build.window else build.line,
                max(build.window) if build.window else build.line,
                build.target.id if build.target else None,
                "lines",
                frozenset(build.window),
                build.window_reason,
            )
        )
    return "\n\n".join(blocks) + "\n", sections


def member_owner(build: Build, unit: Unit) -> str | None:
    """The class `unit`'s symbol is a member of (its qualified name), or None for anything else; kept for the
    packing (the fit asks it of each unit at each pass, ~300 units, and the file of each is the memory's to
    find)."""
    symbol = unit.symbol
    if symbol is None or symbol.parent is None:
        return None
    key = (unit.path, symbol.id)
    if key in build.owners:
        return build.owners[key]
    index = build.index if unit.path == build.index.path else build.memory.file(unit.path)
    owner = index.by_id.get(symbol.parent) if index is not None else None
    found = build.owners[key] = owner.qualname if owner is not None and owner.kind in CLASS_KINDS else None
    return found


def window_title(build: Build) -> str:
    """The line opening the block of the code around the cursor."""
    marker = "the body to write" if build.mode == "generate" else "the code being edited"
    return f"{build.view.comment} file: {build.index.path} ({marker}, cursor at line {build.line})"


def gap_markers(lines: list[int], last: int) -> int:
    """How many gap markers a block showing the sorted `lines` of a file of `last` lines has (`_block`)."""
    runs = sum(1 for i, n in enumerate(lines) if i == 0 or n != lines[i - 1] + 1)
    return runs - (lines[0] == 1) + (lines[-1] < last) if lines else 0


def file_title(view: FileView, path: str) -> str:
    """The line opening a file's block of definitions."""
    return f"{view.comment} file: {path}"


def _block(view: FileView, path: str, lines: list[int], title: str) -> str:
    out = [title]
    prev = 0
    for n in lines:
        if n < 1 or n > len(view.lines):
            continue
        if (prev and n != prev + 1) or (not prev and n != 1):
            out.append(GAP)
        out.append(view.lines[n - 1])
        prev = n
    if prev and prev < len(view.lines):
        out.append(GAP)
    return "\n".join(out)


def _section(unit: Unit, lines: frozenset[int]) -> Section:
    detail: Detail = unit.chosen or "name"
    return Section(
        unit.kind,
        unit.path,
        min(lines) if lines else 0,
        max(lines) if lines else 0,
        unit.symbol.id if unit.symbol else None,
        detail,
        lines,
        unit.reason,
    )
