"""The self-debug loop with a real model client (the openai SDK) against the scripted server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from archmem.indexer.document import Document
from archmem.indexer.languages import BY_NAME
from archmem.server.actions import (
    Failure,
    FixProgress,
    ModelProvider,
    ProposedEdit,
    SelfDebugSettings,
    list_fixable,
    self_debug,
)
from archmem.server.actions.offline import OfflineProvider
from archmem.server.actions.prompt_log import PromptLog
from archmem.server.actions.prompting import MAX_CONTEXT_TOKENS
from archmem.server.checks import check_text
from archmem.server.models import ModelClient

from tests.actions.helpers import (
    BROKEN,
    FIXED_LOAD,
    applied,
    block,
    model_provider,
    workspace,
)
from tests.support.endpoints import ENV, KEY, endpoint
from tests.support.fake_openai import (
    FakeOpenAI,
    RecordedRequest,
    Reply,
    cut_stream,
    hang,
    status,
    stream,
    text,
)

EXPECTED = BROKEN.replace(b"jsn.load", b"json.load")


async def run(memory, fake: FakeOpenAI, **kwargs: object):  # type: ignore[no-untyped-def]
    provider = kwargs.pop("provider", None) or model_provider(fake)
    try:
        return await self_debug(memory, "m.py", None, provider=provider, **kwargs)  # type: ignore[arg-type]
    finally:
        await provider.aclose()


async def test_a_plain_answer_is_verified_and_offered(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    fake_openai.enqueue(text(block(FIXED_LOAD)))
    seen: list[FixProgress] = []
    result = await run(memory, fake_openai, on_progress=seen.append)
    assert applied(memory, "m.py", result) == EXPECTED
    assert isinstance(result, ProposedEdit)
    assert result.verified and result.rounds == 1 and not result.remaining
    assert result.summary == "2 diagnostics → 0, no new ones, 1 round"
    assert seen[0].message == "self-debug: round 1/3, 2 diagnostics left"
    prompt = fake_openai.chat_requests[0].prompt
    assert "undefined name 'jsn'" in prompt and "archmem.pyflakes undefined-name" in prompt
    assert "return jsn.load(handle)" in prompt
    assert (tmp_path / "m.py").read_bytes() == BROKEN  # archmem never writes the user's file


async def test_a_streamed_answer_reports_progress_while_it_arrives(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    answer = block(FIXED_LOAD)
    fake_openai.enqueue(stream([answer[i : i + 7] for i in range(0, len(answer), 7)]))
    seen: list[FixProgress] = []
    result = await run(memory, fake_openai, on_progress=seen.append)
    assert applied(memory, "m.py", result) == EXPECTED
    assert any("receiving the answer" in p.message for p in seen)


async def test_rate_limited_then_answered(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    fake_openai.enqueue(status(429, headers={"retry-after": "0"}), text(block(FIXED_LOAD)))
    result = await run(memory, fake_openai)
    assert applied(memory, "m.py", result) == EXPECTED
    assert len(fake_openai.chat_requests) == 2


async def test_a_failing_server_gives_a_clear_failure(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    fake_openai.enqueue(status(500), status(500), status(500))
    result = await run(memory, fake_openai)
    assert isinstance(result, Failure)
    assert result.kind == "model_error"
    assert "HTTP 500" in result.reason and "3 attempts" in result.reason
    assert (tmp_path / "m.py").read_bytes() == BROKEN


async def test_a_silent_server_times_out(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    fake_openai.enqueue(hang(10))
    provider = model_provider(fake_openai, timeout_s=0.2, max_retries=0)
    result = await run(memory, fake_openai, provider=provider)
    assert isinstance(result, Failure) and result.kind == "model_error"
    assert "timed out" in result.reason


async def test_a_stream_cut_in_half_costs_a_round_and_is_asked_again(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    fake_openai.enqueue(cut_stream(["```python\ndef load(path):\n"]), text(block(FIXED_LOAD)))
    provider = model_provider(fake_openai, max_retries=0)
    result = await run(memory, fake_openai, provider=provider, on_progress=lambda _p: None)
    assert applied(memory, "m.py", result) == EXPECTED
    assert isinstance(result, ProposedEdit) and result.rounds == 2
    # The second request asks the same question: the model never saw its broken answer.
    first, second = (r.body["messages"] for r in fake_openai.chat_requests)
    assert first == second


async def test_prose_without_code_is_fed_back(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    fake_openai.enqueue(text("You should import json and use it."), text(block(FIXED_LOAD)))
    result = await run(memory, fake_openai)
    assert applied(memory, "m.py", result) == EXPECTED
    assert isinstance(result, ProposedEdit) and result.rounds == 2
    feedback = fake_openai.chat_requests[1].body["messages"][-1]["content"]
    assert "no fenced code block" in feedback


async def test_code_that_does_not_parse_is_never_offered(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    broken_answer = "def load(path)\n    with open(path) as handle:\n        return json.load(handle)\n"
    fake_openai.enqueue(text(block(broken_answer)), text(block(FIXED_LOAD)))
    result = await run(memory, fake_openai)
    assert applied(memory, "m.py", result) == EXPECTED
    assert isinstance(result, ProposedEdit) and result.rounds == 2
    messages = fake_openai.chat_requests[1].body["messages"]
    assert messages[-2] == {"role": "assistant", "content": block(broken_answer)}
    assert 'new problem: line 4, col 15: missing ":"' in messages[-1]["content"]


async def test_a_wrong_fix_then_a_right_one(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    wrong = "def load(path):\n    with open(path) as handle:\n        return jsn.loads(handle.read())\n"
    fake_openai.enqueue(text(block(wrong)), text(block(FIXED_LOAD)))
    result = await run(memory, fake_openai)
    fixed = applied(memory, "m.py", result)
    assert fixed == EXPECTED and b"loads" not in fixed
    feedback = fake_openai.chat_requests[1].body["messages"][-1]["content"]
    assert "still there: line 6, col 16: undefined name 'jsn'" in feedback


async def test_a_fix_that_breaks_another_symbol_is_refused(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    greedy = FIXED_LOAD + "\n\ndef total(values):\n    return 0\n"
    fake_openai.set_handler(lambda _request: text(block(greedy)))
    result = await run(memory, fake_openai)
    assert isinstance(result, Failure) and result.kind == "not_fixed"
    assert "function 'total' is defined twice in the result" in result.detail
    # Every round was spent on each of the two problems (`jsn`, then the unused `json`); none was offered.
    assert len(fake_openai.chat_requests) == 6

    unverified = await run(memory, fake_openai, settings=SelfDebugSettings(offer_unverified=True))
    assert isinstance(unverified, ProposedEdit)
    assert not unverified.verified and unverified.title.startswith("Unverified")


async def test_escalation_answers_after_a_failed_round(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    fake_openai.enqueue(text("no idea"), text(block(FIXED_LOAD)))
    provider = model_provider(fake_openai, escalation=endpoint(fake_openai, name="big", model="big-model"))
    result = await run(memory, fake_openai, provider=provider)
    assert applied(memory, "m.py", result) == EXPECTED
    assert [r.body["model"] for r in fake_openai.chat_requests] == ["fake-model", "big-model"]


async def test_cancelling_mid_stream_closes_the_request(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    fake_openai.enqueue(stream(["x"] * 400, delay_s=0.05))
    streaming = asyncio.Event()

    def progress(report: FixProgress) -> None:
        if "receiving" in report.message:
            streaming.set()

    provider = model_provider(fake_openai)
    task = asyncio.create_task(self_debug(memory, "m.py", None, provider=provider, on_progress=progress))
    await streaming.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await provider.aclose()
    assert fake_openai.wait_for_disconnect(fake_openai.chat_requests[0])


async def test_the_document_version_is_recorded(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    memory.open_document(tmp_path / "m.py", BROKEN.replace(b"return sum", b"return  sum"), version=7)
    fake_openai.enqueue(text(block(FIXED_LOAD)))
    result = await run(memory, fake_openai)
    assert isinstance(result, ProposedEdit)
    assert result.version == 7  # the editor's buffer, not the file on disk
    assert b"return  sum" in applied(memory, "m.py", result)
    assert not result.is_stale(7) and result.is_stale(8)


async def test_listing_calls_no_model(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN + b"\n\ndef more():\n    return undefined_one\n"})
    text_ = memory.text("m.py")
    assert text_ is not None
    doc = Document("m.py", BY_NAME["python"], text_)
    report = await check_text(str(tmp_path / "m.py"), text_, "python", doc.tree, [], str(tmp_path))
    plans = list_fixable(memory, "m.py", report.diagnostics, offline_rules=OfflineProvider().can_fix)
    assert [p.title for p in plans] == [
        "Fix 1 problem in line 1 (self-debug)",
        "Fix 1 problem in function 'load' (self-debug)",
        "Fix 1 problem in function 'more' (self-debug)",
        "Fix all 3 problems in this file (self-debug)",
    ]
    assert fake_openai.requests == []


async def test_the_api_key_never_reaches_logs_results_or_files(
    tmp_path: Path, fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    caplog.set_level(logging.DEBUG)
    fake_openai.enqueue(status(401, message=f"Incorrect API key provided: {KEY}"))
    result = await run(memory, fake_openai)
    assert isinstance(result, Failure)
    assert (
        fake_openai.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"
    )  # it was sent, to the server
    assert KEY not in result.reason + result.detail
    assert KEY not in caplog.text
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert KEY.encode() not in file.read_bytes()


async def test_secrets_stay_out_of_prompts(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    source = BROKEN.replace(b"jsn.load(handle)", f'jsn.load(handle) or "{token}"'.encode())
    memory = workspace(
        tmp_path,
        {"m.py": source, ".env": b"DB_PASSWORD=hunter2-PLANTED-in-dotenv\n", "config.py": b"import os\n"},
    )

    def echo_with_markers(request: RecordedRequest) -> Reply:
        # The model sees «redacted» and keeps it; archmem puts the token back.
        code = request.prompt.split("```python\n")[1].split("```")[0].replace("jsn.", "json.")
        return text(block(code))

    fake_openai.set_handler(echo_with_markers)
    result = await run(memory, fake_openai)
    bodies = str([r.body for r in fake_openai.chat_requests])
    assert "hunter2-PLANTED" not in bodies
    assert token not in bodies and "«redacted»" in bodies
    assert token.encode() in applied(memory, "m.py", result)


async def test_a_header_lacking_its_colon_is_fixed_with_the_body_tree_sitter_read_as_top_level(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    """Without its colon, `def walk(obj, attr)` leaves `next = ...` read as a top-level variable; the fix
    makes it the function's local again, which the final check had refused as 'variable next is missing'."""
    broken = (
        b"def walk(obj, attr)\n"
        b'    """Follow attr from obj."""\n'
        b"    next = getattr(obj, attr)\n"
        b"    while next:\n"
        b"        yield next\n"
        b"        next = getattr(next, attr)\n"
    )
    fixed = broken.replace(b"def walk(obj, attr)\n", b"def walk(obj, attr):\n")
    memory = workspace(tmp_path, {"m.py": broken})
    fake_openai.set_handler(lambda _request: text(block(fixed.decode())))
    result = await run(memory, fake_openai)
    assert isinstance(result, ProposedEdit), result
    assert applied(memory, "m.py", result) == fixed


