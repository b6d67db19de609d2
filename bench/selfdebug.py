"""How well self-debug repairs faults injected into real code: functions of this machine's standard library,
each made into a small clean module, broken with a seeded fault, and run through the real engine three ways.

    python bench/selfdebug.py [--cases 200] [--seed 7] [--stdlib PATH] [--audit FILE]

The corpus: top-level functions from distinct files of the standard library (sysconfig's stdlib; no
site-packages, no test directories), each written as a module holding the function and exactly the imports
it needs, clean under pyflakes and archmem's tree-sitter syntax check. The faults (each checked to make the
problem it claims): a removed import, a misspelled name, a missing colon, a missing closing bracket, a
missing closing quote, a misspelled module attribute (only a type checker sees it: mypy is configured as a
checker for those cases, as `archmem.checkers` would configure it), and combinations of two.

Each case goes through `self_debug` with a real Memory over a temporary workspace: the offline rules as
shipped, the offline rules without the standard-library `__all__` index (only cases with a removed import),
and the real model client (openai SDK) against the scripted OpenAI-compatible server of the tests on
127.0.0.1 answering as an oracle with the original code (and the imports the fault removed), except that
about a third of the cases first get a corrupted answer (a new undefined name or a dropped colon) that the
loop must refuse and correct. Self-debug is asked to fix everything (`archmem fix`), except where mypy finds
things in the original that no fault put there: then it gets the fault's own diagnostics, as from an editor.

Scoring: *repaired* when the offered edit leaves no diagnostic the original module lacked; a *false fix* is
an offered, verified edit that leaves such a diagnostic without declaring it; *exact* means byte for byte
the original. One summary line last.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import builtins
import difflib
import io
import itertools
import keyword
import math
import random
import re
import statistics
import sys
import sysconfig
import tempfile
import textwrap
import time
import tokenize
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`python bench/selfdebug.py`): make `bench` and `tests.support` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archmem.indexer.languages import BY_NAME
from archmem.indexer.workspace import Memory
from archmem.server.actions import (
    ModelProvider,
    OfflineProvider,
    ProposedEdit,
    SelfDebugSettings,
    self_debug,
    stdlib_names,
)
from archmem.server.checks import (
    CheckerSpec,
    Diagnostic,
    check_text,
    compare,
    line_map_between,
    parse_settings,
    run_pyflakes,
    syntax_diagnostics,
)
from archmem.server.models import Endpoint, ModelClient

from tests.support.fake_openai import FakeOpenAI, RecordedRequest, Reply, text

DATA = Path(__file__).resolve().parent / "_data"

REMOVED_IMPORT = "removed import"
MISSPELLED_NAME = "misspelled name"
MISSING_COLON = "missing colon"
MISSING_BRACKET = "missing bracket"
MISSING_QUOTE = "missing quote"
WRONG_ATTRIBUTE = "wrong attribute (mypy)"
COMBINATION = "combination of two"
SINGLE_KINDS = (
    REMOVED_IMPORT,
    MISSPELLED_NAME,
    MISSING_COLON,
    MISSING_BRACKET,
    MISSING_QUOTE,
    WRONG_ATTRIBUTE,
)
# The faults the offline rules are meant for; combinations draw two different ones of these.
OFFLINE_KINDS = SINGLE_KINDS[:5]
# The share of each fault among the cases (out of 200; a bit over a quarter are combinations).
WEIGHTS = {
    REMOVED_IMPORT: 34,
    MISSPELLED_NAME: 34,
    MISSING_COLON: 22,
    MISSING_BRACKET: 22,
    MISSING_QUOTE: 16,
    WRONG_ATTRIBUTE: 20,
    COMBINATION: 52,
}
CORRUPTED_SHARE = 1 / 3

MIN_LINES, MAX_LINES = 4, 60
_EXCLUDED_PARTS = frozenset({"site-packages", "test", "tests", "idle_test", "__pycache__"})
_BUILTINS = frozenset(dir(builtins))
_COMPOUND = frozenset(
    {"def", "class", "if", "elif", "else", "for", "while", "with", "try", "except", "finally", "async"}
)

# mypy as `archmem.checkers.python` would hold it (docs/checks.md). `--check-untyped-defs`: the standard
# library's functions are unannotated, and without it mypy does not look inside them at all.
# `--no-incremental`: with `--shadow-file` a warm cache answers for the wrong text (docs/self-debug.md).
MYPY_SETTING = {
    "name": "mypy",
    "format": "mypy",
    "timeoutSeconds": 60,
    "command": [
        sys.executable,
        "-m",
        "mypy",
        "--no-native-parser",
        "--no-incremental",
        "--cache-dir=/dev/null",
        "--check-untyped-defs",
        "--show-column-numbers",
        "--show-error-end",
        "--show-error-codes",
        "--no-error-summary",
        "--no-color-output",
        "--shadow-file",
        "{original}",
        "{file}",
        "{original}",
    ],
}


def mypy_checkers() -> tuple[CheckerSpec, ...]:
    specs, errors = parse_settings({"python": [MYPY_SETTING]})
    if errors:
        raise SystemExit(f"the mypy checker setting is wrong: {errors}")
    return tuple(specs["python"])


# The corpus ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    """One function of the standard library with exactly the imports it needs, as a module of its own."""

    origin: str  # the stdlib-relative path it came from
    function: str
    imports: tuple[str, ...]  # one statement a line, in the order of the original file
    code: str  # the function, decorators included, ending in a newline

    @property
    def text(self) -> str:
        return "\n".join(self.imports) + "\n\n\n" + self.code if self.imports else self.code

    @property
    def code_start(self) -> int:
        """Where the function starts in `text` (characters)."""
        return len(self.text) - len(self.code)


def stdlib_files(stdlib: Path) -> list[Path]:
    return [
        path
        for path in sorted(stdlib.rglob("*.py"))
        if not _EXCLUDED_PARTS.intersection(path.relative_to(stdlib).parts[:-1])
    ]


def _imports_by_name(tree: ast.Module) -> dict[str, list[tuple[int, ast.alias]]]:
    """Bound name -> (index of the top-level import statement, alias) for every absolute import."""
    bound: dict[str, list[tuple[int, ast.alias]]] = {}
    for index, node in enumerate(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound.setdefault(alias.asname or alias.name.split(".")[0], []).append((index, alias))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module != "__future__":
            for alias in node.names:
                if alias.name != "*":
                    bound.setdefault(alias.asname or alias.name, []).append((index, alias))
    return bound


def _statement(node: ast.Import | ast.ImportFrom, aliases: Sequence[ast.alias]) -> str:
    names = ", ".join(f"{a.name} as {a.asname}" if a.asname else a.name for a in aliases)
    if isinstance(node, ast.Import):
        return f"import {names}"
    return f"from {node.module} import {names}"


def module_for(
    origin: str, source: str, tree: ast.Module, function: ast.FunctionDef | ast.AsyncFunctionDef
) -> Module | None:
    """The function as a module with exactly the imports it needs, or None when it needs something else
    from its file (a constant, a class, a relative import) or is not clean on its own."""
    lines = source.splitlines(keepends=True)
    first = function.decorator_list[0].lineno if function.decorator_list else function.lineno
    last = function.end_lineno or function.lineno
    if not MIN_LINES <= last - first + 1 <= MAX_LINES:
        return None
    code = "".join(lines[first - 1 : last])
    if not code.endswith("\n"):
        code += "\n"
    flakes = _pyflakes(code)
    if any(d.code != "undefined-name" for d in flakes):
        return None
    needed = {str(d.data["name"]) for d in flakes}
    bound = _imports_by_name(tree)
    if not needed <= bound.keys():
        return None
    wanted: dict[int, list[ast.alias]] = {}
    for name in needed:
        for index, alias in bound[name]:
            wanted.setdefault(index, []).append(alias)
    imports = []
    for index in sorted(wanted):
        node = tree.body[index]
        assert isinstance(node, ast.Import | ast.ImportFrom)
        aliases = [a for a in node.names if a in wanted[index]]
        imports.append(_statement(node, aliases))
    module = Module(origin, function.name, tuple(imports), code)
    try:
        compile(module.text, origin, "exec")
    except (SyntaxError, ValueError):
        return None
    if _pyflakes(module.text) or syntax_errors(module.text):
        return None
    return module


def modules_of(stdlib: Path, path: Path) -> list[Module]:
    """Every top-level function of one file that makes a clean module, in file order."""
    try:
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return []
    origin = path.relative_to(stdlib).as_posix()
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            module = module_for(origin, source, tree, node)
            if module is not None:
                found.append(module)
    return found


def _pyflakes(source: str) -> list[Diagnostic]:
    return list(run_pyflakes(source.encode("utf-8"), "case.py").diagnostics)


def syntax_errors(source: str) -> list[Diagnostic]:
    """archmem's syntax diagnostics: tree-sitter's, then CPython's (through pyflakes) when it saw none."""
    data = source.encode("utf-8")
    tree = BY_NAME["python"].parser().parse(data)
    found = syntax_diagnostics(tree, data, language="python")
    return found or [d for d in _pyflakes(source) if d.code == "syntax-error"]


