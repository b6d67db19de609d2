"""A kept answer whose targets an edit left where they were is stamped with the new text, not copied and stored
again (`kept_answers._moved` gives the list itself): each test reads a kept answer in a new resolver (a request)
after an edit, checks that the kept list is the one read before where nothing moved, and compares with a memory
that never kept anything where something did (a binding line, a definition moved, another file)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.kept_answers import answers
from archmem.indexer.target import Target
from archmem.indexer.workspace import Memory

from tests.support.memory import memory_with as _memory
from tests.support.memory import resolve_in as _resolve

_TEXT = "def helper():\n    return 2\n\n\ndef user():\n    return helper()\n\n\ndef other():\n    return 3\n"


def _where(found: list[Target]) -> list[tuple[str, int | None]]:
    return [(t.path, t.symbol.start[0] if t.symbol is not None else t.import_line) for t in found]


def _kept(memory: Memory, path: str, ref: str) -> list[Target]:
    """The whole answer kept for `ref` (`free_key`'s table) in `path`'s answers."""
    index = memory.file(path)
    assert index is not None
    found = [v for k, (_stamp, v) in answers(memory, index).whole.values.items() if k[0] == ref]  # type: ignore[index]
    assert len(found) == 1
    return found[0]


def _fresh(tmp_path: Path, files: dict[str, str], function: str, ref: str) -> list[tuple[str, int | None]]:
    root = tmp_path / "fresh"
    root.mkdir()
    with _memory(root, files, "a.py") as memory:
        return [(Path(p).name, line) for p, line in _where(_resolve(memory, "a.py", function, ref))]


def test_an_answer_an_edit_below_it_leaves_in_place_is_the_same_list(tmp_path: Path) -> None:
    # `helper` leads to b.py's function and to a.py's import line; a keystroke in `user`, below the import, leaves
    # both where they were: the kept list is read as it is.
    files = {
        "a.py": "from b import helper\n\n\n" + _TEXT.replace("def helper():\n    return 2\n\n\n", ""),
        "b.py": "def helper():\n    return 1\n",
    }
    with _memory(tmp_path, files, "a.py") as memory:
        first = _where(_resolve(memory, "a.py", "other", "helper"))
        assert ("b.py", 0) in first and ("a.py", 0) in first
        before = _kept(memory, "a.py", "helper")
        edited = files["a.py"].replace("return helper()", "return helper() + 1")
        memory.set_document(str(tmp_path / "a.py"), edited, 2)
        assert _where(_resolve(memory, "a.py", "other", "helper")) == first
        assert _kept(memory, "a.py", "helper") is before


def test_an_answer_an_edit_above_it_moves_is_read_where_the_edit_put_it(tmp_path: Path) -> None:
    text = "def first():\n    return 1\n\n\n" + _TEXT
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        assert _where(_resolve(memory, "a.py", "other", "helper")) == [("a.py", 4)]
        before = _kept(memory, "a.py", "helper")
        edited = text.replace("    return 1\n", "    x = 1\n    return x\n")
        memory.set_document(str(tmp_path / "a.py"), edited, 2)
        found = _where(_resolve(memory, "a.py", "other", "helper"))
        assert found == [("a.py", 5)]
        assert found == _fresh(tmp_path, {"a.py": edited}, "other", "helper")
        assert _kept(memory, "a.py", "helper") is not before


def test_a_binding_line_typed_below_the_definition_gives_the_fresh_answer(tmp_path: Path) -> None:
    with _memory(tmp_path, {"a.py": _TEXT}, "a.py") as memory:
        assert _where(_resolve(memory, "a.py", "other", "helper")) == [("a.py", 0)]
        # `helper` bound again at the top level, below the function: a definition added, the answer read anew.
        edited = _TEXT.replace("\n\ndef user", "\nhelper = 3\n\n\ndef user")
        memory.set_document(str(tmp_path / "a.py"), edited, 2)
        fresh = _fresh(tmp_path, {"a.py": edited}, "other", "helper")
        assert fresh != [("a.py", 0)]
        assert _where(_resolve(memory, "a.py", "other", "helper")) == fresh


def test_an_edit_of_another_file_gives_the_fresh_answer(tmp_path: Path) -> None:
    files = {
        "a.py": "from b import helper\n\n\ndef user():\n    return helper()\n",
        "b.py": "def helper():\n    return 1\n",
    }
    with _memory(tmp_path, files, "a.py") as memory:
        assert ("b.py", 0) in _where(_resolve(memory, "a.py", "user", "helper"))
        # b.py moves its function a line down: the answer names the new line, as a memory that never kept one.
        moved = "\ndef helper():\n    return 1\n"
        memory.open_document(str(tmp_path / "b.py"), moved, 1)
        found = _where(_resolve(memory, "a.py", "user", "helper"))
        assert ("b.py", 1) in found
        assert found == _fresh(tmp_path, {**files, "b.py": moved}, "user", "helper")