async def test_the_context_is_sized_to_the_endpoint_as_for_every_action(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    # Self-debug's prompt takes the one path (prompting.send): recorded in the log, its context sized by
    # context_budget, which grows with the endpoint's window and is capped like explain's and generate's.
    budgets = []
    for window in (4096, 16384, 200_000):
        memory = workspace(tmp_path / str(window), {"m.py": BROKEN})
        log = PromptLog()
        provider = ModelProvider(
            ModelClient(endpoint(fake_openai, context_window=window), ENV, initial_backoff_s=0.001),
            prompt_log=log,
        )
        fake_openai.enqueue(text(block(FIXED_LOAD)))
        result = await run(memory, fake_openai, provider=provider)
        assert applied(memory, "m.py", result) == EXPECTED
        record = log.last
        assert record is not None and record.action == "self-debug" and record.context is not None
        assert fake_openai.chat_requests[-1].prompt == "\n".join(m.content for m in record.messages)
        budgets.append(record.context.budget)
    assert budgets[0] < budgets[1] <= budgets[2] == MAX_CONTEXT_TOKENS


async def test_a_window_too_small_for_the_request_sends_nothing_and_says_which_setting(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    memory = workspace(tmp_path, {"m.py": BROKEN})
    provider = model_provider(fake_openai, context_window=700, max_output_tokens=300)
    result = await run(memory, fake_openai, provider=provider)
    assert isinstance(result, Failure) and result.kind == "model_error", result
    assert "contextWindow" in result.reason and "maxOutputTokens" in result.reason
    assert fake_openai.chat_requests == []


async def test_a_longer_unit_leaves_less_room_for_context(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    # The budget is what the window holds beside the request itself, not a fixed share of it.
    notes = b"".join(b"    # step %d: read the file, then parse its json payload\n" % i for i in range(80))
    short = BROKEN.replace(b"import json\n", b"")  # one diagnostic, one unit: one prompt, for `load`
    long = short.replace(b"def load(path):\n", b"def load(path):\n" + notes)
    budgets = []
    for name, source in (("short", short), ("long", long)):
        memory = workspace(tmp_path / name, {"m.py": source})
        log = PromptLog()
        provider = ModelProvider(
            ModelClient(endpoint(fake_openai, context_window=4096), ENV, initial_backoff_s=0.001),
            prompt_log=log,
        )
        fake_openai.enqueue(text("no code here"))
        await run(memory, fake_openai, provider=provider, settings=SelfDebugSettings(rounds=1))
        assert log.last is not None and log.last.context is not None
        budgets.append(log.last.context.budget)
    assert budgets[1] < budgets[0] - 500