# Faults ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    """One injected fault: edits (start, end, replacement) in characters of the module's text."""

    kind: str
    edits: tuple[tuple[int, int, str], ...]
    what: str


def apply(text_: str, edits: Sequence[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text_ = text_[:start] + replacement + text_[end:]
    return text_


class _Lines:
    """Offsets of a text's lines, to turn (1-based line, column) into a character offset."""

    def __init__(self, source: str) -> None:
        self.lines = source.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col

    def byte_col(self, line: int, col: int) -> int:
        """The character column of an `ast` UTF-8 byte column."""
        return len(self.lines[line - 1].encode("utf-8")[:col].decode("utf-8", "replace"))

    def line_of(self, offset: int) -> int:
        return max(i for i, start in enumerate(self.starts) if start <= offset) + 1


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


def misspell(name: str, rng: random.Random, taken: str) -> str | None:
    """A one-edit misspelling of `name` (drop, swap, double a letter) that is no name in `taken`."""
    options = []
    for i in range(1, len(name)):
        options.append(name[:i] + name[i + 1 :])
        options.append(name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :])
        options.append(name[:i] + name[i] + name[i:])
    rng.shuffle(options)
    for option in options:
        if (
            option != name
            and option.isidentifier()
            and not keyword.iskeyword(option)
            and option not in _BUILTINS
            and not re.search(rf"\b{re.escape(option)}\b", taken)
        ):
            return option
    return None


def inject_removed_import(module: Module, rng: random.Random) -> Fault | None:
    if not module.imports:
        return None
    index = rng.randrange(len(module.imports))
    start = sum(len(line) + 1 for line in module.imports[:index])
    statement = module.imports[index]
    return Fault(REMOVED_IMPORT, ((start, start + len(statement) + 1, ""),), f"removed `{statement}`")


def inject_misspelled_name(module: Module, rng: random.Random) -> Fault | None:
    source = module.text
    lines = _Lines(source)
    sites = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Name)
        and isinstance(node.ctx, ast.Load)
        and len(node.id) >= 4
        and lines.offset(node.lineno, 0) >= module.code_start
    ]
    rng.shuffle(sites)
    for node in sites:
        start = lines.offset(node.lineno, lines.byte_col(node.lineno, node.col_offset))
        if source[start : start + len(node.id)] != node.id:
            continue  # a position ast reports inside an f-string differently
        wrong = misspell(node.id, rng, source)
        if wrong is not None:
            return Fault(MISSPELLED_NAME, ((start, start + len(node.id), wrong),), f"'{node.id}' → '{wrong}'")
    return None


