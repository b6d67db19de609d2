"""Fitting: every candidate at the richest detail the token budget allows, degrading full → skeleton →
signature → line → name instead of vanishing, and giving back the least important piece when the exact count
overshoots."""

from __future__ import annotations

from .build import NAMES, Build, Unit
from .fileview import FileView
from .per_token import by_score_per_token
from .region import defined_name, narrow_window, starved
from .render import file_title, gap_markers, member_owner, render, window_title
from .result import Detail, Section
from .type_twins import later_type_twins
from .weights import MEMBER_LIST_SHARE

_LEVELS: tuple[Detail, ...] = ("full", "skeleton", "signature", "line", "name")
# What the line opening a class's compact member list costs (`# Decimal also has: `), about.
MEMBER_LIST_LINE = 8
_NONE: frozenset[int] = frozenset()


def fit(build: Build) -> None:
    """Choose each unit's detail within the budget; when a definition the edited region uses finds no
    room and the region crowds the budget, the region's far lines give way first (`region.py`)."""
    _fit_once(build)
    if starved(build) and narrow_window(build):
        _reset(build)
        _fit_once(build)


def _fit_once(build: Build) -> None:
    view = build.view
    build.no_room = []
    shown = build.window | build.scope_lines if build.show_window else build.scope_lines - build.window
    build.spent = view.cost(shown) + _window_opening(build)
    build.shown[build.index.path] = set(build.scope_lines)
    # Breadth first: every candidate at its declaring line (a long generic interface's header or a
    # multi-line signature must not take the room of the next definition's one line), then each at its
    # header (what it is), then the best upgraded further while budget lasts. The last
    # MEMBER_LIST_SHARE of the budget is kept from predicted members for the compact lists of the
    # members left without a line.
    # What the cursor's line uses comes first, at its header; then what the window uses, then what only
    # the rest of the edited function uses.
    reserve = int(MEMBER_LIST_SHARE * build.budget)
    at_cursor = {name for found in NAMES.findall(view.lines[build.line - 1]) for name in found if name}
    # Each band's units, used and predicted, in the units' order: read once, not at each band and level.
    banded: dict[int, tuple[list[Unit], list[Unit]]] = {}
    for unit in build.units:
        band = _band(unit, at_cursor)
        if band is not None:
            used, predicted = banded.setdefault(band, ([], []))
            (predicted if unit.kind == "predicted" else used).append(unit)
    later = _later_overloads(build)
    for band in sorted(banded):
        for level in ("line", "signature"):
            _take_all(build, level, *banded[band], reserve, later)
    # The overloads beyond the first few of a name, once every other name used has its line.
    for unit in build.units:
        if unit.key in later and unit.chosen is None:
            _take(build, unit, "line")
    _name_the_rest(build)
    _upgrade(build)
    _outline(build)


def _band(unit: Unit, at_cursor: set[str]) -> int | None:
    """Which band `unit` is fitted in: 0 used on the cursor's line, 1 in the window, 2 only in the rest of
    the edited function; None for what is not fitted so (the outline)."""
    if unit.kind not in ("definition", "import", "predicted"):
        return None
    if unit.far:
        return 2
    return 0 if unit.kind == "definition" and defined_name(unit) in at_cursor else 1


# How many overloads of one name are fitted with the other names used; the rest wait for them (`pipe` of
# effect's Pipeable has 21, whose headers took 176 tokens of a 2,048-token prompt).
OVERLOADS_FIRST = 2
# The units naming one definition: what the edited code uses, and in generate mode what the body is
# predicted to use (there `pipe`'s 21 overloads are as costly, and say as little beyond the first two).
_DECLARED = ("definition", "predicted")


def _later_overloads(build: Build) -> set[str]:
    """The keys of the definitions that are overloads of a name beyond its first OVERLOADS_FIRST in one
    file: a reader (and the checker) needs one of them to know the name; the rest say less than another
    name's line. So are a member's declarations in many classes of one file (`ast.annotations` on a
    union of SchemaAST's 20 node interfaces: each declares it, and the checker counts any)."""
    seen: dict[tuple[str, str], int] = {}
    later: set[str] = set()
    for unit in build.units:
        if unit.kind not in _DECLARED or unit.symbol is None:
            continue
        owner = member_owner(build, unit)
        if owner is not None and unit.kind == "predicted":
            continue  # predicted members of many structs (Rust's `span`, `kind`) are each its own struct's
        key = (unit.path, unit.symbol.name if owner is not None else unit.symbol.qualname)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > OVERLOADS_FIRST:
            later.add(unit.key)
    return later | _later_companions(build) | later_type_twins(build)


