"""bench/packing_speed.py's targets: the functions of a file with a brace body, as the language servers'
document symbols give them to context_recall_langs.py."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.workspace import Memory

from bench.packing_speed import brace_targets

SOURCE = """static int one(int a) { return a; }

static int add(int a,
               int b) {
    int total = a + b;
    total += 1;
    return total;
}

int main(void) {
    int x = add(1, 2);
    return one(x);
}
"""


def test_brace_targets_are_the_functions_with_a_body_of_lines(tmp_path: Path) -> None:
    (tmp_path / "m.c").write_text(SOURCE)
    memory = Memory.open(tmp_path)
    try:
        targets = brace_targets(memory, "m.c", SOURCE)
    finally:
        memory.close()
    # `one` fits on its line: no body to hide in generate mode, so no target.
    assert [(t.qualname, t.def_line, t.header_end, t.body_start, t.end_line) for t in targets] == [
        ("add", 3, 4, 5, 7),
        ("main", 10, 10, 11, 12),
    ]
    add = targets[0]
    assert (add.edit_line, add.edit_col, add.body_indent) == (7, 4, "    ")
