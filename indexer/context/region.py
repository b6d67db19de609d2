"""The edited region's degradation: when the code around the cursor takes so much of the budget that a
definition it uses finds no room, its lines far from the cursor give way (a gap marker stands for them)
before the definition does.

What stays: the cursor's neighbourhood (three lines above for every one below, as the window is grown) and,
from the rest of the region, the lines binding the names it uses (a local assigned at the top of a long
function, a parameter of the arrow function a long `dual(...)` call passes), and those binding, above the
innermost block holding the neighbourhood, any name the region uses. The lines opening the blocks around the
neighbourhood stay (an anonymous function's header is no symbol's), and the headers of the enclosing
scopes are not part of the region (`Build.scope_lines`). The definitions the neighbourhood uses are then
fitted before those only the far lines used.
"""

from __future__ import annotations

from collections.abc import Iterable

from .build import NAMES, Build, Unit

# The region is degraded only when it takes more than this share of the budget; it is then cut down to
# the neighbourhood, which takes at most NEIGHBOURHOOD of the budget (bindings come on top).
CROWDING = 0.3
NEIGHBOURHOOD = 0.2


def starved(build: Build) -> bool:
    """Whether a definition the region uses got no lines of its own (left out, or named only), or in edit
    mode an import line binding a name it uses (generate mode's imports are guesses)."""
    waiting = ("definition", "import") if build.mode == "edit" else ("definition",)
    return any(unit.kind in waiting and unit.chosen in (None, "name") for unit in build.units)


def narrow_window(build: Build) -> bool:
    """Cut the region (`build.window`) down to the cursor's neighbourhood and the lines binding what it
    uses, when the region crowds the budget; whether it changed."""
    view, window = build.view, build.window
    if not window or view.cost(window) <= CROWDING * build.budget:
        return False
    first, last = min(window), max(window)
    cursor = min(max(build.line, first), last)
    allowance = int(NEIGHBOURHOOD * build.budget)
    lo, hi = view.grow_around(cursor, first, last, allowance)
    openers = _openers(build, first, lo)
    kept = (set(range(lo, hi + 1)) | openers) & window
    names = _names(build, kept)
    # Bound above the innermost block holding the neighbourhood, by the functions around it (their
    # parameters and locals): what the region uses of those is what a reader lacks most.
    block = max(openers, default=first)
    outer = _names(build, window) - names
    if build.function is not None:
        for name in sorted(names | outer):
            span = binding_at_cursor(build, name)
            line = view.line_of(span[0]) if span is not None else None
            if line is not None and line in window and (name in names or line < block):
                kept.add(line)
    else:
        # No function symbol around the cursor (an anonymous function's body), so no scope to ask: the
        # first line of the region naming what the neighbourhood uses is most often where it is bound.
        kept |= _first_mentions(build, sorted(window), lo, names)
    if len(kept) >= len(window):
        return False
    build.window = frozenset(kept)
    # The definitions the neighbourhood uses are fitted first: the room is freed for them.
    build.units.sort(key=lambda unit: unit.kind != "definition" or defined_name(unit) not in names)
    build.window_reason += f"; lines far from the cursor left out for definitions (kept {lo}-{hi})"
    return True


def _names(build: Build, lines: Iterable[int]) -> set[str]:
    """The names (and members) used on `lines`."""
    text = "\n".join(build.view.lines[n - 1] for n in sorted(lines))
    return {name for found in NAMES.findall(text) for name in found if name}


def _first_mentions(build: Build, lines: list[int], below: int, names: set[str]) -> set[int]:
    """The first line above `below` among `lines` mentioning each of `names`."""
    out: set[int] = set()
    left = set(names)
    for n in lines:
        if n >= below or not left:
            break
        found = _names(build, [n]) & left
        if found:
            out.add(n)
            left -= found
    return out


def _openers(build: Build, first: int, below: int) -> set[int]:
    """The lines from `first` up to `below` opening the blocks around it: each indented less than every
    line after it (an `if`, a loop, an anonymous function's header, which no symbol's header covers)."""
    lines = build.view.lines
    out: set[int] = set()
    text = lines[below - 1] if 0 < below <= len(lines) else ""
    indent = len(text) - len(text.lstrip())
    for n in range(below - 1, first - 1, -1):
        text = lines[n - 1]
        if not text.strip():
            continue
        depth = len(text) - len(text.lstrip())
        if depth < indent:
            out.add(n)
            indent = depth
    return out


def binding_at_cursor(build: Build, name: str) -> tuple[int, int] | None:
    """The byte span binding `name` as the cursor sees it: the parameter or local of the innermost lambda
    around the cursor binding it (`input` of `return (input, options) => {`, which a long parser function
    binds in each of its lambdas), else the first binding of the function around the cursor."""
    assert build.function is not None
    return build.function.inline_binding_around(name, build.cursor) or build.function.binding(name)


def defined_name(unit: Unit) -> str:
    """The name a definition unit defines (a local's binding unit is noted `name (bound at ...)`)."""
    return unit.symbol.name if unit.symbol is not None else unit.note.partition(" ")[0]
