"""The scripted server itself, as other layers' tests will use it: non-streamed answers, handlers, models."""

from __future__ import annotations

import openai
import pytest

from tests.support.fake_openai import FakeOpenAI, RecordedRequest, Reply, text


async def test_models_list_and_non_streamed_answer(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(text("plain"))
    async with openai.AsyncOpenAI(base_url=fake_openai.base_url, api_key="sk-x", max_retries=0) as sdk:
        models = await sdk.models.list()
        answer = await sdk.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert [m.id for m in models.data] == ["fake-model"]
    assert answer.choices[0].message.content == "plain"
    assert [r.method for r in fake_openai.requests] == ["GET", "POST"]


async def test_a_handler_answers_from_the_prompt_once_the_queue_is_empty(fake_openai: FakeOpenAI) -> None:
    def echo(request: RecordedRequest) -> Reply:
        return text(f"you said: {request.prompt}")

    fake_openai.enqueue(text("scripted first"))
    fake_openai.set_handler(echo)
    async with openai.AsyncOpenAI(base_url=fake_openai.base_url, api_key="sk-x", max_retries=0) as sdk:
        replies = [
            await sdk.chat.completions.create(model="m", messages=[{"role": "user", "content": word}])
            for word in ("one", "two")
        ]
    assert [r.choices[0].message.content for r in replies] == ["scripted first", "you said: two"]
    assert fake_openai.pending == 0


async def test_an_unscripted_request_fails_loudly(fake_openai: FakeOpenAI) -> None:
    async with openai.AsyncOpenAI(base_url=fake_openai.base_url, api_key="sk-x", max_retries=0) as sdk:
        with pytest.raises(openai.BadRequestError, match="no reply scripted"):
            await sdk.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
