"""The packers of one memory share the token counts they remember by text (`pack.shared_counts`): the server's idle
pass packs where the cursor arrived with a packer of its own and each action makes one per request, so what the pass
counted the request finds counted. Another memory has its own."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.pack import Packer
from archmem.indexer.workspace import Memory

SOURCE = "".join(f"static int f{i}(int a) {{\n    return a + {i};\n}}\n\n" for i in range(60))


def test_a_second_packer_of_the_memory_counts_nothing_the_first_counted(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "many.c").write_text(SOURCE)
    (tmp_path / "b" / "many.c").write_text(SOURCE)
    memory, other = Memory.open(tmp_path / "a"), Memory.open(tmp_path / "b")
    try:
        idle = Packer(memory)
        first = idle.pack(str(tmp_path / "a" / "many.c"), 121, 4, 512, "generate")
        request = Packer(memory)
        assert request.counter is idle.counter
        counted = len(request.counter._counts)
        again = request.pack(str(tmp_path / "a" / "many.c"), 121, 4, 512, "generate")
        assert again.text == first.text
        assert len(request.counter._counts) == counted  # nothing new to count
        assert Packer(other).counter is not idle.counter
        assert Packer(memory, encoding="heuristic").counter is not idle.counter
    finally:
        memory.close()
        other.close()
