"""Choosing: the window around the cursor, the headers of the scopes around it, and the definitions of the
names the window uses, wherever in the workspace they are defined (for a name a function around the window
binds, or a lambda around it, its binding line; in generate mode also the locals bound just above that
nothing uses yet)."""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain
from typing import cast
from weakref import WeakKeyDictionary

import tree_sitter as ts

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from ..resolve import FunctionScope, Target, descendants
from .build import NAMES, Build, LazyLevels, Unit, self_names_of
from .region import binding_at_cursor


def choose(build: Build) -> None:
    """The window, the scopes' headers and the definitions of the names the window uses."""
    index = build.index
    build.scope = _scope_at_cursor(build)
    build.target = next(
        (s for s in [build.scope, *index.enclosing(build.scope)] if s.kind in CALLABLE_KINDS), None
    )
    if build.target is not None:
        build.function = FunctionScope.at_byte(build.memory, index, build.view.raw, build.target.start_byte)
    _choose_window(build)
    _choose_scopes(build)
    names = _window_names(build)
    for ref in names:
        add_targets(build, ref, tier="definition", reason=f"used at {index.path}:{build.line}")
    for ref, line in _region_names(build, set(names)):
        if build.function is not None and build.function.hides(ref, build.target or build.scope):
            continue  # the function's own local: its binding is one of those far lines
        add_targets(
            build, ref, tier="definition", reason=f"used at {index.path}:{line}, in the same function"
        )
    _lambda_header_bindings(build, {ref.partition(".")[0] for ref in names})
    if build.mode == "generate":
        _waiting_locals(build)


# The largest definition read for the lambdas around the cursor: a `dual(...)` call of a few hundred lines.
_LAMBDA_HOLDER_BYTES = 64_000


def _lambda_header_bindings(build: Build, used: set[str]) -> None:
    """The lines of the headers of the lambdas around the function being edited that bind a name the window
    uses: `export const mergeWith = dual<...>(2, <OutElem, Env>(self, options) => { function merge() ... })`
    binds type parameters in a lambda no symbol stands for, so no scope header and no function scope holds
    them (the function scope reads the outermost function, `merge`). Only the binding lines: such a header
    runs to tens of lines."""
    index, view = build.index, build.view
    spec = BY_NAME.get(index.language)
    holder = next(
        (
            s
            for s in reversed([build.scope, *index.enclosing(build.scope)])
            if s.kind is not SymbolKind.MODULE
        ),
        None,
    )
    if spec is None or holder is None or holder.kind in CALLABLE_KINDS | CLASS_KINDS:
        return
    if holder.end_byte - holder.start_byte > _LAMBDA_HOLDER_BYTES:
        return
    line_start = view.raw.rfind(b"\n", 0, holder.start_byte) + 1
    doc = build.memory.document(index.path)
    if doc is not None and doc.index.content_hash == index.content_hash:
        # The editor's tree of this very text: parsing the definition again on every packing is not needed.
        begin, root = 0, doc.tree.root_node
    else:
        begin, root = line_start, spec.parse(view.raw[line_start : holder.end_byte]).root_node
    node: ts.Node | None = root.descendant_for_byte_range(build.cursor - begin, build.cursor - begin)
    first_line = view.line_of(begin)
    while node is not None and node.start_byte >= line_start - begin:
        for field in ("type_parameters", "parameters"):
            for param in _params_of(node.child_by_field_name(field)):
                name = param.text.decode("utf-8", "replace") if param.text else ""
                line = first_line + param.start_point[0]
                # Inside the window too: when the region crowds the budget its far lines give way
                # (`region.py`), and this unit keeps the binding.
                if name in used and line not in build.scope_lines:
                    _push_binding_line(build, name, line, "bound by a lambda around the edited code")
        node = node.parent


def _params_of(params: ts.Node | None) -> list[ts.Node]:
    """The name nodes of a parameter list's parameters (a destructuring pattern binds no one name)."""
    if params is None:
        return []
    out = []
    for param in params.named_children:
        name = param.child_by_field_name("name") or param.child_by_field_name("pattern")
        if name is not None and name.named_child_count == 0:
            out.append(name)
    return out


def _scope_at_cursor(build: Build) -> SymbolNode:
    """The innermost symbol at the cursor. On an empty, indented line just after a definition (where a
    body is about to be written) the syntax tree says the definition has ended; the indentation says
    the cursor is inside it."""
    index, view = build.index, build.view
    scope = index.symbol_at(build.cursor)
    line_text = view.lines[build.line - 1] if build.line <= len(view.lines) else ""
    if line_text.strip():
        return scope
    indent = len(line_text) - len(line_text.lstrip())
    above = build.line - 1
    while above > 0 and not view.lines[above - 1].strip():
        above -= 1
    if above == 0:
        return scope
    # The latest-starting definition ending on the line above, indented less than the cursor: it holds the
    # cursor unless the syntax tree's own answer starts later.
    for s in index.ending_on_row(above - 1, view.positions.line_start(above)):
        if s.kind in CALLABLE_KINDS | CLASS_KINDS and s.start[1] < indent:
            return s if s.start_byte >= scope.start_byte or scope.kind is SymbolKind.MODULE else scope
    return scope


