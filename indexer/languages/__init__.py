"""Language registry: which grammar and which queries serve a file, chosen by extension or shebang."""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tree_sitter as ts

_QUERIES = Path(__file__).with_name("queries")
_GLOBALS = Path(__file__).with_name("globals")


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
    def masks_query(self) -> ts.Query:
        """Where strings, comments and other literals are: blanked out before names are read from the code.
        A dialect may have masks of its own (TSX's JSX text) while it shares its definitions query."""
        return _query(self.grammar_module, self.grammar_function, self._masks_name)

    @property
    def extraction_query(self) -> ts.Query:
        """The definitions query followed by the masks query, as one: extraction walks the tree once.
        Its first `definitions_query.pattern_count` patterns are the definitions'."""
        return _query(self.grammar_module, self.grammar_function, self.query_name, self._masks_name)

    @property
    def _masks_name(self) -> str:
        own = self.name + "-masks"
        return own if (_QUERIES / f"{own}.scm").exists() else self.query_name + "-masks"

    @property
    def keywords(self) -> frozenset[str]:
        return KEYWORDS.get(self.query_name, frozenset())

    @property
    def standard_names(self) -> frozenset[str]:
        """Names the language's standard library and runtime give every file without a definition or an
        import (JavaScript's `JSON`, Go's `len`, Rust's `Vec`, Java's `System`, C's `printf`), read once
        from globals/<query_name>.txt; scripts/standard_names.py regenerates those files and says where
        each list comes from. Empty for Python, whose checker knows its builtins."""
        return _standard_names(self.query_name)

    def names_opened_at(self, tree: ts.Tree, start_byte: int, end_byte: int) -> frozenset[str]:
        """Names a `using namespace N;` directive makes usable unqualified in the code from `start_byte` to
        `end_byte` (C++'s `vector` after `using namespace std;`): those globals/<query_name>-<N>.txt lists,
        which scripts/standard_names.py generates for std only.

        A directive counts when it starts before the code ends and its scope (the file, a namespace body,
        a block) holds the code, or lies inside it: a directive anywhere in a function counts for all of
        the function, as a name's position within it is not known here. `using namespace std::chrono;`
        opens nothing, having no list. Empty for languages without such directives."""
        source = _USING_NAMESPACE.get(self.query_name)
        if source is None:
            return frozenset()
        query = _source_query(self.grammar_module, self.grammar_function, source)
        opened: frozenset[str] = frozenset()
        for _, captures in ts.QueryCursor(query).matches(tree.root_node):
            directive, namespace = captures["directive"][0], captures["namespace"][0]
            if directive.start_byte >= end_byte or namespace.text is None:
                continue
            scope = _scope_of(directive)
            holds = scope.start_byte <= start_byte and end_byte <= scope.end_byte
            inside = start_byte <= scope.start_byte and scope.end_byte <= end_byte
            if holds or inside:
                opened |= _standard_names(f"{self.query_name}-{namespace.text.decode()}")
        return opened

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

