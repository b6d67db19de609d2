"""Precision and recall of archmem's "used by" (the places `resolve.iter_uses` finds, declarations left out)
against a type checker's references: basedpyright on rich 14.3.4 (Python, bench/corpus.py) and the
TypeScript language service on rxjs 7.8.1's sources (node, bench/ts_locations.js), for a seeded sample of
functions and methods. Places are compared exactly (file, line, UTF-16 column of the name); certain uses
alone, then certain and probable ones.

    python bench/used_by.py [--symbols 100] [--seed 7] [--languages python,typescript]

Run against another archmem tree (the base branch, say) with PYTHONPATH pointing at a directory whose
`archmem/` links that tree's `indexer` and `server`. One summary line last.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from archmem.indexer import resolve
from archmem.indexer.files import FileRules
from archmem.indexer.symbols import CALLABLE_KINDS, SymbolNode
from archmem.indexer.workspace import Memory

from bench import corpus
from bench.redaction import typescript_declarations
from bench.reference_noise import rxjs_sources

Place = tuple[str, int, int]  # path, line, UTF-16 column of the name's start


def sample(memory: Memory, count: int, seed: int) -> list[SymbolNode]:
    """Functions and methods; special methods (`__init__`) are called by the language, not by name."""
    symbols = [
        s
        for path in memory.files()
        for index in [memory.file(path)]
        if index is not None
        for s in index.symbols[1:]
        if s.kind in CALLABLE_KINDS and not (s.name.startswith("__") and s.name.endswith("__"))
    ]
    return random.Random(seed).sample(symbols, min(count, len(symbols)))


def place(memory: Memory, path: str, byte: int) -> Place:
    text = memory.text(path) or b""
    line_start = text.rfind(b"\n", 0, byte) + 1
    column = len(text[line_start:byte].decode("utf-8", "replace").encode("utf-16-le")) // 2
    return (path, text.count(b"\n", 0, byte), column)


def archmem_places(memory: Memory, symbol: SymbolNode) -> tuple[set[Place], set[Place]]:
    """The certain and the probable places archmem finds, declarations left out."""
    certain: set[Place] = set()
    probable: set[Place] = set()
    if hasattr(resolve, "iter_uses"):
        for use in resolve.iter_uses(memory, symbol):
            if not use.declaration:
                (certain if use.certain else probable).add(place(memory, use.path, use.start))
        return certain, probable
    # The base tree: references_to lists certain places first, then members of unknown receivers.
    resolver = resolve.Resolver(memory)
    for path, start, _end in resolve.references_to(memory, symbol):
        text = memory.text(path) or b""
        index = memory.file(path)
        found = resolve.word_at(text, start)
        if index is None or found is None or place(memory, path, start)[1:] == symbol.name_start:
            continue
        ref = f"{found[3]}.{found[2]}" if found[3] is not None else found[2]
        (probable if resolver.may_mean(index, ref, symbol) else certain).add(place(memory, path, start))
    return certain, probable


class Score:
    def __init__(self) -> None:
        self.found = self.expected = self.hits = 0

    def add(self, found: set[Place], expected: set[Place]) -> None:
        self.found += len(found)
        self.expected += len(expected)
        self.hits += len(found & expected)

    def text(self) -> str:
        precision = self.hits / self.found if self.found else 1.0
        recall = self.hits / self.expected if self.expected else 1.0
        return f"precision {precision:.1%} ({self.hits}/{self.found}), recall {recall:.1%} ({self.hits}/{self.expected})"


def counted(memory: Memory, symbol: SymbolNode, places: set[Place]) -> set[Place]:
    """The places that are uses in code, on both sides alike: not on an import or re-export line (the
    checkers disagree whether those are definitions), a comment line (JSDoc's `{@link map}`), nor a
    declaration of the same name (TypeScript's overload signatures)."""
    name = re.escape(symbol.name)
    skip = re.compile(
        rf"^\s*(?:import\b|from\s+\S+\s+import\b|export\s*(?:\*|\{{[^}}]*\}})\s*from\b|//|/?\*|#"
        rf"|(?:export\s+)?(?:async\s+)?(?:def|function\*?)\s+{name}\b)"
    )
    out: set[Place] = set()
    for found in places:
        lines = (memory.text(found[0]) or b"").split(b"\n")
        line = lines[found[1]].decode("utf-8", "replace") if found[1] < len(lines) else ""
        if not skip.match(line):
            out.add(found)
    return out


def compare(
    name: str, memory: Memory, symbols: list[SymbolNode], oracle: list[set[Place]]
) -> tuple[Score, Score]:
    certain, both = Score(), Score()
    for symbol, every in zip(symbols, oracle, strict=True):
        expected = counted(memory, symbol, every)
        sure, maybe = (counted(memory, symbol, found) for found in archmem_places(memory, symbol))
        certain.add(sure, expected)
        both.add(sure | maybe, expected)
    print(f"{name}: {len(symbols)} functions and methods, {certain.expected} places by the oracle")
    print(f"  certain:            {certain.text()}")
    print(f"  certain + probable: {both.text()}")
    # What hover asks (the first 20 users), timed without its deadline: medians, not pass/fail.
    seconds = []
    for symbol in symbols:
        start = time.perf_counter()
        resolve.users_within(memory, symbol, 20)
        seconds.append(time.perf_counter() - start)
    seconds.sort()
    middle, high = seconds[len(seconds) // 2], seconds[int(len(seconds) * 0.9)]
    print(f"  users (hover's 20) in: p50 {middle * 1e3:.1f} ms, p90 {high * 1e3:.1f} ms")
    return certain, both


# -- Python: basedpyright over stdio ---------------------------------------------------------------


class Lsp:
    """Just enough of an LSP client to ask basedpyright for references, answering its requests blandly."""

    def __init__(self, command: list[str], root: Path) -> None:
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {},
                                    "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}]})  # fmt: skip
        self.notify("initialized", {})

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while (line := self.proc.stdout.readline().strip()) != b"":
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return dict(json.loads(self.proc.stdout.read(length)))

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if "method" in message and "id" in message:  # the server asks: configuration, registrations
                items = message.get("params", {}).get("items")
                self.send({"id": message["id"], "result": [None] * len(items) if items else None})
            elif message.get("id") == self.next_id and "method" not in message:
                return message.get("result")

    def close(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=30)


def python_oracle(root: Path, memory: Memory, symbols: list[SymbolNode]) -> list[set[Place]]:
    server = Lsp([str(Path(sys.executable).parent / "basedpyright-langserver"), "--stdio"], root)
    out: list[set[Place]] = []
    try:
        for symbol in symbols:
            text = memory.text(symbol.path) or b""
            line, column = symbol.name_start
            line_text = text.split(b"\n")[line][:column]
            character = len(line_text.decode("utf-8", "replace").encode("utf-16-le")) // 2
            found = server.request("textDocument/references", {
                "textDocument": {"uri": (root / symbol.path).as_uri()},
                "position": {"line": line, "character": character},
                "context": {"includeDeclaration": False},
            }) or []  # fmt: skip
            out.append({_lsp_place(root, ref) for ref in found if ref["uri"].startswith(root.as_uri())})
    finally:
        server.close()
    return out


def _lsp_place(root: Path, ref: dict[str, Any]) -> Place:
    path = ref["uri"][len(root.as_uri()) + 1 :]
    start = ref["range"]["start"]
    return (path, start["line"], start["character"])


# -- TypeScript: the language service from node ----------------------------------------------------


def typescript_oracle(root: Path, memory: Memory, symbols: list[SymbolNode]) -> list[set[Place]]:
    texts = {path: (memory.text(path) or b"").decode("utf-8", "replace") for path in memory.files()}
    queries = []
    for symbol in symbols:
        line, column = symbol.name_start
        lines = texts[symbol.path].split("\n")
        head = "\n".join(lines[:line]) + ("\n" if line else "")
        head += (lines[line].encode()[:column]).decode("utf-8", "replace")
        queries.append([symbol.path, len(head.encode("utf-16-le")) // 2])
    request = {
        "ask": "references",
        "typescript": str(typescript_declarations() / "typescript.js"),
        "root": str(root),
        "files": [p for p in texts if p.endswith(".ts")],
        "queries": queries,
    }
    script = Path(__file__).with_name("ts_locations.js")
    done = subprocess.run(
        ["node", str(script)], input=json.dumps(request), capture_output=True, text=True, check=True
    )
    return [{_ts_place(texts, path, offset) for path, offset in refs} for refs in json.loads(done.stdout)]


def _ts_place(texts: dict[str, str], path: str, offset: int) -> Place:
    units = texts[path].encode("utf-16-le")[: offset * 2].decode("utf-16-le")
    return (path, units.count("\n"), len(units[units.rfind("\n") + 1 :].encode("utf-16-le")) // 2)


def run(
    name: str, root: Path, count: int, seed: int, oracle: Any, languages: Iterable[str]
) -> tuple[Score, Score]:
    memory = Memory(root, rules=FileRules(excludes=("site-packages/",)), persist=False)
    memory.index_all()
    symbols = [s for s in sample(memory, count * 3, seed) if memory.file(s.path).language in languages][
        :count
    ]  # type: ignore[union-attr]
    found = compare(name, memory, symbols, oracle(root, memory, symbols))
    memory.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--symbols", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--languages", default="python,typescript")
    args = parser.parse_args()
    wanted = {x.strip() for x in args.languages.split(",")}
    results: list[str] = []
    if "python" in wanted:
        root = corpus.load_package().root
        certain, both = run(
            "rich 14.3.4 vs basedpyright", root, args.symbols, args.seed, python_oracle, {"python"}
        )
        results.append(f"python P/R certain {_pr(certain)}, +probable {_pr(both)}")
    if "typescript" in wanted:
        root = rxjs_sources()
        certain, both = run(
            "rxjs 7.8.1 vs TS service", root, args.symbols, args.seed, typescript_oracle, {"typescript"}
        )
        results.append(f"typescript P/R certain {_pr(certain)}, +probable {_pr(both)}")
    print("summary: used-by vs type checkers: " + "; ".join(results))


def _pr(score: Score) -> str:
    precision = score.hits / score.found if score.found else 1.0
    recall = score.hits / score.expected if score.expected else 1.0
    return f"{precision:.0%}/{recall:.0%}"


if __name__ == "__main__":
    main()
