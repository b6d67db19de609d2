"""Hover, references and explain give one answer to "who uses this" through a real stdio session, calls through
instances of the class from another file included (`console.get_style(...)` with `console: Console`)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import serving
from tests.lsp.harness import position_of, uri

pytestmark = pytest.mark.asyncio(loop_scope="function")

FILES = {
    "console.py": """\
        class Console:
            def get_style(self, name: str) -> str:
                return name

            def rule(self) -> str:
                return self.get_style("rule")
        """,
    "render.py": """\
        from console import Console


        def render(console: Console) -> str:
            return console.get_style("bold")


        def fresh() -> str:
            c = Console()
            return c.get_style("dim")


        class Panel:
            def __init__(self) -> None:
                self.console = Console()

            def draw(self) -> str:
                return self.console.get_style("panel")


        def unrelated(other: str) -> str:
            return other.get_style("x")
        """,
}
USERS = ["Console.rule", "render", "fresh", "Panel.draw"]


async def test_hover_references_and_explain_agree_on_uses_through_instances(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    async with serving("visual-studio-code", root, tmp_path / "cache") as session:
        document = session.open("console.py")
        text = (root / "console.py").read_text(encoding="utf-8")
        at = position_of(text, "get_style", session.encoding, shift=1)
        ident = types.TextDocumentIdentifier(uri=document)
        hover = await session.client.text_document_hover_async(
            types.HoverParams(text_document=ident, position=at)
        )
        references = await session.client.text_document_references_async(
            types.ReferenceParams(
                text_document=ident, position=at, context=types.ReferenceContext(include_declaration=False)
            )
        )
        actions = await session.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=ident,
                range=types.Range(start=at, end=at),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
        (explain,) = [a for a in actions or [] if a.kind == "refactor.archmem.explain"]
        result = await session.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=explain.command.command, arguments=explain.command.arguments)
        )
        render_text = (root / "render.py").read_text(encoding="utf-8")
        definition = await session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=session.open("render.py")),
                position=position_of(render_text, "get_style", session.encoding, nth=2, shift=1),
            )
        )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    # The untyped `other.get_style` is a probable use, marked as such, after the four certain ones.
    assert "Used by 5 (1 probable)" in hover.contents.value
    assert all(f"`{name}`" in hover.contents.value for name in USERS)
    markdown = result["markdown"]
    assert "## Used by (5, 1 probable)" in markdown
    assert all(f"`{name}`" in markdown for name in [*USERS, "unrelated"])
    # Five places: one in console.py, four in render.py; declarations left out as asked.
    places = sorted((r.uri, r.range.start.line) for r in references or [])
    assert places == [
        (uri(root / "console.py"), 5),
        (uri(root / "render.py"), 4),
        (uri(root / "render.py"), 9),
        (uri(root / "render.py"), 17),
        (uri(root / "render.py"), 21),
    ]
    # Go to definition through an attribute chain (`self.console.get_style`).
    assert [(d.uri, d.range.start.line) for d in definition or []] == [(uri(root / "console.py"), 1)]
