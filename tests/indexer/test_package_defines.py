"""Whether a file of a Go package defines a name (`package_defines.defined_in_package`): the other files' answer is
kept between requests, and not past an edit of another file; the file's own is its buffer's."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.package_defines import defined_in_package
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

GO_MOD = "module example.com/app\n\ngo 1.19\n"
MAIN_GO = "package app\n\nfunc main() {\n\tstart()\n}\n"
FILES = {
    "go.mod": GO_MOD,
    "app/main.go": MAIN_GO,
    "app/util.go": "package app\n\nfunc helper() {}\n",
    "other/other.go": "package other\n\nfunc start() {}\n",
}


def test_a_name_defined_in_another_file_since_the_last_question_is_found(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        memory.set_document(str(tmp_path / "app/main.go"), MAIN_GO)
        assert defined_in_package(memory, "app/main.go", "helper")
        assert not defined_in_package(memory, "app/main.go", "start")  # another package's
        memory.set_document(
            str(tmp_path / "app/util.go"), "package app\n\nfunc helper() {}\n\nfunc start() {}\n"
        )
        assert defined_in_package(memory, "app/main.go", "start")
        memory.set_document(str(tmp_path / "app/util.go"), "package app\n")
        assert not defined_in_package(memory, "app/main.go", "helper")
    finally:
        memory.close()


def test_the_files_own_buffer_answers_for_it(tmp_path: Path) -> None:
    """The edited file's names change at every keystroke, without a change elsewhere."""
    write_tree(tmp_path, FILES)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        memory.set_document(str(tmp_path / "app/main.go"), MAIN_GO)
        assert not defined_in_package(memory, "app/main.go", "start")
        memory.set_document(str(tmp_path / "app/main.go"), MAIN_GO + "\nfunc start() {}\n")
        assert defined_in_package(memory, "app/main.go", "start")
        memory.set_document(str(tmp_path / "app/main.go"), MAIN_GO)
        assert not defined_in_package(memory, "app/main.go", "start")
    finally:
        memory.close()
