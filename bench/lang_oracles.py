"""Real oracles for C, Go and TypeScript: the language's own tooling says what a target function needs.

- C: clangd (Debian `clangd`) over LSP: `definition` and `declaration` of every identifier of the target;
- Go: gopls (Debian `gopls`) over LSP: `definition` of every identifier;
- TypeScript: the compiler's type checker (npm `typescript`), driven by bench/ts_definitions.js.

Shares no code with archmem. Targets come from the same tooling (LSP document symbols, the TypeScript
AST) and become `bench.oracle.Target`s, so the scenarios and the scoring are those of the Python tiers. A
unit is the line declaring a name (the oracle's location of it), with every location it gives as
alternatives; places inside the target (its parameters and locals) are the code itself and left out, and
so are places outside the workspace (system headers, GOROOT packages outside it, TypeScript's lib).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from bench.oracle import Site, Target, Unit

TS_HELPER = Path(__file__).with_name("ts_definitions.js")
MIN_LINES, MAX_LINES = 3, 80

_C_KEYWORDS = """auto break case char const continue default do double else enum extern float for goto if inline
int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile
while _Bool defined include define undef ifdef ifndef elif endif pragma error"""
_GO_KEYWORDS = """break case chan const continue default defer else fallthrough for func go goto if import interface
map package range return select struct switch type var"""
_KEYWORDS = {"c": frozenset(_C_KEYWORDS.split()), "go": frozenset(_GO_KEYWORDS.split())}
# Comments, strings and character literals are skipped whole; numbers too, so `0x1f` yields no `x1f`.
_LEXEME = re.compile(
    r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`[^`]*`"
    r"|\b\d[\w.]*|(?P<id>[A-Za-z_]\w*)",
    re.S,
)
_MEMBER_BEFORE = re.compile(r"(?:(?<!\.)\.|->)\s*$")  # not `...` (Go variadics)
_RECEIVER = re.compile(r"(\w+)\s*(?:\.|->)\s*$")


@dataclass(frozen=True)
class Span:
    """A candidate target as the oracle sees it (1-based lines): header, body braces, scope headers."""

    path: str
    qualname: str
    start: int
    header_end: int  # the line holding the body's opening brace
    close: int  # the line holding the body's closing brace
    last: int  # the first line of the body's last statement
    scopes: tuple[tuple[int, int], ...]  # header line ranges, the target's own first
    ident: int = -1  # the oracle's own handle on it (the TypeScript helper's index)


@dataclass(frozen=True)
class Occurrence:
    """One identifier of a target's text, with where it is and how it is reached."""

    name: str
    line: int  # 1-based
    column: int  # UTF-16 code units
    receiver: str | None  # the identifier before `.`/`->`, when reached through one


class Oracle(Protocol):
    def spans(self, path: str, text: str) -> list[Span]: ...

    def needs(self, span: Span, text: str) -> list[Unit]: ...

    def close(self) -> None: ...


def to_target(span: Span, lines: Sequence[str]) -> Target | None:
    """The scenario target of a span: the body between the braces is what generate hides."""
    size = span.close - span.start + 1
    if not MIN_LINES <= size <= MAX_LINES or span.close - span.header_end < 2:
        return None
    body = range(span.header_end + 1, span.close)
    first = next((n for n in body if lines[n - 1].strip()), None)
    if first is None or not lines[span.close - 1].lstrip().startswith("}"):
        return None
    indent_line = lines[first - 1]
    indent = indent_line[: len(indent_line) - len(indent_line.lstrip())]
    edit = span.last if span.last in body else first
    text = lines[edit - 1]
    return Target(
        path=span.path,
        qualname=span.qualname,
        def_line=span.start,
        header_end=span.header_end,
        body_start=span.header_end + 1,
        end_line=span.close - 1,
        edit_line=edit,
        edit_col=len(text.encode()) - len(text.lstrip().encode()),
        body_indent=indent,
    )


def last_statement(lines: Sequence[str], first: int, close: int) -> int:
    """The last body line at the body's own indentation that starts a statement (no AST at hand: the
    LSP oracles give ranges only); closing brackets, comments and preprocessor lines are skipped."""
    head = lines[first - 1]
    indent = len(head) - len(head.lstrip())
    for n in range(close - 1, first - 1, -1):
        text = lines[n - 1]
        s = text.strip()
        if not s or s[0] in "})]#*" or s.startswith(("//", "/*")) or s.endswith(":"):
            continue
        if len(text) - len(text.lstrip()) == indent:
            return n
    return first


