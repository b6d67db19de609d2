"""The resolver's answers kept across requests for an open file (`kept_answers.py`) follow what they were read
from: each test resolves a name in a new resolver (a request) after an edit and compares with a memory that
never kept anything; each fails with the check it names removed from `Answers.holds` or `_moved`."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from archmem.indexer import kept_answers, retired, scopes
from archmem.indexer.kept_answers import answers
from archmem.indexer.resolver import Resolver
from archmem.indexer.target import Target
from pytest import MonkeyPatch

from tests.support.memory import memory_with as _memory
from tests.support.memory import resolve_in as _resolve


def _where(found: list[Target]) -> list[tuple[str, int | None]]:
    return [(t.path, t.symbol.start[0] if t.symbol is not None else t.import_line) for t in found]


def test_a_kept_answer_follows_an_edit_of_another_file(tmp_path: Path) -> None:
    files = {
        "a.py": "from b import helper\n\n\ndef user():\n    return helper()\n",
        "b.py": "def helper():\n    return 1\n",
    }
    with _memory(tmp_path, files, "a.py") as memory:
        assert ("b.py", 0) in _where(_resolve(memory, "a.py", "user", "helper"))
        # b.py renames its function: the import leads nowhere now (the elsewhere counter).
        memory.open_document(str(tmp_path / "b.py"), "def other():\n    return 1\n", 1)
        assert ("b.py", 0) not in _where(_resolve(memory, "a.py", "user", "helper"))


def test_a_kept_answer_follows_a_definition_added_to_the_file(tmp_path: Path) -> None:
    files = {
        "a.go": "package p\n\nfunc user() int {\n\treturn helper()\n}\n",
        "b.go": "package p\n\nfunc helper() int {\n\treturn 1\n}\n",
    }
    with _memory(tmp_path, files, "a.go") as memory:
        assert _where(_resolve(memory, "a.go", "user", "helper")) == [("b.go", 2)]
        # a.go defines its own `helper`: a definition, not what a function uses (references_changed).
        edited = files["a.go"] + "\nfunc helper() int {\n\treturn 2\n}\n"
        memory.set_document(str(tmp_path / "a.go"), edited, 2)
        assert ("a.go", 6) in _where(_resolve(memory, "a.go", "user", "helper"))


def test_a_kept_answer_follows_the_files_build_line(tmp_path: Path) -> None:
    # b.go builds only on Windows: a file that builds here does not see its names, one that does not sees all.
    files = {
        "a.go": "package p\n\nfunc user() int {\n\treturn helper()\n}\n",
        "b.go": "//go:build windows\n\npackage p\n\nfunc helper() int {\n\treturn 1\n}\n",
    }
    with _memory(tmp_path, files, "a.go") as memory:
        assert _where(_resolve(memory, "a.go", "user", "helper")) == []
        # Only the head changes (no definition, no import): the kept answers must not hold (the head check).
        memory.set_document(str(tmp_path / "a.go"), "//go:build windows\n\n" + files["a.go"], 2)
        assert _where(_resolve(memory, "a.go", "user", "helper")) == [("b.go", 4)]


def test_a_kept_import_line_follows_an_edit_above_it(tmp_path: Path) -> None:
    text = "def first():\n    return 1\n\n\nimport os\n\n\ndef user():\n    return os.getcwd()\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        assert ("a.py", 4) in _where(_resolve(memory, "a.py", "user", "os"))
        # A function above the import grows by a line: only what `first` uses changed, the import moved.
        edited = text.replace("    return 1\n", "    x = 1\n    return x\n")
        memory.set_document(str(tmp_path / "a.py"), edited, 2)
        assert ("a.py", 5) in _where(_resolve(memory, "a.py", "user", "os"))
        # The import lines' map is kept for that pair of texts (`_LINES`), and made anew for the next pair.
        index = memory.file("a.py")
        assert index is not None and kept_answers._LINES[0][1] is index.imports
        assert kept_answers._LINES[0][2] == {4: 5}
        memory.set_document(
            str(tmp_path / "a.py"), edited.replace("    x = 1\n", "    x = 1\n    y = x\n"), 3
        )
        assert ("a.py", 6) in _where(_resolve(memory, "a.py", "user", "os"))
        assert kept_answers._LINES[0][2] == {5: 6}


def test_a_kept_answer_names_the_files_definition_where_the_edit_moved_it(tmp_path: Path) -> None:
    text = (
        "def first():\n    return 1\n\n\ndef helper():\n    return 2\n\n\ndef user():\n    return helper()\n"
    )
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        assert _where(_resolve(memory, "a.py", "user", "helper")) == [("a.py", 4)]
        edited = text.replace("    return 1\n", "    x = 1\n    return x\n")
        memory.set_document(str(tmp_path / "a.py"), edited, 2)
        # The same definition, moved a line down by the edit above it (`_moved`).
        assert _where(_resolve(memory, "a.py", "user", "helper")) == [("a.py", 5)]


def test_an_edit_of_what_a_function_uses_keeps_the_answers(tmp_path: Path) -> None:
    text = "def helper():\n    return 2\n\n\ndef user():\n    return helper()\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        _resolve(memory, "a.py", "user", "helper")
        index = memory.file("a.py")
        assert index is not None
        kept = answers(memory, index)
        assert kept.outside.values
        # The body being written changes at each keystroke: the next request reads the same answers.
        memory.set_document(str(tmp_path / "a.py"), text.replace("return helper()", "return helper() + 1"), 2)
        edited = memory.file("a.py")
        assert edited is not None and edited is not index
        assert answers(memory, edited) is kept
        assert _where(_resolve(memory, "a.py", "user", "helper")) == [("a.py", 0)]


def test_the_kept_answers_do_not_keep_an_edited_away_text_alive(tmp_path: Path) -> None:
    text = "def helper():\n    return 2\n\n\ndef user():\n    return helper()\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        index = memory.file("a.py")
        assert index is not None
        _resolve(memory, "a.py", "user", "helper")
        _resolve(memory, "a.py", "user", "other")  # asked of the first text only
        first = weakref.ref(index)
        del index
        # Keystrokes in the body: each text answers from the kept answers, none needs the first text's memory.
        for n in range(8):
            memory.set_document(str(tmp_path / "a.py"), text.replace("return 2", f"return {n + 3}"), n + 2)
            _resolve(memory, "a.py", "user", "helper")
        # The function scopes of the last 16 functions read hold their version by design (`scopes._KEPT`, bounded;
        # see tests/context/test_versions_freed.py): `user`'s text names `helper`, whose bindings are read there.
        scopes._KEPT.clear()
        retired.release()  # the replaced versions wait for an idle moment (`indexer/retired.py`), then go
        gc.collect()
        assert first() is None


def test_a_text_met_again_holds_without_being_compared_again(tmp_path: Path) -> None:
    text = "def helper():\n    return 2\n\n\ndef user():\n    return helper()\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        _resolve(memory, "a.py", "user", "helper")
        path = str(tmp_path / "a.py")
        memory.set_document(path, text.replace("return 2", "return 3"), 2)
        edited = memory.file("a.py")
        assert edited is not None
        kept = answers(memory, edited)
        # Back to the first text (an undo): the same answers, still compared with the edited text's definitions,
        # which the carried tables compare the next edit with too.
        memory.set_document(path, text, 3)
        again = memory.file("a.py")
        assert again is not None and again is not edited
        assert answers(memory, again) is kept
        assert kept.index is edited
        assert _where(_resolve(memory, "a.py", "user", "helper")) == [("a.py", 0)]


def test_a_name_no_function_binds_is_answered_once_for_every_function(tmp_path: Path) -> None:
    # Bodies still to be written: they bind only their parameters.
    text = "def helper():\n    return 2\n\n\ndef user():\n    pass\n\n\ndef other():\n    pass\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        index = memory.file("a.py")
        assert index is not None
        assert _where(_resolve(memory, "a.py", "user", "helper")) == [("a.py", 0)]
        kept = answers(memory, index).whole
        assert len(kept.values) == 1
        # Asked from another function that neither binds nor names it: the same answer, kept once.
        assert _where(_resolve(memory, "a.py", "other", "helper")) == [("a.py", 0)]
        assert len(kept.values) == 1


def test_a_parameter_is_not_read_from_another_functions_answer(tmp_path: Path) -> None:
    text = (
        "class Box:\n    size = 1\n\n\nhelper = Box()\n\n\n"
        "def other():\n    return helper.size\n\n\ndef user(helper):\n    return helper.size\n"
    )
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        assert ("a.py", 1) in _where(_resolve(memory, "a.py", "other", "helper.size"))
        # `user`'s parameter hides the module's `helper`: its text names it (the words check).
        assert ("a.py", 1) not in _where(_resolve(memory, "a.py", "user", "helper.size"))


def test_a_bare_member_is_read_in_its_own_class(tmp_path: Path) -> None:
    text = (
        "class A {\n    int size;\n    int a() { return 0; }\n}\n"
        "class B {\n    int size;\n    int b() { return 0; }\n}\n"
    )
    with _memory(tmp_path, {"A.java": text}, "A.java") as memory:
        assert _where(_resolve(memory, "A.java", "A.a", "size")) == [("A.java", 1)]
        # Java methods reach their class's members bare: the class is part of the kept answer's key.
        assert _where(_resolve(memory, "A.java", "B.b", "size")) == [("A.java", 5)]


@pytest.mark.parametrize(
    ("name", "last", "scope", "line"),
    [
        # `Point.helper`, assigned outside `Point`'s text, is what `helper` means inside it.
        ("a.js", "function Point() { return 0; }\nPoint.helper = function () { return 2; };\n", "Point", 3),
        # `Tag.helper`, defined in a definition no function is around, is what `helper` means in `Tag`.
        (
            "a.ts",
            "export const Tag = make((id: string) => { function helper() { return 2 } return helper });\n",
            "Tag",
            2,
        ),
    ],
)
def test_a_member_defined_for_a_definition_is_read_in_that_definition(
    tmp_path: Path, name: str, last: str, scope: str, line: int
) -> None:
    text = "function helper() { return 1; }\nfunction other() { return 0; }\n" + last
    with _memory(tmp_path, {name: text}, name) as memory:
        assert _where(_resolve(memory, name, "other", "helper")) == [(name, 0)]
        assert _where(_resolve(memory, name, scope, "helper")) == [(name, line)]


def test_a_functions_words_are_read_once_for_its_text(tmp_path: Path) -> None:
    text = "def helper():\n    return 2\n\n\ndef user():\n    pass\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        kept_answers._WORDS.clear()
        _resolve(memory, "a.py", "user", "helper")
        # The next request (a keystroke elsewhere) reads `user`'s words by its unchanged text.
        assert kept_answers._WORDS.get(b"def user():\n    pass") == frozenset({"def", "user", "pass"})


def _fresh(
    tmp_path: Path, text: str, function: str, ref: str, name: str = "a.py"
) -> list[tuple[str, int | None]]:
    """`ref`'s answer in a memory that never kept anything, opened on `text` (the file `name`)."""
    root = tmp_path / "fresh"
    root.mkdir()
    with _memory(root, {name: text}, name) as memory:
        return [(Path(p).name, line) for p, line in _where(_resolve(memory, name, function, ref))]


