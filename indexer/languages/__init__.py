"""Language registry: which grammar and which queries serve a file, chosen by extension or shebang."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tree_sitter as ts

_QUERIES = Path(__file__).with_name("queries")


@dataclass(frozen=True)
class LanguageSpec:
    """What archmem knows about one language: its grammar, queries and conventions."""

    name: str
    extensions: tuple[str, ...]
    grammar_module: str
    grammar_function: str
    query_name: str
    # Receivers that mean "this object" in member references (self.x, this.x).
    self_names: frozenset[str]
    # How a definition documents itself: a docstring as the first body statement, or comments before it.
    doc_style: str
    shebangs: tuple[str, ...] = ()

    @property
    def language(self) -> ts.Language:
        return _language(self.grammar_module, self.grammar_function)

    @property
    def definitions_query(self) -> ts.Query:
        return _query(self.grammar_module, self.grammar_function, self.query_name)

    @property
    def references_query(self) -> ts.Query:
        return _query(self.grammar_module, self.grammar_function, self.query_name + "-refs")

    @property
    def members_query(self) -> ts.Query:
        return _query(self.grammar_module, self.grammar_function, self.query_name + "-members")

    def parser(self) -> ts.Parser:
        """A parser for this language owned by the calling thread (parsers are not thread-safe)."""
        parsers: dict[str, ts.Parser] | None = getattr(_local, "parsers", None)
        if parsers is None:
            parsers = _local.parsers = {}
        parser = parsers.get(self.name)
        if parser is None:
            parser = parsers[self.name] = ts.Parser(self.language)
        return parser


_local = threading.local()

_C_FAMILY_SELF = frozenset({"this"})

LANGUAGES: tuple[LanguageSpec, ...] = (
    LanguageSpec(
        "python",
        (".py", ".pyi", ".pyw"),
        "tree_sitter_python",
        "language",
        "python",
        frozenset({"self", "cls"}),
        "docstring",
        ("python", "python3"),
    ),
    LanguageSpec(
        "javascript",
        (".js", ".mjs", ".cjs", ".jsx"),
        "tree_sitter_javascript",
        "language",
        "javascript",
        _C_FAMILY_SELF,
        "comment",
        ("node", "nodejs"),
    ),
    LanguageSpec(
        "typescript",
        (".ts", ".mts", ".cts"),
        "tree_sitter_typescript",
        "language_typescript",
        "typescript",
        _C_FAMILY_SELF,
        "comment",
        ("ts-node", "deno", "tsx", "bun"),
    ),
    LanguageSpec(
        "tsx", (".tsx",), "tree_sitter_typescript", "language_tsx", "typescript", _C_FAMILY_SELF, "comment"
    ),
    LanguageSpec("go", (".go",), "tree_sitter_go", "language", "go", frozenset(), "comment"),
    LanguageSpec("rust", (".rs",), "tree_sitter_rust", "language", "rust", frozenset({"self"}), "comment"),
    LanguageSpec("java", (".java",), "tree_sitter_java", "language", "java", _C_FAMILY_SELF, "comment"),
    LanguageSpec("c", (".c", ".h"), "tree_sitter_c", "language", "c", frozenset(), "comment"),
    LanguageSpec(
        "cpp",
        (".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp", ".tpp"),
        "tree_sitter_cpp",
        "language",
        "cpp",
        _C_FAMILY_SELF,
        "comment",
    ),
)

BY_NAME: dict[str, LanguageSpec] = {spec.name: spec for spec in LANGUAGES}
_BY_EXTENSION: dict[str, LanguageSpec] = {ext: spec for spec in LANGUAGES for ext in spec.extensions}
_BY_INTERPRETER: dict[str, LanguageSpec] = {sh: spec for spec in LANGUAGES for sh in spec.shebangs}


def language_for(path: str | Path, head: bytes = b"") -> LanguageSpec | None:
    """The language of a file from its extension, else from a `#!` line in `head`; None if unsupported."""
    suffix = Path(path).suffix.lower()
    if suffix:
        return _BY_EXTENSION.get(suffix)
    if head.startswith(b"#!"):
        words = head[2:].split(b"\n", 1)[0].decode("utf-8", "replace").split()
        if words and Path(words[0]).name == "env":
            words = [w for w in words[1:] if not w.startswith("-")]
        if words:
            interpreter = Path(words[0]).name
            spec = _BY_INTERPRETER.get(interpreter)
            if spec is None:
                # python3.11, node18 ...: strip the version
                spec = _BY_INTERPRETER.get(interpreter.rstrip("0123456789.").rstrip("-"))
            return spec
    return None


@cache
def _language(module: str, function: str) -> ts.Language:
    factory: Callable[[], object] = getattr(importlib.import_module(module), function)
    return ts.Language(factory())


@cache
def _query(module: str, function: str, name: str) -> ts.Query:
    source = (_QUERIES / f"{name}.scm").read_text(encoding="utf-8")
    return ts.Query(_language(module, function), source)
