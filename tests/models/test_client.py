"""ModelClient through the real openai SDK against the scripted server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import traceback

import pytest
from archmem.server.models import ChatMessage, Endpoint, ModelClient, ModelError, Usage
from archmem.server.models.client import NO_KEY_REQUIRED

from tests.support.endpoints import KEY, client, endpoint
from tests.support.fake_openai import (
    FakeOpenAI,
    cut_stream,
    garbage,
    hang,
    status,
    stream,
    text,
)

MESSAGES = [ChatMessage("system", "You fix code."), ChatMessage("user", "Fix: def f(:")]


async def fail(model: ModelClient) -> ModelError:
    async with model:
        with pytest.raises(ModelError) as caught:
            await model.complete(MESSAGES)
    return caught.value


async def test_plain_answer_sends_the_prompt_and_streams(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(text("def f():\n    pass\n"))
    async with client(fake_openai) as model:
        completion = await model.complete(MESSAGES)

    assert completion.text == "def f():\n    pass\n"
    assert completion.finish_reason == "stop"
    assert completion.model == "fake-model"
    assert completion.attempts == 1
    assert completion.elapsed_s >= 0
    [request] = fake_openai.chat_requests
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.body["stream"] is True
    assert request.body["model"] == "fake-model"
    assert request.body["messages"] == [
        {"role": "system", "content": "You fix code."},
        {"role": "user", "content": "Fix: def f(:"},
    ]
    assert request.body["max_tokens"] == 1024
    assert request.body["temperature"] == 0.0


async def test_streamed_deltas_reach_on_text_and_concatenate_to_the_text(fake_openai: FakeOpenAI) -> None:
    chunks = ["def ", "f():\n", "    return 1\n"]
    fake_openai.enqueue(
        stream(chunks, usage={"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10})
    )
    seen: list[str] = []
    async with client(fake_openai) as model:
        completion = await model.complete(MESSAGES, on_text=seen.append)

    assert seen == chunks
    assert completion.text == "".join(seen)
    assert completion.usage == Usage(prompt_tokens=7, completion_tokens=3, total_tokens=10)


async def test_length_finish_is_returned_for_the_caller_to_judge(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(stream(["def f("], finish_reason="length"))
    async with client(fake_openai) as model:
        completion = await model.complete(MESSAGES)
    assert completion.finish_reason == "length"


async def test_429_then_success_retries_once(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(status(429, headers={"retry-after": "0"}), text("ok"))
    async with client(fake_openai) as model:
        completion = await model.complete(MESSAGES)
    assert completion.text == "ok"
    assert completion.attempts == 2
    assert len(fake_openai.chat_requests) == 2


async def test_retry_after_ms_is_honoured(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(status(503, headers={"retry-after-ms": "5"}), text("ok"))
    async with client(fake_openai) as model:
        assert (await model.complete(MESSAGES)).attempts == 2


async def test_retry_after_beyond_the_deadline_gives_up_without_waiting(fake_openai: FakeOpenAI) -> None:
    # Were the header ignored, the 1 ms backoff would retry and consume the queued success.
    fake_openai.enqueue(status(429, headers={"retry-after": "20"}), text("ok"))
    error = await fail(client(fake_openai, deadline_s=5.0))
    assert error.kind == "rate_limited"
    assert "deadline" in error.user_message
    assert len(fake_openai.chat_requests) == 1


async def test_rate_limit_that_persists_is_reported(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(*[status(429, headers={"retry-after": "0"}, message="slow down")] * 3)
    error = await fail(client(fake_openai))
    assert error.kind == "rate_limited"
    assert error.attempts == 3
    assert "slow down" in error.user_message


async def test_server_error_three_times_names_endpoint_and_url(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(*[status(500, message="model crashed")] * 3)
    error = await fail(client(fake_openai))
    assert error.kind == "server_error"
    assert error.attempts == 3
    assert len(fake_openai.chat_requests) == 3
    for part in ("'local'", fake_openai.base_url, "HTTP 500", "model crashed", "3 attempts"):
        assert part in error.user_message


async def test_the_sdk_does_not_retry_behind_our_back(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(status(500), text("unused"))
    error = await fail(client(fake_openai, max_retries=0))
    assert error.kind == "server_error"
    assert len(fake_openai.chat_requests) == 1


async def test_hang_hits_the_deadline_and_closes_the_connection(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(hang(60))
    error = await fail(client(fake_openai, timeout_s=30.0, deadline_s=0.3))
    assert error.kind == "timeout"
    assert "0.3 s deadline" in error.user_message
    assert fake_openai.wait_for_disconnect(fake_openai.chat_requests[0])


async def test_slow_stream_never_trips_the_read_timeout_but_meets_the_deadline(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.enqueue(stream(["x"] * 200, delay_s=0.05))
    seen: list[str] = []
    model = client(fake_openai, timeout_s=30.0, deadline_s=0.4)
    async with model:
        with pytest.raises(ModelError) as caught:
            await model.complete(MESSAGES, on_text=seen.append)
    assert caught.value.kind == "timeout"
    assert seen, "the stream was running when the deadline struck"
    assert fake_openai.wait_for_disconnect(fake_openai.chat_requests[0])


async def test_read_timeout_is_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(hang(30), text("ok"))
    async with client(fake_openai, timeout_s=0.2) as model:
        completion = await model.complete(MESSAGES)
    assert (completion.text, completion.attempts) == ("ok", 2)


async def test_read_timeouts_that_persist_are_reported(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(hang(30), hang(30))
    error = await fail(client(fake_openai, timeout_s=0.1, max_retries=1))
    assert error.kind == "timeout"
    assert "timeoutSeconds" in error.user_message


async def test_cut_stream_after_shown_text_is_incomplete_and_not_retried(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(cut_stream(["def f(x):\n", "    return"]), text("never asked for"))
    seen: list[str] = []
    model = client(fake_openai)
    async with model:
        with pytest.raises(ModelError) as caught:
            await model.complete(MESSAGES, on_text=seen.append)
    assert caught.value.kind == "incomplete"
    assert "discarded" in caught.value.user_message
    assert seen == ["def f(x):\n", "    return"]
    assert len(fake_openai.chat_requests) == 1


async def test_cut_stream_is_retried_when_nobody_saw_the_text(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(cut_stream(["def f("]), text("ok"))
    async with client(fake_openai) as model:
        completion = await model.complete(MESSAGES)
    assert (completion.text, completion.attempts) == ("ok", 2)


async def test_cut_streams_that_persist_are_incomplete(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(*[cut_stream(["def f("])] * 3)
    error = await fail(client(fake_openai))
    assert (error.kind, error.attempts) == ("incomplete", 3)


async def test_stream_that_ends_without_a_finish_reason_is_incomplete(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(stream(["def f("], finish_reason=None))
    model = client(fake_openai)
    async with model:
        with pytest.raises(ModelError) as caught:
            await model.complete(MESSAGES, on_text=lambda _text: None)
    assert caught.value.kind == "incomplete"


@pytest.mark.parametrize(
    "body",
    [
        b"data: {this is not json\n\n",
        b"<html><body>502 Bad Gateway</body></html>",
        b'data: {"foo": 1}\n\ndata: [DONE]\n\n',
        b'data: {"choices": "nope"}\n\ndata: [DONE]\n\n',
        b'data: {"choices": [{"index": 0, "delta": {"content": 42}}]}\n\n',
    ],
    ids=["not-json", "html", "no-choices", "choices-not-a-list", "content-not-text"],
)
async def test_garbage_is_a_bad_response_and_not_retried(fake_openai: FakeOpenAI, body: bytes) -> None:
    fake_openai.enqueue(garbage(body), text("unused"))
    error = await fail(client(fake_openai))
    assert error.kind == "bad_response"
    assert "/v1" in error.user_message
    assert len(fake_openai.chat_requests) == 1


async def test_error_event_mid_stream_is_a_server_error(fake_openai: FakeOpenAI) -> None:
    overloaded = b'data: {"error": {"message": "the model is overloaded"}}\n\n'
    fake_openai.enqueue(*[garbage(overloaded)] * 2)
    error = await fail(client(fake_openai, max_retries=1))
    assert error.kind == "server_error"
    assert "overloaded" in error.user_message


@pytest.mark.parametrize("code", [401, 403])
async def test_auth_failure_is_not_retried_and_names_the_key_variable(
    fake_openai: FakeOpenAI, code: int
) -> None:
    fake_openai.enqueue(status(code, message="invalid api key"), text("unused"))
    error = await fail(client(fake_openai))
    assert error.kind == "auth"
    assert "ARCHMEM_TEST_KEY" in error.user_message
    assert len(fake_openai.chat_requests) == 1


async def test_unknown_model_is_not_found(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(status(404, message="model 'nope' not found"))
    error = await fail(client(fake_openai, model="nope"))
    assert error.kind == "not_found"
    assert "model 'nope' not found" in error.user_message


async def test_context_too_long_is_a_bad_request_with_the_server_words(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(status(400, message="maximum context length is 8192 tokens"))
    error = await fail(client(fake_openai))
    assert error.kind == "bad_request"
    assert "maximum context length is 8192 tokens" in error.user_message
    assert len(fake_openai.chat_requests) == 1


async def test_connection_refused_is_unreachable_after_retries() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more.
    model = ModelClient(
        Endpoint(name="gone", base_url=f"http://127.0.0.1:{port}/v1", model="m"), {}, initial_backoff_s=0.001
    )
    async with model:
        with pytest.raises(ModelError) as caught:
            await model.complete(MESSAGES)
    assert caught.value.kind == "unreachable"
    assert caught.value.attempts == 3
    assert "connection refused" in caught.value.user_message
    assert f"http://127.0.0.1:{port}/v1" in caught.value.user_message


async def test_cancelling_mid_stream_closes_the_connection(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(stream(["x"] * 400, delay_s=0.05))
    first_delta = asyncio.Event()
    async with client(fake_openai) as model:
        task = asyncio.create_task(model.complete(MESSAGES, on_text=lambda _text: first_delta.set()))
        await first_delta.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert fake_openai.wait_for_disconnect(fake_openai.chat_requests[0])


async def test_cancelling_before_the_answer_starts_closes_the_connection(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(hang(60))
    async with client(fake_openai) as model:
        task = asyncio.create_task(model.complete(MESSAGES))
        while not fake_openai.chat_requests:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert fake_openai.wait_for_disconnect(fake_openai.chat_requests[0])


async def test_an_error_in_on_text_reaches_the_caller_and_closes_the_connection(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.enqueue(stream(["x"] * 400, delay_s=0.05))

    def refuse(_text: str) -> None:
        raise RuntimeError("the editor went away")

    async with client(fake_openai) as model:
        with pytest.raises(RuntimeError, match="the editor went away"):
            await model.complete(MESSAGES, on_text=refuse)
        assert fake_openai.wait_for_disconnect(fake_openai.chat_requests[0])
    assert len(fake_openai.chat_requests) == 1


async def test_missing_key_for_a_remote_endpoint_fails_before_any_request() -> None:
    model = ModelClient(Endpoint(name="cloud", base_url="https://models.example.com/v1", model="m"), {})
    async with model:
        with pytest.raises(ModelError) as caught:
            await model.complete(MESSAGES)
    assert caught.value.kind == "auth"
    assert "OPENAI_API_KEY" in caught.value.user_message
    assert "is not set" in caught.value.user_message


async def test_missing_key_for_a_local_server_uses_a_placeholder(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(text("ok"))
    async with ModelClient(endpoint(fake_openai), {}) as model:
        assert (await model.complete(MESSAGES)).text == "ok"
    assert fake_openai.chat_requests[0].headers["authorization"] == f"Bearer {NO_KEY_REQUIRED}"


async def test_options_reach_the_wire(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(text("ok"))
    headers = {"X-Team": "compilers"}
    async with client(fake_openai, temperature=None, max_output_tokens=77, extra_headers=headers) as model:
        await model.complete(MESSAGES)
    [request] = fake_openai.chat_requests
    assert "temperature" not in request.body
    assert request.body["max_tokens"] == 77
    assert request.headers["x-team"] == "compilers"


async def test_azure_endpoint_uses_deployment_route_and_api_key_header(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(text("ok"))
    root = fake_openai.base_url.removesuffix("/v1")
    async with client(fake_openai, base_url=root, api_version="2024-10-21", model="gpt-4o-deploy") as model:
        assert (await model.complete(MESSAGES)).text == "ok"
    [request] = fake_openai.chat_requests
    assert request.path == "/openai/deployments/gpt-4o-deploy/chat/completions?api-version=2024-10-21"
    assert request.headers["api-key"] == KEY
    assert request.body["max_completion_tokens"] == 1024


LEAKY_REPLIES = {
    "401-echoing-key": lambda: status(401, message=f"Incorrect API key provided: {KEY}"),
    "500-echoing-key": lambda: status(
        500, headers={"retry-after": "0"}, body=f"upstream rejected {KEY}".encode()
    ),
    "400-echoing-key": lambda: status(400, message=f"bad request from {KEY}"),
    "stream-error-echoing-key": lambda: garbage(
        f'data: {{"error": {{"message": "key {KEY}"}}}}\n\n'.encode()
    ),
    "garbage": lambda: garbage(f"data: {KEY}\n\n".encode()),
    "cut": lambda: cut_stream([f"{KEY}"]),
}


@pytest.mark.parametrize("scenario", sorted(LEAKY_REPLIES))
async def test_the_key_never_leaks(
    fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture, scenario: str
) -> None:
    for name in ("", "openai", "httpx2", "archmem"):
        caplog.set_level(logging.DEBUG, logger=name)
    fake_openai.set_handler(lambda _request: LEAKY_REPLIES[scenario]())
    model = client(fake_openai)
    async with model:
        with pytest.raises(ModelError) as caught:
            await model.complete(MESSAGES, on_text=lambda _text: None)
        error = caught.value
        visible = [
            error.user_message,
            str(error),
            repr(error),
            "".join(traceback.format_exception(error)),
            repr(model),
            repr(model.endpoint),
            caplog.text,
            json.dumps([(r.getMessage(), repr(r.args)) for r in caplog.records]),
        ]
    # The key did go over the wire (so the test could have caught a leak) but nowhere else.
    assert fake_openai.chat_requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert caplog.records, "logging was captured"
    for shown in visible:
        assert KEY not in shown
    if scenario.endswith("echoing-key"):
        assert "***" in error.user_message


def test_repr_shows_no_key_or_headers() -> None:
    ep = Endpoint(
        name="x",
        model="m",
        base_url="http://user:url-secret@127.0.0.1:1/v1",
        extra_headers={"X-Auth": "hdr-secret"},
    )
    model = ModelClient(ep, {"OPENAI_API_KEY": KEY})
    for shown in (repr(model), repr(ep)):
        assert KEY not in shown
        assert "url-secret" not in shown
        assert "hdr-secret" not in shown
    assert "X-Auth" in repr(ep)
    assert "127.0.0.1:1" in repr(model)
