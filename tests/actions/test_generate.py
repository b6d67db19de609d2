"""Generate through the real SDK against the scripted server on 127.0.0.1: the prompt, splicing, the
verification loop (code that does not parse is fed back and fixed, or not offered), streaming and
cancellation."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from archmem.indexer.context import tokenizer
from archmem.server.actions.generate import Generated, GenerateFailure, generate
from archmem.server.actions.generate_targets import GenerateTarget, list_generate_targets
from archmem.server.actions.prompt_log import PromptLog

from tests.actions.genexplain_projects import client, long_module, memory, write
from tests.support.fake_openai import FakeOpenAI, RecordedRequest, Reply, status, stream, text

SOURCE = '''
import math


class Circle:
    """A circle."""

    def __init__(self, radius: float) -> None:
        self.radius = radius

    def area(self) -> float:
        """The area."""
        raise NotImplementedError

    def diameter(self) -> float:
        return 2 * self.radius


def untouched() -> int:
    return 1
'''

GOOD = '''Here you go:

```python
def area(self) -> float:
    """The area."""
    return math.pi * self.radius ** 2
```
'''
BROKEN = (
    '```python\ndef area(self) -> float:\n    """The area."""\n    return math.pi * (self.radius ** 2\n```\n'
)
UNDEFINED = (
    '```python\ndef area(self) -> float:\n    """The area."""\n    return PI * self.radius ** 2\n```\n'
)


def setup(root: Path) -> tuple[GenerateTarget, bytes]:
    write(root, {"geo.py": SOURCE})
    text_before = (root / "geo.py").read_bytes()
    line = text_before.split(b"\n").index(b"        raise NotImplementedError")
    targets = list_generate_targets(memory(root), "geo.py", line, 8)
    assert targets[0].kind == "body"
    return targets[0], text_before


async def run(
    root: Path, fake: FakeOpenAI, target: GenerateTarget, **kwargs: object
) -> Generated | GenerateFailure:
    async with client(fake) as model:
        return await generate(memory(root), "geo.py", target, client=model, **kwargs)  # type: ignore[arg-type]


async def test_the_body_is_spliced_at_its_place_and_nothing_else_changes(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    target, before = setup(tmp_path)
    fake_openai.enqueue(stream([GOOD[i : i + 9] for i in range(0, len(GOOD), 9)]))
    deltas: list[str] = []
    progress: list[str] = []

    result = await run(tmp_path, fake_openai, target, on_text=deltas.append, on_progress=progress.append)

    assert isinstance(result, Generated)
    after = result.edit.apply(before).decode()
    expected = SOURCE.lstrip("\n").replace(
        "        raise NotImplementedError\n", "        return math.pi * self.radius ** 2\n"
    )
    assert after == expected  # re-indented into the class, every other line as it was
    assert "".join(deltas) == GOOD
    assert result.edit.verified and result.edit.rounds == 1
    assert result.edit.summary == "verified: parses, no new pyflakes problems, nothing else changed, 1 round"
    assert result.edit.title == "Generate the body of `Circle.area`"
    assert "+        return math.pi * self.radius ** 2" in result.diff
    assert progress == [
        "generate: reading the memory",
        "generate: packing context",
        "generate: round 1/3, asking fake-model",
        "generate: round 1/3, verifying",
    ]


async def test_code_that_does_not_parse_is_fed_back_and_the_fix_is_taken(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    target, before = setup(tmp_path)
    fake_openai.enqueue(text(BROKEN), text(GOOD))
    log = PromptLog()

    result = await run(tmp_path, fake_openai, target, prompt_log=log)

    assert isinstance(result, Generated)
    assert result.edit.rounds == 2
    assert "math.pi * self.radius ** 2" in result.edit.apply(before).decode()
    second = fake_openai.chat_requests[1].body["messages"]
    assert [m["role"] for m in second] == ["system", "user", "assistant", "user"]
    assert second[2]["content"] == BROKEN
    assert "It is not accepted yet" in second[3]["content"]
    assert "archmem.syntax" in second[3]["content"]
    assert log.last is not None and log.last.round == 2


async def test_code_that_never_parses_is_not_offered(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    target, _ = setup(tmp_path)
    fake_openai.enqueue(text(BROKEN), text(BROKEN))

    result = await run(tmp_path, fake_openai, target, rounds=2)

    assert isinstance(result, GenerateFailure)
    assert (
        result.message
        == "Generate the body of `Circle.area`: no verified code after 2 rounds; nothing is offered"
    )
    assert result.rounds == 2
    assert any("archmem.syntax" in p for p in result.problems)
    assert fake_openai.pending == 0


async def test_an_undefined_name_is_fed_back(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    target, _ = setup(tmp_path)
    fake_openai.enqueue(text(UNDEFINED), text(GOOD))

    result = await run(tmp_path, fake_openai, target)

    assert isinstance(result, Generated) and result.edit.rounds == 2
    feedback = fake_openai.chat_requests[1].body["messages"][3]["content"]
    assert "undefined name 'PI'" in feedback


@pytest.mark.parametrize(
    ("reply", "complaint"),
    [
        (
            "```python\ndef area(self, scale: float) -> float:\n    return 1.0\n```",
            "keep the signature exactly",
        ),
        (
            '```python\ndef area(self) -> float:\n    """The area."""\n    pass\n```',
            "is still a stub: its body is `pass`",
        ),
        (
            "```python\ndef perimeter(self) -> float:\n    return 1.0\n```",
            "the code must define `Circle.area`",
        ),
        ("I would compute pi r squared.", "the reply holds no complete fenced code block"),
    ],
)
async def test_an_answer_that_is_not_the_completed_definition_is_fed_back(
    tmp_path: Path, fake_openai: FakeOpenAI, reply: str, complaint: str
) -> None:
    target, _ = setup(tmp_path)
    fake_openai.enqueue(text(reply), text(GOOD))

    result = await run(tmp_path, fake_openai, target)

    assert isinstance(result, Generated) and result.edit.rounds == 2
    assert complaint in fake_openai.chat_requests[1].body["messages"][3]["content"]


async def test_a_cut_off_answer_is_not_used(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    target, _ = setup(tmp_path)
    fake_openai.enqueue(text(GOOD, finish_reason="length"), text(GOOD))

    result = await run(tmp_path, fake_openai, target)

    assert isinstance(result, Generated) and result.edit.rounds == 2
    assert "cut off" in fake_openai.chat_requests[1].body["messages"][3]["content"]


async def test_the_user_instruction_reaches_the_model(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    target, _ = setup(tmp_path)
    fake_openai.enqueue(text(GOOD))

    await run(tmp_path, fake_openai, target, instruction="use math.pi, not 3.14")

    assert "The user asks: use math.pi, not 3.14" in fake_openai.chat_requests[0].prompt


async def test_the_prompt_holds_the_definitions_a_stub_needs_however_far(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    files = long_module()
    files["pkg/long.py"] = files["pkg/long.py"].replace(
        "def target(x: int) -> int:\n    y = distant_helper(x)\n    return other_file_helper(y)\n",
        'def target(x: int) -> int:\n    """Scale x with distant_helper, then pass it to other_file_helper."""\n'
        "    raise NotImplementedError\n",
    )
    write(tmp_path, files)
    source = (tmp_path / "pkg/long.py").read_text()
    assert tokenizer().count(source[source.index("def distant_helper") : source.index("def target")]) > 8000
    line = source.split("\n").index("    raise NotImplementedError")
    mem = memory(tmp_path)
    target = list_generate_targets(mem, "pkg/long.py", line, 4)[0]
    seen: list[RecordedRequest] = []

    def reply(request: RecordedRequest) -> Reply:
        seen.append(request)
        return text(
            '```python\ndef target(x: int) -> int:\n    """Scale x with distant_helper, then pass it to '
            'other_file_helper."""\n    return other_file_helper(distant_helper(x))\n```\n'
        )

    fake_openai.set_handler(reply)
    async with client(fake_openai) as model:
        result = await generate(mem, "pkg/long.py", target, client=model)

    prompt = seen[0].prompt
    assert "return value * DISTANT_FACTOR + 7" in prompt
    assert "return n - 11  # from the other file" in prompt
    assert "filler_3(" not in prompt
    assert isinstance(result, Generated)


