"""TypeScript forms effect's code uses that the memory did not follow: a local bound to a type assertion
(`let node = (self as RedBlackTreeImpl<K, V>)._root`, then `node.left`), a module's own definitions exported
renamed (`export { void_ as void }`, reached as `core.void`), and a base class named through a value of
its own type (which looped until the recursion limit)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.context import Packer
from archmem.indexer.languages import BY_NAME
from archmem.indexer.languages.ts_types import cast_type
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, index_text, indexed, write_tree

NODE_TS = "export interface Node<out K, out V> {\n  key: K\n  left: Node<K, V> | undefined\n}\n"
# effect 3.12.0's internal/redBlackTree.ts, shortened.
TREE_TS = (
    'import * as Node from "./node.js"\n'
    "export interface RedBlackTree<K, V> {\n  readonly size: number\n}\n"
    "export class RedBlackTreeImpl<K, V> implements RedBlackTree<K, V> {\n"
    "  readonly _ord: (a: K, b: K) => number\n  readonly _root: Node.Node<K, V> | undefined\n"
    "  constructor(ord: (a: K, b: K) => number) {\n    this._ord = ord\n    this._root = undefined\n  }\n}\n"
    "const lessThan = <K, V>(self: RedBlackTree<K, V>, key: K): Iterable<K> => {\n"
    "  return {\n    [Symbol.iterator]: () => {\n"
    "      const cmp = (self as RedBlackTreeImpl<K, V>)._ord\n"
    "      let node = (self as RedBlackTreeImpl<K, V>)._root\n"
    "      const impl = self as RedBlackTreeImpl<K, V>\n"
    "      const loose = self as any\n"
    "      const stack = []\n"
    "      while (node !== undefined) {\n        cmp(key, node.key)\n        stack.push(impl._ord, loose._ord)\n"
    "        node = node.left\n      }\n"
    "      return stack[Symbol.iterator]()\n    }\n  }\n}\n"
)
# effect's internal/core.ts: keywords exported under a renamed constant, one with a comment in the list.
CORE_TS = (
    "export const succeed = <A>(a: A): A => a\n"
    "const void_: number = succeed(0)\nexport {\n  /* @internal */\n  void_ as void\n}\n"
    "const _await = (n: number): number => n\nexport { _await as await, succeed as of }\n"
)
USE_TS = (
    'import * as core from "./core.js"\n\nexport const run = () => core.void + core.await(1) + core.of(2)\n'
)
# A class whose base is named through a value of the class's own type.
LOOP_TS = (
    "export class Proto extends proto.Inner {\n  readonly x: number = 1\n}\n"
    "export const proto: Proto = new Proto()\n"
    "export const f = (p: Proto) => p.y\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"node.ts": NODE_TS, "tree.ts": TREE_TS, "core.ts": CORE_TS, "use.ts": USE_TS, "loop.ts": LOOP_TS}
    yield from indexed(Path(tmp_path_factory.mktemp("ts_casts")), files)


def test_a_local_bound_to_a_cast_member_holds_that_member_s_declared_type(memory: Memory) -> None:
    assert definitions(memory, "tree.ts", "node.key", 5) == [("node.ts", "Node.key")]
    assert definitions(memory, "tree.ts", "node.left", 5) == [("node.ts", "Node.left")]


def test_a_local_bound_to_a_cast_holds_the_asserted_type(memory: Memory) -> None:
    assert definitions(memory, "tree.ts", "impl._ord", 5) == [("tree.ts", "RedBlackTreeImpl._ord")]
    # `as any` says nothing of members: unknown, never a guess.
    assert definitions(memory, "tree.ts", "loose._ord", 6) == []


@pytest.mark.parametrize(
    ("binding", "expected"),
    [
        ("node = (self as RedBlackTreeImpl<K, V>)._root", "RedBlackTreeImpl._root"),
        ("impl = self as Impl<A>;", "Impl"),
        ("x = make(a) as Foo", "Foo"),
        ("x = y as unknown", None),
        ("x = (a as const).b", None),
        ("x = y as Foo[]", None),  # an array: its members are no Foo's
    ],
)
def test_cast_type_readings(binding: str, expected: str | None) -> None:
    assert cast_type(binding) == expected


def test_names_exported_renamed_lead_to_the_module_s_own_definitions(memory: Memory) -> None:
    assert definitions(memory, "use.ts", "core.void", 5) == [("core.ts", "void_")]
    assert definitions(memory, "use.ts", "core.await", 5) == [("core.ts", "_await")]
    assert definitions(memory, "use.ts", "core.of", 5) == [("core.ts", "succeed")]


def test_the_packed_context_shows_the_line_renaming_the_export(tmp_path: Path) -> None:
    # `core.void` is `void_` because of `void_ as void`: that line comes with the definition (the checker
    # names it as where `void` is declared), and go-to-definition still leads to the definition alone.
    write_tree(tmp_path, {"core.ts": CORE_TS, "use.ts": USE_TS})
    memory = Memory.open(tmp_path, jobs=1)
    try:
        ctx = Packer(memory).pack("use.ts", 2, 0, budget=1024, mode="edit")
        lines = CORE_TS.splitlines()
        shown = ctx.included_lines("core.ts")
        for text in ("  void_ as void", "export { _await as await, succeed as of }"):
            assert lines.index(text) + 1 in shown, ctx.ledger()
    finally:
        memory.close()


def test_a_base_named_through_a_value_of_its_own_type_ends(memory: Memory) -> None:
    # Used to recurse until Python's limit (bases -> a value's declared type -> members -> bases ...).
    assert definitions(memory, "loop.ts", "p.y", 2) == []


# effect 3.12.0's Effect.ts `catchTags`: the second signature's type parameters start on the line after
# its `<`. Unrepaired, the whole file's root was an ERROR node and its top-level constants that are not
# exported (`const _void = ...`, exported renamed) were not in the memory.
OVERLOADS_TS = (
    'export const catchTags: {\n  <\n    E,\n    Cases extends\n      & { [K in Extract<E, { _tag: string }>["_tag"]]+?: ((error: Extract<E, { _tag: K }>) => Effect<any, any, any>) }\n      & (unknown extends E ? {} : { [K in Exclude<keyof Cases, Extract<E, { _tag: string }>["_tag"]>]: never })\n  >(cases: Cases): <A, R>(\n    self: Effect<A, E, R>\n  ) => Effect<\n    | A\n    | {\n      [K in keyof Cases]: Cases[K] extends (...args: Array<any>) => Effect<infer A, any, any> ? A : never\n    }[keyof Cases],\n    | Exclude<E, { _tag: keyof Cases }>\n    | {\n      [K in keyof Cases]: Cases[K] extends (...args: Array<any>) => Effect<any, infer E, any> ? E : never\n    }[keyof Cases],\n    | R\n    | {\n      [K in keyof Cases]: Cases[K] extends (...args: Array<any>) => Effect<any, any, infer R> ? R : never\n    }[keyof Cases]\n  >\n  <\n    R,\n    E,\n    A,\n    Cases extends\n      & { [K in Extract<E, { _tag: string }>["_tag"]]+?: ((error: Extract<E, { _tag: K }>) => Effect<any, any, any>) }\n      & (unknown extends E ? {} : { [K in Exclude<keyof Cases, Extract<E, { _tag: string }>["_tag"]>]: never })\n  >(self: Effect<A, E, R>, cases: Cases): Effect<\n    | A\n    | {\n      [K in keyof Cases]: Cases[K] extends (...args: Array<any>) => Effect<infer A, any, any> ? A : never\n    }[keyof Cases],\n    | Exclude<E, { _tag: keyof Cases }>\n    | {\n      [K in keyof Cases]: Cases[K] extends (...args: Array<any>) => Effect<any, infer E, any> ? E : never\n    }[keyof Cases],\n    | R\n    | {\n      [K in keyof Cases]: Cases[K] extends (...args: Array<any>) => Effect<any, any, infer R> ? R : never\n    }[keyof Cases]\n  >\n} = effect.catchTags\n'
    + ("\nconst _void: Effect<void> = core.void\n\nexport {\n  _void as void\n}\n")
)


def test_a_signature_whose_type_parameters_start_on_the_next_line_is_separated() -> None:
    tree = BY_NAME["typescript"].parse(OVERLOADS_TS.encode())
    assert [c.type for c in tree.root_node.children] == [
        "export_statement",
        "lexical_declaration",
        "export_statement",
    ]
    index = index_text("Effect.ts", OVERLOADS_TS)
    assert {"catchTags", "_void"} <= {s.qualname for s in index.symbols}
