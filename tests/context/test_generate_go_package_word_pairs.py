"""Generate mode in Go: a name of the body's package declared in another of its files that says two of the body's
name's words is offered though nothing around the body uses it (`package_word_pairs.py`): runtime's
`markWorkerStop` compares its mode with mgc.go's `gcMarkWorkerIdleMode`."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.result import PackedContext
from archmem.indexer.workspace import Memory

from tests.support.generate import go_filler_functions, pack_hidden_body
from tests.support.memory import write_tree

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# mgc.go's shape: the modes in a const block of another file, among names that say one of the body's words.
MGC_GO = (
    "package gc\n\n"
    "type gcMarkWorkerMode int\n\n"
    "const (\n"
    "\tgcMarkWorkerNotWorker gcMarkWorkerMode = iota\n"
    "\tgcMarkWorkerDedicatedMode\n"
    "\tgcMarkWorkerFractionalMode\n"
    "\tgcMarkWorkerIdleMode\n"
    ")\n\n" + "".join(f"func markRoot{i}(n int) int {{\n\treturn n + {i}\n}}\n\n" for i in range(20))
)
HEADER = "func (c *controller) markWorkerStop(mode gcMarkWorkerMode, duration int64) {"
PACER_GO = (
    "package gc\n\n"
    "type controller struct {\n\tidle int64\n\tdedicated int64\n}\n\n"
    + go_filler_functions(0, 30)
    + "func (c *controller) markWorkerStart(mode gcMarkWorkerMode) bool {\n"
    + "\treturn mode == gcMarkWorkerDedicatedMode || mode == gcMarkWorkerFractionalMode\n}\n\n"
    + f"{HEADER}\n\tc.idle -= duration * int64(mode-gcMarkWorkerIdleMode)\n}}\n\n"
    + go_filler_functions(40, 30)
)
FILES = {"go.mod": GO_MOD, "gc/mgc.go": MGC_GO, "gc/pacer.go": PACER_GO}
WANTED = MGC_GO.splitlines().index("\tgcMarkWorkerIdleMode") + 1


def test_a_package_name_saying_two_of_the_bodys_words_is_offered(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "gc/pacer.go", HEADER, 512)
    assert WANTED in ctx.included_lines("gc/mgc.go"), ctx.ledger()


def test_an_edit_of_the_other_file_is_read_fresh(tmp_path: Path) -> None:
    """The other files' names are kept per memory until another file changes: renamed there, the new name is
    offered (a table kept across the edit knows only the old one)."""
    write_tree(tmp_path, FILES)
    renamed = MGC_GO.replace("gcMarkWorkerIdleMode", "gcMarkWorkerStopped")
    memory = Memory.open(tmp_path, jobs=1)
    try:
        before = _pack(memory, tmp_path).text
        memory.set_document(str(tmp_path / "gc/mgc.go"), renamed)
        after = _pack(memory, tmp_path).text
    finally:
        memory.close()
    assert ("gcMarkWorkerIdleMode" in before, "gcMarkWorkerStopped" in after) == (True, True)


def _pack(memory: Memory, root: Path) -> PackedContext:
    lines = PACER_GO.splitlines()
    body = lines.index(HEADER) + 1
    source = "\n".join([*lines[:body], "\t", *lines[body + 1 :]]) + "\n"
    memory.set_document(str(root / "gc/pacer.go"), source)
    return Packer(memory).pack("gc/pacer.go", body, 1, budget=512, mode="generate")