# Words that look like names but never reference a definition.
KEYWORDS: dict[str, frozenset[str]] = {
    "python": frozenset(
        [
            "False",
            "None",
            "True",
            "and",
            "as",
            "assert",
            "async",
            "await",
            "break",
            "class",
            "continue",
            "def",
            "del",
            "elif",
            "else",
            "except",
            "finally",
            "for",
            "from",
            "global",
            "if",
            "import",
            "in",
            "is",
            "lambda",
            "nonlocal",
            "not",
            "or",
            "pass",
            "raise",
            "return",
            "try",
            "while",
            "with",
            "yield",
            "self",
            "cls",
            "match",
            "case",
            "type",
            "print",
        ]
    ),
    "javascript": frozenset(
        [
            "break",
            "case",
            "catch",
            "class",
            "const",
            "continue",
            "debugger",
            "default",
            "delete",
            "do",
            "else",
            "export",
            "extends",
            "finally",
            "for",
            "function",
            "if",
            "import",
            "in",
            "instanceof",
            "let",
            "new",
            "return",
            "super",
            "switch",
            "this",
            "throw",
            "try",
            "typeof",
            "var",
            "void",
            "while",
            "with",
            "yield",
            "async",
            "await",
            "of",
            "static",
            "get",
            "set",
            "null",
            "undefined",
            "true",
            "false",
            "require",
            "from",
            "as",
        ]
    ),
    "go": frozenset(
        [
            "break",
            "case",
            "chan",
            "const",
            "continue",
            "default",
            "defer",
            "else",
            "fallthrough",
            "for",
            "func",
            "go",
            "goto",
            "if",
            "import",
            "interface",
            "map",
            "package",
            "range",
            "return",
            "select",
            "struct",
            "switch",
            "type",
            "var",
            "nil",
            "true",
            "false",
            "iota",
        ]
    ),
    "rust": frozenset(
        [
            "as",
            "async",
            "await",
            "break",
            "const",
            "continue",
            "crate",
            "dyn",
            "else",
            "enum",
            "extern",
            "false",
            "fn",
            "for",
            "if",
            "impl",
            "in",
            "let",
            "loop",
            "match",
            "mod",
            "move",
            "mut",
            "pub",
            "ref",
            "return",
            "self",
            "Self",
            "static",
            "struct",
            "super",
            "trait",
            "true",
            "type",
            "unsafe",
            "use",
            "where",
            "while",
        ]
    ),
    "java": frozenset(
        [
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "record",
        ]
    ),
    "c": frozenset(
        [
            "auto",
            "break",
            "case",
            "char",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extern",
            "float",
            "for",
            "goto",
            "if",
            "inline",
            "int",
            "long",
            "register",
            "restrict",
            "return",
            "short",
            "signed",
            "sizeof",
            "static",
            "struct",
            "switch",
            "typedef",
            "union",
            "unsigned",
            "void",
            "volatile",
            "while",
            "define",
            "include",
            "ifdef",
            "ifndef",
            "endif",
            "elif",
            "undef",
            "pragma",
            "NULL",
        ]
    ),
}
KEYWORDS["typescript"] = KEYWORDS["javascript"] | frozenset(
    [
        "interface",
        "type",
        "enum",
        "implements",
        "private",
        "protected",
        "public",
        "readonly",
        "declare",
        "namespace",
        "module",
        "abstract",
        "keyof",
        "infer",
        "is",
        "any",
        "unknown",
        "never",
        "number",
        "string",
        "boolean",
        "symbol",
        "bigint",
        "object",
    ]
)
KEYWORDS["cpp"] = KEYWORDS["c"] | frozenset(
    [
        "alignas",
        "alignof",
        "and",
        "bool",
        "catch",
        "class",
        "constexpr",
        "const_cast",
        "decltype",
        "delete",
        "dynamic_cast",
        "explicit",
        "export",
        "false",
        "friend",
        "mutable",
        "namespace",
        "new",
        "noexcept",
        "not",
        "nullptr",
        "operator",
        "or",
        "private",
        "protected",
        "public",
        "reinterpret_cast",
        "static_assert",
        "static_cast",
        "template",
        "this",
        "throw",
        "true",
        "try",
        "typeid",
        "typename",
        "using",
        "virtual",
        "override",
        "final",
    ]
)

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
    # Rust's `Self::new()` names the impl's own type, as `self.x` names the value.
    LanguageSpec(
        "rust", (".rs",), "tree_sitter_rust", "language", "rust", frozenset({"self", "Self"}), "comment"
    ),
    # Java's `super.m()` calls the base class's `m` (see Resolver.resolve).
    LanguageSpec(
        "java", (".java",), "tree_sitter_java", "language", "java", frozenset({"this", "super"}), "comment"
    ),
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


# How much of a file's start `language_for` reads when the extension does not settle the language.
SNIFF_BYTES = 8192
# What only C++ writes, at the start of a line: a namespace, a template, a class, an access label, a using
# declaration, `std::`, or a standard header without `.h` (`#include <vector>`). A `.h` file showing one
# is a C++ header (Google, LLVM and Qt style), else a C header.
_CPP_HEADER = re.compile(
    rb"^[ \t]*(?:namespace(?:[ \t]+[\w:]+)?[ \t]*\{|template[ \t]*<|class[ \t]+[A-Za-z_]\w*(?:[ \t]+final)?"
    rb"[ \t]*(?::[^:]|\{|$)|(?:public|private|protected)[ \t]*:|using[ \t]+[\w:]+[ \t]*[;=]"
    rb"|#[ \t]*include[ \t]*<[a-z_]+>)|\bstd::",
    re.MULTILINE,
)


def sniffs(path: str | Path) -> bool:
    """Whether `language_for` needs the file's first SNIFF_BYTES to tell its language (no extension, or
    `.h`, which C and C++ share)."""
    suffix = Path(path).suffix.lower()
    return not suffix or suffix == ".h"


def language_for(path: str | Path, head: bytes = b"") -> LanguageSpec | None:
    """The language of a file from its extension, else from a `#!` line in `head`; None if unsupported.
    A `.h` file is C++ when `head` (its first SNIFF_BYTES) shows C++ (see `sniffs`), else C."""
    suffix = Path(path).suffix.lower()
    if suffix == ".h" and _CPP_HEADER.search(head[:SNIFF_BYTES]):
        return BY_NAME["cpp"]
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
def _query(module: str, function: str, *names: str) -> ts.Query:
    source = "\n".join((_QUERIES / f"{name}.scm").read_text(encoding="utf-8") for name in names)
    return ts.Query(_language(module, function), source)


# `using namespace N;` with a plain N, the only form with a list of names (a qualified N has none).
_USING_NAMESPACE = {"cpp": '(using_declaration "namespace" (identifier) @namespace) @directive'}
# Where a using-directive's effect ends: a block, a namespace body, the file. A preprocessor conditional or
# an `extern "C++" { }` around it is no scope of its own.
_SCOPES = frozenset({"compound_statement", "translation_unit"})


def _scope_of(node: ts.Node) -> ts.Node:
    scope = node
    while scope.parent is not None:
        scope = scope.parent
        if scope.type in _SCOPES or (
            scope.type == "declaration_list"
            and scope.parent is not None
            and scope.parent.type == "namespace_definition"
        ):
            break
    return scope


@cache
def _source_query(module: str, function: str, source: str) -> ts.Query:
    return ts.Query(_language(module, function), source)


@cache
def _standard_names(language: str) -> frozenset[str]:
    """The names of globals/<language>.txt; `language` may also name a namespace's list (cpp-std)."""
    path = _GLOBALS / f"{language}.txt"
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))
