"""The offline provider: deterministic fixes from the memory and the standard library, no model.

Each rule proposes candidates in order of confidence and the self-debug loop verifies them like a model's
answer, taking the first that passes:

- an undefined name → an import: one the workspace already uses for that name, a workspace module that
  defines it, a standard-library module of that name (used as `name.attr`), a curated map of the most
  common standard-library names (`Path` → pathlib), then a name exported by exactly one standard-library
  module (`__all__`, read from the sources without importing them);
- an undefined name → the nearest name in scope (a misspelling), within a small edit distance;
- an unused import → removed (never in an `__init__.py`, where imports are re-exports);
- a missing colon, bracket or quote that the parser pinpoints → inserted where it says, or at the end of
  the line; a block's `}` first where the indentation says the block ends.

The syntax rules live in offline_syntax.py, the standard-library names in stdlib_names.py.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import PurePosixPath

from archmem.indexer.languages import BY_NAME, LanguageSpec
from archmem.indexer.symbols import Import
from archmem.indexer.workspace import Memory
from archmem.server.actions.edits import TextEdit, add_import
from archmem.server.actions.fix_types import Candidate, FixTask, Proposal
from archmem.server.actions.offline_syntax import byte_offset, python_ranked, syntax_candidates
from archmem.server.actions.stdlib_names import COMMON_NAMES, stdlib_exporters, stdlib_imports
from archmem.server.checks import Diagnostic
from archmem.server.checks.pyflakes_check import SOURCE as PYFLAKES_SOURCE
from archmem.server.checks.syntax import SOURCE as SYNTAX_SOURCE

_BUILTINS = frozenset(dir(builtins))
_SYNTAX_CODES = frozenset({"missing-token", "unclosed-bracket", "unclosed-string"})
_PUNCTUATION = re.compile(r"[^\w\s]{1,3}")


class OfflineProvider:
    """Fixes without a model. `stdlib_exports=False` limits standard-library imports to `COMMON_NAMES`
    and module names (the bench compares both)."""

    name = "offline"
    sends_code = False
    groups_by_symbol = False

    def __init__(self, *, stdlib_exports: bool = True) -> None:
        self.stdlib_exports = stdlib_exports

    def can_fix(self, diagnostic: Diagnostic, language: str) -> bool:
        if diagnostic.source == SYNTAX_SOURCE:
            missing = diagnostic.data.get("missing")
            return (
                diagnostic.code in _SYNTAX_CODES
                and isinstance(missing, str)
                and bool(_PUNCTUATION.fullmatch(missing))
            )
        return (
            BY_NAME[language].pyflakes
            and diagnostic.source == PYFLAKES_SOURCE
            and diagnostic.code in ("undefined-name", "unused-import")
        )

    async def propose(self, memory: Memory, task: FixTask) -> Proposal:
        if task.round > 1:
            return Proposal((), problem="- the offline provider has no other fix", final=True)
        diagnostic = task.diagnostics[0]
        candidates = list(_dedupe(self.candidates(memory, task, diagnostic)))
        problem = None if candidates else f"- no offline rule fixes: {diagnostic.message}"
        return Proposal(tuple(candidates), problem=problem, final=True)

    def candidates(self, memory: Memory, task: FixTask, diagnostic: Diagnostic) -> Iterator[Candidate]:
        if diagnostic.source == SYNTAX_SOURCE:
            found = syntax_candidates(task.text, diagnostic)
            yield from python_ranked(task.text, found) if BY_NAME[task.language].host_compiles else found
        elif diagnostic.code == "undefined-name":
            yield from self.undefined_name(memory, task, diagnostic)
        elif diagnostic.code == "unused-import":
            yield from _unused_import(task, diagnostic)

    def undefined_name(self, memory: Memory, task: FixTask, diagnostic: Diagnostic) -> Iterator[Candidate]:
        name = diagnostic.data.get("name")
        if not isinstance(name, str):
            return
        text = task.text
        spec = BY_NAME[task.language]
        start = byte_offset(text, diagnostic.start.line, diagnostic.start.col)
        usage = text[start + len(name.encode()) :].lstrip()[:1]
        statements = list(_workspace_imports(memory, spec, task.path, name))
        statements += _workspace_definitions(memory, spec, task.path, name)
        statements += stdlib_imports(name, usage, exports=self.stdlib_exports)
        for statement in statements:
            edit = add_import(spec, text, statement)
            if edit is not None:
                yield Candidate((edit,), f"add `{statement}`")
        if text[start : start + len(name.encode())] == name.encode():
            for other in nearest_names(name, _names_in_scope(text, diagnostic.start.line)):
                yield Candidate(
                    (TextEdit(start, start + len(name.encode()), other),), f"'{name}' → '{other}'"
                )
        exporters = stdlib_exporters(name) if self.stdlib_exports else frozenset()
        if len(exporters) == 1:
            # Last: a name only one standard-library module exports is still a guess.
            statement = f"from {next(iter(exporters))} import {name}"
            edit = add_import(spec, text, statement)
            if edit is not None:
                yield Candidate((edit,), f"add `{statement}`")
        public = name[1:]
        if name.startswith("_") and public and not public.startswith("_"):
            # `_unpack(...)`: a standard-library name imported under a private alias
            # (`from struct import unpack as _unpack`), found as the name itself would be.
            found = stdlib_exporters(public) if self.stdlib_exports else frozenset()
            module = COMMON_NAMES.get(public) or (next(iter(found)) if len(found) == 1 else None)
            if module is not None:
                statement = f"from {module} import {public} as {name}"
                edit = add_import(spec, text, statement)
                if edit is not None:
                    yield Candidate((edit,), f"add `{statement}`")


def _dedupe(candidates: Iterable[Candidate]) -> Iterator[Candidate]:
    seen: set[tuple[TextEdit, ...]] = set()
    for candidate in candidates:
        if candidate.edits not in seen:
            seen.add(candidate.edits)
            yield candidate


# Imports ---------------------------------------------------------------------------------------------


def import_statement(imp: Import) -> str | None:
    """The statement that binds what `imp` binds, or None for relative and non-Python imports."""
    if imp.module.startswith(".") or "/" in imp.module or not imp.module:
        return None
    alias = f" as {imp.alias}" if imp.alias else ""
    if imp.name is None:
        return f"import {imp.module}{alias}"
    if imp.name == "*":
        return None
    return f"from {imp.module} import {imp.name}{alias}"


def _runs(spec: LanguageSpec, path: str) -> bool:
    """Whether `path` is a module of `spec`'s language that a program imports as it runs (not a type stub)."""
    return bool(spec.importable_names(path)) and not path.endswith(spec.declaration_suffixes)


