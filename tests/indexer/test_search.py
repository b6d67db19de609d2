"""Fuzzy symbol search: ranked the way people type names, best first."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.document import index_text
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import language_for
from archmem.indexer.search import (
    SEARCHED,
    NameIndex,
    SymbolEntry,
    matching_names,
    score,
    search_symbols,
    symbol_entries,
)
from archmem.indexer.symbols import SymbolKind
from archmem.indexer.workspace import Memory

from tests.support.memory import REALISTIC, write_tree

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


# -- the name index and the stored search rows ------------------------------------------------------------

TRICKY = [
    *NAMES,
    "straße",
    "STRASSE",
    "İstanbul",
    "Ωmega",
    "ωmega_x",
    "a.b",
    "a*b",
    "[x]",
    "x^y",
    "back\\slash",
    "dollar$sign",
    "",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
]


def _accepted(query: str, names: list[str]) -> list[str]:
    """The names `score` accepts, by testing every one (what the name index must find, no more)."""
    return [n for n in names if score(query, n) is not None]


@pytest.mark.parametrize(
    "query",
    ["p", "PA", "hrp", "ss", "ß", "ista", "ω", "Ω", "a.", "*", "[", "^", "\\", "$s", "ab", "aab", "zz"],
)
def test_the_name_index_finds_exactly_what_score_accepts(query: str) -> None:
    index = NameIndex(TRICKY)
    assert sorted(index.candidates(query)) == sorted(_accepted(query, TRICKY))


def test_the_name_index_of_nothing_and_of_line_breaks() -> None:
    assert NameIndex([]).candidates("a") == []
    assert NameIndex(["a\nb", "ab"]).candidates("ab") == ["ab"]
    assert NameIndex(["ab"]).candidates("a\nb") == []


def _search_by_reading_memories(memory: Memory, query: str, limit: int) -> list[SymbolEntry]:
    """Workspace search the way it worked before the stored rows: every defining file's memory read."""
    out: list[SymbolEntry] = []
    for name in matching_names(memory.names(), query, limit):
        for path in memory.files_defining(name):
            index = memory.file(path)
            assert index is not None
            out.extend(symbol_entries(index, name))
            if len(out) >= limit:
                return out[:limit]
    return out


@pytest.fixture
def realistic(tmp_path: Path) -> Memory:
    files = {p.name: p.read_bytes() for p in sorted(REALISTIC.iterdir())}
    write_tree(tmp_path / "ws", files)
    memory = Memory(tmp_path / "ws", store_path=tmp_path / "store.sqlite")
    memory.index_all(jobs=1)
    return memory


@pytest.mark.parametrize("query", ["", "e", "get", "Queue", "lst", "push", "handle", "Order", "x"])
def test_stored_rows_answer_like_the_files_memories(realistic: Memory, query: str) -> None:
    found = search_symbols(realistic, query, 40)
    assert found == _search_by_reading_memories(realistic, query, 40)
    if query:
        assert found, query


def test_stored_rows_survive_a_restart(realistic: Memory, tmp_path: Path) -> None:
    before = search_symbols(realistic, "e", 100)
    realistic.close()
    again = Memory(tmp_path / "ws", store_path=tmp_path / "store.sqlite")
    assert again.index_all(jobs=1).parsed == 0
    assert search_symbols(again, "e", 100) == before


def test_search_follows_edits_of_an_open_document(workspace: Memory) -> None:
    text = (
        "class HttpRequestParser:\n    def parse(self):\n        pass\n\n\ndef parse_headers():\n    pass\n"
    )
    doc = workspace.open_document("net/http.py", text)
    assert doc is not None
    start = text.index("parse_headers")
    doc.replace(start, start + len("parse_headers"), "split_headers")
    workspace.update_document(doc)
    assert [s.qualname for s in search_symbols(workspace, "split", 5)] == ["split_headers"]
    assert [s.qualname for s in search_symbols(workspace, "parse_h", 5)] == []
    (entry,) = search_symbols(workspace, "split_headers", 5)
    assert (entry.path, entry.kind, entry.start, entry.name_start, entry.name_end) == (
        "net/http.py",
        SymbolKind.FUNCTION,
        (5, 0),
        (5, 4),
        (5, 17),
    )
    # Closed, the document's file on disk (never edited) answers again.
    workspace.close_document("net/http.py")
    assert [s.qualname for s in search_symbols(workspace, "parse_h", 5)] == ["parse_headers"]
    assert search_symbols(workspace, "split", 5) == []


def test_search_forgets_deleted_files_and_sees_changed_ones(workspace: Memory) -> None:
    (workspace.root / "cli/args.py").unlink()
    (workspace.root / "net/http.py").write_text("def parse_cookies():\n    pass\n", encoding="utf-8")
    workspace.refresh_paths(["cli/args.py", "net/http.py"])
    found = [s.qualname for s in search_symbols(workspace, "parse", 10)]
    assert found == ["parse", "parse_cookies", "Parser", "Sparse"]
    assert search_symbols(workspace, "PARSE_LIMIT", 5) == []


def _rows_from_symbols(index: FileIndex) -> tuple[SymbolEntry, ...]:
    return tuple(
        SymbolEntry(s.path, s.name, s.qualname, s.kind, s.start, s.name_start, s.name_end)
        for s in index.symbols[1:]
        if s.kind in SEARCHED
    )


@pytest.mark.parametrize("path", sorted(p.name for p in REALISTIC.iterdir()))
def test_a_files_stored_rows_are_its_symbols(path: str) -> None:
    """A cold index builds a file's search rows from its definition records, skipping the SymbolNodes:
    the rows must be exactly what the symbols give."""
    spec = language_for(path)
    assert spec is not None
    index = index_text(path, spec, (REALISTIC / path).read_bytes())
    assert len(index.symbols) > 3
    assert symbol_entries(index) == _rows_from_symbols(index)


def test_stored_rows_follow_a_field_moved_to_a_better_site() -> None:
    """A field first bound through a local `self` (in `__new__`) moves to the method binding it through its
    receiver: the rows move with it and stay in document order."""
    source = (
        b"class Money:\n"
        b"    def __new__(cls, amount):\n"
        b"        self = object.__new__(cls)\n"
        b"        self._cents = 0\n"
        b"        return self\n"
        b"\n"
        b"    def reset(self):\n"
        b"        self._cents = 100\n"
    )
    spec = language_for("m.py")
    assert spec is not None
    index = index_text("m.py", spec, source)
    rows = symbol_entries(index)
    assert rows == _rows_from_symbols(index)
    cents = [r for r in rows if r.name == "_cents"]
    assert [r.start for r in cents] == [(7, 8)]
    assert [r.start for r in rows] == sorted(r.start for r in rows)
