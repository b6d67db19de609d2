"""Shared helpers for the checks tests: real tree-sitter parsers for the eight supported languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import tree_sitter
import tree_sitter_c
import tree_sitter_cpp
import tree_sitter_go
import tree_sitter_java
import tree_sitter_javascript
import tree_sitter_python
import tree_sitter_rust
import tree_sitter_typescript

LANGUAGES = {
    "python": tree_sitter.Language(tree_sitter_python.language()),
    "javascript": tree_sitter.Language(tree_sitter_javascript.language()),
    "typescript": tree_sitter.Language(tree_sitter_typescript.language_typescript()),
    "tsx": tree_sitter.Language(tree_sitter_typescript.language_tsx()),
    "go": tree_sitter.Language(tree_sitter_go.language()),
    "rust": tree_sitter.Language(tree_sitter_rust.language()),
    "java": tree_sitter.Language(tree_sitter_java.language()),
    "c": tree_sitter.Language(tree_sitter_c.language()),
    "cpp": tree_sitter.Language(tree_sitter_cpp.language()),
}

Parse = Callable[[str, bytes], tree_sitter.Tree]


def parse_source(language: str, source: bytes) -> tree_sitter.Tree:
    return tree_sitter.Parser(LANGUAGES[language]).parse(source)


@pytest.fixture
def parse() -> Parse:
    return parse_source
