"""Tree-sitter plumbing under `LanguageSpec`: a language's grammar loaded and its queries compiled once per
process (`grammar`, `query` from queries/<name>.scm, `source_query` from a string), the standard-name lists
of globals/<name>.txt (`standard_names`), and reading nodes (`text_of`, `walk`). What a language is lives in
`spec.py` and the language modules; `spec.py` re-exports what they import from it."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import tree_sitter as ts

if TYPE_CHECKING:
    from .spec import LanguageSpec

QUERIES = Path(__file__).with_name("queries")
_GLOBALS = Path(__file__).with_name("globals")


def text_of(node: ts.Node | None) -> str:
    """The text of a node as a str ("" for None)."""
    return "" if node is None or node.text is None else node.text.decode("utf-8", "replace")


def walk(node: ts.Node) -> Iterator[ts.Node]:
    """`node` and its named descendants, in document order."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.named_children))


@cache
def grammar(module: str, function: str) -> ts.Language:
    factory: Callable[[], object] = getattr(importlib.import_module(module), function)
    return ts.Language(factory())


@cache
def query(module: str, function: str, *names: str) -> ts.Query:
    source = "\n".join((QUERIES / f"{name}.scm").read_text(encoding="utf-8") for name in names)
    return ts.Query(grammar(module, function), source)


@cache
def source_query(spec: LanguageSpec, source: str) -> ts.Query:
    """A query compiled from `source` for `spec`'s grammar, once."""
    return ts.Query(grammar(spec.grammar_module, spec.grammar_function), source)


@cache
def standard_names(language: str) -> frozenset[str]:
    """The names of globals/<language>.txt; `language` may also name a namespace's list (cpp-std)."""
    path = _GLOBALS / f"{language}.txt"
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))