def inject_missing_colon(module: Module, rng: random.Random) -> Fault | None:
    source = module.text
    lines = _Lines(source)
    tokens = _tokens(source)
    sites = []
    statement_start: tokenize.TokenInfo | None = None
    for i, token in enumerate(tokens):
        if token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT):
            if token.type == tokenize.NEWLINE:
                statement_start = None
            continue
        if statement_start is None:
            statement_start = token
        following = next((t for t in tokens[i + 1 :] if t.type != tokenize.COMMENT), None)
        if (
            token.type == tokenize.OP
            and token.string == ":"
            and following is not None
            and following.type == tokenize.NEWLINE
            and statement_start.string in _COMPOUND
        ):
            offset = lines.offset(*token.start)
            if offset >= module.code_start:
                sites.append((offset, statement_start.string, token.start[0]))
    if not sites:
        return None
    offset, keyword_, line = rng.choice(sites)
    return Fault(MISSING_COLON, ((offset, offset + 1, ""),), f"':' of the {keyword_} on line {line}")


def inject_missing_bracket(module: Module, rng: random.Random) -> Fault | None:
    source = module.text
    lines = _Lines(source)
    sites = [
        token
        for token in _tokens(source)
        if token.type == tokenize.OP
        and token.string in ")]}"
        and lines.offset(*token.start) >= module.code_start
    ]
    if not sites:
        return None
    token = rng.choice(sites)
    offset = lines.offset(*token.start)
    return Fault(MISSING_BRACKET, ((offset, offset + 1, ""),), f"'{token.string}' on line {token.start[0]}")


