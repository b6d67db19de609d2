"""Go to definition on a member of a union narrowed by a switch, in a real stdio session: SchemaAST's
`type AST = Declaration | TypeLiteral`, then `switch (ast._tag) { case "TypeLiteral": ast.propertySignatures }`
leads to the member of the type that declares it, not the union's first type; and an element of a record
(`const value = self[key]`, `self: Record<string, Prop>`) to its element type's member."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import serving
from tests.lsp.harness import position_of, uri
from tests.support.memory import write_tree

pytestmark = pytest.mark.asyncio(loop_scope="function")

WORKSPACE = {
    "src/ast.ts": (
        'export interface Declaration {\n  readonly _tag: "Declaration"\n}\n'
        'export interface TypeLiteral {\n  readonly _tag: "TypeLiteral"\n  readonly propertySignatures: number\n}\n'
        "export type AST = Declaration | TypeLiteral\n"
        "export interface Prop {\n  readonly name: string\n}\n"
    ),
    "src/use.ts": (
        'import type { AST, Prop } from "./ast.js"\n\n'
        "export function size(ast: AST, self: Record<string, Prop>): number {\n"
        '  const named = self["key"]\n'
        '  switch (ast._tag) {\n    case "TypeLiteral":\n      return ast.propertySignatures + named.name.length\n  }\n'
        "  return 0\n}\n"
    ),
}


@pytest.mark.parametrize(
    ("needle", "shift", "line"), [("ast.propertySignatures", 4, 5), ("named.name", 6, 9)]
)
async def test_definition_of_a_narrowed_member(tmp_path: Path, needle: str, shift: int, line: int) -> None:
    root = write_tree(tmp_path / "ws", WORKSPACE)
    text = (root / "src/use.ts").read_text(encoding="utf-8")
    async with serving("visual-studio-code", root, tmp_path / "cache") as session:
        document = types.TextDocumentIdentifier(uri=session.open("src/use.ts"))
        found = await session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=document, position=position_of(text, needle, session.encoding, shift=shift)
            )
        )
    assert isinstance(found, list)
    locations = [(loc.uri, loc.range.start.line) for loc in found if isinstance(loc, types.Location)]
    assert locations == [(uri(root / "src/ast.ts"), line)]
