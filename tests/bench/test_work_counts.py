"""bench/work_counts.py: what a cProfile run saw, counted: calls, store reads and statements, names asked of and
worked out by the resolver."""

from __future__ import annotations

import cProfile
from pathlib import Path

from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

from bench.work_counts import counted

MAIN = "import helper\n\ndef run():\n    return helper.go()\n"
HELPER = "def go():\n    return 1\n"


def test_the_counts_are_what_ran(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(MAIN)
    (tmp_path / "helper.py").write_text(HELPER)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        index = memory.file("main.py")
        assert index is not None
        scope = index.by_qualname["run"][0]
        resolver = Resolver(memory)
        profile = cProfile.Profile()
        profile.enable()
        assert memory.store.load("helper.py") is not None
        resolver.resolve(index, scope, "helper.go")
        resolver.resolve(index, scope, "helper.go")  # kept for the resolver's request: asked, not worked out
        profile.disable()
    finally:
        memory.close()
    work = counted(profile)
    assert work.store_reads >= 1
    assert work.queries >= 1
    assert work.asked >= 2
    assert 1 <= work.resolved < work.asked
    assert work.calls > work.asked + work.store_reads