def occurrences(lines: Sequence[str], start: int, end: int, language: str) -> Iterator[Occurrence]:
    """Identifiers of lines start..end (1-based, inclusive), outside comments, strings and keywords."""
    keywords = _KEYWORDS[language]
    text = "".join(lines[start - 1 : end])
    line, line_start = start, 0
    for m in _LEXEME.finditer(text):
        name = m.group("id")
        if name is None or name in keywords:
            continue
        newlines = text.count("\n", line_start, m.start())
        if newlines:
            line += newlines
            line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()]
        receiver = None
        if _MEMBER_BEFORE.search(before):
            r = _RECEIVER.search(before)
            receiver = r.group(1) if r else "?"
        yield Occurrence(name, line, len(before.encode("utf-16-le")) // 2, receiver)


def what_of(line_text: str) -> str:
    """A readable class of declaration, from the declaring line's text (for the misses report)."""
    s = line_text.strip()
    if re.match(r"#\s*define\b", s):
        return "macro"
    if re.match(r"(import\b|\"[\w./-]+\"$)", s):
        return "import"
    if re.match(r"(type|typedef|struct|union|enum)\b", s):
        return "type"
    if re.search(r"\bfunc\b|\(", s):
        return "def"
    return "field or variable"


def unit_kind(how: str, same_file: bool) -> str:
    """scoring's unit kinds: how the name was reached, and whether it lives in the target's file."""
    if same_file:
        return {"member": "typed-member", "this": "member", "qualified": "qualified"}.get(how, "global")
    return {"member": "xfile-typed-member", "this": "xfile-member"}.get(how, "xfile")


def group(span: Span, found: Sequence[tuple[str, str, Sequence[tuple[str, int, str]]]]) -> list[Unit]:
    """Units from (name, how, sites) answers: sites inside the target dropped, equal site sets merged."""
    own = range(span.start, span.close + 1)
    units: dict[tuple[Site, ...], Unit] = {}
    for name, how, sites in found:
        alts = tuple(
            sorted(
                {Site(p, (n,), what) for p, n, what in sites if not (p == span.path and n in own)},
                key=lambda s: (s.path, s.lines),
            )
        )
        if alts and alts not in units:
            same = any(s.path == span.path for s in alts)
            units[alts] = Unit(unit_kind(how, same), name, alts)
    return list(units.values())


def scope_units(span: Span) -> list[Unit]:
    return [
        Unit("scope", span.qualname, (Site(span.path, tuple(range(a, b + 1)), "def"),))
        for a, b in span.scopes
    ]


# -- LSP (clangd, gopls) -------------------------------------------------------------------------------


class LspOracle:
    """clangd or gopls over stdio: document symbols give the targets, definitions the needs."""

    def __init__(self, language: str, command: list[str], root: Path, files: dict[str, str]) -> None:
        if shutil.which(command[0]) is None:
            raise RuntimeError(f"{command[0]} is not installed: run `bash scripts/install-oracles.sh`")
        self.language = language
        self.root = root
        self.files = files
        self.proc = subprocess.Popen(
            command, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0
        self.opened: set[str] = set()
        self.queries = 0
        self.outside = 0
        caps = {"textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": True}}}
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": caps,
                                    "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}]})  # fmt: skip
        self.notify("initialized", {})

    # ---- wire ----
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while (line := self.proc.stdout.readline()) not in (b"\r\n", b"\n"):
            if not line:
                raise RuntimeError(f"{self.language} oracle exited")
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return dict(json.loads(self.proc.stdout.read(length)))

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self._receive()
            if "method" in message and "id" in message:  # the server asks (progress, configuration)
                items = message.get("params", {}).get("items")
                self._send({"id": message["id"], "result": [None] * len(items) if items else None})
            elif message.get("id") == self.next_id and "method" not in message:
                return message.get("result")

    def _open(self, path: str) -> str:
        uri = (self.root / path).as_uri()
        if path not in self.opened:
            self.opened.add(path)
            item = {"uri": uri, "languageId": self.language, "version": 1, "text": self.files[path]}
            self.notify("textDocument/didOpen", {"textDocument": item})
        return uri

    # ---- the oracle ----
    def spans(self, path: str, text: str) -> list[Span]:
        uri = self._open(path)
        lines = text.splitlines()
        out: list[Span] = []
        stack = list(self.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}) or [])
        while stack:
            sym = stack.pop()
            stack.extend(sym.get("children") or [])
            if sym.get("kind") not in (6, 9, 12) or "range" not in sym:  # method, constructor, function
                continue
            start = sym["range"]["start"]["line"] + 1
            close = sym["range"]["end"]["line"] + 1
            name_line = sym["selectionRange"]["start"]["line"] + 1
            header_end = next(
                (n for n in range(name_line, close) if lines[n - 1].rstrip().endswith("{")), None
            )
            if header_end is None or close > len(lines):
                continue
            last = last_statement(lines, header_end + 1, close) if close - header_end > 1 else header_end
            out.append(Span(path, sym["name"], start, header_end, close, last, ((start, header_end),)))
        return sorted(out, key=lambda s: s.start)

    def needs(self, span: Span, text: str) -> list[Unit]:
        uri = self._open(span.path)
        lines = text.splitlines(keepends=True)
        seen: set[tuple[str, str | None]] = set()
        found: list[tuple[str, str, list[tuple[str, int, str]]]] = []
        methods = ["textDocument/definition"]
        if self.language == "c":
            methods.append("textDocument/declaration")  # a prototype before the cursor serves as well
        own_name = re.findall(r"\w+", span.qualname)[-1:]
        packages: set[str] = set()  # names this target uses that the oracle leads to an import line
        for occ in occurrences(lines, span.start, span.close, self.language):
            key = (occ.name, occ.receiver)
            if occ.line <= span.header_end and [occ.name] == own_name:
                continue  # the target's own name in its header: what is being written, not a need
            if key in seen:
                continue
            seen.add(key)
            sites: list[tuple[str, int, str]] = []
            for method in methods:
                self.queries += 1
                pos = {"line": occ.line - 1, "character": occ.column}
                answer = self.request(method, {"textDocument": {"uri": uri}, "position": pos})
                sites.extend(self._sites(answer))
            if occ.receiver is None:
                how = "plain"
                if sites and all(what == "import" for _p, _n, what in sites):
                    packages.add(occ.name)
            else:
                # `time.Duration` names a package's member, `c.mu` a typed expression's.
                how = "qualified" if occ.receiver in packages else "member"
            found.append((occ.name, how, sites))
        return group(span, found)

    def _sites(self, answer: Any) -> Iterator[tuple[str, int, str]]:
        if isinstance(answer, dict):
            answer = [answer]
        prefix = self.root.as_uri() + "/"
        for loc in answer or []:
            uri = loc.get("targetUri", loc.get("uri", ""))
            rng = loc.get("targetSelectionRange", loc.get("range"))
            rel = uri[len(prefix) :] if uri.startswith(prefix) else None
            if rel is None or rel not in self.files or rng is None:
                self.outside += 1
                continue
            line = rng["start"]["line"] + 1
            text = self.files[rel].splitlines()[line - 1] if line else ""
            if self.language == "go" and (text.lstrip().startswith("package ") or rel.startswith("builtin/")):
                # A package name leads to some file's package clause; `builtin/` declares the predeclared
                # names (`string`, `nil`, `len`), left out as Python's builtins are.
                continue
            yield rel, line, what_of(text)

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=30)
        except (OSError, RuntimeError, subprocess.TimeoutExpired):
            self.proc.kill()