def test_an_edit_adding_a_field_keeps_the_other_answers_and_reads_the_field_anew(tmp_path: Path) -> None:
    text = (
        "def helper():\n    return 2\n\n\n"
        "class Box:\n    def __init__(self):\n        pass\n\n\n"
        "def user():\n    return Box.size + helper()\n"
    )
    root = tmp_path / "kept"
    root.mkdir()
    with _memory(root, {"a.py": text}, "a.py") as memory:
        assert _where(_resolve(memory, "a.py", "user", "Box.size")) == []
        _resolve(memory, "a.py", "user", "helper")
        index = memory.file("a.py")
        assert index is not None
        kept = answers(memory, index)
        # `self.size = 1` typed in `__init__`: a definition added (a field), not only what a function uses.
        edited = text.replace("        pass\n", "        self.size = 1\n")
        memory.set_document(str(root / "a.py"), edited, 2)
        now = memory.file("a.py")
        assert now is not None
        # The answers follow the edit (they were started anew before); `helper`'s holds, `size`'s is read anew.
        assert answers(memory, now) is kept
        assert ("", "helper", 0) in kept.outside.values
        assert not any("size" in str(key) for table in (kept.whole, kept.members) for key in table.values)
        found = [(Path(p).name, line) for p, line in _where(_resolve(memory, "a.py", "user", "Box.size"))]
    assert found == _fresh(tmp_path, edited, "user", "Box.size") == [("a.py", 6)]


