"""Fuzzy symbol search: ranked the way people type names, best first."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.search import matching_names, score, search_symbols
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

NAMES = [
    "parse",
    "Parser",
    "parse_args",
    "parseArgs",
    "ArgumentParser",
    "sparse_matrix",
    "compare",
    "p",
    "PARSE",
    "http_request_parser",
    "HttpRequestParser",
]


def test_exact_beats_case_insensitive_beats_prefix_beats_word_starts_beats_substring() -> None:
    assert matching_names(NAMES, "parse", 20) == [
        "parse",  # exact
        "PARSE",  # exact but for case
        "parseArgs",  # prefix, shorter first
        "parse_args",
        "Parser",  # prefix but for case
        "sparse_matrix",  # substring, earlier match first
        "ArgumentParser",
        "HttpRequestParser",
        "http_request_parser",
    ]


def test_word_starts_of_camel_and_snake_case() -> None:
    assert matching_names(NAMES, "hrp", 5) == ["HttpRequestParser", "http_request_parser"]
    assert matching_names(NAMES, "pa", 3) == ["parse", "parseArgs", "parse_args"]
    assert score("hrp", "HttpRequestParser") is not None
    assert score("pm", "sparse_matrix") is not None  # a plain subsequence still matches, ranked last
    first, second = score("am", "ArgumentParser"), score("am", "sparse_matrix")
    assert first is None or second is None or first != second


def test_no_match_and_limits() -> None:
    assert matching_names(NAMES, "zzz", 10) == []
    assert score("xyz", "parse") is None
    assert len(matching_names(NAMES, "p", 3)) == 3
    assert matching_names(NAMES, "p", 1) == ["p"]
    # An empty query lists names, shortest first.
    assert matching_names(NAMES, "", 2) == ["p", "PARSE"]


def test_regex_characters_in_a_query_are_plain_text() -> None:
    assert matching_names(["a.b", "ab", "a*b"], "a.", 5) == ["a.b"]
    assert matching_names(["a.b", "ab", "a*b"], "*", 5) == ["a*b"]


@pytest.fixture
def workspace(tmp_path: Path) -> Memory:
    write_tree(
        tmp_path,
        {
            "net/http.py": "class HttpRequestParser:\n    def parse(self):\n        pass\n\n\ndef parse_headers():\n    pass\n",
            "cli/args.py": "def parse_args():\n    pass\n\n\nPARSE_LIMIT = 3\n",
            "web/parse.ts": "export function parse(s: string) { return s; }\nexport class Parser {}\n",
            "misc/x.go": "package misc\n\nfunc Sparse() {}\n",
        },
    )
    memory = Memory(tmp_path, persist=False)
    memory.index_all(jobs=1)
    return memory


def test_search_symbols_across_languages_best_first(workspace: Memory) -> None:
    found = [(s.path, s.qualname, s.kind.name.lower()) for s in search_symbols(workspace, "parse", 10)]
    assert found[:2] == [
        ("net/http.py", "HttpRequestParser.parse", "method"),
        ("web/parse.ts", "parse", "function"),
    ]
    assert [q for _p, q, _k in found[2:]] == [
        "parse_args",  # prefixes, shorter first
        "parse_headers",
        "Parser",  # prefixes but for case
        "PARSE_LIMIT",
        "Sparse",  # substrings, earlier match first
        "HttpRequestParser",
    ]


def test_search_symbols_by_initials_and_limit(workspace: Memory) -> None:
    assert [s.qualname for s in search_symbols(workspace, "HRP", 5)] == ["HttpRequestParser"]
    assert [s.qualname for s in search_symbols(workspace, "ph", 1)] == ["parse_headers"]
    assert search_symbols(workspace, "nothing_like_it", 5) == []