def _workspace_imports(memory: Memory, spec: LanguageSpec, path: str, name: str) -> list[str]:
    """How the workspace's other modules of the language import `name`, most common first."""
    counts: Counter[str] = Counter()
    for other in memory.files_referencing(name)[:200]:
        if other == path or not _runs(spec, other):
            continue
        index = memory.file(other)
        if index is None:
            continue
        for imp in index.imports:
            statement = import_statement(imp)
            if imp.bound == name and statement is not None:
                counts[statement] += 1
    return [statement for statement, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _workspace_definitions(memory: Memory, spec: LanguageSpec, path: str, name: str) -> list[str]:
    """`from module import name` for each workspace module defining `name` at its top level, nearest first."""
    here = PurePosixPath(path).parent
    current = memory.file(path)
    # How this file already names modules (`shop.inventory` when the memory's root is above the
    # project, where the module's full name would be `examples.buggy.shop.inventory`).
    spelled = [imp.module for imp in current.imports if not imp.module.startswith(".")] if current else []
    found: list[tuple[int, str, str]] = []
    for other in memory.files_defining(name):
        if other == path or not _runs(spec, other):
            continue
        index = memory.file(other)
        if index is None or not any(s.parent == index.module_id for s in index.by_qualname.get(name, ())):
            continue
        module = next(
            (m for m in spelled if index.module == m or index.module.endswith("." + m)),
            _importable_name(memory, spec, other),
        )
        if module is None:
            continue
        distance = 0 if PurePosixPath(other).parent == here else len(PurePosixPath(other).parts)
        found.append((distance, other, f"from {module} import {name}"))
    return [statement for _, _, statement in sorted(found)]


def _importable_name(memory: Memory, spec: LanguageSpec, path: str) -> str | None:
    """The shortest name an import reaches `path` by in this workspace (`shop.cart` for src/shop/cart.py)."""
    usable = [candidate for candidate in spec.importable_names(path) if memory.module_path(candidate) == path]
    return min(usable, key=len) if usable else None


# Misspellings ----------------------------------------------------------------------------------------


def nearest_names(name: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """The names closest to `name` (a misspelling), best first, within an edit distance that grows with
    the name's length (1 up to 4 characters, 2 up to 9, else 3); ties go to the more similar, then the
    alphabetically first. Names shorter than 3 characters are not taken for misspellings."""
    if len(name) < 3:
        return []
    allowed = 1 if len(name) <= 4 else 2 if len(name) <= 9 else 3
    scored: list[tuple[int, float, str]] = []
    for other in set(names):
        if other == name or abs(len(other) - len(name)) > allowed:
            continue
        distance = edit_distance(name, other)
        if distance <= allowed:
            ratio = difflib.SequenceMatcher(None, name, other).ratio()
            scored.append((distance, -ratio, other))
    return [other for _, _, other in sorted(scored)[:limit]]


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def _names_in_scope(text: bytes, line: int) -> set[str]:
    """Names visible at 0-based `line`: the enclosing functions' parameters and locals, the class body's
    names when directly inside one, the module's names and the builtins."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return set(_BUILTINS)
    names = set(_BUILTINS) | _bound(tree.body)
    number = line + 1
    node: ast.AST = tree
    while True:
        inner = next(
            (
                child
                for child in ast.iter_child_nodes(node)
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)
                and child.lineno <= number <= (child.end_lineno or child.lineno)
            ),
            None,
        )
        if inner is None:
            for child in ast.iter_child_nodes(node):
                # Statements that contain the line without opening a scope (if, for, with ...).
                if (
                    isinstance(child, ast.stmt)
                    and child.lineno <= number <= (child.end_lineno or child.lineno)
                    and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                ):
                    node = child
                    break
            else:
                return names
            continue
        if isinstance(inner, ast.ClassDef):
            if not any(
                isinstance(c, ast.FunctionDef | ast.AsyncFunctionDef)
                and c.lineno <= number <= (c.end_lineno or c.lineno)
                for c in inner.body
            ):
                names |= _bound(inner.body)
        else:
            names |= _parameters(inner.args)
            names |= _bound(inner.body if isinstance(inner.body, list) else [inner.body])
        node = inner


def _parameters(args: ast.arguments) -> set[str]:
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
    return {arg.arg for arg in every}


def _bound(body: Sequence[ast.AST]) -> set[str]:
    """Names bound by these statements, not looking inside nested functions and classes (but binding
    their names)."""
    found: set[str] = set()
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
        elif isinstance(node, ast.alias):
            found.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            found.add(node.name)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            found.update(node.names)
        elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
            found.add(node.name)
        stack.extend(ast.iter_child_nodes(node))
    return found


# Unused imports --------------------------------------------------------------------------------------


def _unused_import(task: FixTask, diagnostic: Diagnostic) -> Iterator[Candidate]:
    if BY_NAME[task.language].is_package_module(task.path):
        return  # imports in a package's __init__ are its public interface
    text = task.text
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return
    number = diagnostic.start.line + 1
    statement = next(
        (
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            and node.lineno <= number <= (node.end_lineno or node.lineno)
        ),
        None,
    )
    if statement is None or (isinstance(statement, ast.ImportFrom) and statement.module == "__future__"):
        return
    start = byte_offset(text, diagnostic.start.line, diagnostic.start.col)
    end = byte_offset(text, diagnostic.end.line, diagnostic.end.col)
    name = diagnostic.data.get("name", "")
    if len(statement.names) == 1:
        first = byte_offset(text, statement.lineno - 1, statement.col_offset)
        last = byte_offset(
            text, (statement.end_lineno or statement.lineno) - 1, statement.end_col_offset or 0
        )
        yield Candidate((_remove_statement(text, first, last),), f"remove unused `{name}`")
        return
    edit = _remove_alias(text, start, end)
    if edit is not None:
        yield Candidate((edit,), f"remove unused `{name}`")


def _remove_statement(text: bytes, start: int, end: int) -> TextEdit:
    line_start = text.rfind(b"\n", 0, start) + 1
    line_end = text.find(b"\n", end)
    line_end = len(text) if line_end == -1 else line_end + 1
    before, after = text[line_start:start], text[end:line_end]
    if not before.strip() and (not after.strip() or after.strip().startswith(b"#")):
        return TextEdit(line_start, _absorb_blank_lines(text, line_start, line_end), "")
    if after.lstrip().startswith(b";"):
        # `import a; x = 1`: the statement and its semicolon go, the rest of the line stays.
        return TextEdit(start, end + len(after) - len(after.lstrip()[1:].lstrip()), "")
    return TextEdit(start, end, "pass" if not before.strip() else "")


def _absorb_blank_lines(text: bytes, line_start: int, line_end: int) -> int:
    """Where a deletion of whole lines should end so that it leaves no blank lines at the top of the
    file and no more than two in a row."""
    above = 0
    cursor = line_start
    while cursor > 0:
        previous = text.rfind(b"\n", 0, cursor - 1) + 1
        if text[previous : cursor - 1].strip():
            break
        above += 1
        cursor = previous
    at_top = cursor == 0
    end = line_end
    while end < len(text):
        following = text.find(b"\n", end)
        if following == -1 or text[end:following].strip():
            break
        if not at_top and above < 1:
            break
        end = following + 1
        above -= 1
    return end


def _remove_alias(text: bytes, start: int, end: int) -> TextEdit | None:
    """Remove one alias of a multi-name import with the comma that separates it from a neighbour."""
    after = end
    while after < len(text) and text[after : after + 1] in (b" ", b"\t"):
        after += 1
    if text[after : after + 1] == b",":
        following = after + 1
        while following < len(text) and text[following : following + 1] in (b" ", b"\t", b"\n", b"\r"):
            following += 1
        if text[following : following + 1] != b")":
            return TextEdit(start, following, "")
        # The last alias, with a trailing comma: remove from the previous separator.
        previous = text.rfind(b",", 0, start)
        return TextEdit(previous + 1, after + 1, "") if previous != -1 else None
    previous = text.rfind(b",", 0, start)
    if previous == -1:
        return None
    return TextEdit(previous, end, "")