def inject_missing_quote(module: Module, rng: random.Random) -> Fault | None:
    source = module.text
    lines = _Lines(source)
    sites = [
        token
        for token in _tokens(source)
        if token.type == tokenize.STRING
        and token.start[0] == token.end[0]
        and not token.string.endswith(('"""', "'''"))
        and token.string[-1] in "'\""
        and lines.offset(*token.start) >= module.code_start
    ]
    if not sites:
        return None
    token = rng.choice(sites)
    end = lines.offset(*token.end)
    return Fault(
        MISSING_QUOTE, ((end - 1, end, ""),), f"closing quote of {token.string[:30]} on line {token.end[0]}"
    )


def inject_wrong_attribute(module: Module, rng: random.Random) -> Fault | None:
    """A misspelled attribute of an imported module (`os.path.jion`): pyflakes cannot see it, mypy can."""
    source = module.text
    lines = _Lines(source)
    tree = ast.parse(source)
    modules = {
        alias.asname or alias.name.split(".")[0]
        for node in tree.body
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    sites = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and len(node.attr) >= 3
        and node.end_lineno is not None
        and node.end_col_offset is not None
        and lines.offset(node.lineno, 0) >= module.code_start
    ]
    rng.shuffle(sites)
    for node in sites:
        assert node.end_lineno is not None and node.end_col_offset is not None
        end = lines.offset(node.end_lineno, lines.byte_col(node.end_lineno, node.end_col_offset))
        start = end - len(node.attr)
        if source[start:end] != node.attr:
            continue
        wrong = misspell(node.attr, rng, source)
        if wrong is not None:
            name = f"{ast.unparse(node.value)}.{node.attr}"
            return Fault(WRONG_ATTRIBUTE, ((start, end, wrong),), f"{name} → .{wrong}")
    return None


INJECTORS: dict[str, Callable[[Module, random.Random], Fault | None]] = {
    REMOVED_IMPORT: inject_removed_import,
    MISSPELLED_NAME: inject_misspelled_name,
    MISSING_COLON: inject_missing_colon,
    MISSING_BRACKET: inject_missing_bracket,
    MISSING_QUOTE: inject_missing_quote,
    WRONG_ATTRIBUTE: inject_wrong_attribute,
}


def makes_its_fault(module: Module, fault: Fault) -> bool:
    """Whether the fault, alone, makes the problem its kind claims (the mypy fault: see `mypy_confirms`)."""
    broken = apply(module.text, fault.edits)
    if fault.kind in (MISSING_COLON, MISSING_BRACKET, MISSING_QUOTE):
        try:
            compile(broken, "case.py", "exec")
        except SyntaxError:
            return bool(syntax_errors(broken))
        return False
    if syntax_errors(broken):
        return False
    flakes = _pyflakes(broken)
    if fault.kind == WRONG_ATTRIBUTE:
        return not flakes
    undefined = {str(d.data.get("name")) for d in flakes if d.code == "undefined-name"}
    if fault.kind == REMOVED_IMPORT:
        removed = module.text[fault.edits[0][0] : fault.edits[0][1]]
        return bool(undefined & set(re.findall(r"\w+", removed)))
    return fault.edits[0][2] in undefined


# Cases -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    number: int
    module: Module
    faults: tuple[Fault, ...]
    original_diagnostics: tuple[Diagnostic, ...]
    # What self-debug is asked to fix: None for everything (`archmem fix`), which is what the fault made
    # when the original is clean; the fault's own diagnostics, as an editor would send them, when mypy
    # already finds things in the original that no fault put there.
    targets: tuple[Diagnostic, ...] | None
    corrupt: str | None  # how the scripted model's first answer is corrupted, if it is

    @property
    def label(self) -> str:
        return COMBINATION if len(self.faults) > 1 else self.faults[0].kind

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(f.kind for f in self.faults)

    @property
    def broken(self) -> str:
        return apply(self.module.text, [e for f in self.faults for e in f.edits])

    @property
    def uses_mypy(self) -> bool:
        return WRONG_ATTRIBUTE in self.kinds

    @property
    def path(self) -> str:
        return f"case_{self.number:03d}.py"


