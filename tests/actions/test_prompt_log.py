"""The last-prompt ledger: exactly what was sent, what the context included, degraded and left out, and no
secrets."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from archmem.indexer.context import Packer
from archmem.server.actions.explain import explain
from archmem.server.actions.generate import generate
from archmem.server.actions.generate_targets import list_generate_targets
from archmem.server.actions.prompt_log import PromptLog, PromptRecord, fenced, render_markdown
from archmem.server.models import ChatMessage

from tests.actions.genexplain_projects import client, long_module, memory, write
from tests.support.endpoints import KEY
from tests.support.fake_openai import FakeOpenAI, hang, stream, text


def test_an_empty_log_says_so() -> None:
    assert "No prompt has been sent to a model yet" in PromptLog().render_markdown()


def test_a_fence_is_longer_than_any_backtick_run_inside() -> None:
    assert fenced("a\n```python\nx\n```\n", "text") == "````text\na\n```python\nx\n```\n````"
    assert fenced("plain") == "```\nplain\n```"


def test_the_markdown_holds_the_ledger_and_every_message_verbatim(tmp_path: Path) -> None:
    write(tmp_path, long_module())
    mem = memory(tmp_path)
    source = (tmp_path / "pkg/long.py").read_text()
    line = source[: source.index("def target")].count("\n")
    # A budget this small degrades some definitions and leaves others out.
    context = Packer(mem).pack("pkg/long.py", line + 1, 4, 120, "edit")
    messages = (ChatMessage("system", "Be brief."), ChatMessage("user", "Explain:\n```python\nx = 1\n```"))
    record = PromptRecord(
        "explain", "local", "fake-model", messages, context, notes=("the user asked nicely",)
    )

    md = render_markdown(record)

    assert md.startswith("# archmem: last prompt (explain, round 1)")
    assert "to endpoint `local` (model `fake-model`): 2 messages" in md
    assert f"{context.tokens} of 120 tokens" in md
    assert "| window | lines | `pkg/long.py:" in md
    degraded = [s for s in context.sections if s.kind == "definition" and s.detail not in ("full", "lines")]
    assert degraded, "the small budget was meant to degrade a definition"
    assert f"| definition | {degraded[0].detail} (degraded) |" in md
    for item in context.left_out:
        assert f"- {item}" in md
    assert "- the user asked nicely" in md
    assert "### 2. user\n\n````text\nExplain:\n```python\nx = 1\n```\n````" in md


async def test_a_secret_in_an_instruction_reaches_neither_the_model_nor_the_log(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    write(tmp_path, {"app.py": "def connect():\n    pass\n"})
    mem = memory(tmp_path)
    target = list_generate_targets(mem, "app.py", 1, 4)[0]
    secret = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX123456"
    fake_openai.enqueue(text("```python\ndef connect():\n    return None\n```"))
    log = PromptLog()
    async with client(fake_openai) as model:
        await generate(
            mem, "app.py", target, client=model, prompt_log=log, instruction=f"use the key {secret}"
        )

    sent = json.dumps(fake_openai.chat_requests[0].body)
    assert secret not in sent and KEY not in sent
    assert "use the key «redacted»" in fake_openai.chat_requests[0].prompt
    assert secret not in log.render_markdown() and KEY not in log.render_markdown()


async def test_the_prompt_is_logged_before_the_answer_arrives(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    write(tmp_path, {"app.py": "def connect():\n    return 1\n"})
    mem = memory(tmp_path)
    fake_openai.enqueue(hang(30))
    log = PromptLog()
    async with client(fake_openai) as model:
        task = asyncio.create_task(explain(mem, "app.py", 0, 4, client=model, prompt_log=log))
        while not fake_openai.chat_requests:
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert log.last is not None
    sent = [{"role": m.role, "content": m.content} for m in log.last.messages]
    assert fake_openai.chat_requests[0].body["messages"] == sent


async def test_each_round_of_generate_replaces_the_last_prompt(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    write(tmp_path, {"app.py": "def connect():\n    pass\n"})
    mem = memory(tmp_path)
    target = list_generate_targets(mem, "app.py", 1, 4)[0]
    fake_openai.enqueue(
        stream(["```python\ndef connect():\n    return (\n```"]),
        text("```python\ndef connect():\n    return 1\n```"),
    )
    log = PromptLog()
    async with client(fake_openai) as model:
        await generate(mem, "app.py", target, client=model, prompt_log=log)
    assert log.last is not None and log.last.round == 2
    assert "(generate, round 2)" in log.render_markdown()
    assert "It is not accepted yet" in log.render_markdown()
