"""A name used in one function is read in that function's own scope: not in another method's parameter of the
same name (a method read with its whole class, which it needs to parse), not in another method's header, and
not in the lambdas of whichever function of the same class a request asked about first. What a function's
names lead to then depends on its own text, whatever else a request asked before (generate mode keeps the
siblings' answers across packs on that ground: indexer/context/siblings.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.resolve import uses
from archmem.indexer.resolver import Resolver
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

# A TypeScript method alone is no program (`m(o: T): void {}`): each is read with its whole class.
SHAPES_TS = (
    "export class Alpha {\n  alpha(): number { return 1; }\n}\n"
    "export class Beta {\n  beta(): number { return 2; }\n}\n"
    "export const items = new Alpha();\n"
)
RUN_TS = (
    "import { Alpha, Beta, items } from './shapes';\n\n"
    "export class Runner {\n"
    "  first(o: Alpha, n: number = items.alpha()): number {\n"
    "    return o.alpha() + n;\n"
    "  }\n\n"
    "  second(o: Beta): number {\n"
    "    return o.beta();\n"
    "  }\n\n"
    "  third(): number {\n"
    "    const items = new Beta();\n"
    "    return items.beta();\n"
    "  }\n"
    "}\n"
)
# Rust functions parse alone: an impl's methods are read one by one, their closures each in its own.
SHAPES_RS = (
    "pub struct Alpha {}\n\nimpl Alpha {\n    pub fn alpha(&self) -> u32 {\n        1\n    }\n}\n\n"
    "pub struct Beta {}\n\nimpl Beta {\n    pub fn beta(&self) -> u32 {\n        2\n    }\n}\n\n"
    "pub struct Runner {}\n\n"
    "impl Runner {\n"
    "    pub fn first(&self, xs: Vec<Alpha>) -> u32 {\n"
    "        xs.iter().map(|a: &Alpha| a.alpha()).sum()\n"
    "    }\n\n"
    "    pub fn second(&self, ys: Vec<Beta>) -> u32 {\n"
    "        ys.iter().map(|b: &Beta| b.beta()).sum()\n"
    "    }\n"
    "}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    files = {"web/shapes.ts": SHAPES_TS, "web/run.ts": RUN_TS, "src/lib.rs": SHAPES_RS}
    yield from indexed(Path(tmp_path_factory.mktemp("scope_per_function")), files)


def _used(memory: Memory, path: str, qualname: str) -> set[str]:
    index = memory.file(path)
    assert index is not None
    return {t.symbol.qualname for t in uses(memory, sym(index, qualname)) if t.symbol is not None}


def test_a_parameter_is_read_at_the_binding_of_its_own_method(memory: Memory) -> None:
    """`second(o: Beta)` after `first(o: Alpha)` in one class: `o` is `second`'s Beta, not the first `o`."""
    assert definitions(memory, "web/run.ts", "o.beta", 2) == [("web/shapes.ts", "Beta.beta")]
    assert definitions(memory, "web/run.ts", "o.alpha", 2) == [("web/shapes.ts", "Alpha.alpha")]
    assert "Beta.beta" in _used(memory, "web/run.ts", "Runner.second")


def test_another_methods_header_does_not_unbind_a_local(memory: Memory) -> None:
    """`first`'s header uses the module's `items` (a default value); `third` binds a local `items`, whose
    member is Beta's: what the packer reads of `third` (no positions) must not take `first`'s header for its
    own."""
    used = _used(memory, "web/run.ts", "Runner.third")
    assert "Beta.beta" in used and "Alpha.alpha" not in used
    assert "Alpha.alpha" in _used(memory, "web/run.ts", "Runner.first")


def test_a_closure_is_read_in_its_own_function_whatever_was_asked_first(memory: Memory) -> None:
    """One request (one resolver) asks about `first`'s closure, then `second`'s: the second is read in
    `second`'s scope, not in the one built for `first`, and answers as when asked alone."""
    index = memory.file("src/lib.rs")
    assert index is not None
    first, second = sym(index, "Runner.first"), sym(index, "Runner.second")

    def names(resolver: Resolver, user: str, ref: str) -> list[str | None]:
        found = resolver.resolve(index, first if user == "first" else second, ref)
        return [t.symbol.qualname if t.symbol is not None else None for t in found]

    alone = names(Resolver(memory), "second", "b.beta")
    assert alone == ["Beta.beta"]
    resolver = Resolver(memory)
    assert names(resolver, "first", "a.alpha") == ["Alpha.alpha"]
    assert names(resolver, "second", "b.beta") == alone
