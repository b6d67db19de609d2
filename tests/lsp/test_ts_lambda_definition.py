"""Go to definition on a member of a context-typed lambda parameter in a real stdio session: in
`core.withFiberRuntime((state) => state.id())` the lambda says nothing of `state`; the callee's declaration
(`withRuntime: (fiber: FiberRuntime<A, E>) => A`, in another file) does, and `state.id` leads to the method."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import serving
from tests.lsp.harness import position_of, uri
from tests.support.memory import write_tree

pytestmark = pytest.mark.asyncio(loop_scope="function")

WORKSPACE = {
    "src/fiber.ts": (
        "export class FiberRuntime<A, E> {\n  id(): number {\n    return 1\n  }\n}\n"
        "export const withFiberRuntime = <A, E = never>(\n"
        "  withRuntime: (fiber: FiberRuntime<A, E>) => A\n): A => withRuntime(new FiberRuntime())\n"
    ),
    "src/use.ts": (
        'import * as core from "./fiber.js"\n\n'
        "export function take(n: number) {\n  return core.withFiberRuntime((state) => state.id() + n)\n}\n"
    ),
}


async def test_definition_of_a_context_typed_lambda_parameter_s_member(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", WORKSPACE)
    text = (root / "src/use.ts").read_text(encoding="utf-8")
    async with serving("visual-studio-code", root, tmp_path / "cache") as session:
        document = types.TextDocumentIdentifier(uri=session.open("src/use.ts"))
        found = await session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=document, position=position_of(text, "state.id", session.encoding, shift=6)
            )
        )
    assert isinstance(found, list)
    locations = [(loc.uri, loc.range.start.line) for loc in found if isinstance(loc, types.Location)]
    assert locations == [(uri(root / "src/fiber.ts"), 1)]
