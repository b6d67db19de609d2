"""Language registry: which language module serves a file, chosen by extension or shebang.

Everything true of one language lives in its module (python.py, go.py, ...), a subclass of LanguageSpec
(spec.py); this registry lists them with their grammars and file names. docs/ARCHITECTURE.md says what
adding a language takes.
"""

from __future__ import annotations

import re
from pathlib import Path

from .c import CSpec
from .cpp import CppSpec
from .go import GoSpec
from .java import JavaSpec
from .javascript import JavaScriptSpec
from .python import PythonSpec
from .ruby import RubySpec
from .rust import RustSpec
from .spec import LanguageSpec
from .typescript import TsxSpec, TypeScriptSpec

__all__ = [
    "BY_NAME",
    "COMMENT_TYPES",
    "IMPORT_LIKE_TYPES",
    "IMPORT_TYPES",
    "KEYWORDS",
    "LANGUAGES",
    "SNIFF_BYTES",
    "LanguageSpec",
    "language_for",
    "sniffs",
]

_C_FAMILY_SELF = frozenset({"this"})

LANGUAGES: tuple[LanguageSpec, ...] = (
    PythonSpec(
        "python",
        (".py", ".pyi", ".pyw"),
        "tree_sitter_python",
        "language",
        "python",
        frozenset({"self", "cls"}),
        "docstring",
        ("python", "python3"),
    ),
    JavaScriptSpec(
        "javascript",
        (".js", ".mjs", ".cjs", ".jsx"),
        "tree_sitter_javascript",
        "language",
        "javascript",
        _C_FAMILY_SELF,
        "comment",
        ("node", "nodejs"),
    ),
    TypeScriptSpec(
        "typescript",
        (".ts", ".mts", ".cts"),
        "tree_sitter_typescript",
        "language_typescript",
        "typescript",
        _C_FAMILY_SELF,
        "comment",
        ("ts-node", "deno", "tsx", "bun"),
    ),
    TsxSpec(
        "tsx", (".tsx",), "tree_sitter_typescript", "language_tsx", "typescript", _C_FAMILY_SELF, "comment"
    ),
    GoSpec("go", (".go",), "tree_sitter_go", "language", "go", frozenset(), "comment"),
    # Rust's `Self::new()` names the impl's own type, as `self.x` names the value.
    RustSpec(
        "rust", (".rs",), "tree_sitter_rust", "language", "rust", frozenset({"self", "Self"}), "comment"
    ),
    # Java's `super.m()` calls the base class's `m` (see Resolver.resolve).
    JavaSpec(
        "java", (".java",), "tree_sitter_java", "language", "java", frozenset({"this", "super"}), "comment"
    ),
    CSpec("c", (".c", ".h"), "tree_sitter_c", "language", "c", frozenset(), "comment"),
    CppSpec(
        "cpp",
        (".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp", ".tpp"),
        "tree_sitter_cpp",
        "language",
        "cpp",
        _C_FAMILY_SELF,
        "comment",
    ),
    RubySpec(
        "ruby", (".rb",), "tree_sitter_ruby", "language", "ruby", frozenset({"self"}), "comment", ("ruby",)
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


# Words that look like names but never reference a definition, by query name (each module has its own).
KEYWORDS: dict[str, frozenset[str]] = {spec.query_name: spec.keywords for spec in LANGUAGES}
# Node types, in any supported grammar, of statements that import names (the extractor reads them).
IMPORT_TYPES: frozenset[str] = frozenset().union(*(spec.import_types for spec in LANGUAGES))
# Node types, in any supported grammar, that fold with the imports (C++ `using` declarations too).
IMPORT_LIKE_TYPES: frozenset[str] = frozenset().union(*(spec.import_like_types for spec in LANGUAGES))
# Node types that are comments, in any supported grammar.
COMMENT_TYPES: frozenset[str] = frozenset().union(*(spec.comment_types for spec in LANGUAGES))
