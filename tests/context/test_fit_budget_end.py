"""Where the budget ends (issue 15): the fit's estimate of what the edited file's blocks cost beyond their lines is
the tokenizer's (the window's title names the file and the cursor's line: under a deep path it costs far more than
the flat 30 tokens once reckoned, and each pack that overshot its budget was fitted again)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.fit import fit
from archmem.indexer.context.predict import predict
from archmem.indexer.context.render import render
from archmem.indexer.workspace import Memory

from tests.support.generate import chosen_build
from tests.support.memory import write_tree

DEEP = "services/billing/internal/reconciliation/ledger_adjustments/quarterly_statement_builders.py"
SOURCE = (
    "def opening_balance(account):\n    return account.balance\n\n\n"
    "def closing_balance(account):\n    return opening_balance(account) + 1\n\n\n"
    + "".join(f"def step_{i}(account):\n    return closing_balance(account) + {i}\n\n\n" for i in range(40))
    + "def statement(account):\n    \n"
)


def test_the_estimate_of_the_edited_files_blocks_is_the_tokenizers(tmp_path: Path) -> None:
    write_tree(tmp_path, {DEEP: SOURCE})
    memory = Memory.open(tmp_path, jobs=1)
    try:
        packer = Packer(memory)
        line = SOURCE.splitlines().index("    ") + 1
        for budget in (400, 2048):
            build = chosen_build(packer, DEEP, line, budget, column=4)
            predict(build)
            fit(build)
            text, _sections = render(build)
            # The title of the window's block alone (`# file: services/... (the body to write, cursor at line
            # 171)`) and the file's own block's are ~45 tokens: a flat 30 left the estimate ~20 short.
            assert abs(packer.counter.count(text) - build.spent) <= 6, (budget, build.spent, text)
    finally:
        memory.close()
