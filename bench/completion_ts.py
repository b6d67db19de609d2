"""The completion bench's TypeScript recall (`bench/completion.py`): the identifiers of a hidden line asked of
the TypeScript language service (`ts_locations.js`), and the definitions it answers checked against the prompt
and the window; how the line used each missed definition, for the misses' listing."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archmem.indexer.context.tokens import tokenizer
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.symbols import CALLABLE_KINDS
from archmem.indexer.workspace import Memory

from bench.redaction import typescript_declarations

if TYPE_CHECKING:
    from bench.completion import Run

OTHER_FILE = -1  # the distance of a definition in another file (TypeScript's oracle finds those)


@dataclass(frozen=True)
class TsLine:
    """A hidden TypeScript line: its prompt and the window, and which oracle queries are its identifiers."""

    path: str
    line: int
    function: tuple[int, int]  # 0-based lines of the outermost function around it: its own definitions
    prompt: str
    window: str
    queries: range


_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
# The language service answers `this` and `super` with the class: no definition the line uses by name.
_TS_SELF = frozenset({"this", "super"})


def identifiers_at(text: str, line: int) -> list[int]:
    """UTF-16 offsets of the identifiers on 0-based `line` of `text` (strings and keywords included: the
    oracle finds no definition for those)."""
    lines = text.split("\n")
    start = len("\n".join(lines[:line]).encode("utf-16-le")) // 2 + (1 if line else 0)
    code = lines[line]
    return [
        start + len(code[: m.start()].encode("utf-16-le")) // 2
        for m in _IDENTIFIER.finditer(code)
        if m.group(0) not in _TS_SELF
    ]


def function_lines(memory: Memory, path: str, index: FileIndex | None, line: int) -> tuple[int, int]:
    """The 0-based lines of the outermost function around `line` (per the file before any line was hidden),
    whose own parameters and locals the prompt's prefix already carries; (line, line) outside functions."""
    text = memory.text(path) or b""
    byte = len(b"\n".join(text.split(b"\n")[:line])) + 1
    holder = index.symbol_at(byte) if index is not None else None
    if index is None or holder is None:
        return line, line
    callables = [s for s in [holder, *index.enclosing(holder)] if s.kind in CALLABLE_KINDS]
    return (callables[-1].start[0], callables[-1].end[0]) if callables else (line, line)


def ts_recall(memory: Memory, root: Path, run: Run) -> None:
    """TypeScript recall, the TypeScript language service as the oracle (`ts_locations.js`): of the
    definitions the hidden line's identifiers lead to, in the package and outside the line's own function,
    the fraction whose declaration line the prompt (and the window) holds."""
    if not run.ts_queries:
        return
    texts = {p: (memory.text(p) or b"").decode("utf-8", "replace") for p in memory.files()}
    request = {
        "ask": "definitions",
        "typescript": str(typescript_declarations() / "typescript.js"),
        "root": str(root),
        "files": [p for p in texts if p.endswith(".ts")],
        "queries": run.ts_queries,
    }
    script = Path(__file__).with_name("ts_locations.js")
    done = subprocess.run(
        ["node", str(script)], input=json.dumps(request), capture_output=True, text=True, check=True
    )
    answers = json.loads(done.stdout)
    count = tokenizer().count
    for hidden in run.ts_lines:
        places: set[tuple[str, int]] = set()
        kinds: dict[tuple[str, int], str] = {}
        for query in hidden.queries:
            for path, offset in answers[query]:
                units = texts[path].encode("utf-16-le")[: offset * 2].decode("utf-16-le")
                places.add((path, units.count("\n")))
                kinds.setdefault(
                    (path, units.count("\n")), use_kind(texts[hidden.path], run.ts_queries[query][1])
                )
        lines = texts[hidden.path].split("\n")
        for path, at in sorted(places):
            if path == hidden.path and hidden.function[0] <= at <= hidden.function[1]:
                continue  # a parameter or local of the function the prefix and suffix carry
            header = texts[path].split("\n")[at].strip()
            between = "\n".join(lines[min(at, hidden.line) : max(at, hidden.line)])
            away = count(between) if path == hidden.path else OTHER_FILE
            run.recall.append((header in hidden.prompt, header in hidden.window, away))
            if header not in hidden.prompt:
                code = lines[hidden.line].strip()
                where = "this file" if path == hidden.path else "other file"
                run.misses.append(
                    f"[{kinds[(path, at)]}, {where}] {hidden.path}:{hidden.line + 1} `{code}` needs {header}"
                    f" ({path}:{at + 1})"
                )


_DESTRUCTURED = re.compile(r"(?:const|let|var)\s*\{[^}]*$|\(\s*\{[^}]*$")


def use_kind(text: str, offset: int) -> str:
    """How the hidden line uses the identifier at UTF-16 `offset` of `text`, for the misses' listing: a
    `member` (after `.`, `?.`, `!.`), a `constructor` called with `new`, a name `destructured` from an object
    (`const { a } = x`, `({ a }: T) =>`), a `this.` member, else a plain `name`."""
    units = text.encode("utf-16-le")[: offset * 2].decode("utf-16-le")
    line_head = units[units.rfind("\n") + 1 :]
    before = line_head.rstrip()
    if before.endswith(("this.", "this?.")):
        return "this member"
    if before.endswith((".", "?.")):
        return "member"
    if re.search(r"\bnew$", before):
        return "constructor"
    if _DESTRUCTURED.search(line_head):
        return "destructured"
    return "name"