def _later_companions(build: Build) -> set[str]:
    """The keys of the `declare module` blocks of other files beyond one per module they declare more of:
    one says the module is augmented (and the checker counts any as the module's declaration); effect's
    Effect.ts has five, each a file's header and a line (~20 tokens) that another name's line needs more.
    The one kept is in a file shown for another name if any (it costs no file header)."""
    by_module: dict[str, list[Unit]] = {}
    for unit in build.units:
        if unit.kind in _DECLARED and unit.accompanies is not None:
            by_module.setdefault(unit.accompanies, []).append(unit)
    other_paths = {u.path for u in build.units if u.kind in _DECLARED and u.accompanies is None}
    later: set[str] = set()
    for blocks in by_module.values():
        first = next((u for u in blocks if u.path in other_paths), blocks[0])
        later.update(u.key for u in blocks if u is not first)
    return later


def _take_all(
    build: Build,
    level: Detail,
    used: list[Unit],
    predicted: list[Unit],
    reserve: int,
    later: set[str],
) -> None:
    """Each unit of a band at `level` (its header where it has no such rendering) while the budget lasts:
    the definitions and imports used, then the predicted. At their declaring lines, what is used is
    taken cheapest first: each counts alike, so the budget names the most of them."""
    if level == "line":
        # In generate mode most import lines are the prediction's (the file's imports): after definitions.
        guessed = build.mode == "generate"
        used = sorted(
            used,
            key=lambda u: (guessed and u.kind == "import", _cost_of(build, _rendering(u, level), u.path)),
        )
    if level == "line":
        predicted = by_score_per_token(build, predicted)
    for unit in [*used, *predicted]:
        if unit.chosen not in (None, "line") or unit.key in later:
            continue
        if unit.kind == "predicted" and build.budget - build.spent < reserve and member_owner(build, unit):
            continue
        _take(build, unit, level if level in unit.levels else "signature")


def _rendering(unit: Unit, level: Detail) -> frozenset[int]:
    """`unit`'s lines at `level`, or at its header where it has no such rendering."""
    found: frozenset[int] = unit.levels.get(level) or unit.levels.get("signature", frozenset())
    return found


def _name_the_rest(build: Build) -> None:
    """What found no room for a line of its own: a definition is named (`also defined: ...`), a member
    of a class is named, compactly, in its class's list (`# Decimal also has: adjusted, as_tuple`): in
    a huge class the budget buys more of them so."""
    for unit in build.units:
        if unit.chosen is None and unit.kind == "definition" and not _take(build, unit, "name"):
            build.no_room.append(f"{unit.note or unit.key}: no room")
    owners: set[str] = set()
    for unit in build.units:
        if unit.chosen is not None or unit.kind != "predicted":
            continue
        owner = member_owner(build, unit)
        if owner is not None and _take_named(build, unit, owner in owners):
            owners.add(owner)
    for unit in build.units:
        if unit.chosen is None and unit.kind in ("predicted", "import"):
            build.no_room.append(f"{unit.note or unit.key}: no room")


def _upgrade(build: Build) -> None:
    """Upgrades, most important first: the full text when it takes at most half of what is left.
    Predictions stay at their headers: breadth covers more of what a new body needs than depth."""
    for unit in build.units:
        if unit.kind != "definition" or unit.chosen != "signature" or unit.symbol is None:
            continue
        room = (build.budget - build.spent) // 2
        full = unit.levels["full"]
        fits = not _surely_over(build, full, unit.path, room) and _cost_of(build, full, unit.path) <= room
        if fits and _take(build, unit, "full"):
            continue
        _take(build, unit, "skeleton")


def _surely_over(build: Build, lines: frozenset[int], path: str, room: int) -> bool:
    """Whether the consecutive `lines` (a definition's full text) surely cost more than `room`, told without
    reading them: every line costs at least a token, and the lines already shown (or in the window) split
    the new ones into at most one run more than there are of them, each run saving at most one gap marker.
    A class of thousands of lines asked for in full is ruled out so, not by counting each of its lines (a
    new version of the file, after each edit, counts them anew)."""
    shown = len(build.shown.get(path, ())) + (len(build.window) if path == build.index.path else 0)
    return len(lines) - shown - (shown + 1) * build.gap_cost > room


def refit(build: Build, budget: int) -> None:
    """Choose again, from scratch, as if the budget were `budget`."""
    build.budget = budget
    _reset(build)
    fit(build)


def _reset(build: Build) -> None:
    """Forget what the last fitting chose (and the outline it added)."""
    build.units = [u for u in build.units if u.kind != "outline"]
    build.unit_keys = {u.key for u in build.units}
    for unit in build.units:
        unit.chosen = None
    build.shown = {}


def _cost_of(build: Build, lines: frozenset[int], path: str) -> int:
    shown = build.shown.get(path, _NONE)
    own = path == build.index.path
    if own:
        window = build.window
        new = [n for n in lines if n not in shown and n not in window]
    else:
        new = [n for n in lines if n not in shown] if shown else list(lines)
    if not new:
        return 0
    view = build.view if own else build.view_of(path)
    assert view is not None
    # Each new run of lines splits a gap in two (one more marker), extends a shown block (none), or
    # closes the gap between two blocks (one fewer).
    fresh = set(new)
    gaps = 0
    for n in new:
        if n - 1 in fresh:
            continue
        end = n
        while end + 1 in fresh:
            end += 1
        gaps += 1 - (n - 1 in shown) - (end + 1 in shown)
    return (
        view.cost(new) + gaps * build.gap_cost + (0 if path in build.shown else _opening(build, view, path))
    )


