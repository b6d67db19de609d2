"""Go to definition in a file that augments another module (effect's Channel.ts: `import type * as Effect`,
then `declare module "./Effect.js" { interface Effect<A> extends Channel<A> {} }`), in a real stdio session:
`Effect.Effect` in its code leads to the interface of the module the import names, not to the block's own
declaration, which used to stand at the file's top level under the import's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import serving
from tests.lsp.harness import position_of, uri
from tests.support.memory import write_tree

pytestmark = pytest.mark.asyncio(loop_scope="function")

WORKSPACE = {
    "src/effect.ts": "export interface Effect<A> {\n  readonly value: A\n}\n",
    "src/channel.ts": (
        'import type * as Effect from "./effect.js"\n\n'
        'declare module "./effect.js" {\n  interface Effect<A> extends Channel<A> {}\n}\n\n'
        "export interface Channel<A> {\n  readonly out: A\n}\n\n"
        "export const run = <A>(self: Effect.Effect<A>): A => self.value\n"
    ),
}


async def test_definition_in_an_augmenting_file_leads_to_the_augmented_module(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", WORKSPACE)
    text = (root / "src/channel.ts").read_text(encoding="utf-8")
    async with serving("visual-studio-code", root, tmp_path / "cache") as session:
        document = types.TextDocumentIdentifier(uri=session.open("src/channel.ts"))
        found = await session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=document,
                position=position_of(text, "Effect.Effect<A>): A", session.encoding, shift=7),
            )
        )
    assert isinstance(found, list)
    locations = [(loc.uri, loc.range.start.line) for loc in found if isinstance(loc, types.Location)]
    assert locations == [(uri(root / "src/effect.ts"), 0)]