async def test_a_javascript_empty_body_is_filled(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    write(tmp_path, {"sum.js": "function add(a, b) {}\n\nfunction other() {\n  return 2;\n}\n"})
    mem = memory(tmp_path)
    target = list_generate_targets(mem, "sum.js", 0, 10)[0]
    fake_openai.enqueue(text("```js\nfunction add(a, b) {\n  return a + b;\n}\n```"))

    async with client(fake_openai) as model:
        result = await generate(mem, "sum.js", target, client=model)

    assert isinstance(result, Generated)
    after = result.edit.apply((tmp_path / "sum.js").read_bytes()).decode()
    assert after == "function add(a, b) {\n  return a + b;\n}\n\nfunction other() {\n  return 2;\n}\n"


async def test_a_selection_is_replaced_by_the_lines_the_model_writes(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    write(tmp_path, {"calc.py": "def total(items):\n    result = 0\n    # sum them\n    return result\n"})
    mem = memory(tmp_path)
    target = list_generate_targets(mem, "calc.py", 0, 0, selection=((1, 0), (3, 0)))[0]
    assert target.kind == "selection"
    fake_openai.enqueue(text("```python\nresult = sum(items)\n```"))

    async with client(fake_openai) as model:
        result = await generate(mem, "calc.py", target, client=model, instruction="use sum()")

    assert isinstance(result, Generated)
    after = result.edit.apply((tmp_path / "calc.py").read_bytes()).decode()
    assert after == "def total(items):\n    result = sum(items)\n    return result\n"
    assert (
        "The block holds only the code that replaces the selected lines"
        in fake_openai.chat_requests[0].prompt
    )


async def test_a_todo_is_implemented_and_must_be_gone(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    write(
        tmp_path, {"tax.py": "def price(net):\n    total = net\n    # TODO: add 20% tax\n    return total\n"}
    )
    mem = memory(tmp_path)
    target = list_generate_targets(mem, "tax.py", 2, 6)[0]
    assert target.kind == "todo"
    kept = "```python\ndef price(net):\n    total = net\n    # TODO: add 20% tax\n    return total\n```"
    done = "```python\ndef price(net):\n    total = net * 1.2\n    return total\n```"
    fake_openai.enqueue(text(kept), text(done))

    async with client(fake_openai) as model:
        result = await generate(mem, "tax.py", target, client=model)

    assert isinstance(result, Generated) and result.edit.rounds == 2
    assert "is still there" in fake_openai.chat_requests[1].body["messages"][3]["content"]


async def test_without_a_model_a_body_target_says_what_offline_offers(tmp_path: Path) -> None:
    target, _ = setup(tmp_path)
    result = await generate(memory(tmp_path), "geo.py", target, client=None)
    assert isinstance(result, GenerateFailure)
    assert "no model endpoint is configured for generate" in result.message
    assert "scaffolds" in result.message


async def test_a_target_listed_on_an_older_text_is_refused(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    target, before = setup(tmp_path)
    (tmp_path / "geo.py").write_bytes(before + b"\nEXTRA = 1\n")
    async with client(fake_openai) as model:
        result = await generate(memory(tmp_path), "geo.py", target, client=model)
    assert isinstance(result, GenerateFailure)
    assert "changed since this action was listed" in result.message
    assert fake_openai.chat_requests == []


async def test_a_model_error_is_a_clear_failure(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    target, _ = setup(tmp_path)
    fake_openai.enqueue(status(401, message="bad key"))
    result = await run(tmp_path, fake_openai, target)
    assert isinstance(result, GenerateFailure)
    assert "refused the API key" in result.message


async def test_cancelling_generate_closes_the_model_request(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    target, _ = setup(tmp_path)
    fake_openai.enqueue(stream(["x"] * 400, delay_s=0.05))
    first = asyncio.Event()
    async with client(fake_openai) as model:
        task = asyncio.create_task(
            generate(memory(tmp_path), "geo.py", target, client=model, on_text=lambda _t: first.set())
        )
        await first.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert fake_openai.wait_for_disconnect(fake_openai.chat_requests[0])


async def test_dropping_a_decorator_is_fed_back(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    write(
        tmp_path,
        {"units.py": "class Units:\n    @staticmethod\n    def factor(name: str) -> float:\n        ...\n"},
    )
    mem = memory(tmp_path)
    target = list_generate_targets(mem, "units.py", 3, 8)[0]
    plain = "```python\ndef factor(name: str) -> float:\n    return 1.0\n```"
    decorated = "```python\n@staticmethod\ndef factor(name: str) -> float:\n    return 1.0\n```"
    fake_openai.enqueue(text(plain), text(decorated))

    async with client(fake_openai) as model:
        result = await generate(mem, "units.py", target, client=model)

    assert isinstance(result, Generated) and result.edit.rounds == 2
    assert "keep the decorators exactly as they were: @staticmethod" in fake_openai.chat_requests[1].prompt
    after = result.edit.apply((tmp_path / "units.py").read_bytes()).decode()
    assert (
        after == "class Units:\n    @staticmethod\n    def factor(name: str) -> float:\n        return 1.0\n"
    )