def _choose_window(build: Build) -> None:
    view, target = build.view, build.target
    share = 0.5 if build.mode == "edit" else 0.35
    allowance = int(build.budget * share)
    if target is not None:
        # A nested function reads its enclosing function's locals: show the outermost function that
        # fits, else the innermost.
        callables = [s for s in [target, *build.index.enclosing(target)] if s.kind in CALLABLE_KINDS]
        for candidate in reversed(callables):
            full = view.full_lines(candidate)
            if view.fits(full, allowance):
                build.window = full
                build.window_reason = f"the enclosing {candidate.kind.name.lower()} in full"
                return
    # Lines around the cursor, three above for every one below.
    last = len(view.lines)
    # Within the function, else the definition holding the cursor (a `const f = dual(...)` whose lambdas
    # are no symbols): the next definition's lines are no part of the edited code.
    holder = target if target is not None or build.scope is build.index.symbols[0] else build.scope
    if holder is not None:
        first_allowed, last_allowed = holder.start[0] + 1, holder.end[0] + 1
    else:
        first_allowed, last_allowed = 1, last
    lo, hi = view.grow_around(build.line, first_allowed, last_allowed, allowance)
    build.window = frozenset(range(lo, hi + 1))
    build.window_reason = f"lines {lo}-{hi} around the cursor"


def _choose_scopes(build: Build) -> None:
    index, view = build.index, build.view
    anchor = build.target or build.scope
    chain = [anchor, *index.enclosing(anchor)] if anchor.kind is not SymbolKind.MODULE else [anchor]
    for s in chain:
        if s.kind is SymbolKind.MODULE:
            if index.module_doc and view.lines and index.module_doc.split()[0] in "\n".join(view.lines[:3]):
                build.scope_lines |= {
                    n for n in (1, 2, 3) if index.module_doc.split()[0] in view.lines[n - 1]
                }
            continue
        build.scope_lines |= view.header_lines(s)


def _window_names(build: Build) -> list[str]:
    """The names the window uses, in order of first use."""
    target = build.target
    view = build.view
    names: dict[str, None] = {}
    if target is not None and build.window == view.full_lines(target) and build.mode == "edit":
        for s in [target, *descendants(build.index, target)]:
            names.update(dict.fromkeys(s.refs))
        return list(names)
    text = "\n".join(view.lines[n - 1] for n in sorted(build.window | build.scope_lines))
    keywords = _keywords(build.index.language)
    for plain, member in NAMES.findall(text):
        if plain in keywords and plain not in self_names_of(build.index.language):
            continue
        if plain not in self_names_of(build.index.language):
            names[plain] = None
        if member:
            names[f"{plain}.{member}"] = None
    return list(names)


# How many names of the edited function outside the window are looked up (nearest the window first): a
# function of thousands of lines names more than any budget holds, and each costs a resolution.
MAX_REGION_NAMES = 64


def _region_names(build: Build, known: set[str]) -> list[tuple[str, int]]:
    """Edit mode, when the function being edited is larger than the window: the names the rest of it
    uses (with the line of their first use), nearest the window first. The edit may touch any of it; a
    registration function naming thirty callbacks needs their declarations as much as its cursor's."""
    target, window = build.target, build.window
    if target is None or build.mode != "edit" or not window:
        return []
    first, last = target.start[0] + 1, target.end[0] + 1
    lo, hi = min(window), max(window)
    if lo <= first and hi >= last:
        return []
    language = build.index.language
    skip = _keywords(language) | self_names_of(language)
    found: dict[str, int] = {}
    above, below = lo - 1, hi + 1
    while len(found) < MAX_REGION_NAMES and (above >= first or below <= last):
        for n in (below, above):
            if not first <= n <= last or n in window:
                continue
            for plain, member in NAMES.findall(build.view.lines[n - 1]):
                for ref in (plain, f"{plain}.{member}" if member else ""):
                    if ref and plain not in skip and ref not in known and ref not in found:
                        found[ref] = n
        above, below = above - 1, below + 1
    return list(found.items())[:MAX_REGION_NAMES]


