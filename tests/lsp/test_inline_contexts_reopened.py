"""The completion contexts kept per function (`InlineCompletions.contexts`) never outlive the memory they were
packed from: a memory opened anew for the same root (other excludes, another store) may count the same changes
and hold the same buffer, and a context packed from the old one could name a file the new one excludes."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.files import FileRules
from archmem.indexer.workspace import Memory
from archmem.server.actions import inline as engine
from archmem.server.lsp.inline import InlineCompletions
from archmem.server.lsp.session import Session

KEYS = 'class Vault:\n    def open_vault(self, n: int) -> int:\n        """Open it."""\n        return n\n'
MAIN = "from keys import Vault\n\n\ndef work(n: int) -> int:\n    vault = Vault()\n    return vault.open_vault(n)\n"


def opened(root: Path, rules: FileRules) -> Memory:
    memory = Memory(root, rules=rules, persist=False)
    memory.index_all(jobs=1)
    memory.open_document("main.py", MAIN, 1)
    return memory


def test_a_memory_opened_anew_reads_no_context_packed_from_the_old_one(tmp_path: Path) -> None:
    (tmp_path / "keys.py").write_text(KEYS)
    (tmp_path / "main.py").write_text(MAIN)
    state = InlineCompletions(Session())
    text, byte, budget = MAIN.encode(), MAIN.index("vault.open_vault"), 1500
    old = opened(tmp_path, FileRules())
    new = opened(tmp_path, FileRules(excludes=("keys.py",)))
    try:
        packer = state.packer(old)
        assert packer is not None
        context, _ = engine.packed_context(old, packer, "main.py", text, byte, budget, state.contexts)
        assert "def open_vault" in context
        # Files written after the reopen bring the new memory's change count to the old one's: then only the
        # memory's identity tells the contexts apart.
        for i in range(old.changes_elsewhere("main.py") - new.changes_elsewhere("main.py")):
            (tmp_path / f"later_{i}.py").write_text("x = 1\n")
            new.refresh_paths([f"later_{i}.py"])
        assert old.changes_elsewhere("main.py") == new.changes_elsewhere("main.py")
        assert engine.is_kept(old, "main.py", text, byte, budget, state.contexts)
        assert state.packer(new) is not None
        assert not engine.is_kept(new, "main.py", text, byte, budget, state.contexts)
    finally:
        old.close()
        new.close()