def plan(count: int, rng: random.Random) -> list[tuple[str, ...]]:
    """The faults of each case: shares by `WEIGHTS` (largest remainders), combinations drawn from pairs of
    different offline kinds, in a seeded order."""
    total = sum(WEIGHTS.values())
    exact = {kind: count * weight / total for kind, weight in WEIGHTS.items()}
    counts = {kind: math.floor(value) for kind, value in exact.items()}
    for kind in sorted(exact, key=lambda k: counts[k] - exact[k])[: count - sum(counts.values())]:
        counts[kind] += 1
    plans: list[tuple[str, ...]] = []
    for kind, number in counts.items():
        for _ in range(number):
            plans.append(tuple(rng.sample(OFFLINE_KINDS, 2)) if kind == COMBINATION else (kind,))
    rng.shuffle(plans)
    return plans


def _disjoint(faults: Sequence[Fault], module: Module) -> bool:
    lines = _Lines(module.text)
    spans = sorted((s, e) for f in faults for s, e, _ in f.edits)
    if any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
        return False
    touched = [lines.line_of(s) for f in faults for s, _, _ in f.edits]
    return len(set(touched)) == len(touched)


def faults_for(module: Module, kinds: Sequence[str], seed: int) -> tuple[Fault, ...] | None:
    faults = []
    for kind in kinds:
        rng = random.Random(f"{seed}:{module.origin}:{module.function}:{kind}")
        fault = INJECTORS[kind](module, rng)
        if fault is None or not makes_its_fault(module, fault):
            return None
        faults.append(fault)
    if not _disjoint(faults, module):
        return None
    broken = apply(module.text, [e for f in faults for e in f.edits])
    if not (syntax_errors(broken) or _pyflakes(broken) or WRONG_ATTRIBUTE in kinds):
        return None
    return tuple(faults)


async def diagnostics(
    source: str, root: Path, name: str, specs: Sequence[CheckerSpec]
) -> tuple[Diagnostic, ...]:
    """archmem's checks (and `specs`) on `source` as `root/name`; a checker that fails stops the bench."""
    data = source.encode("utf-8")
    path = root / name
    path.write_bytes(data)  # mypy's --shadow-file wants the original to exist
    tree = BY_NAME["python"].parser().parse(data)
    report = await check_text(str(path), data, "python", tree, specs, str(root))
    if report.errors:
        raise SystemExit(f"a checker failed on {name}: {report.errors}")
    return report.diagnostics


@dataclass(frozen=True)
class _Fit:
    kinds: tuple[str, ...]
    module: Module
    faults: tuple[Fault, ...]
    original: tuple[Diagnostic, ...]
    targets: tuple[Diagnostic, ...] | None


async def mypy_confirms(
    module: Module, fault: Fault, scratch: Path, specs: Sequence[CheckerSpec]
) -> _Fit | None:
    """The case when mypy reports the misspelled attribute as new (targets: what the fault added when the
    original already has mypy findings), else None."""
    before = await diagnostics(module.text, scratch, "case.py", specs)
    broken = apply(module.text, fault.edits)
    after = await diagnostics(broken, scratch, "case.py", specs)
    new = compare(before, after, line_map=line_map_between(module.text.encode(), broken.encode())).new
    if not any(d.code == "attr-defined" for d in new):
        return None
    return _Fit((WRONG_ATTRIBUTE,), module, (fault,), before, new if before else None)


async def build_cases(stdlib: Path, count: int, seed: int, scratch: Path) -> tuple[list[Case], int]:
    """`count` cases from distinct files, and how many files were read to find them."""
    rng = random.Random(seed)
    pending = plan(count, rng)
    files = stdlib_files(stdlib)
    rng.shuffle(files)
    specs = mypy_checkers()
    chosen: list[_Fit] = []
    read = 0
    for path in files:
        if not pending:
            break
        read += 1
        modules = modules_of(stdlib, path)
        rng.shuffle(modules)
        fit = await _first_fit(modules, pending, seed, scratch, specs)
        if fit is not None:
            pending.remove(fit.kinds)
            chosen.append(fit)
    if pending:
        raise SystemExit(f"the standard library gave only {len(chosen)} cases of {count}")
    corrupt_rng = random.Random(f"{seed}:corrupt")
    cases = []
    for number, fit in enumerate(chosen, 1):
        corrupt = None
        if corrupt_rng.random() < CORRUPTED_SHARE:
            corrupt = corrupt_rng.choice(("undefined name", "dropped colon"))
        cases.append(Case(number, fit.module, fit.faults, fit.original, fit.targets, corrupt))
    return cases, read


