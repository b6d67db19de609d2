"""Verification of a candidate edit on a shadow text: re-check, compare with the baseline, structural guards.

A candidate is judged only by what it changes (Sweep's baseline-relative validation): the diagnostics it
was meant to fix must be gone, and no diagnostic may appear that the baseline did not have. Diagnostics
that were there before and are not targeted do not count against it. Then the structure: every symbol the
edit was not meant to touch keeps its exact text, no symbol is lost or duplicated, and every name the edit
introduces resolves (pyflakes decides for Python; for other languages, the file, its imports, the
workspace and the language's standard names do). Given the unit the edit names (a `Scope`), the edit must
also be confined to it (`confine.py`): risky calls it adds are reported as `flags`, refused on request.

Syntax errors hide problems: CPython, hence pyflakes, cannot analyse a file that does not parse, and
tree-sitter's recovery describes an error differently once a neighbouring one is fixed. A diagnostic that
appears after a syntax fix but was provably there before (on a line the edit did not change, or an
undefined name the old text already used) is *revealed*, not new: reported, not held against the edit.

The user's file is never touched: `after` lives in memory and checker commands see a temporary copy.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from archmem.indexer.document import Document
from archmem.indexer.languages import BY_NAME, SNIFF_BYTES, LanguageSpec, language_for
from archmem.indexer.symbols import SymbolKind, SymbolNode
from archmem.indexer.workspace import Memory
from archmem.server.actions.confine import Scope, confine, growth_refusal
from archmem.server.actions.edits import TextEdit, edit_between
from archmem.server.checks import CheckerSpec, Diagnostic, check_text, compare, line_map_between
from archmem.server.checks.syntax import SOURCE as SYNTAX_SOURCE
from tree_sitter import Tree

# Codes whose truth depends on uses elsewhere in the file: an edit far away can create them.
_USAGE_CODES = frozenset({"unused-import", "unused-variable", "redefined-unused"})


@dataclass(frozen=True, slots=True)
class Verification:
    """The verdict on one candidate text.

    `fixed` holds baseline diagnostics that are gone; `remaining` and `new` hold diagnostics of the new
    text. `targeted_left` are the targeted diagnostics still present (at their new positions), `revealed`
    the pre-existing problems a syntax error hid. `diagnostics` is everything the checks found in the new
    text, `matched` pairs each remaining diagnostic's baseline original with it. `ok` means: every targeted
    diagnostic fixed, nothing new, no guard failed, every checker ran.
    """

    ok: bool
    fixed: tuple[Diagnostic, ...]
    remaining: tuple[Diagnostic, ...]
    new: tuple[Diagnostic, ...]
    guard_failures: tuple[str, ...]
    summary: str
    targeted_left: tuple[Diagnostic, ...] = ()
    revealed: tuple[Diagnostic, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    matched: tuple[tuple[Diagnostic, Diagnostic], ...] = ()
    checker_errors: tuple[str, ...] = ()
    # Risky calls the edit adds ("⚠ adds a call to subprocess.run (runs a process)"): shown, not refused.
    flags: tuple[str, ...] = ()


async def verify(
    memory: Memory,
    path: str,
    before: bytes,
    after: bytes,
    *,
    baseline: Sequence[Diagnostic],
    targeted: Sequence[Diagnostic],
    checker_specs: Sequence[CheckerSpec] = (),
    root: str | None = None,
    edits: Sequence[TextEdit] | None = None,
    scope: Scope | None = None,
    refuse_risky: bool = False,
) -> Verification:
    """Check `after`, the candidate for `path` whose current text is `before` with diagnostics `baseline`.

    `targeted` (a subset of `baseline`) must be gone. `edits` says which byte ranges of `before` the
    candidate meant to change (derived from the texts when omitted); symbols outside them must not change.
    `scope` is the unit the edit names: it must change nothing else; `refuse_risky` refuses its flags.
    """
    rel = memory.relpath(path)
    spec = language_for(rel, after[:SNIFF_BYTES])
    if spec is None:
        raise ValueError(f"{path} is in no supported language; it cannot be verified")
    too_big = growth_refusal(before, after, scope) if scope is not None else None
    if too_big is not None:
        # Refused before any parse or checker run: a huge answer must not cost what it would take to check.
        refused = Verification(False, (), (), (), (too_big,), "", targeted_left=tuple(targeted))
        return _with_summary(refused, len(targeted))
    after_doc = Document(rel, spec, after)
    report = await check_text(
        str(memory.abspath(rel)), after_doc.text, spec.name, after_doc.tree, checker_specs, root
    )
    line_map = line_map_between(before, after)
    comparison = compare(baseline, report.diagnostics, line_map=line_map)

    wanted = set(targeted)
    targeted_left = tuple(new for old, new in comparison.matched if old in wanted)
    unchanged_lines = {
        mapped for line in range(before.count(b"\n") + 1) if (mapped := line_map(line)) is not None
    }
    blind = any(d.source == SYNTAX_SOURCE or d.code == "syntax-error" for d in baseline)
    introduced: list[Diagnostic] = []
    revealed: list[Diagnostic] = []
    for diagnostic in comparison.new:
        if blind and _was_hidden(diagnostic, before, after, unchanged_lines):
            revealed.append(diagnostic)
        else:
            introduced.append(diagnostic)

    ranges = _edited_ranges(before, after, edits)
    guard_failures: list[str] = []
    flags: tuple[str, ...] = ()
    if not any(d.source == SYNTAX_SOURCE for d in introduced):
        # A candidate that does not parse fails already; guards on its half-recovered tree would only
        # add noise to what the model is told.
        before_doc = Document(rel, spec, before)
        guard_failures, flags = _guards(
            memory, spec, before_doc, before, after_doc, ranges, scope, refuse_risky
        )
    checker_errors = tuple(f"{name}: {error}" for name, error in report.errors)

    ok = not targeted_left and not introduced and not guard_failures and not checker_errors
    verdict = Verification(
        ok=ok,
        fixed=comparison.fixed,
        remaining=comparison.remaining,
        new=tuple(introduced),
        guard_failures=tuple(guard_failures),
        summary="",
        targeted_left=targeted_left,
        revealed=tuple(revealed),
        diagnostics=report.diagnostics,
        matched=comparison.matched,
        checker_errors=checker_errors,
        flags=flags,
    )
    return _with_summary(verdict, len(wanted))


def _guards(
    memory: Memory,
    spec: LanguageSpec,
    before: Document,
    before_text: bytes,
    after: Document,
    ranges: Sequence[tuple[int, int]],
    scope: Scope | None,
    refuse_risky: bool,
) -> tuple[list[str], tuple[str, ...]]:
    """What the guards refuse in a candidate that parses (confinement to `scope`, structure, names), and
    the risky calls it adds. `before_text` is the current text as read."""
    failures: list[str] = []
    flags: tuple[str, ...] = ()
    if scope is not None:
        confined = confine(before, after, scope, spec=spec)
        failures.extend(confined.refusals)
        flags = confined.flags
        if refuse_risky:
            failures.extend(f"{flag}: refused by archmem.selfDebug.refuseRiskyCalls" for flag in flags)
    failures.extend(_structure_guard(before, after, ranges))
    if not spec.pyflakes:  # pyflakes already reports the undefined names of the files it checks
        failures.extend(_name_guard(memory, spec, before, after, ranges, before_text))
    return failures, flags


def _was_hidden(diagnostic: Diagnostic, before: bytes, after: bytes, unchanged_lines: set[int]) -> bool:
    """Whether a diagnostic the baseline lacks was provably in `before` already, unseen for its errors."""
    name = diagnostic.data.get("name")
    if diagnostic.code == "undefined-name" and isinstance(name, str):
        return _word_count(before, name) > 0
    if diagnostic.start.line not in unchanged_lines:
        return False
    if diagnostic.code in _USAGE_CODES and isinstance(name, str):
        bound = name.split(" as ")[-1].split(".")[0]
        return _word_count(before, bound) == _word_count(after, bound)
    return True


def _word_count(text: bytes, word: str) -> int:
    pattern = rb"(?<![\w.])" + re.escape(word.encode("utf-8")) + rb"(?!\w)"
    return len(re.findall(pattern, text))


def _edited_ranges(before: bytes, after: bytes, edits: Sequence[TextEdit] | None) -> list[tuple[int, int]]:
    if edits is None:
        single = edit_between(before, after)
        return [] if single is None else [(single.start_byte, single.end_byte)]
    return [(edit.start_byte, edit.end_byte) for edit in edits]


def _touches(symbol: SymbolNode, ranges: Sequence[tuple[int, int]]) -> bool:
    for start, end in ranges:
        if start == end:
            if symbol.start_byte < start < symbol.end_byte:
                return True
        elif start < symbol.end_byte and end > symbol.start_byte:
            return True
    return False


def _holds_an_edit(symbol: SymbolNode, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(symbol.start_byte <= start and end <= symbol.end_byte for start, end in ranges)


def _error_ranges(tree: Tree) -> list[tuple[int, int]]:
    """Byte ranges of every ERROR and MISSING node."""
    root = tree.root_node
    if not root.has_error:
        return []
    found: list[tuple[int, int]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            found.append((node.start_byte, node.end_byte))
        elif node.has_error:
            stack.extend(node.children)
    return found


def _structure_guard(before: Document, after: Document, ranges: Sequence[tuple[int, int]]) -> list[str]:
    """Untouched symbols keep their text, no symbol is lost or duplicated.

    Only symbols whose text parsed cleanly in `before` are held to this: a symbol inside a syntax error
    was never well defined.
    """
    errors = _error_ranges(before.tree)
    after_symbols = {s.id: s for s in after.index.symbols[1:]}
    before_ids = {s.id for s in before.index.symbols[1:]}
    by_name: dict[str, list[SymbolNode]] = {}
    for now in after_symbols.values():
        by_name.setdefault(now.name, []).append(now)
    failures: list[str] = []
    module_id = before.index.symbols[0].id
    indented_is_nested = errors and BY_NAME[before.index.language].offside_rule
    for symbol in before.index.symbols[1:]:
        if any(start < symbol.end_byte and end >= symbol.start_byte for start, end in errors):
            continue
        if indented_is_nested and symbol.parent == module_id and symbol.start[1] > 0:
            # `def f(obj, attr)` lacking its colon leaves its indented body read as top-level code: a
            # top-level Python definition never starts indented, so this one belongs to the broken function.
            continue
        touched = _touches(symbol, ranges)
        if touched and not _holds_an_edit(symbol, ranges):
            continue  # inside the replaced code: the fix may rewrite or drop it
        old_text = before.text[symbol.start_byte : symbol.end_byte]
        candidates = [after_symbols[symbol.id]] if symbol.id in after_symbols else []
        if errors:
            # Recovery from a syntax error can misplace a symbol's parent (a method read as a function),
            # so its qualified name is not reliable: its name is.
            candidates += by_name.get(symbol.name, [])
        label = f"{_kind(symbol)} '{symbol.qualname}'"
        if not candidates:
            failures.append(f"{label} is missing from the result")
            continue
        if touched:
            continue
        if not any(after.text[now.start_byte : now.end_byte] == old_text for now in candidates):
            failures.append(f"{label} changed although the fix was not meant to touch it")
    for symbol_id, symbol in after_symbols.items():
        if "#" in symbol_id.rpartition("::")[2] and symbol_id not in before_ids:
            failures.append(f"{_kind(symbol)} '{symbol.qualname}' is defined twice in the result")
    return failures


def _kind(symbol: SymbolNode) -> str:
    return symbol.kind.name.lower() if symbol.kind is not SymbolKind.TYPE_PARAMETER else "type"


def _name_guard(
    memory: Memory,
    spec: LanguageSpec,
    before: Document,
    after: Document,
    ranges: Sequence[tuple[int, int]],
    before_text: bytes,
) -> list[str]:
    """Names the edit introduces that nothing defines: not the file, its imports, the workspace, nor the
    language's standard library and runtime (`spec.standard_names`: `JSON`, `len`, `Vec`, `printf` ...), nor
    a namespace the new text opens where the name is used (`vector` after C++'s `using namespace std;`).

    Only a reference's first part is checked (`std` of `std::vector`, `JSON` of `JSON.parse`): what a
    known name or a system header's namespace holds cannot be checked without the compilers and headers
    archmem does not run. Without a type checker a local variable cannot be told from an invented name, so
    a new name used more than once in the new code counts as declared there.
    """
    known_before = set(before.index.referenced_names) | set(before.index.defined_names)
    known_before |= {imp.bound for imp in before.index.imports}
    bound_after = set(after.index.defined_names) | {imp.bound for imp in after.index.imports}
    edited = [s for s in after.index.symbols[1:] if _changed(s, before, after)]
    failures: list[str] = []
    seen: set[str] = set()
    for symbol in edited:
        code = after.text[symbol.start_byte : symbol.end_byte]
        opened = spec.names_opened_at(after.tree, symbol.start_byte, symbol.end_byte)
        for ref in symbol.refs:
            name = ref.split(".")[0]
            if not name:
                continue  # `.run`: a member of something unknown, which only a checker can judge
            if name in seen or name in known_before or name in bound_after:
                continue
            seen.add(name)
            if (
                name in spec.self_names
                or name in spec.keywords
                or name in spec.standard_names
                or name in opened
            ):
                continue
            if memory.files_defining(name) or memory.files_referencing(name):
                continue
            if _word_count(code, name) > 1 or _word_count(before_text, name):
                continue
            failures.append(f"'{name}' in '{symbol.qualname}' is not defined anywhere in the workspace")
    return failures


def _changed(symbol: SymbolNode, before: Document, after: Document) -> bool:
    old = before.index.by_id.get(symbol.id)
    if old is None:
        return True
    return before.text[old.start_byte : old.end_byte] != after.text[symbol.start_byte : symbol.end_byte]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def describe(diagnostic: Diagnostic) -> str:
    """One line for a person: where, what, and which checker said so."""
    code = f" [{diagnostic.code}]" if diagnostic.code else ""
    return (
        f"line {diagnostic.start.line + 1}, col {diagnostic.start.col + 1}: {diagnostic.message} "
        f"({diagnostic.source}{code})"
    )


def _with_summary(verdict: Verification, targeted: int) -> Verification:
    left = len(verdict.targeted_left)
    parts = [f"{plural(targeted, 'diagnostic')} → {left}"]
    if verdict.new:
        parts.append(f"{len(verdict.new)} new")
    else:
        parts.append("no new ones")
    if verdict.revealed:
        parts.append(f"{len(verdict.revealed)} revealed that a syntax error hid")
    if verdict.guard_failures:
        parts.append(plural(len(verdict.guard_failures), "guard failure"))
    if verdict.checker_errors:
        parts.append(f"{plural(len(verdict.checker_errors), 'checker')} could not run")
    return dataclasses.replace(verdict, summary=", ".join(parts))