# -- TypeScript ------------------------------------------------------------------------------------------


class TypeScriptOracle:
    """The TypeScript type checker, in one node process kept for the run."""

    language = "typescript"

    def __init__(self, typescript: Path, root: Path, files: dict[str, str]) -> None:
        if shutil.which("node") is None:
            raise RuntimeError("node is not installed: run `apt-get install -y nodejs npm`")
        self.files = files
        self.outside = 0
        self.queries = 0
        self.proc = subprocess.Popen(
            ["node", str(TS_HELPER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self._ask({"typescript": str(typescript), "root": str(root), "files": sorted(files)})

    def _ask(self, message: dict[str, Any]) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the TypeScript oracle exited")
        return json.loads(line)

    def spans(self, path: str, text: str) -> list[Span]:
        return [
            Span(path, t["qualname"], t["start"], t["headerEnd"], t["close"], t["last"],
                 tuple((a, b) for a, b in t["scopes"]), t["id"])
            for t in self._ask({"op": "targets", "file": path})
        ]  # fmt: skip

    def needs(self, span: Span, text: str) -> list[Unit]:
        answer = self._ask({"op": "needs", "file": span.path, "id": span.ident})
        self.outside = answer["outside"]
        self.queries += len(answer["needs"])
        found = [
            (n["name"], n["how"], [(p, line, _ts_what(kind)) for p, line, kind in n["sites"]])
            for n in answer["needs"]
        ]
        return group(span, found)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _ts_what(syntax_kind: str) -> str:
    if syntax_kind.startswith("Import") or syntax_kind == "NamespaceImport":
        return "import"
    if syntax_kind.endswith(("Function", "FunctionDeclaration", "MethodDeclaration", "MethodSignature",
                             "Constructor", "Accessor", "AccessorDeclaration")):  # fmt: skip
        return "def"
    if syntax_kind.startswith(("Class", "Interface", "TypeAlias", "Enum", "TypeParameter", "Module")):
        return "type"
    return "param" if syntax_kind == "Parameter" else "field or variable"
