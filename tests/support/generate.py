"""Generate mode as an editor meets it in tests: a workspace whose file has one function's one-line body
hidden (its header kept, the body an indented empty line), packed at that line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.build import Build
from archmem.indexer.context.choose import choose
from archmem.indexer.context.result import Mode, PackedContext
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree


def pack_hidden_body(
    root: Path, files: Mapping[str, str], rel: str, header: str, budget: int
) -> PackedContext:
    """Write `files` under `root`, hide the one body line after the line `header` of `rel` (its indentation
    one level deeper kept as the cursor's column) and pack in generate mode within `budget` tokens."""
    write_tree(root, files)
    lines = files[rel].splitlines()
    body = lines.index(header) + 1
    indent = header[: len(header) - len(header.lstrip())] + "    "
    source = "\n".join([*lines[:body], indent, *lines[body + 1 :]]) + "\n"
    memory = Memory.open(root, jobs=1)
    try:
        memory.set_document(str(root / rel), source)
        ctx = Packer(memory).pack(rel, body, len(indent), budget=budget, mode="generate")
    finally:
        memory.close()
    assert ctx.tokens <= budget
    return ctx


def rust_filler_methods(first: int, count: int) -> str:
    """`count` small unrelated Rust methods (`helper<first>`...): the distance that puts a definition far from
    the body, and neighbours whose names say nothing of it."""
    return "".join(
        f"    fn helper{i}(&self, a: usize, b: usize) -> usize {{\n        let c = a * {i} + b;\n        c - {i}\n    }}\n\n"
        for i in range(first, first + count)
    )


def go_filler_functions(first: int, count: int) -> str:
    """`count` small unrelated Go functions (`fill<first>`...), each calling the next two: the distance that
    puts a definition far from the body, and neighbours whose names say nothing of it."""
    return "".join(
        f"func fill{i}(n int) int {{\n\treturn fill{i + 1}(n * {i}) + fill{i + 2}(n)\n}}\n\n"
        for i in range(first, first + count)
    )


def missing_lines(ctx: PackedContext, rel: str, text: str, wanted: Iterable[str]) -> list[str]:
    """The lines of `wanted` (whole lines of `text`, the file `rel`) the packed context does not show."""
    shown = ctx.included_lines(rel)
    lines = text.splitlines()
    return [line for line in wanted if lines.index(line) + 1 not in shown]


def chosen_build(
    packer: Packer, rel: str, line: int, budget: int = 2048, mode: Mode = "generate", column: int = 0
) -> Build:
    """The build a packing at 1-based `line`, `column` of `rel` starts from, its target chosen (`choose`): the
    stages after it (`predict`, `fit`, `render`) are the test's to run, as `Packer.pack` runs them."""
    index = packer.memory.file(rel)
    assert index is not None, rel
    view = packer.views.of(index)
    cursor = view.positions.line_start(line - 1) + column
    build = Build(packer.views, packer.gap_cost, index, view, cursor, line, budget, mode)
    choose(build)
    return build


def pack_at_line(root: Path, files: Mapping[str, str], rel: str, line: str, budget: int) -> PackedContext:
    """Write `files` under `root` and pack in generate mode within `budget` tokens at the end of the first line of
    `rel` that is `line` (a body's blank line, the body hidden as the file is written)."""
    write_tree(root, files)
    cursor = files[rel].splitlines().index(line)
    ctx = Packer(Memory.open(root)).pack(rel, cursor, len(line), budget=budget, mode="generate")
    assert ctx.tokens <= budget
    return ctx


def shown_lines(ctx: PackedContext, rel: str, text: str) -> set[str]:
    """The lines of `text` (the file `rel`) the packed context shows, stripped."""
    lines = text.splitlines()
    return {lines[n - 1].strip() for n in ctx.included_lines(rel)}
