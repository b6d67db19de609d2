"""One model endpoint for every test that talks to the scripted server: a planted key, the environment that
holds it, an `Endpoint` on the server, and a `ModelClient` for it (with a tiny backoff, so retry tests stay
fast; the backoff formula itself is exercised all the same)."""

from __future__ import annotations

from archmem.server.models import Endpoint, ModelClient

from tests.support.fake_openai import FakeOpenAI

KEY_ENV = "ARCHMEM_TEST_KEY"
KEY = "sk-test-PLANTED0123456789abcdef"
ENV = {KEY_ENV: KEY}


def endpoint(fake: FakeOpenAI, **overrides: object) -> Endpoint:
    settings: dict[str, object] = {
        "name": "local",
        "base_url": fake.base_url,
        "model": "fake-model",
        "api_key_env": KEY_ENV,
    }
    settings.update(overrides)
    return Endpoint(**settings)  # type: ignore[arg-type]


def client(fake: FakeOpenAI, **overrides: object) -> ModelClient:
    return ModelClient(endpoint(fake, **overrides), ENV, initial_backoff_s=0.001)