def test_a_value_naming_a_changed_class_is_read_anew(tmp_path: Path) -> None:
    # Asked from a body that does not name `holder` (one still to be written): the answer kept for every such body.
    text = (
        "class Base:\n    size = 1\n\n\nclass Box(Base):\n    pass\n\n\nholder = Box()\n\n\n"
        "def other():\n    pass\n"
    )
    root = tmp_path / "kept"
    root.mkdir()
    with _memory(root, {"a.py": text}, "a.py") as memory:
        assert [line for _p, line in _where(_resolve(memory, "a.py", "other", "holder.size"))] == [1]
        # Box no longer extends Base: `holder.size` names neither, but `holder` holds a Box (`changed_names`).
        edited = text.replace("class Box(Base):", "class Box:")
        memory.set_document(str(root / "a.py"), edited, 2)
        found = [(Path(p).name, line) for p, line in _where(_resolve(memory, "a.py", "other", "holder.size"))]
    assert found == _fresh(tmp_path, edited, "other", "holder.size") == []


def test_an_edit_changing_an_import_starts_the_answers_anew(tmp_path: Path) -> None:
    text = "import os\n\n\ndef user():\n    return os.sep\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        _resolve(memory, "a.py", "user", "os")
        index = memory.file("a.py")
        assert index is not None
        kept = answers(memory, index)
        memory.set_document(str(tmp_path / "a.py"), text.replace("import os\n", "import sys as os\n"), 2)
        now = memory.file("a.py")
        assert now is not None and answers(memory, now) is not kept


