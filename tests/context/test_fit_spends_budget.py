"""The fitting spends the budget: what a file's first lines cost beyond themselves (its title, `// file: s3.ts`,
and one gap marker) is reckoned at what the tokenizer says, not at a flat 12 tokens, so that a prompt
showing one definition of each of many files does not leave a definition's worth of its budget unspent."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.result import GAP
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

# Forty small files, each exporting one function the edited function calls: each definition shown costs a
# file's title and marker besides its header line.
COUNT = 40
FILES = {
    f"s{i}.ts": (
        f"export function step{i}(input: number[], limit: number): number {{\n"
        f"  return input.length * {i} > limit ? limit : {i};\n}}\n"
    )
    for i in range(COUNT)
}
FILES["main.ts"] = (
    "".join(f'import {{ step{i} }} from "./s{i}";\n' for i in range(COUNT))
    + "\nexport function run(input: number[]): number {\n  let total = 0;\n"
    + "".join(f"  total += step{i}(input, {i});\n" for i in range(COUNT))
    + "  return total;\n}\n"
)


def test_the_budget_left_unspent_is_less_than_one_more_definition(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        packer = Packer(memory)
        line = FILES["main.ts"].splitlines().index("  let total = 0;")
        checked = 0
        for budget in (700, 800, 900):
            ctx = packer.pack("main.ts", line, 2, budget=budget, mode="edit")
            assert ctx.tokens <= budget
            left = [i for i in range(COUNT) if not ctx.included_lines(f"s{i}.ts")]
            assert left, budget  # the budget holds some of the definitions, not all
            # What showing one more of them would add: its file's block, as the packer renders it.
            one_more = min(
                packer.counter.count(f"// file: s{i}.ts\n{FILES[f's{i}.ts'].splitlines()[0]}\n{GAP}\n")
                for i in left
            )
            assert budget - ctx.tokens < one_more, (budget, ctx.tokens, one_more)
            checked += 1
        assert checked == 3
    finally:
        memory.close()