async def _first_fit(
    modules: Sequence[Module],
    pending: Sequence[tuple[str, ...]],
    seed: int,
    scratch: Path,
    specs: Sequence[CheckerSpec],
) -> _Fit | None:
    """The first pending plan (in plan order) that one of this file's functions takes."""
    for kinds in dict.fromkeys(pending):
        for module in modules:
            faults = faults_for(module, kinds, seed)
            if faults is None:
                continue
            if WRONG_ATTRIBUTE in kinds:
                fit = await mypy_confirms(module, faults[0], scratch, specs)
                if fit is not None:
                    return fit
                continue
            return _Fit(kinds, module, faults, await diagnostics(module.text, scratch, "case.py", ()), None)
    return None


# The scripted model ----------------------------------------------------------------------------------

_CODE_TO_FIX = re.compile(r"Code to fix: (.*?), lines \d+-\d+ of .*?:\n(`{3,})python\n(.*?)\n\2", re.DOTALL)


def corrupted(code: str, how: str, rng: random.Random) -> str:
    """The code (a function, or a block at its depth) with a new undefined name, or without the colon that
    ends its first header line; unchanged when it cannot be read on its own."""
    indent = code[: len(code) - len(code.lstrip(" \t"))]
    body = textwrap.dedent(code)
    try:
        spoiled = _spoil(body, how, rng)
    except (SyntaxError, tokenize.TokenError):
        return code
    return textwrap.indent(spoiled, indent) if indent else spoiled


def _spoil(code: str, how: str, rng: random.Random) -> str:
    if how == "undefined name":
        lines = _Lines(code)
        names = [
            n for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        ]
        rng.shuffle(names)
        for node in names:
            start = lines.offset(node.lineno, lines.byte_col(node.lineno, node.col_offset))
            if code[start : start + len(node.id)] == node.id:
                return code[:start] + node.id + "_helper" + code[start + len(node.id) :]
    tokens = _tokens(code)
    for i, token in enumerate(tokens):
        following = next((t for t in tokens[i + 1 :] if t.type != tokenize.COMMENT), None)
        if token.string == ":" and following is not None and following.type == tokenize.NEWLINE:
            offset = _Lines(code).offset(*token.start)
            return code[:offset] + code[offset + 1 :]
    return code


class Oracle:
    """Answers like a model that knows the original: the function as it was, preceded by the imports the
    fault removed when the code asked for is the function itself (a block of lines around a syntax error
    takes no imports). Asked for less than the function (a nested function, or the block around a syntax
    error), it answers with the lines of the original that look most like what it was given. For a case
    marked corrupt, the first answer is spoiled."""

    def __init__(self, case: Case, seed: int) -> None:
        self.case = case
        self.rng = random.Random(f"{seed}:{case.number}:answer")
        self.answers = 0
        self.removed = [
            case.module.text[start:end].strip()
            for fault in case.faults
            if fault.kind == REMOVED_IMPORT
            for start, end, _ in fault.edits
        ]

    def original_lines(self, asked: str) -> str:
        """The run of lines of the original module, as many as `asked` has, most similar to it."""
        lines = self.case.module.text.split("\n")
        count = len(asked.split("\n"))
        windows = ["\n".join(lines[i : i + count]) for i in range(max(1, len(lines) - count + 1))]
        return max(windows, key=lambda w: difflib.SequenceMatcher(None, w, asked).ratio())

    def __call__(self, request: RecordedRequest) -> Reply:
        messages = request.body.get("messages", []) if isinstance(request.body, dict) else []
        user = next((str(m.get("content", "")) for m in messages if m.get("role") == "user"), "")
        match = _CODE_TO_FIX.search(user)
        unit, asked = (match.group(1), match.group(3)) if match else ("", "")
        module = self.case.module
        if re.search(rf"^(async\s+)?def\s+{re.escape(module.function)}\b", asked, re.MULTILINE):
            code = module.code
        else:
            code = self.original_lines(asked) + "\n"
        if self.case.corrupt is not None and self.answers == 0:
            code = corrupted(code, self.case.corrupt, self.rng)
        # Imports go first only for a definition: a block of lines around a syntax error takes none.
        imports = [] if unit.startswith("lines ") else self.removed
        answer = "\n".join(imports) + "\n\n\n" + code if imports else code
        self.answers += 1
        longest = max((len(run) for run in re.findall(r"`+", answer)), default=0)
        fence = "`" * max(3, longest + 1)
        return text(f"{fence}python\n{answer}{fence}\n")


# Running ---------------------------------------------------------------------------------------------

