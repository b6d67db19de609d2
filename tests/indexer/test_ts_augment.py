"""TypeScript module augmentations (`declare module "./effect.js" { interface Effect<A> extends Channel<A> {} }`),
as effect's Channel.ts, Stream.ts and Sink.ts declare more of Effect.ts: each block is a namespace named by the
path it augments, shown with what a namespace import reaches through the module, never where go-to-definition
leads, and its declarations no longer stand at the top level of the augmenting file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.context import Packer
from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, write_tree

EFFECT_TS = (
    "export interface Effect<A> {\n  readonly value: A\n}\n"
    "export const map = <A, B>(self: Effect<A>, f: (a: A) => B): Effect<B> => ({ value: f(self.value) })\n"
)
CHANNEL_TS = (
    'import type * as Effect from "./effect.js"\n\n'
    'declare module "./effect.js" {\n  interface Effect<A> extends Channel<A> {}\n}\n\n'
    "export interface Channel<A> {\n  readonly out: A\n}\n\n"
    "export const run = <A>(self: Effect.Effect<A>): A => self.value\n"
)
# Two directories down, reaching the module by `../../`; a bare specifier augments a dependency, which is
# not read (its block is left as it was read before).
DEEP_TS = (
    'declare module "../../effect.js" {\n  interface Effect<A> {\n    readonly deep: A\n  }\n}\n'
    'declare module "express" {\n  interface Request {\n    readonly user: string\n  }\n}\n'
)
USE_TS = (
    'import * as Effect from "./effect.js"\n\n'
    "export const twice = (e: Effect.Effect<number>) => Effect.map(e, (n) => n * 2)\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"effect.ts": EFFECT_TS, "channel.ts": CHANNEL_TS, "a/b/deep.ts": DEEP_TS, "use.ts": USE_TS}
    yield from indexed(Path(tmp_path_factory.mktemp("ts_augment")), files)


def _resolved(memory: Memory, ref: str) -> list[tuple[str, str | None, bool]]:
    index = memory.file("use.ts")
    assert index is not None
    found = Resolver(memory).resolve(index, index.symbols[0], ref)
    return [(t.path, t.symbol.qualname if t.symbol is not None else None, t.companion) for t in found]


def test_a_member_through_a_namespace_import_comes_with_the_module_s_augmentations(memory: Memory) -> None:
    assert _resolved(memory, "Effect.map") == [
        ("effect.ts", "map", False),
        ("use.ts", None, False),  # the import line
        ("a/b/deep.ts", "../../effect.js", True),
        ("channel.ts", "./effect.js", True),
    ]


def test_a_bare_specifier_augments_no_workspace_module(memory: Memory) -> None:
    index = memory.file("a/b/deep.ts")
    assert index is not None
    assert index.by_qualname.get("express", []) == []
    assert all(t[1] != "express" for t in _resolved(memory, "Effect.map"))


def test_go_to_definition_leaves_the_augmentations_out(memory: Memory) -> None:
    assert definitions(memory, "use.ts", "Effect.map", 7) == [("effect.ts", "map")]


def test_the_augmenting_file_s_own_namespace_import_is_not_shadowed(memory: Memory) -> None:
    # The augmentation's `interface Effect` is inside its block now, not a top-level `Effect` of channel.ts
    # that the import's name would mean.
    assert ("channel.ts", None) in definitions(memory, "channel.ts", "Effect.Effect<A>): A", 0)
    assert definitions(memory, "channel.ts", "Effect.Effect<A>): A", 7) == [("effect.ts", "Effect")]


def test_the_packed_context_shows_the_augmenting_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {"effect.ts": EFFECT_TS, "channel.ts": CHANNEL_TS, "use.ts": USE_TS})
    cursor = USE_TS.splitlines().index(next(line for line in USE_TS.splitlines() if "twice" in line))
    memory = Memory.open(tmp_path, jobs=1)
    try:
        ctx = Packer(memory).pack("use.ts", cursor, 0, budget=2048, mode="edit")
        declared = CHANNEL_TS.splitlines().index('declare module "./effect.js" {') + 1
        assert declared in ctx.included_lines("channel.ts"), ctx.ledger()
    finally:
        memory.close()