def add_targets(build: Build, ref: str, tier: str, reason: str) -> list[Target]:
    """Units for the definitions `ref` leads to from the cursor's scope (none for the function's own names)."""
    scope = build.target or build.scope
    # Only for names the window uses: a predicted name found nowhere may be any sibling's local.
    used = tier == "definition"
    if build.function is not None and build.function.hides(ref, scope):
        # A parameter or a local of the function, not a definition of that name elsewhere; bound by an
        # enclosing function outside the window, its binding line is what the reader lacks.
        if used:
            _add_local_binding(build, ref, reason)
        return []
    targets = build.resolver.resolve(build.index, scope, ref)
    if used and not targets and build.function is not None and "." not in ref:
        # Bound by a function the index keeps no symbol for (an anonymous function around an object
        # literal's method): the binding is still in the text around the window.
        _add_local_binding(build, ref, reason)
    for t in targets:
        _add_target(build, t, tier, reason, ref)
    return targets


def add_resolved(build: Build, target: Target, tier: str, reason: str) -> None:
    """A unit for a definition already resolved elsewhere (where a sibling function uses the name)."""
    _add_target(build, target, tier, reason)


# How far above the body being written generate mode looks for locals bound but not used yet.
_WAITING_LINES = 120
_WORD = re.compile(r"[A-Za-z_$][\w$]*")


def _waiting_locals(build: Build) -> None:
    """Generate mode: the locals bound just above the body by the functions around it that nothing shown
    uses yet (`const creationError = new Error()` before the getter that returns it). A local is rarely
    bound long before its first use, and the plain window before the cursor would show it."""
    outer = next(
        (
            s
            for s in reversed([build.scope, *build.index.enclosing(build.scope)])
            if s.kind is not SymbolKind.MODULE
        ),
        None,
    )
    if build.function is None or outer is None or not build.window:
        return
    view, first = build.view, min(build.window)
    lo = max(outer.start[0] + 1, first - _WAITING_LINES)
    # Uses are counted from there to a bounded distance below: the whole of a long class or namespace
    # would cost more than the packing's budget of time.
    end = min(outer.end[0] + 1, first + 4 * _WAITING_LINES)
    # The lines above the body read once, with those below: each line a view decodes is a call.
    counted = line_words(view.lines[lo - 1 : max(end, first - 1)])
    above = counted[: max(0, first - lo)]
    uses = Counter(chain.from_iterable(counted[: max(0, end - lo + 1)]))
    keywords = _keywords(build.index.language)
    for name in dict.fromkeys(chain.from_iterable(above)):
        if uses.get(name) == 1 and name not in keywords:
            _add_local_binding(build, name, "bound just above the body, not used yet", range(lo, first))


# The words of the lines read last, by the line's text (no word runs across a line break): the next packing
# in the same stretch of a file reads most of them again, after any edit. Finding them in the 600 lines a
# generate packing counts cost ~1.2 ms a packing (~2,000 words).
_LINE_WORDS: dict[str, tuple[str, ...]] = {}
_KEPT_LINE_WORDS = 50_000


def line_words(lines: list[str]) -> list[tuple[str, ...]]:
    """The words (`_WORD`) of each of `lines`, in order: those of the lines joined by line breaks."""
    kept = _LINE_WORDS
    # Looked up in C; only the lines not read before (a few a packing) in Python.
    out: list[tuple[str, ...] | None] = list(map(kept.get, lines))
    if None in out:
        for i, line in enumerate(lines):
            if out[i] is not None:
                continue
            words = kept.get(line)  # a line repeated reads the words kept at its first
            if words is None:
                if len(kept) >= _KEPT_LINE_WORDS:
                    kept.clear()
                words = kept[line] = tuple(_WORD.findall(line))
            out[i] = words
    return cast(list[tuple[str, ...]], out)  # every None filled above


def _add_local_binding(build: Build, name: str, reason: str, within: range | None = None) -> None:
    """The line binding `name` in a function around the window (a local or a parameter of an outer
    function, a type parameter of its header) when the window does not show it: the plain window
    before the cursor would, and it is often just above the code being edited."""
    assert build.function is not None
    span = binding_at_cursor(build, name)
    if span is None:
        return
    line = build.view.line_of(span[0])
    if within is not None and line not in within:
        return
    if line not in build.window and line not in build.scope_lines:
        _push_binding_line(build, name, line, reason)


def _push_binding_line(build: Build, name: str, line: int, reason: str) -> None:
    """A unit for the line of the edited file binding `name`, shown as the definition of that name."""
    key = f"local:{build.index.path}:{line}"
    if key in build.unit_keys:
        return
    lines = frozenset({line})
    unit = Unit(
        key, build.index.path, "definition", reason, None, {"line": lines, "signature": lines, "full": lines}
    )
    unit.note = f"{name} (bound at {build.index.path}:{line})"
    build.push(unit)


