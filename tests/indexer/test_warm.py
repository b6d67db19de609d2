"""The idle warm-up after a file is opened (indexer/warm.py): the memories of the files its names lead to are
loaded from the store before any request, and no others; the open file's functions' names resolved into the
answers generate packings read; a message arriving stops it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.context import siblings, tables
from archmem.indexer.kept_answers import answers
from archmem.indexer.warm import names_used_elsewhere, warm
from archmem.indexer.workspace import Memory

from tests.support.memory import indexed, sym

FILES = {
    "src/p/Conf.java": "package p;\n\npublic class Conf {\n    public int limit() { return 1; }\n}\n",
    "src/p/Other.java": "package p;\n\npublic class Other {\n    public int size;\n}\n",
    "src/p/Main.java": "package p;\n\npublic class Main {\n    int run(Conf c) {\n        return c.limit();\n    }\n}\n",
}


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[Memory]:
    yield from indexed(tmp_path, FILES)


def _loaded(memory: Memory) -> set[str]:
    # The memory's cache of files read from the store (what a first packing would otherwise fill).
    return set(memory._loaded)


def test_the_files_a_files_names_lead_to_are_loaded_and_no_others(memory: Memory) -> None:
    assert "src/p/Conf.java" not in _loaded(memory)
    assert "Conf" in names_used_elsewhere(memory, "src/p/Main.java")
    assert warm(memory, "src/p/Main.java") >= 1
    loaded = _loaded(memory)
    assert "src/p/Conf.java" in loaded and "src/p/Other.java" not in loaded


def test_a_message_arriving_stops_the_warm_up(memory: Memory) -> None:
    assert warm(memory, "src/p/Main.java", quiet=lambda: False) == 0
    assert "src/p/Conf.java" not in _loaded(memory)


def test_a_file_not_in_the_memory_warms_nothing(memory: Memory) -> None:
    assert warm(memory, "src/p/Missing.java") == 0
    assert names_used_elsewhere(memory, "src/p/Missing.java") == []


def test_the_files_functions_names_are_resolved_into_the_answers_packings_read(memory: Memory) -> None:
    """Opened in the editor, the file's functions are read as siblings too: `c.limit` in `Main.run` leads
    to `Conf.limit`, kept where a generate packing of this memory reads it (`context/siblings.py`)."""
    path = "src/p/Main.java"
    memory.open_document(path, FILES[path], 1)
    warm(memory, path)
    index = memory.file(path)
    assert index is not None
    run = sym(index, "Main.run")
    answer = siblings._KEPT[memory][path].siblings[run.id].answers["c.limit"]
    assert [(t.path, t.symbol.qualname) for t in answer if t.symbol is not None] == [
        ("src/p/Conf.java", "Conf.limit")
    ]


def test_a_file_not_open_in_the_editor_warms_no_siblings(memory: Memory) -> None:
    """The siblings' answers are read from the editor's text: with no buffer open, none are resolved."""
    warm(memory, "src/p/Main.java")
    assert "src/p/Main.java" not in siblings._KEPT.get(memory, {})


def test_a_message_arriving_stops_the_siblings_reading(memory: Memory) -> None:
    """A message arriving once the other files are loaded: no sibling name is resolved after it."""
    path = "src/p/Main.java"
    memory.open_document(path, FILES[path], 1)
    loading = len(names_used_elsewhere(memory, path))
    asked = 0

    def quiet() -> bool:
        nonlocal asked
        asked += 1
        return asked <= loading + 1  # each name loaded, and the look before the siblings

    assert warm(memory, path, quiet) == loading
    kept = siblings._KEPT[memory][path]
    assert sum(len(s.answers) for s in kept.siblings.values()) == 0


def test_the_names_a_generate_packing_ranks_are_resolved_for_every_scope_adding_nothing(
    tmp_path: Path,
) -> None:
    """`helper`, defined by another file of the package, is resolved from a function that does not name it
    (`other`): the answer a body still to be written reads (`kept_answers.free_key`)."""
    files = {
        "a.go": "package p\n\nfunc user() int {\n\treturn helper()\n}\n\nfunc other() int {\n\treturn 1\n}\n",
        "b.go": "package p\n\nfunc helper() int {\n\treturn 2\n}\n",
    }
    with contextlib.closing(_opened(tmp_path, files, "a.go")) as memory:
        warm(memory, "a.go")
        index = memory.file("a.go")
        assert index is not None
        kept = answers(memory, index).whole.values
        assert [
            (t.path, t.symbol.name)
            for key, (_stamp, found) in kept.items()
            if key[0] == "helper"
            for t in found
        ] == [("b.go", "helper")]


def _opened(root: Path, files: dict[str, str], opened: str) -> Memory:
    for name, text in files.items():
        (root / name).write_text(text)
    memory = Memory.open(root)
    memory.open_document(str(root / opened), files[opened], 1)
    return memory


def test_the_tables_a_generate_packing_reads_are_built_in_the_idle_pass(tmp_path: Path) -> None:
    """The file's names counted by sibling list (`tables.far_table`): built for the opened text, which the first
    generate packing's text (a body replaced) carries over instead of building them anew."""
    files = {
        "a.go": "package p\n\nfunc user() int {\n\treturn helper()\n}\n\nfunc other() int {\n\treturn 1\n}\n",
        "b.go": "package p\n\nfunc helper() int {\n\treturn 2\n}\n",
    }
    with contextlib.closing(_opened(tmp_path, files, "a.go")) as memory:
        tables._FAR_TABLES._kept.clear()  # another test's `a.go`
        warm(memory, "a.go")
        assert [key for key in tables._FAR_TABLES._kept if key[0] == "a.go"]
