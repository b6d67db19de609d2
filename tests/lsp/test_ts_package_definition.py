"""Go to definition and hover through a bare TypeScript specifier in a real stdio session: in a monorepo
whose `effect` package maps `./*` to `./dist/dts/*.d.ts` in its package.json, `import * as Effect from
"effect/Effect"` then `Effect.map` leads to the source that build output comes from; an inline object
type's member (`options.onLeft`) leads to its own line."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import serving
from tests.lsp.harness import position_of, uri
from tests.support.memory import write_tree

pytestmark = pytest.mark.asyncio(loop_scope="function")

WORKSPACE = {
    "packages/effect/package.json": (
        '{"name": "effect", "exports": {".": {"types": "./dist/dts/index.d.ts"},'
        ' "./*": {"types": "./dist/dts/*.d.ts", "import": "./dist/esm/*.js"}}}'
    ),
    "packages/effect/src/Effect.ts": (
        "/** Transforms the success value. */\nexport const map = <A, B>(f: (a: A) => B) => f\n"
    ),
    "packages/app/src/main.ts": (
        'import * as Effect from "effect/Effect"\n\n'
        "export const run = (options: {\n  readonly onLeft: (n: number) => number\n}) =>\n"
        "  Effect.map(options.onLeft)\n"
    ),
}


async def test_definition_and_hover_through_a_package_specifier(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", WORKSPACE)
    text = (root / "packages/app/src/main.ts").read_text(encoding="utf-8")
    async with serving("visual-studio-code", root, tmp_path / "cache") as session:
        document = types.TextDocumentIdentifier(uri=session.open("packages/app/src/main.ts"))

        async def definition(needle: str, shift: int) -> list[tuple[str, int, int]]:
            found = await session.client.text_document_definition_async(
                types.DefinitionParams(
                    text_document=document, position=position_of(text, needle, session.encoding, shift=shift)
                )
            )
            assert isinstance(found, list)
            return [
                (loc.uri, loc.range.start.line, loc.range.start.character)
                for loc in found
                if isinstance(loc, types.Location)
            ]

        mapped = await definition("Effect.map", 7)
        on_left = await definition("options.onLeft)", 8)
        hover = await session.client.text_document_hover_async(
            types.HoverParams(
                text_document=document, position=position_of(text, "Effect.map", session.encoding, shift=7)
            )
        )
    assert mapped == [(uri(root / "packages/effect/src/Effect.ts"), 1, 13)]
    assert on_left == [(uri(root / "packages/app/src/main.ts"), 3, 11)]
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "Transforms the success value" in hover.contents.value
