"""Where the budget ends (issue 15, generate mode): the fit's estimate of what the window's block costs is the
tokenizer's (its title names the file and the cursor's line: a deep path costs far more than the flat 30 tokens
once reckoned), and of predicted names that tie, the cheapest are fitted first, so the budget names more of them."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.build import Build
from archmem.indexer.context.choose import choose
from archmem.indexer.context.fit import fit
from archmem.indexer.context.predict import predict
from archmem.indexer.context.render import render
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

from .test_generate_names import _line_of, _pack_generate

# Twelve helpers the file's functions each call once (their scores tie), six with long headers whose names sort
# first, six with short ones.
LONG = [f"alpha_{i}" for i in range(6)]
SHORT = [f"zed{i}" for i in range(6)]
HELPERS = "".join(
    f"def {name}(first_argument_value, second_argument_value, third_argument_value, fourth_value):\n"
    "    return first_argument_value\n\n\n"
    for name in LONG
) + "".join(f"def {name}():\n    return 1\n\n\n" for name in SHORT)
CALLS = "".join(f"    {name}(1, 2, 3, 4)\n" for name in LONG) + "".join(f"    {name}()\n" for name in SHORT)
TIED = (
    HELPERS
    + "".join(f"def user{i}(value):\n{CALLS}    return value\n\n\n" for i in range(3))
    + "def fresh(value):\n    \n"
)


def test_of_names_tied_at_the_budgets_end_the_cheapest_are_fitted_first(tmp_path: Path) -> None:
    write_tree(tmp_path, {"tied.py": TIED})
    # Room for the six short headers and two long ones: in rank order (by name among equals) the long
    # ones came first and took it.
    ctx = _pack_generate(tmp_path, "tied.py", TIED, "    ", budget=120)
    shown = ctx.included_lines("tied.py")
    short = [name for name in SHORT if _line_of(TIED, f"def {name}(") in shown]
    long = [name for name in LONG if _line_of(TIED, f"def {name}(") in shown]
    assert short == SHORT, ctx.text
    assert len(long) < len(LONG), ctx.text


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
        index = memory.file(DEEP)
        assert index is not None
        view = packer.views.of(index)
        line = SOURCE.splitlines().index("    ") + 1
        for budget in (400, 2048):
            cursor = view.positions.line_start(line - 1) + 4
            build = Build(packer.views, packer.gap_cost, index, view, cursor, line, budget, "generate")
            choose(build)
            predict(build)
            fit(build)
            text, _sections = render(build)
            # The title of the window's block alone (`# file: services/... (the body to write, cursor at line
            # 171)`) and the file's own block's are ~45 tokens: a flat 30 left the estimate ~20 short.
            assert abs(packer.counter.count(text) - build.spent) <= 6, (budget, build.spent, text)
    finally:
        memory.close()