def _add_target(build: Build, t: Target, tier: str, reason: str, ref: str | None = None) -> None:
    s = t.symbol
    if s is None:
        if t.import_line is not None and t.path == build.index.path and not t.companion:
            _add_import(build, t.import_line, reason, ref)
        elif t.import_line is not None and t.companion:
            _add_companion_line(build, t, tier, reason)
        return
    # A generate packing adds ~160 units and asks about ~220 (`predict._take_ranked`): the checks read
    # constants, not the enum's members and names (a descriptor call each, ~1.5 us a unit).
    if s.kind is _MODULE:
        return
    key, path = s.id, s.path
    here = path == build.index.path
    if here and key in build.unit_keys:
        return  # a definition of this file asked again (most names a take follows lead to units made before)
    target = build.target
    if target is not None and (key == target.id or key in _ancestor_ids(build, target.id)):
        return
    if not here and build.memory.is_excluded(path):
        build.left_out.append(f"{s.qualname} ({path} is excluded)")
        return
    if key in build.unit_keys:
        return
    sview = build.view if here else build.view_of(path)
    if sview is None:
        return
    levels = LazyLevels(sview, s)
    note = f"{s.qualname} ({_KIND_NAMES[s.kind]}, {path}:{s.start[0] + 1})"
    build.push(Unit(key, path, tier, reason, s, levels, note, accompanies=t.accompanies))


_MODULE = SymbolKind.MODULE
_KIND_NAMES = {kind: kind.name.lower() for kind in SymbolKind}


def _add_companion_line(build: Build, t: Target, tier: str, reason: str) -> None:
    """A line of another file that comes with a definition, naming no symbol (the `_void as void` of the
    `export { ... }` that renames it)."""
    assert t.import_line is not None
    key = f"line:{t.path}:{t.import_line}"
    if key in build.unit_keys or build.memory.is_excluded(t.path) or build.view_of(t.path) is None:
        return
    lines = frozenset({t.import_line + 1})
    build.push(Unit(key, t.path, tier, reason, None, {"line": lines, "signature": lines, "full": lines}))


def _add_import(build: Build, line0: int, reason: str, ref: str | None) -> None:
    """The import statement at 0-based `line0`; its cheapest rendering shows, of a statement over several lines,
    only the lines naming what is used (with the first and last, which say from where)."""
    view = build.view
    key = f"import:{build.index.path}:{line0}"
    met = _IMPORTS_MET.get(build)
    if met is None:
        met = _IMPORTS_MET[build] = set()
    asked = (line0, None if ref is None else ref.partition(".")[0])
    if asked in met and key in build.unit_keys:
        return  # this statement and head met before in this packing: its lines are in the unit already
    met.add(asked)
    lines = view.statement_lines(line0 + 1)
    naming = lines
    if ref is not None and len(lines) > 2:
        word = re.compile(rf"(?<![\w$]){re.escape(ref.partition('.')[0])}(?![\w$])")
        used = {n for n in lines if word.search(view.lines[n - 1])}
        naming = frozenset(used | {min(lines), max(lines)}) if used else lines
    if key not in build.unit_keys:
        build.push(
            Unit(
                key,
                build.index.path,
                "import",
                reason,
                None,
                {"line": naming, "signature": lines, "full": lines},
            )
        )
        return
    if naming == lines:
        return
    # Another name of a statement already chosen: its line joins the statement's cheapest rendering.
    unit = next(u for u in build.units if u.key == key)
    unit.levels["line"] = unit.levels.get("line", frozenset()) | naming


# Per packing, the import statements `_add_import` met, by 0-based line and the head of the name that led there: a Rust
# generate packing leads to the same few `use` statements ~150 times (most names its ranking takes are imported).
_IMPORTS_MET: WeakKeyDictionary[Build, set[tuple[int, str | None]]] = WeakKeyDictionary()


def _ancestor_ids(build: Build, symbol_id: str) -> frozenset[str]:
    """`_ancestors_in` of the packing's file, the last answer kept with the packing: asked for each of the
    hundreds of candidates of a packing, always about the same target."""
    last = build.ancestors
    if last is None or last[0] != symbol_id:
        last = build.ancestors = (symbol_id, _ancestors_in(build.index, symbol_id))
    return last[1]


@per_version
def _ancestors_in(index: FileIndex, symbol_id: str) -> frozenset[str]:
    """The ids of the definitions around the symbol `symbol_id`."""
    return frozenset(s.id for s in index.enclosing(index.by_id[symbol_id]))


def _keywords(language: str) -> frozenset[str]:
    spec = BY_NAME.get(language)
    return spec.keywords if spec is not None else frozenset()