OFFLINE = "offline"
CURATED = "offline, curated map only"
MODEL = "scripted model"
WAYS = (OFFLINE, CURATED, MODEL)
KEY_ENV = "ARCHMEM_BENCH_KEY"


@dataclass(frozen=True)
class Outcome:
    case: Case
    way: str
    repaired: bool
    exact: bool
    false_fix: bool
    offered: bool
    rounds: int
    requests: int
    seconds: float
    note: str
    diff: str = ""  # the offered edit, for the audit


def _key(d: Diagnostic) -> tuple[str, str | None, str]:
    return (d.source, d.code, d.message)


async def run_case(case: Case, way: str, work: Path, fake: FakeOpenAI, seed: int) -> Outcome:
    root = work / f"{case.number:03d}-{WAYS.index(way)}"
    root.mkdir()
    broken = case.broken
    (root / case.path).write_text(broken, encoding="utf-8")
    memory = Memory.open(root)
    specs = mypy_checkers() if case.uses_mypy else ()
    settings = SelfDebugSettings(checkers=specs, root=str(root))
    provider: OfflineProvider | ModelProvider
    if way == MODEL:
        fake.set_handler(Oracle(case, seed))
        endpoint = Endpoint(name="oracle", base_url=fake.base_url, model="oracle", api_key_env=KEY_ENV)
        provider = ModelProvider(
            ModelClient(endpoint, {KEY_ENV: "sk-bench-not-a-key"}, initial_backoff_s=0.001)
        )
    else:
        provider = OfflineProvider(stdlib_exports=way == OFFLINE)
    before = len(fake.chat_requests)
    started = time.perf_counter()
    try:
        result = await self_debug(memory, case.path, case.targets, provider=provider, settings=settings)
    finally:
        seconds = time.perf_counter() - started
        if isinstance(provider, ModelProvider):
            await provider.aclose()
    requests = len(fake.chat_requests) - before
    if not isinstance(result, ProposedEdit):
        note = f"{result.kind}: {result.reason} {result.detail}".replace("\n", " | ")
        return Outcome(case, way, False, False, False, False, result.rounds, requests, seconds, note)
    after = result.apply(broken.encode("utf-8")).decode("utf-8")
    scratch = work / f"{root.name}-score"
    scratch.mkdir()
    found = await diagnostics(after, scratch, case.path, specs)
    original = case.module.text
    new = compare(
        case.original_diagnostics, found, line_map=line_map_between(original.encode(), after.encode())
    ).new
    # Declared: the edit's own account lists it among what it leaves (each listing covers one).
    declared = Counter(_key(d) for d in result.remaining)
    undeclared = 0
    for diagnostic in new:
        if declared[_key(diagnostic)] > 0:
            declared[_key(diagnostic)] -= 1
        else:
            undeclared += 1
    note = "; ".join(f"{d.source} {d.code}: {d.message}" for d in new) or result.summary
    return Outcome(
        case,
        way,
        repaired=not new,
        exact=after == original,
        false_fix=result.verified and undeclared > 0,
        offered=True,
        rounds=result.rounds,
        requests=requests,
        seconds=seconds,
        note=note,
        diff="".join(
            difflib.unified_diff(broken.splitlines(True), after.splitlines(True), "broken", "offered")
        ),
    )


def _ways_for(case: Case) -> Iterator[str]:
    yield OFFLINE
    if REMOVED_IMPORT in case.kinds:
        yield CURATED
    yield MODEL


async def run_all(cases: Sequence[Case], seed: int) -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="archmem-selfdebug-") as tmp, FakeOpenAI() as fake:
        work = Path(tmp)
        for case in cases:
            for way in _ways_for(case):
                outcomes.append(await run_case(case, way, work, fake, seed))
    return outcomes


# Report ----------------------------------------------------------------------------------------------


def _cell(outcomes: Sequence[Outcome]) -> str:
    if not outcomes:
        return ""
    done = sum(o.repaired for o in outcomes)
    share = f" ({100 * done / len(outcomes):.0f}%)" if done != len(outcomes) else ""
    return f"{done}/{len(outcomes)}{share}"


def _ms(values: Sequence[float]) -> str:
    if not values:
        return "no repair"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, math.ceil(0.9 * len(ordered)) - 1)]
    return f"{1000 * statistics.median(ordered):.0f} ms median, {1000 * p90:.0f} ms p90"


