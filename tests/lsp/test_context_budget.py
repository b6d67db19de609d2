"""`archmem.context.budget` bounds the workspace context packed into a model's prompt (explain here; generate
and self-debug take the same cap): a real stdio session with the scripted model server, the same question
asked with two budgets. The setting used to be read and never passed on, so both prompts were alike."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from tests.lsp.actions_harness import serving
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI

HELPERS = 120
LIB = "\n\n".join(
    f'def helper_{i}(value):\n    """Step {i} of the pipeline: scales and offsets the value."""\n'
    f"    return value * {i} + {i}\n"
    for i in range(HELPERS)
)
MAIN = (
    "from lib import *\n\n\ndef run(value):\n"
    + "".join(f"    value = helper_{i}(value)\n" for i in range(HELPERS))
    + "    return value\n"
)


async def packed_helpers(tmp_path: Path, budget: int) -> int:
    root = tmp_path / f"ws{budget}"
    root.mkdir()
    (root / "lib.py").write_text(LIB)
    (root / "main.py").write_text(MAIN)
    with FakeOpenAI() as fake:
        fake.set_handler(lambda _request: fake_openai.text("It runs the pipeline."))
        settings = {"context": {"budget": budget}}
        async with serving("neovim", root, tmp_path / f"cache{budget}", fake.base_url, settings) as session:
            document = session.open("main.py")
            await session.client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command="archmem.explain",
                    arguments=[{"uri": document, "position": {"line": 3, "character": 5}, "show": False}],
                )
            )
        (prompt,) = [request.prompt for request in fake.chat_requests]
    return sum(f"def helper_{i}(" in prompt for i in range(HELPERS))


async def test_the_context_budget_setting_bounds_the_prompt(tmp_path: Path) -> None:
    small = await packed_helpers(tmp_path, 256)
    large = await packed_helpers(tmp_path, 6000)
    # 120 helpers of ~35 tokens each: 6,000 tokens hold most of them, 256 a few dozen header lines at most (the far
    # lines of `run` give way to the helpers its first lines call, `indexer/context/region.py`).
    assert large >= 60, large
    assert small < large // 3, (small, large)
