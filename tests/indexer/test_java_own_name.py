"""Java names fields and methods apart: `entrySet()` returning the field `entrySet` reads that field, so the
method's references keep its own name (a recursive call or a field's own declaration does not count), and
the packer shows the field, however far above the method it is declared."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.workspace import Memory

from tests.support.memory import index_text, write_tree

VIEWS = (
    "import java.util.Set;\n"
    "class Views<K> {\n"
    "    private transient Set<K> entrySet;\n"
    "    private int depth;\n"
    "    public Set<K> entrySet() {\n"
    "        Set<K> es;\n"
    "        return ((es = entrySet) != null) ? es : (entrySet = make());\n"
    "    }\n"
    "    int depth(int n) {\n"
    "        return n == 0 ? 0 : depth(n - 1);\n"
    "    }\n"
    "    Set<K> make() { return null; }\n"
    "}\n"
)


def test_a_method_reading_the_field_of_its_own_name_references_it() -> None:
    index = index_text("Views.java", VIEWS)
    methods = [s for s in index.symbols if s.qualname == "Views.entrySet" and s.kind.name == "METHOD"]
    assert len(methods) == 1 and "entrySet" in methods[0].refs


def test_a_recursive_call_and_a_field_declaration_are_no_reference_to_themselves() -> None:
    index = index_text("Views.java", VIEWS)
    recursive = [s for s in index.symbols if s.qualname == "Views.depth" and s.kind.name == "METHOD"]
    assert len(recursive) == 1 and "depth" not in recursive[0].refs
    fields = [s for s in index.symbols if s.name in ("entrySet", "depth") and s.kind.name == "FIELD"]
    assert len(fields) == 2 and all(s.name not in s.refs for s in fields)


def _filler(count: int) -> str:
    return "".join(
        f"    /** Helper {i}: computes the {i}th value of the running total for the view. */\n"
        f"    int helper{i}(int a, int b) {{\n        int c = a * {i} + b;\n        return c - {i};\n    }}\n"
        for i in range(count)
    )


def test_edit_mode_packs_the_far_field_a_method_of_the_same_name_reads(tmp_path: Path) -> None:
    source = (
        "import java.util.Set;\n"
        "class Views<K> {\n"
        "    private transient Set<K> entrySet;\n" + _filler(120) + "    public Set<K> entrySet() {\n"
        "        Set<K> es;\n"
        "        return ((es = entrySet) != null) ? es : (entrySet = null);\n"
        "    }\n"
        "}\n"
    )
    write_tree(tmp_path, {"Views.java": source})
    lines = source.splitlines()
    cursor = lines.index("        Set<K> es;")
    memory = Memory.open(tmp_path, jobs=1)
    try:
        ctx = Packer(memory).pack("Views.java", cursor, 8, budget=512, mode="edit")
    finally:
        memory.close()
    field_line = lines.index("    private transient Set<K> entrySet;") + 1
    assert field_line in ctx.included_lines("Views.java")
    assert ctx.tokens <= 512
