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
"""

from __future__ import annotations

import ast
import builtins
import difflib
import importlib.util
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import PurePosixPath

from archmem.indexer.languages import BY_NAME
from archmem.indexer.symbols import Import
from archmem.indexer.workspace import Memory
from archmem.server.actions.edits import TextEdit, add_python_import, apply_edits
from archmem.server.actions.self_debug import Candidate, FixTask, Proposal
from archmem.server.checks import Diagnostic
from archmem.server.checks.pyflakes_check import SOURCE as PYFLAKES_SOURCE
from archmem.server.checks.syntax import SOURCE as SYNTAX_SOURCE

# Standard-library names people use without the module prefix, and where they live. Measured against the
# `__all__` index in bench/selfdebug.py: this map decides ambiguous names (`Callable`, `pi`, `sleep`).
COMMON_NAMES: dict[str, str] = {
    **dict.fromkeys(["Path", "PurePath", "PosixPath", "PurePosixPath", "PureWindowsPath"], "pathlib"),
    **dict.fromkeys(["dataclass", "field", "fields", "asdict", "astuple", "is_dataclass"], "dataclasses"),
    **dict.fromkeys(
        ["defaultdict", "OrderedDict", "Counter", "deque", "namedtuple", "ChainMap"], "collections"
    ),
    **dict.fromkeys(
        [
            "Callable",
            "Iterable",
            "Iterator",
            "Sequence",
            "Mapping",
            "MutableMapping",
            "Generator",
            "Awaitable",
        ],
        "collections.abc",
    ),
    **dict.fromkeys(
        [
            "Any",
            "Optional",
            "Union",
            "List",
            "Dict",
            "Tuple",
            "Set",
            "FrozenSet",
            "Type",
            "TypeVar",
            "Generic",
            "Protocol",
            "Literal",
            "NamedTuple",
            "TypedDict",
            "cast",
            "overload",
            "TYPE_CHECKING",
            "ClassVar",
            "Final",
        ],
        "typing",
    ),
    **dict.fromkeys(["date", "timedelta", "timezone"], "datetime"),
    **dict.fromkeys(
        [
            "partial",
            "wraps",
            "reduce",
            "lru_cache",
            "cache",
            "cached_property",
            "total_ordering",
            "singledispatch",
        ],
        "functools",
    ),
    **dict.fromkeys(
        [
            "chain",
            "islice",
            "groupby",
            "cycle",
            "repeat",
            "product",
            "permutations",
            "combinations",
            "zip_longest",
            "accumulate",
            "starmap",
            "tee",
            "filterfalse",
            "takewhile",
            "dropwhile",
        ],
        "itertools",
    ),
    **dict.fromkeys(
        ["contextmanager", "suppress", "closing", "ExitStack", "nullcontext", "redirect_stdout"], "contextlib"
    ),
    **dict.fromkeys(["Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "auto"], "enum"),
    **dict.fromkeys(["ABC", "ABCMeta", "abstractmethod"], "abc"),
    "deepcopy": "copy",
    "pformat": "pprint",
    **dict.fromkeys(["StringIO", "BytesIO", "TextIOWrapper"], "io"),
    **dict.fromkeys(["sleep", "monotonic", "perf_counter"], "time"),
    **dict.fromkeys(["randint", "choice", "shuffle", "uniform", "sample"], "random"),
    **dict.fromkeys(["sqrt", "floor", "ceil", "pi", "inf", "isclose", "isnan", "isinf", "gcd"], "math"),
    "Decimal": "decimal",
    "Fraction": "fractions",
    "dedent": "textwrap",
    "getLogger": "logging",
    **dict.fromkeys(["uuid4", "UUID"], "uuid"),
    **dict.fromkeys(["sha256", "sha1", "md5"], "hashlib"),
    **dict.fromkeys(
        ["urlparse", "urlencode", "urljoin", "urlsplit", "urlunsplit", "quote", "unquote"], "urllib.parse"
    ),
    **dict.fromkeys(["Thread", "Lock", "RLock", "Event", "Condition", "Semaphore"], "threading"),
    **dict.fromkeys(["ThreadPoolExecutor", "ProcessPoolExecutor", "as_completed"], "concurrent.futures"),
    **dict.fromkeys(["SimpleNamespace", "MappingProxyType", "ModuleType", "FunctionType"], "types"),
    **dict.fromkeys(["heappush", "heappop", "heapify", "heapreplace", "nlargest", "nsmallest"], "heapq"),
    **dict.fromkeys(["bisect_left", "bisect_right", "insort"], "bisect"),
    **dict.fromkeys(["attrgetter", "itemgetter", "methodcaller"], "operator"),
    **dict.fromkeys(
        ["join", "exists", "dirname", "basename", "abspath", "isfile", "isdir", "splitext"], "os.path"
    ),
    **dict.fromkeys(["which", "rmtree", "copyfile", "copytree"], "shutil"),
    **dict.fromkeys(["warn"], "warnings"),
    **dict.fromkeys(["Template"], "string"),
    **dict.fromkeys(["mock", "patch", "MagicMock"], "unittest.mock"),
}

# Standard-library modules whose names are never imported for a user: internals, platform twins of
# os.path, and modules that do something when imported.
_NOT_FOR_USERS = frozenset(
    {
        "antigravity",
        "this",
        "idlelib",
        "lib2to3",
        "turtledemo",
        "pydoc_data",
        "ensurepip",
        "ntpath",
        "posixpath",
        "genericpath",
        "nturl2path",
        "nt",
        "posix",
        "opcode",
        "sre_compile",
        "sre_constants",
        "sre_parse",
        "encodings",
        "msilib",
        "msvcrt",
        "winreg",
        "winsound",
        "test",
        "distutils",
    }
)
# Submodules whose names are commonly imported on their own (the index reads top-level modules too).
_SUBMODULES = (
    "os.path",
    "collections.abc",
    "concurrent.futures",
    "urllib.parse",
    "urllib.request",
    "importlib.util",
    "logging.handlers",
    "unittest.mock",
    "email.message",
    "email.utils",
    "xml.etree.ElementTree",
    "http.client",
)
# Modules written in C whose names the index takes from the module itself: importing them does nothing
# else (unlike readline or curses, which touch the terminal).
_C_MODULES = frozenset({"math", "cmath", "itertools", "time", "binascii", "zlib", "array", "errno", "gc"})
_ALL = re.compile(rb"^__all__\s*(?::[^=]*)?=\s*[\[(]", re.MULTILINE)
_BUILTINS = frozenset(dir(builtins))
_SYNTAX_CODES = frozenset({"missing-token", "unclosed-bracket", "unclosed-string"})
_PUNCTUATION = re.compile(r"[^\w\s]{1,3}")
_CLOSER_RUN = re.compile(rb"[)\]}:,]*\s*$")


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
            found = _syntax_candidates(task.text, diagnostic)
            yield from _python_ranked(task.text, found) if BY_NAME[task.language].host_compiles else found
        elif diagnostic.code == "undefined-name":
            yield from self.undefined_name(memory, task, diagnostic)
        elif diagnostic.code == "unused-import":
            yield from _unused_import(task, diagnostic)

    def undefined_name(self, memory: Memory, task: FixTask, diagnostic: Diagnostic) -> Iterator[Candidate]:
        name = diagnostic.data.get("name")
        if not isinstance(name, str):
            return
        text = task.text
        start = _offset(text, diagnostic.start.line, diagnostic.start.col)
        usage = text[start + len(name.encode()) :].lstrip()[:1]
        statements = list(_workspace_imports(memory, task.path, name))
        statements += _workspace_definitions(memory, task.path, name)
        statements += _stdlib_imports(name, usage, exports=self.stdlib_exports)
        for statement in statements:
            edit = add_python_import(text, statement)
            if edit is not None:
                yield Candidate((edit,), f"add `{statement}`")
        if text[start : start + len(name.encode())] == name.encode():
            for other in nearest_names(name, _names_in_scope(text, diagnostic.start.line)):
                yield Candidate(
                    (TextEdit(start, start + len(name.encode()), other),), f"'{name}' → '{other}'"
                )
        exporters = _exporters(name) if self.stdlib_exports else frozenset()
        if len(exporters) == 1:
            # Last: a name only one standard-library module exports is still a guess.
            statement = f"from {next(iter(exporters))} import {name}"
            edit = add_python_import(text, statement)
            if edit is not None:
                yield Candidate((edit,), f"add `{statement}`")
        public = name[1:]
        if name.startswith("_") and public and not public.startswith("_"):
            # `_unpack(...)`: a standard-library name imported under a private alias
            # (`from struct import unpack as _unpack`), found as the name itself would be.
            found = _exporters(public) if self.stdlib_exports else frozenset()
            module = COMMON_NAMES.get(public) or (next(iter(found)) if len(found) == 1 else None)
            if module is not None:
                statement = f"from {module} import {public} as {name}"
                edit = add_python_import(text, statement)
                if edit is not None:
                    yield Candidate((edit,), f"add `{statement}`")


def _dedupe(candidates: Iterable[Candidate]) -> Iterator[Candidate]:
    seen: set[tuple[TextEdit, ...]] = set()
    for candidate in candidates:
        if candidate.edits not in seen:
            seen.add(candidate.edits)
            yield candidate


def _offset(text: bytes, line: int, col: int) -> int:
    start = 0
    for _ in range(line):
        found = text.find(b"\n", start)
        if found == -1:
            return len(text)
        start = found + 1
    end = text.find(b"\n", start)
    end = len(text) if end == -1 else end
    return min(start + col, end)


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


def _workspace_imports(memory: Memory, path: str, name: str) -> list[str]:
    """How other Python files of the workspace import `name`, most common first."""
    counts: Counter[str] = Counter()
    for other in memory.files_referencing(name)[:200]:
        if other == path or not other.endswith(".py"):
            continue
        index = memory.file(other)
        if index is None:
            continue
        for imp in index.imports:
            statement = import_statement(imp)
            if imp.bound == name and statement is not None:
                counts[statement] += 1
    return [statement for statement, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _workspace_definitions(memory: Memory, path: str, name: str) -> list[str]:
    """`from module import name` for each workspace module defining `name` at its top level, nearest first."""
    here = PurePosixPath(path).parent
    current = memory.file(path)
    # How this file already names modules (`shop.inventory` when the memory's root is above the
    # project, where the module's full name would be `examples.buggy.shop.inventory`).
    spelled = [imp.module for imp in current.imports if not imp.module.startswith(".")] if current else []
    found: list[tuple[int, str, str]] = []
    for other in memory.files_defining(name):
        if other == path or not other.endswith(".py"):
            continue
        index = memory.file(other)
        if index is None or not any(s.parent == index.module_id for s in index.by_qualname.get(name, ())):
            continue
        module = next(
            (m for m in spelled if index.module == m or index.module.endswith("." + m)),
            _importable_name(memory, other, index.module),
        )
        if module is None:
            continue
        distance = 0 if PurePosixPath(other).parent == here else len(PurePosixPath(other).parts)
        found.append((distance, other, f"from {module} import {name}"))
    return [statement for _, _, statement in sorted(found)]


def _importable_name(memory: Memory, path: str, module: str) -> str | None:
    names = [module]
    for prefix in ("src.", "lib.", "Lib."):
        if module.startswith(prefix):
            names.append(module[len(prefix) :])
    usable = [candidate for candidate in names if memory.module_path(candidate) == path]
    return min(usable, key=len) if usable else None


def _stdlib_imports(name: str, usage: bytes, *, exports: bool) -> list[str]:
    out: list[str] = []
    private = name[1:]
    if (
        usage == b"."
        and name.startswith("_")
        and private in sys.stdlib_module_names
        and private not in _NOT_FOR_USERS
        and not private.startswith("_")
    ):
        # `_os.path.join(...)`: a module imported under a private alias (`import os as _os`), as modules
        # that keep their namespace clean do.
        out.append(f"import {private} as {name}")
    if name in sys.stdlib_module_names and name not in _NOT_FOR_USERS and not name.startswith("_"):
        if usage == b".":
            out.append(f"import {name}")
        elif name in module_exports(name):
            # `time()`, `datetime(...)`: the name is used as the module's namesake, not as the module.
            out.append(f"from {name} import {name}")
    common = COMMON_NAMES.get(name)
    if common is not None:
        out.append(f"from {common} import {name}")
    return out


@cache
def module_exports(module: str) -> frozenset[str]:
    """The public names of a standard-library module: its `__all__` read from the source (never
    executed), or the attributes of a few modules written in C that are safe to import."""
    if module in _C_MODULES:
        return frozenset(name for name in dir(importlib.import_module(module)) if not name.startswith("_"))
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return frozenset()
    origin = spec.origin if spec is not None else None
    if origin == "frozen":
        # Frozen at interpreter start-up (os, posixpath, stat ...): already imported, so reading the
        # module's own `__all__` costs nothing and runs nothing.
        exported = getattr(importlib.import_module(module), "__all__", ())
        return frozenset(name for name in exported if isinstance(name, str))
    if origin is None or not origin.endswith(".py"):
        return frozenset()
    try:
        with open(origin, "rb") as handle:
            return _all_of(handle.read())
    except OSError:
        return frozenset()


def _all_of(source: bytes) -> frozenset[str]:
    """The literal `__all__` of a module's source; parsing only that statement keeps the index fast."""
    match = _ALL.search(source)
    if match is None:
        return frozenset()
    opening = source[match.end() - 1 : match.end()]
    closing = source.find(b"]" if opening == b"[" else b")", match.end())
    if closing == -1:
        return frozenset()
    try:
        value = ast.literal_eval(source[match.end() - 1 : closing + 1].decode("utf-8"))
    except (ValueError, SyntaxError, UnicodeDecodeError):
        return frozenset()
    if not isinstance(value, list | tuple):
        return frozenset()
    return frozenset(item for item in value if isinstance(item, str))