def _opening(build: Build, view: FileView, path: str) -> int:
    """What a file's first lines shown add beyond them: its title line (`// file: internal/core.ts`, 7 tokens
    where 12 were reckoned, which left ~50 tokens of a 2,048-token TypeScript prompt unspent) and the marker one
    run of lines has more than its gaps (one before it, one after)."""
    cost = build.opening_costs.get(path)
    if cost is None:
        cost = build.opening_costs[path] = build.counter.count(file_title(view, path) + "\n") + build.gap_cost
    return cost


def _window_opening(build: Build) -> int:
    """What the blocks of the edited file add beyond their lines: the window's title and gap markers, and
    the title of the block of this file's definitions, which nearly every packing shows. A flat 30 tokens
    was ~20 too few under Rust's long paths (`// file: crates/regex-syntax/src/ast/parse.rs (the body to
    write, cursor at line 2203)`): 25 of 30 packs overshot the exact count and fitted again."""
    own = _opening(build, build.view, build.index.path)
    lines = sorted(build.window | build.scope_lines)
    if not build.show_window or not lines:
        return own
    title = build.counter.count(window_title(build) + "\n")
    return own + title + gap_markers(lines, len(build.view.lines)) * build.gap_cost


def _take(build: Build, unit: Unit, level: Detail) -> bool:
    """Show `unit` at `level` (an upgrade too) if what it adds fits what is left of the budget."""
    if level == "name":
        cost = build.counter.count(unit.note) + 3
        lines: frozenset[int] = frozenset()
    else:
        lines = unit.levels.get(level, frozenset())
        cost = _cost_of(build, lines, unit.path)
    if build.spent + cost > build.budget:
        return False
    build.spent += cost
    unit.chosen = level
    if lines:
        build.shown.setdefault(unit.path, set()).update(lines)
    return True


def _take_named(build: Build, unit: Unit, listed: bool) -> bool:
    """Name the member `unit` in its class's compact list (the list's own line costs once)."""
    assert unit.symbol is not None
    cost = build.counter.count(f", {unit.symbol.name}") + (0 if listed else MEMBER_LIST_LINE)
    if build.spent + cost > build.budget:
        return False
    build.spent += cost
    unit.chosen = "name"
    return True


def _outline(build: Build) -> None:
    """While budget remains: the headers of the file's other definitions, nearest to the cursor first."""
    view = build.view
    # The 200 nearest, as sorting them all would give them (a large file has tens of thousands).
    nearest = view.outline_nearest(build.line, 200, build.unit_keys)
    for s in nearest:
        unit = Unit(s.id, s.path, "outline", "the file's outline", s, {"signature": view.header_lines(s)})
        if _take(build, unit, "signature"):
            build.push(unit)
        elif build.spent > build.budget - 20:
            break


def drop_one(build: Build) -> bool:
    """Give back the least important piece (after the exact count overshot the estimate)."""
    for kind in ("outline", "predicted", "import", "definition"):
        for unit in reversed(build.units):
            if unit.kind == kind and unit.chosen is not None:
                _degrade(build, unit)
                return True
    return False


def _degrade(build: Build, unit: Unit) -> None:
    order = [lvl for lvl in _LEVELS if lvl in unit.levels or lvl == "name"]
    assert unit.chosen is not None
    i = order.index(unit.chosen) if unit.chosen in order else len(order) - 1
    unit.chosen = order[i + 1] if i + 1 < len(order) and unit.kind == "definition" else None
    _recompute_shown(build)


def _recompute_shown(build: Build) -> None:
    build.shown = {build.index.path: set(build.scope_lines)}
    for unit in build.units:
        if unit.chosen and unit.chosen != "name":
            build.shown.setdefault(unit.path, set()).update(unit.levels[unit.chosen])


def cut_window_to(build: Build, budget: int) -> tuple[str, list[Section], int]:
    for unit in build.units:
        unit.chosen = None
    _recompute_shown(build)
    lines = sorted(build.window)
    while lines:
        text, sections = render(build)
        tokens = build.counter.count(text)
        if tokens <= budget:
            return text, sections, tokens
        # Keep the cursor line: cut from the far end.
        if build.line - lines[0] >= lines[-1] - build.line and lines[0] != build.line:
            lines.pop(0)
        elif lines[-1] != build.line:
            lines.pop()
        else:
            lines = []
        build.window = frozenset(lines)
        build.scope_lines = set()
        build.shown = {build.index.path: set()}
    return "", [], 0