def test_a_file_of_many_definitions_starts_the_answers_anew_at_a_definition_edit(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    text = "def helper():\n    return 2\n\n\nclass Box:\n    def __init__(self):\n        pass\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        index = memory.file("a.py")
        assert index is not None
        kept = answers(memory, index)
        # Comparing every definition of a file like sqlite3.c would cost more than the request.
        monkeypatch.setattr(kept_answers, "_COMPARED", 3)
        memory.set_document(
            str(tmp_path / "a.py"), text.replace("        pass\n", "        self.size = 1\n"), 2
        )
        now = memory.file("a.py")
        assert now is not None and answers(memory, now) is not kept


def test_a_name_a_function_only_uses_is_answered_once_for_every_function(tmp_path: Path) -> None:
    # Effect.ts's bodies sit inside long outer functions whose text uses most names the body is ranked for.
    text = (
        "function helper() { return 2; }\n"
        "function user() { return helper(); }\n"
        "function other() { const inner = () => helper(); return inner(); }\n"
    )
    with _memory(tmp_path, {"a.ts": text}, "a.ts") as memory:
        index = memory.file("a.ts")
        assert index is not None
        assert _where(_resolve(memory, "a.ts", "user", "helper.name")) == []
        kept = answers(memory, index).whole
        # Both texts name `helper` and neither binds it: one answer for both (none kept on main: the words check).
        assert len(kept.values) == 1
        _resolve(memory, "a.ts", "other", "helper.name")
        assert len(kept.values) == 1


def test_a_binding_added_to_a_function_that_used_a_name_gives_the_fresh_answer(tmp_path: Path) -> None:
    text = (
        "class Box:\n    size = 1\n\n\nhelper = Box()\n\n\n"
        "def other():\n    return helper.size\n\n\ndef user():\n    return helper.size\n"
    )
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        assert ("a.py", 1) in _where(_resolve(memory, "a.py", "user", "helper.size"))
        # `user` now binds `helper` (a parameter, no definition): the edit keeps the answers (only a header
        # changed), and the one kept for `helper.size` must not be read for `user` any more.
        edited = text.replace("def user():", "def user(helper):")
        memory.set_document(str(tmp_path / "a.py"), edited, 2)
        assert ("a.py", 1) in _where(_resolve(memory, "a.py", "other", "helper.size"))
        assert ("a.py", 1) not in _where(_resolve(memory, "a.py", "user", "helper.size"))
        assert _fresh(tmp_path, edited, "user", "helper.size") == []


def test_a_name_asked_from_the_modules_code_shares_the_functions_answer(tmp_path: Path) -> None:
    text = "def helper():\n    return 2\n\n\ndef user():\n    pass\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        index = memory.file("a.py")
        assert index is not None
        Resolver(memory).resolve(index, index.symbols[0], "helper")
        kept = answers(memory, index).whole
        assert len(kept.values) == 1
        assert _where(_resolve(memory, "a.py", "user", "helper")) == [("a.py", 0)]
        assert len(kept.values) == 1


def test_a_rust_macro_called_in_a_function_is_not_read_from_another_functions_answer(tmp_path: Path) -> None:
    text = (
        "macro_rules! helper {\n    () => { 1 };\n}\n\n"
        "fn helper() -> i32 { 2 }\n\n"
        "fn other() -> i32 { helper() }\n\n"
        "fn user() -> i32 { helper!() }\n"
    )
    with _memory(tmp_path, {"lib.rs": text}, "lib.rs") as memory:
        assert _where(_resolve(memory, "lib.rs", "other", "helper")) == [("lib.rs", 4)]
        # `user` calls the macro: its text decides (`drop_uninvoked_macros`), not only its bindings.
        assert ("lib.rs", 0) in _where(_resolve(memory, "lib.rs", "user", "helper"))


def test_a_name_asked_from_a_definition_no_function_is_around_shares_the_modules_answer(
    tmp_path: Path,
) -> None:
    # Effect.ts's `export const map = dual(2, (self, f) => ...)` (and `Tag` while its body is typed): a variable,
    # no function around the body being written.
    text = (
        'import * as helper from "./b";\n'
        "function user() { return 0; }\n"
        "export const Tag = make((id: string) => () => id);\n"
    )
    files = {"a.ts": text, "b.ts": "export const size = 1;\n"}
    with _memory(tmp_path, files, "a.ts") as memory:
        index = memory.file("a.ts")
        assert index is not None
        # Asked from `Tag`, whose text does not name `helper`: kept (none on main: a definition in no function
        # had no key), and the answer a function reads.
        found = _where(_resolve(memory, "a.ts", "Tag", "helper.size"))
        assert ("b.ts", 0) in found
        kept = answers(memory, index).whole
        assert len(kept.values) == 1
        assert _where(_resolve(memory, "a.ts", "user", "helper.size")) == found
        assert len(kept.values) == 1


def test_a_lambda_binding_added_to_a_definition_gives_the_fresh_answer(tmp_path: Path) -> None:
    text = (
        'import * as helper from "./b";\n'
        "function user() { return 0; }\n"
        "export const Tag = make((id: string) => () => id);\n"
    )
    files = {"a.ts": text, "b.ts": "export const size = 1;\n"}
    with _memory(tmp_path, files, "a.ts") as memory:
        before = _where(_resolve(memory, "a.ts", "Tag", "helper.size"))
        assert ("b.ts", 0) in before
        assert before == _where(_resolve(memory, "a.ts", "user", "helper.size"))
        # Tag's lambda now binds `helper` (no definition added: the answers are kept): its member is the
        # parameter's, never the module's kept answer.
        edited = text.replace("(id: string) => () => id", "(helper: string) => () => helper.size")
        memory.set_document(str(tmp_path / "a.ts"), edited, 2)
        assert ("b.ts", 0) not in _where(_resolve(memory, "a.ts", "Tag", "helper.size"))
        assert ("b.ts", 0) in _where(_resolve(memory, "a.ts", "user", "helper.size"))


def test_a_plain_name_a_function_binds_is_answered_as_from_any_function(tmp_path: Path) -> None:
    # A plain name's answer reads no binding (callers ask the scopes first): `other`'s local `helper` leaves it.
    text = (
        "function helper() { return 2; }\n"
        "function user() { return 0; }\n"
        "function other() { const helper = 1; return helper; }\n"
    )
    with _memory(tmp_path, {"a.ts": text}, "a.ts") as memory:
        index = memory.file("a.ts")
        assert index is not None
        # Kept from `other`, whose text names `helper` (none kept on main: the words check), read for `user`.
        fresh = _fresh(tmp_path, text, "other", "helper", "a.ts")
        assert _where(_resolve(memory, "a.ts", "other", "helper")) == fresh
        kept = answers(memory, index).whole
        assert len(kept.values) == 1
        assert _where(_resolve(memory, "a.ts", "user", "helper")) == [("a.ts", 0)]
        assert len(kept.values) == 1


def test_the_last_pair_compared_is_kept_weakly_and_another_pair_is_compared_anew(tmp_path: Path) -> None:
    text = "def helper():\n    return 2\n\n\ndef user():\n    pass\n"
    with _memory(tmp_path, {"a.py": text}, "a.py") as memory:
        path = str(tmp_path / "a.py")
        before = memory.file("a.py")
        memory.set_document(path, text + "\n\nLIMIT = 1\n", 2)
        after = memory.file("a.py")
        memory.set_document(path, text + "\n\nWIDTH = 1\n", 3)
        other = memory.file("a.py")
        assert before is not None and after is not None and other is not None
        assert kept_answers.changed_names(before, after) == {"LIMIT"}
        assert kept_answers.changed_names(before, after) == {"LIMIT"}  # the kept pair
        # Another pair (the last packing's text, a new edit): compared anew, never the kept pair's answer.
        assert kept_answers.changed_names(before, other) == {"WIDTH"}
        assert kept_answers.changed_names(after, other) == {"LIMIT", "WIDTH"}
        held = weakref.ref(after)
        del after
        retired.release()
        gc.collect()
        assert held() is None  # the kept pair holds neither text's memory


def test_a_values_words_follow_what_it_names_after_an_edit(tmp_path: Path) -> None:
    # The words of what each variable names are read from the text compared before where its references are the
    # same: `helper` now names `Other`, so a later change of `Other` must reach it (fails if they are reused
    # whatever the references, `helper` keeping `Box`'s words).
    head = "class Base:\n    pass\n\n\nclass Box:\n    pass\n\n\n"
    first = head + "class Other:\n    pass\n\n\nhelper = Box()\n"
    second = first.replace("helper = Box()", "helper = Other()")
    third = second.replace("class Other:", "class Other(Base):")
    with _memory(tmp_path, {"a.py": first}, "a.py") as memory:
        path = str(tmp_path / "a.py")
        v1 = memory.file("a.py")
        memory.set_document(path, second, 2)
        v2 = memory.file("a.py")
        memory.set_document(path, third, 3)
        v3 = memory.file("a.py")
        assert v1 is not None and v2 is not None and v3 is not None
        assert kept_answers.changed_names(v1, v2) == {"helper"}
        assert kept_answers.changed_names(v2, v3) == {"Other", "helper"}


@pytest.mark.parametrize(
    ("name", "text", "before", "after"),
    [
        (
            "a.py",
            "class Base:\n    size = 1\n\n\nclass Other:\n    size = 2\n\n\nclass Box(Base):\n    pass\n\n\n"
            "def make() -> Box:\n    return Box()\n\n\nholder = make()\n\n\ndef other():\n    pass\n",
            "class Box(Base):",
            "class Box(Other):",
        ),
        (
            "a.ts",
            "class Base { size = 1; }\nclass Other { size = 2; }\nclass Box extends Base {}\n"
            "function make(): Box { return new Box(); }\nconst holder = make();\nfunction other() { return 0; }\n",
            "class Box extends Base {}",
            "class Box extends Other {}",
        ),
        (
            "a.go",
            "package p\n\ntype Base struct{ size int }\ntype Other struct{ size int }\ntype Box struct{ Base }\n\n"
            "func make() *Box { return &Box{} }\n\nvar holder = make()\n\nfunc other() int { return 0 }\n",
            "type Box struct{ Base }",
            "type Box struct{ Other }",
        ),
    ],
)
def test_a_value_read_through_a_functions_declared_result_follows_a_change_of_that_type(
    tmp_path: Path, name: str, text: str, before: str, after: str
) -> None:
    # `holder = make()` names a function, whose header names `Box`: Box's base changing changes what
    # `holder.size` is, though neither `holder` nor `make` changed (the closure reads functions' headers).
    root = tmp_path / "kept"
    root.mkdir()
    with _memory(root, {name: text}, name) as memory:
        first = _where(_resolve(memory, name, "other", "holder.size"))
        edited = text.replace(before, after)
        memory.set_document(str(root / name), edited, 2)
        found = [(Path(p).name, line) for p, line in _where(_resolve(memory, name, "other", "holder.size"))]
    fresh = _fresh(tmp_path, edited, "other", "holder.size", name)
    assert first and fresh and first != fresh
    assert found == fresh
