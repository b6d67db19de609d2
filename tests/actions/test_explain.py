"""Explain: offline from the memory, and through the real SDK against the scripted server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from archmem.indexer.context import tokenizer
from archmem.server.actions.explain import SYSTEM_PROMPT, explain
from archmem.server.actions.locate import LocationError
from archmem.server.actions.prompt_log import PromptLog

from tests.actions.genexplain_projects import SHAPES, client, long_module, memory, write
from tests.support.endpoints import KEY
from tests.support.fake_openai import FakeOpenAI, RecordedRequest, Reply, status, stream


def line_of(root: Path, rel: str, needle: str) -> int:
    """0-based line of the first line of `rel` holding `needle`."""
    lines = (root / rel).read_text().split("\n")
    return next(i for i, line in enumerate(lines) if needle in line)


def col_of(root: Path, rel: str, needle: str) -> tuple[int, int]:
    line = line_of(root, rel, needle)
    return line, (root / rel).read_text().split("\n")[line].index(needle)


async def test_offline_explains_a_method_with_its_place_in_the_architecture(tmp_path: Path) -> None:
    write(tmp_path, SHAPES)
    mem = memory(tmp_path)
    line, col = col_of(tmp_path, "pkg/shapes.py", "def area")

    result = await explain(mem, "pkg/shapes.py", line, col + 4)

    assert result.offline and result.error is None and result.prompt is None
    assert result.symbol_id == "pkg/shapes.py::Square.area"
    md = result.markdown
    assert md.startswith("# Offline explanation of `Square.area` (method)")
    assert "**Offline:**" in md and "no model was asked" in md
    assert "def area(self) -> float:" in md
    assert "inside class `Square`" in md
    assert "overrides `Shape.area` (method, `pkg/base.py:9`)" in md


async def test_offline_explanation_shows_code_exactly_even_with_backticks(tmp_path: Path) -> None:
    """A JavaScript template literal keeps its backticks in a call site (the span's fence grows instead),
    and a one-line object literal's 400-character signature is cut where it is listed."""
    table = ", ".join(f"key{i}: () => escape" for i in range(40))
    write(
        tmp_path,
        {
            "render.js": f"""
            function escape(s) {{
              return s.replace(/&/g, "&amp;");
            }}
            const table = {{ {table} }};
            /** Wraps a token in <code>, through escape. */
            function code(token) {{
              return `<code>${{escape(token.content)}}</code>`;
            }}
            """
        },
    )
    mem = memory(tmp_path)
    line, col = col_of(tmp_path, "render.js", "function escape")

    md = (await explain(mem, "render.js", line, col + len("function "))).markdown

    assert "- `render.js:7` in `code`: ``return `<code>${escape(token.content)}</code>`;``" in md
    assert "through escape" not in md  # a comment is no use
    assert "## Where used (2)" in md  # the table's key and the call
    listed = next(x for x in md.split("\n") if x.startswith("- `table` (variable"))
    assert listed.endswith("…`") and len(listed) < 220, listed


async def test_offline_explains_a_function_with_callers_callees_and_call_sites(tmp_path: Path) -> None:
    write(tmp_path, SHAPES)
    mem = memory(tmp_path)
    line, col = col_of(tmp_path, "pkg/shapes.py", "def helper")

    md = (await explain(mem, "pkg/shapes.py", line, col)).markdown

    assert "Double and scale." in md
    assert "used by 2 definitions in its own file" in md
    assert "## Depends on (1)\n\n- `SCALE` (variable, `pkg/shapes.py:3`)" in md
    assert "## Used by (2)" in md
    assert "- `user` (function, `pkg/shapes.py:24`): `def user() -> float:`" in md
    assert "## Where used (2)" in md
    assert "- `pkg/shapes.py:25` in `user`: `s = Square(helper(3))`" in md
    assert "- `pkg/shapes.py:30` in `other_user`: `return helper(4) + helper(5)`" in md


async def test_offline_class_lists_members_bases_and_subclasses(tmp_path: Path) -> None:
    write(tmp_path, SHAPES)
    mem = memory(tmp_path)

    md = (await explain(mem, "pkg/base.py", *col_of(tmp_path, "pkg/base.py", "Shape(abc"))).markdown

    assert "A shape that knows its area." in md
    assert "## Members (3)" in md and "`Shape.describe` (method, `pkg/base.py:16`)" in md
    assert "subclassed by 2 classes" in md
    assert "- subclassed by `Square` (class, `pkg/shapes.py:11`)" in md
    assert "- subclassed by `Circle` (class, `pkg/shapes.py:19`)" in md


async def test_the_cursor_on_a_reference_explains_the_definition_it_names(tmp_path: Path) -> None:
    write(tmp_path, SHAPES)
    mem = memory(tmp_path)
    line, col = col_of(tmp_path, "pkg/shapes.py", "Square(helper")

    result = await explain(mem, "pkg/shapes.py", line, col + 2)

    assert result.symbol_id == "pkg/shapes.py::Square"


async def test_a_selection_is_explained_by_the_smallest_enclosing_symbols(tmp_path: Path) -> None:
    write(tmp_path, SHAPES)
    mem = memory(tmp_path)
    inside = line_of(tmp_path, "pkg/shapes.py", "s = Square(helper(3))")

    within = await explain(mem, "pkg/shapes.py", inside, 4, end=(inside + 1, 19))
    assert within.symbol_id == "pkg/shapes.py::user"
    assert within.title == f"the selection pkg/shapes.py:{inside + 1}-{inside + 2}"
    assert "```python\ns = Square(helper(3))\nreturn s.area()\n```" in within.markdown

    first = line_of(tmp_path, "pkg/shapes.py", "def helper")
    last = line_of(tmp_path, "pkg/shapes.py", "class Square")
    across = await explain(mem, "pkg/shapes.py", first, 0, end=(last + 1, 0))
    assert "## `helper` (function)" in across.markdown
    assert "## `Square` (class)" in across.markdown
    assert "## `user`" not in across.markdown


async def test_a_file_outside_the_memory_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path, SHAPES)
    (tmp_path / "notes.txt").write_text("hello\n")
    mem = memory(tmp_path)

    with pytest.raises(LocationError, match=r"notes\.txt is not in archmem's memory"):
        await explain(mem, "notes.txt", 0, 0)