@cache
def _export_index() -> dict[str, frozenset[str]]:
    """Name → the standard-library modules exporting it (built once per process: about 15 ms, bench/selfdebug.py)."""
    index: dict[str, set[str]] = {}
    modules = [m for m in sys.stdlib_module_names if not m.startswith("_") and m not in _NOT_FOR_USERS]
    for module in sorted([*modules, *_SUBMODULES]):
        for exported in module_exports(module):
            index.setdefault(exported, set()).add(module)
    return {name: frozenset(found) for name, found in index.items()}


def _exporters(name: str) -> frozenset[str]:
    return _export_index().get(name, frozenset())


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
    if PurePosixPath(task.path).name == "__init__.py":
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
    start = _offset(text, diagnostic.start.line, diagnostic.start.col)
    end = _offset(text, diagnostic.end.line, diagnostic.end.col)
    name = diagnostic.data.get("name", "")
    if len(statement.names) == 1:
        first = _offset(text, statement.lineno - 1, statement.col_offset)
        last = _offset(text, (statement.end_lineno or statement.lineno) - 1, statement.end_col_offset or 0)
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


# Syntax ----------------------------------------------------------------------------------------------


def _syntax_candidates(text: bytes, diagnostic: Diagnostic) -> Iterator[Candidate]:
    missing = diagnostic.data.get("missing")
    if not isinstance(missing, str):
        return
    at = _offset(text, diagnostic.start.line, diagnostic.start.col)
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


def _python_ranked(text: bytes, candidates: Iterable[Candidate]) -> list[Candidate]:
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
        at = _offset(text, line, column)
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