def report(cases: Sequence[Case], outcomes: Sequence[Outcome], files_read: int, seconds: float) -> str:
    by_way = {way: [o for o in outcomes if o.way == way] for way in WAYS}
    out = [
        f"corpus: {len(cases)} functions from {len({c.module.origin for c in cases})} files "
        f"({files_read} files read) of {sysconfig.get_paths()['stdlib']}, Python {sys.version.split()[0]}",
        f"corrupted first answers: {sum(c.corrupt is not None for c in cases)}; "
        f"mypy configured for {sum(c.uses_mypy for c in cases)} cases; run {seconds:.0f} s",
        "",
        "| fault | " + " | ".join(WAYS) + " |",
        "|---|---|---|---|",
    ]
    for label in (*SINGLE_KINDS, COMBINATION):
        cells = [_cell([o for o in by_way[way] if o.case.label == label]) for way in WAYS]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("")
    for way in WAYS:
        rows = by_way[way]
        repaired = [o for o in rows if o.repaired]
        rounds = Counter(o.rounds for o in repaired)
        out.append(
            f"{way}: {len(repaired)}/{len(rows)} repaired, {sum(o.exact for o in rows)} exactly; "
            f"{sum(o.offered for o in rows)} offered ({sum(o.offered and not o.repaired for o in rows)} of them "
            f"leave a problem they declare); false fixes {sum(o.false_fix for o in rows)}; "
            f"rounds "
            + ", ".join(f"{r}: {n}" for r, n in sorted(rounds.items()))
            + f"; {_ms([o.seconds for o in repaired])} per repair"
        )
    model = by_way[MODEL]
    corrupt = [o for o in model if o.case.corrupt is not None]
    out.append(
        f"scripted model: {sum(o.requests for o in model)} requests; corrupted first answers refused and "
        f"then repaired: {sum(o.repaired and o.rounds >= 2 for o in corrupt)}/{len(corrupt)}"
    )
    out.append("")
    out.append("not repaired:")
    for o in outcomes:
        if not o.repaired:
            faults = "; ".join(f"{f.kind}: {f.what}" for f in o.case.faults)
            out.append(
                f"  [{o.way}] #{o.case.number} {o.case.module.origin}:{o.case.module.function} ({faults}): {o.note[:300]}"
            )
    offline = by_way[OFFLINE]
    syntax_like = [o for o in offline if not o.case.uses_mypy]
    fixed = sum(o.repaired for o in syntax_like)
    false_fixes = sum(o.false_fix for o in outcomes)
    out.append("")
    out.append(
        f"selfdebug: {len(cases)} cases; offline repaired {_pct(fixed, len(syntax_like))} of "
        f"undefined-name/import/syntax faults ({fixed}/{len(syntax_like)}), "
        f"{_pct(sum(o.repaired for o in offline), len(offline))} of all; "
        f"scripted model {_pct(sum(o.repaired for o in model), len(model))}; false fixes {false_fixes}"
    )
    return "\n".join(out)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def audit(cases: Sequence[Case], outcomes: Sequence[Outcome], path: Path) -> None:
    """Every case's module, fault and outcome, to read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for case in cases:
            out.write(
                f"=== #{case.number} {case.module.origin}:{case.module.function} corrupt={case.corrupt}\n"
            )
            for fault in case.faults:
                out.write(f"fault: {fault.kind}: {fault.what}\n")
            for o in outcomes:
                if o.case is case:
                    out.write(
                        f"{o.way}: repaired={o.repaired} exact={o.exact} false_fix={o.false_fix} "
                        f"rounds={o.rounds} requests={o.requests} {1000 * o.seconds:.0f} ms: {o.note}\n"
                    )
                    out.write(o.diff)
            out.write(case.broken + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stdlib", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    parser.add_argument("--audit", type=Path, default=DATA / "selfdebug-audit.txt")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="archmem-selfdebug-corpus-") as scratch:
        cases, files_read = asyncio.run(build_cases(args.stdlib, args.cases, args.seed, Path(scratch)))
    # The standard-library `__all__` index is built once per process, at the first undefined name the
    # offline rules cannot place otherwise; timed here so that no case pays for it.
    index_started = time.perf_counter()
    exporting = len(stdlib_names.export_index())
    index_ms = 1000 * (time.perf_counter() - index_started)
    outcomes = asyncio.run(run_all(cases, args.seed))
    audit(cases, outcomes, args.audit)
    print(f"audit of every case: {args.audit}")
    print(f"standard-library __all__ index: {exporting} names, built in {index_ms:.0f} ms")
    print(report(cases, outcomes, files_read, time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
