"""The language registry, and the invariants every file's memory keeps whatever its language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from archmem.indexer.document import Document
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.languages import LANGUAGES, language_for
from archmem.indexer.symbols import SymbolKind
from archmem.indexer.workspace import Memory

from tests.support.memory import LANGS, REALISTIC, index_fixture, text_at, write_tree

FIXTURES = sorted(LANGS.iterdir()) + sorted(REALISTIC.iterdir())


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("a.py", "python"),
        ("a.pyi", "python"),
        ("A.PY", "python"),
        ("a.js", "javascript"),
        ("a.mjs", "javascript"),
        ("a.cjs", "javascript"),
        ("a.jsx", "javascript"),
        ("a.ts", "typescript"),
        ("a.mts", "typescript"),
        ("a.d.ts", "typescript"),
        ("a.tsx", "tsx"),
        ("a.go", "go"),
        ("a.rs", "rust"),
        ("A.java", "java"),
        ("a.c", "c"),
        ("a.h", "c"),
        ("a.cc", "cpp"),
        ("a.cpp", "cpp"),
        ("a.hpp", "cpp"),
        ("a.cxx", "cpp"),
        ("a.rb", "ruby"),
        ("dir.d/a.py", "python"),
    ],
)
def test_language_by_extension(path: str, language: str) -> None:
    spec = language_for(path)
    assert spec is not None
    assert spec.name == language


@pytest.mark.parametrize("path", ["README.md", "a.txt", "Makefile", "a.kt", "a.pyc", "a.json", ".py"])
def test_other_files_have_no_language(path: str) -> None:
    assert language_for(path, b"") is None


@pytest.mark.parametrize(
    ("head", "language"),
    [
        (b"#!/usr/bin/env python3\nprint(1)\n", "python"),
        (b"#!/usr/bin/python3.11 -u\n", "python"),
        (b"#!/usr/bin/env -S python3 -X dev\n", "python"),
        (b"#!/usr/local/bin/node\n", "javascript"),
        (b"#!/usr/bin/env node18\n", "javascript"),
        (b"#!/usr/bin/env ts-node\n", "typescript"),
        (b"#!/usr/bin/env deno\n", "typescript"),
    ],
)
def test_language_by_shebang(head: bytes, language: str) -> None:
    spec = language_for("bin/tool", head)
    assert spec is not None
    assert spec.name == language


@pytest.mark.parametrize("head", [b"#!/bin/sh\n", b"#!/usr/bin/env bash\n", b"#!\n", b"print(1)\n", b""])
def test_scripts_in_other_languages_have_none(head: bytes) -> None:
    assert language_for("bin/tool", head) is None


def test_extension_wins_over_shebang() -> None:
    spec = language_for("tool.js", b"#!/usr/bin/env python3\n")
    assert spec is not None and spec.name == "javascript"


def test_workspace_indexes_scripts_by_shebang_and_skips_other_files(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "bin/deploy": "#!/usr/bin/env python3\n\ndef deploy():\n    pass\n",
            "bin/run.sh": "#!/bin/sh\necho hi\n",
            "bin/serve": "#!/usr/bin/env node\nfunction serve() {}\n",
            "README.md": "# Title\n",
            "data.json": "{}",
        },
    )
    memory = Memory(tmp_path, persist=False)
    report = memory.index_all(jobs=1)
    assert memory.files() == ["bin/deploy", "bin/serve"]
    assert report.skipped == {}  # other languages are left out silently, not reported as problems
    deploy = memory.file("bin/deploy")
    assert deploy is not None and deploy.language == "python"
    assert "deploy" in deploy.by_qualname
    assert memory.files_defining("serve") == ["bin/serve"]


def test_every_grammar_and_query_loads() -> None:
    for spec in LANGUAGES:
        assert spec.definitions_query.pattern_count > 0
        assert spec.masks_query.pattern_count > 0
        assert spec.parser().language is not None


# -- invariants of every symbol of every fixture ----------------------------------------------------------


@pytest.fixture(params=FIXTURES, ids=lambda p: p.name)
def fixture_index(request: pytest.FixtureRequest) -> tuple[FileIndex, bytes]:
    path: Path = request.param
    return index_fixture(path), path.read_bytes()


def test_name_ranges_cover_the_name(fixture_index: tuple[FileIndex, bytes]) -> None:
    index, source = fixture_index
    for s in index.symbols[1:]:
        named = text_at(source, s.name_start, s.name_end)
        # An impl is named by the text of its type, white space squeezed.
        assert " ".join(named.split()) == s.name, s.id


def test_symbols_lie_within_their_parents(fixture_index: tuple[FileIndex, bytes]) -> None:
    index, _ = fixture_index
    for s in index.symbols[1:]:
        assert s.start <= s.name_start <= s.name_end <= s.end, s.id
        assert s.start_byte <= s.body_start_byte <= s.body_end_byte <= s.end_byte, s.id
        parent = index.by_id[s.parent or ""]
        assert s.id in parent.children
        if s.kind is not SymbolKind.FIELD:  # self.x = ... lives in a method, belongs to the class
            assert parent.start <= s.start and s.end <= parent.end, s.id


def test_ids_are_unique_and_children_are_in_document_order(fixture_index: tuple[FileIndex, bytes]) -> None:
    index, _ = fixture_index
    ids = [s.id for s in index.symbols]
    assert len(ids) == len(set(ids))
    for s in index.symbols:
        assert s.id.startswith(f"{index.path}::")
        # A repeated qualified name gets #2, #3 ... (a private JS name keeps its own #).
        assert re.sub(r"#\d+$", "", s.id.partition("::")[2]) == (s.qualname if s.parent else "")
        starts = [index.by_id[c].start for c in s.children]
        assert starts == sorted(starts), s.id


def test_signatures_are_one_line_headers(fixture_index: tuple[FileIndex, bytes]) -> None:
    index, _ = fixture_index
    for s in index.symbols[1:]:
        assert s.signature, s.id
        assert "\n" not in s.signature
        assert len(s.signature) <= 400
        assert "\n" not in s.doc


CPP_DIRECTIVES = b"""#include <iostream>
namespace app {
using namespace std;
int in_namespace() { return 0; }
}
int outside() { return 0; }
int in_body() {
    if (true) {
        using namespace std;
    }
    return 0;
}
int before_file_directive() { return 0; }
using namespace std::chrono;
using namespace app;
int after_other_directives() { return 0; }
using namespace std;
int after_file_directive() { return 0; }
"""


def test_using_namespace_std_opens_std_names_where_it_is_in_scope() -> None:
    spec = language_for("a.cpp")
    assert spec is not None
    document = Document("a.cpp", spec, CPP_DIRECTIVES)
    opened = {
        symbol.name: spec.names_opened_at(document.tree, symbol.start_byte, symbol.end_byte)
        for symbol in document.index.symbols[1:]
        if symbol.kind is SymbolKind.FUNCTION
    }
    assert len(opened) == 6
    assert {name for name, names in opened.items() if names} == {
        "in_namespace",
        "in_body",
        "after_file_directive",
    }
    std = opened["after_file_directive"]
    assert {"vector", "string", "cout", "endl", "move", "sort", "unique_ptr", "chrono"} <= std
    # Members of std's named namespaces need theirs (`chrono::seconds`); internals are never listed.
    assert not {"seconds", "__detail", "__cxx11", "_Tp"} & std


def test_languages_without_using_directives_open_nothing() -> None:
    for path, text in (("a.c", b"int f(void) { return 0; }\n"), ("a.py", b"def f():\n    return 0\n")):
        spec = language_for(path)
        assert spec is not None
        assert spec.names_opened_at(Document(path, spec, text).tree, 0, len(text)) == frozenset()