def chunked(answer: str, size: int = 7) -> list[str]:
    return [answer[i : i + size] for i in range(0, len(answer), size)]


async def test_the_prompt_holds_the_definitions_the_target_uses_however_far(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    write(tmp_path, long_module())
    mem = memory(tmp_path)
    source = (tmp_path / "pkg/long.py").read_text()
    helper_at = source.index("def distant_helper")
    target_at = source.index("def target")
    assert tokenizer().count(source[helper_at:target_at]) > 8000
    answer = "`target` scales **x** with `distant_helper`, then hands it to `other_file_helper`.\n"
    seen: list[RecordedRequest] = []

    def reply(request: RecordedRequest) -> Reply:
        seen.append(request)
        return stream(chunked(answer))

    fake_openai.set_handler(reply)
    deltas: list[str] = []
    log = PromptLog()
    line = source[:target_at].count("\n")
    async with client(fake_openai) as model:
        result = await explain(
            mem, "pkg/long.py", line, 4, client=model, on_text=deltas.append, prompt_log=log
        )

    prompt = seen[0].prompt
    assert "return value * DISTANT_FACTOR + 7" in prompt  # the distant helper's body, in full
    assert "return n - 11  # from the other file" in prompt  # the other file's helper
    assert "def target(x: int) -> int:" in prompt
    assert "filler_3(" not in prompt  # the code in between stays out
    assert "- `target`: a function at the top level of `pkg.long`" in prompt
    assert "calls: `distant_helper` (function, pkg/long.py:6" in prompt
    # The reply reaches the user: streamed piece by piece, and in the markdown.
    assert "".join(deltas) == answer and len(deltas) > 3
    assert not result.offline and result.error is None
    assert answer.strip() in result.markdown
    assert result.markdown.startswith("# Explanation of `target` (function)")
    # The log holds the prompt exactly as the server received it.
    assert result.prompt is log.last and result.prompt is not None
    sent = [{"role": m.role, "content": m.content} for m in result.prompt.messages]
    assert seen[0].body["messages"] == sent
    assert sent[0]["content"] == SYSTEM_PROMPT
    assert KEY not in json.dumps(seen[0].body)


async def test_a_secret_next_to_the_target_never_reaches_the_prompt(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    secret = "sk-live-abcdefghijklmnop0123456789"
    write(
        tmp_path,
        {"app.py": f'API_KEY = "{secret}"\n\n\ndef call():\n    return API_KEY\n'},
    )
    mem = memory(tmp_path)
    fake_openai.set_handler(lambda _r: stream(["It returns the key."]))
    log = PromptLog()
    async with client(fake_openai) as model:
        await explain(mem, "app.py", 3, 4, client=model, prompt_log=log)

    assert secret not in json.dumps(fake_openai.chat_requests[0].body)
    assert secret not in log.render_markdown()
    assert "«redacted»" in fake_openai.chat_requests[0].prompt


async def test_a_failing_model_gives_the_offline_explanation_and_says_why(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    write(tmp_path, SHAPES)
    mem = memory(tmp_path)
    fake_openai.enqueue(status(500, message="the GPU caught fire"))
    line = line_of(tmp_path, "pkg/shapes.py", "def helper")
    async with client(fake_openai) as model:
        result = await explain(mem, "pkg/shapes.py", line, 4, client=model)

    assert result.offline
    assert result.error is not None and "the GPU caught fire" in result.error
    assert "The model could not explain this" in result.markdown
    assert "## Used by (2)" in result.markdown


async def test_cancelling_an_explanation_closes_the_model_request(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    write(tmp_path, SHAPES)
    mem = memory(tmp_path)
    fake_openai.enqueue(stream(["word "] * 400, delay_s=0.05))
    first = asyncio.Event()
    progress: list[str] = []
    line = line_of(tmp_path, "pkg/shapes.py", "def helper")
    async with client(fake_openai) as model:
        task = asyncio.create_task(
            explain(
                mem,
                "pkg/shapes.py",
                line,
                4,
                client=model,
                on_text=lambda _t: first.set(),
                on_progress=progress.append,
            )
        )
        await first.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert fake_openai.wait_for_disconnect(fake_openai.chat_requests[0])
    assert progress == [
        "explain: reading the memory",
        "explain: packing context",
        "explain: asking fake-model",
    ]
