"""Go to definition, references and hover across Go packages through a real stdio session: `clock.Now` leads into
another package of the module (go.mod), `time.Duration` into GOROOT/src, outside the workspace, whose file
the editor then opens by its URI."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import serving
from tests.lsp.harness import position_of, uri
from tests.support.memory import write_tree

pytestmark = pytest.mark.asyncio(loop_scope="function")

GOROOT = {"src/time/time.go": "package time\n\n// A Duration is an elapsed time.\ntype Duration int64\n"}
WORKSPACE = {
    "go.mod": "module example.com/app\n",
    "internal/clock/clock.go": "package clock\n\n// Now is the clock's time.\nfunc Now() int64 {\n\treturn 0\n}\n",
    "internal/clock/zone.go": "package clock\n\nconst UTC = 0\n",
    "main.go": (
        'package main\n\nimport (\n\t"time"\n\n\t"example.com/app/internal/clock"\n)\n\n'
        "func main() {\n\tvar d time.Duration = time.Duration(clock.Now() + clock.UTC)\n\t_ = d\n}\n"
    ),
}


async def test_definition_references_and_hover_across_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    goroot = write_tree(tmp_path / "goroot", GOROOT).resolve()
    monkeypatch.setenv("GOROOT", str(goroot))
    root = write_tree(tmp_path / "ws", WORKSPACE)
    text = (root / "main.go").read_text(encoding="utf-8")
    async with serving("visual-studio-code", root, tmp_path / "cache") as session:
        document = types.TextDocumentIdentifier(uri=session.open("main.go"))

        async def definition(needle: str, shift: int) -> list[tuple[str, int]]:
            found = await session.client.text_document_definition_async(
                types.DefinitionParams(
                    text_document=document, position=position_of(text, needle, session.encoding, shift=shift)
                )
            )
            assert isinstance(found, list)
            return [(loc.uri, loc.range.start.line) for loc in found if isinstance(loc, types.Location)]

        now = await definition("clock.Now", 6)
        utc = await definition("clock.UTC", 6)
        duration = await definition("time.Duration", 5)
        clock_text = (root / "internal/clock/clock.go").read_text(encoding="utf-8")
        clock = types.TextDocumentIdentifier(uri=session.open("internal/clock/clock.go"))
        references = await session.client.text_document_references_async(
            types.ReferenceParams(
                text_document=clock,
                position=position_of(clock_text, "Now()", session.encoding),
                context=types.ReferenceContext(include_declaration=False),
            )
        )
        hover = await session.client.text_document_hover_async(
            types.HoverParams(
                text_document=document, position=position_of(text, "clock.Now", session.encoding, shift=6)
            )
        )
    assert now == [(uri(root / "internal/clock/clock.go"), 3)]
    assert utc == [(uri(root / "internal/clock/zone.go"), 2)]
    assert duration == [(uri(goroot / "src/time/time.go"), 3)]
    assert [(r.uri, r.range.start.line) for r in references or []] == [(uri(root / "main.go"), 9)]
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "Now is the clock's time" in hover.contents.value
