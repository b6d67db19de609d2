"""Streams one chat completion from an OpenAI-compatible endpoint, with retries, a deadline and clear errors.

The `openai` SDK is imported when a model is first called, not with this module: importing it takes about
0.4 s and 100k objects, which every `archmem serve` start-up would pay before answering `initialize`
although most sessions never call a model.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from archmem.server.models.endpoints import OPENAI_DEFAULT_BASE_URL, Endpoint, display_url, is_local_url
from archmem.server.models.errors import ModelError, ModelErrorKind, scrub
from archmem.server.models.messages import ChatMessage

if TYPE_CHECKING:
    import openai
    from openai.types.chat import ChatCompletionMessageParam

log = logging.getLogger(__name__)

# Local servers (Ollama, llama.cpp, vLLM, LM Studio) ignore the key, but the SDK refuses to run without one.
NO_KEY_REQUIRED = "sk-no-key-required"
MAX_RETRY_WAIT_S = 30.0
MAX_BACKOFF_S = 8.0
_DETAIL_CHARS = 300


@dataclass(frozen=True)
class Usage:
    """Token counts, when the server reports them."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


@dataclass(frozen=True)
class Completion:
    """A finished answer: the server said why it stopped (`finish_reason`, e.g. "stop" or "length")."""

    text: str
    finish_reason: str
    model: str | None
    usage: Usage | None
    elapsed_s: float
    attempts: int


@dataclass(frozen=True)
class _Answer:
    text: str
    finish_reason: str
    model: str | None
    usage: Usage | None


@dataclass(frozen=True)
class _Failure:
    """Why one attempt gave no answer; `detail` is already scrubbed of the key."""

    kind: ModelErrorKind
    detail: str
    retryable: bool
    status: int | None = None
    retry_after_s: float | None = None


class ModelClient:
    """Calls one endpoint. Holds the API key read from `env`; never shows it (repr, errors, logs)."""

    def __init__(self, endpoint: Endpoint, env: Mapping[str, str], *, initial_backoff_s: float = 0.5) -> None:
        self.endpoint = endpoint
        self.base_url = endpoint.base_url or OPENAI_DEFAULT_BASE_URL
        self.display_url = display_url(self.base_url)
        self._initial_backoff_s = initial_backoff_s
        key = env.get(endpoint.api_key_env, "").strip()
        if not key and is_local_url(self.base_url):
            key = NO_KEY_REQUIRED
        self._key = key
        # Made at the first call (see the module's docstring).
        self._sdk: openai.AsyncOpenAI | None = None

    def __repr__(self) -> str:
        return f"ModelClient(endpoint={self.endpoint.name!r}, base_url={self.display_url!r}, model={self.endpoint.model!r})"

    async def aclose(self) -> None:
        if self._sdk is not None:
            await self._sdk.close()

    async def ping(self, deadline_s: float) -> str | None:
        """Whether the endpoint answers a cheap request (its model list) within `deadline_s`: None when it
        does, else why not, with the key scrubbed. For `archmem doctor`; no completion is paid for."""
        if not self._key:
            return f"no API key: the environment variable {self.endpoint.api_key_env} is not set"
        if self._sdk is None:
            self._sdk = self._make_sdk(self._key)
        try:
            await asyncio.wait_for(self._sdk.models.list(), deadline_s)
        except TimeoutError:
            return f"no answer within {deadline_s:g} s"
        except Exception as err:  # any failure is the answer the user asked for, told in words
            return self._scrub(_cause(err))
        return None

    async def __aenter__(self) -> ModelClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()

    async def complete(
        self, messages: Sequence[ChatMessage], *, on_text: Callable[[str], None] | None = None
    ) -> Completion:
        """Stream an answer, passing each text delta to `on_text`; raise ModelError if no complete answer.

        Cancelling the awaiting task closes the HTTP request at once.
        """
        if not self._key:
            raise ModelError(
                "auth",
                f"{self._where()} needs an API key, but the environment variable {self.endpoint.api_key_env} "
                "is not set. Set it in the environment archmem starts in, or name another variable with "
                "apiKeyEnv.",
            )
        if self._sdk is None:
            self._sdk = self._make_sdk(self._key)
        sdk = self._sdk
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = started + self.endpoint.deadline_s
        delivered = False

        def deliver(text: str) -> None:
            nonlocal delivered
            delivered = True
            if on_text is not None:
                on_text(text)

        attempts = 0
        failure: _Failure | None = None
        gave_up_early = False
        try:
            async with asyncio.timeout_at(deadline):
                while True:
                    attempts += 1
                    log.debug("model %s: attempt %d", self.endpoint.name, attempts)
                    outcome = await self._attempt(sdk, messages, deliver if on_text is not None else None)
                    if isinstance(outcome, _Answer):
                        elapsed = loop.time() - started
                        log.debug("model %s: answered in %.2f s", self.endpoint.name, elapsed)
                        return Completion(
                            outcome.text,
                            outcome.finish_reason,
                            outcome.model,
                            outcome.usage,
                            elapsed,
                            attempts,
                        )
                    failure = outcome
                    log.info("model %s: attempt %d failed: %s", self.endpoint.name, attempts, failure.detail)
                    # Text the caller has already seen cannot be taken back, so a broken answer is not retried.
                    if not failure.retryable or delivered or attempts > self.endpoint.max_retries:
                        break
                    wait = self._backoff(attempts, failure.retry_after_s)
                    if loop.time() + wait >= deadline:
                        gave_up_early = True
                        break
                    log.info("model %s: retrying in %.2f s", self.endpoint.name, wait)
                    await asyncio.sleep(wait)
        except TimeoutError:
            raise self._deadline_error(attempts) from None
        raise self._error(failure, attempts, gave_up_early)

    async def fill_in_middle(
        self, prompt: str, *, suffix: str | None, max_tokens: int, stop: Sequence[str]
    ) -> str:
        """One answer from the completions endpoint for inline completion: `prompt` is the text before the
        cursor, with `suffix` (None when the model's FIM tokens are already in `prompt`). One attempt, no
        streaming: a completion that is late is useless, so the caller's deadline decides, not retries.
        Raises ModelError; cancelling the awaiting task closes the HTTP request."""
        import openai

        if not self._key:
            raise ModelError("auth", f"{self._where()} needs an API key in {self.endpoint.api_key_env}.")
        if self._sdk is None:
            self._sdk = self._make_sdk(self._key)
        options: dict[str, Any] = {"max_tokens": max_tokens}
        if self.endpoint.temperature is not None:
            options["temperature"] = self.endpoint.temperature
        if suffix is not None:
            options["suffix"] = suffix
        if stop:
            options["stop"] = list(stop)[:4]  # OpenAI accepts at most four
        try:
            answer = await self._sdk.completions.create(model=self.endpoint.model, prompt=prompt, **options)
        except openai.APIStatusError as exc:
            raise self._error(self._status_failure(exc), 1, False) from None
        except openai.APITimeoutError:
            failure = _Failure("timeout", f"no response within {self.endpoint.timeout_s:g} s", retryable=True)
            raise self._error(failure, 1, False) from None
        except openai.APIConnectionError as exc:
            raise self._error(_Failure("unreachable", self._scrub(_cause(exc)), True), 1, False) from None
        except (openai.APIError, ValueError) as exc:
            failure = _Failure("bad_response", self._scrub(_clip(str(exc))), retryable=False)
            raise self._error(failure, 1, False) from None
        choices = getattr(answer, "choices", None)
        text = getattr(choices[0], "text", None) if isinstance(choices, list) and choices else None
        if not isinstance(text, str):
            failure = _Failure("bad_response", "the response holds no completion choice", retryable=False)
            raise self._error(failure, 1, False)
        return text

    def _make_sdk(self, key: str) -> openai.AsyncOpenAI:
        import openai

        # Retries are ours (max_retries=0 here): the SDK retries only until response headers arrive, so a
        # stream that breaks midway escapes it; its waits ignore our deadline; and only we know whether
        # text already reached the caller, after which a retry would show the user a second answer.
        headers = dict(self.endpoint.extra_headers) or None
        if self.endpoint.is_azure:
            return openai.AsyncAzureOpenAI(
                azure_endpoint=self.base_url,
                api_version=self.endpoint.api_version,
                api_key=key,
                timeout=self.endpoint.timeout_s,
                max_retries=0,
                default_headers=headers,
            )
        return openai.AsyncOpenAI(
            base_url=self.base_url,
            api_key=key,
            timeout=self.endpoint.timeout_s,
            max_retries=0,
            default_headers=headers,
        )

    def _request_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if self.endpoint.temperature is not None:
            options["temperature"] = self.endpoint.temperature
        # OpenAI's newer models refuse `max_tokens`; most local servers know only `max_tokens`.
        host = urlsplit(self.base_url).hostname or ""
        if self.endpoint.is_azure or host == "api.openai.com":
            options["max_completion_tokens"] = self.endpoint.max_output_tokens
        else:
            options["max_tokens"] = self.endpoint.max_output_tokens
        return options

    async def _attempt(
        self,
        sdk: openai.AsyncOpenAI,
        messages: Sequence[ChatMessage],
        deliver: Callable[[str], None] | None,
    ) -> _Answer | _Failure:
        import openai

        payload = [_message_param(m) for m in messages]
        try:
            stream = await sdk.chat.completions.create(
                model=self.endpoint.model, messages=payload, stream=True, **self._request_options()
            )
        except openai.APIStatusError as exc:
            return self._status_failure(exc)
        except openai.APITimeoutError:
            return _Failure("timeout", f"no response within {self.endpoint.timeout_s:g} s", retryable=True)
        except openai.APIConnectionError as exc:
            return _Failure("unreachable", self._scrub(_cause(exc)), retryable=True)
        pieces: list[str] = []
        finish: str | None = None
        model: str | None = None
        usage: Usage | None = None
        events = 0
        # The context manager closes the HTTP response however we leave, cancellation included.
        async with stream:
            iterator = stream.__aiter__()
            while True:
                try:
                    chunk = await anext(iterator)
                except StopAsyncIteration:
                    break
                except openai.APITimeoutError:
                    detail = f"the answer stalled for more than {self.endpoint.timeout_s:g} s"
                    return _Failure("timeout", detail, retryable=True)
                except openai.APIConnectionError as exc:
                    detail = f"the connection broke before the answer was finished ({_cause(exc)})"
                    return _Failure("incomplete", self._scrub(detail), retryable=True)
                except openai.APIError as exc:
                    detail = f"the server reported an error mid-answer: {_clip(exc.message)}"
                    return _Failure("server_error", self._scrub(detail), retryable=True)
                except ValueError:
                    return _Failure("bad_response", "a streamed event is not valid JSON", retryable=False)
                events += 1
                parsed = _read_chunk(chunk)
                if parsed is None:
                    return _Failure("bad_response", "a streamed event is not a chat-completion chunk", False)
                text, chunk_finish, chunk_model, chunk_usage = parsed
                model = chunk_model or model
                usage = chunk_usage or usage
                finish = chunk_finish or finish
                if text:
                    pieces.append(text)
                    if deliver is not None:
                        deliver(text)
        if finish is None:
            if events == 0:
                return _Failure(
                    "bad_response", "the response holds no chat-completion events", retryable=False
                )
            return _Failure("incomplete", "the answer ended without saying it was finished", retryable=True)
        return _Answer("".join(pieces), finish, model, usage)

    def _status_failure(self, exc: openai.APIStatusError) -> _Failure:
        code = exc.status_code
        detail = self._scrub(_server_message(exc))
        retry_after = _retry_after(exc.response.headers)
        if code in (401, 403):
            return _Failure("auth", detail, retryable=False, status=code)
        if code == 404:
            return _Failure("not_found", detail, retryable=False, status=code)
        if code == 408:
            return _Failure("timeout", detail, retryable=True, status=code, retry_after_s=retry_after)
        if code == 429:
            return _Failure("rate_limited", detail, retryable=True, status=code, retry_after_s=retry_after)
        if code >= 500 or code == 409:
            return _Failure("server_error", detail, retryable=True, status=code, retry_after_s=retry_after)
        return _Failure("bad_request", detail, retryable=False, status=code)

    def _backoff(self, attempt: int, retry_after_s: float | None) -> float:
        """The server's Retry-After if it gave one, else exponential backoff with jitter; capped."""
        if retry_after_s is not None:
            return min(max(retry_after_s, 0.0), MAX_RETRY_WAIT_S)
        ceiling = min(self._initial_backoff_s * 2.0 ** (attempt - 1), MAX_BACKOFF_S)
        # Jitter spreads the retries of clients that failed together (one overloaded local server).
        return ceiling * random.uniform(0.5, 1.0)

    def _scrub(self, text: str) -> str:
        return scrub(text, self._key)

    def _where(self) -> str:
        return f"Model endpoint '{self.endpoint.name}' ({self.display_url}, model {self.endpoint.model})"

    def _deadline_error(self, attempts: int) -> ModelError:
        message = (
            f"{self._where()} gave no complete answer within the {self.endpoint.deadline_s:g} s deadline "
            f"({_attempts(attempts)}). The model may be overloaded or too slow for this request: try again, "
            "use a faster model, or raise deadlineSeconds."
        )
        return ModelError("timeout", self._scrub(message), attempts=attempts)

    def _error(self, failure: _Failure | None, attempts: int, gave_up_early: bool) -> ModelError:
        assert failure is not None, "the retry loop ends with an answer or a failure"
        where, tries = self._where(), _attempts(attempts)
        http = f"HTTP {failure.status}: " if failure.status is not None else ""
        messages: dict[ModelErrorKind, str] = {
            "auth": f"{where} refused the API key ({http}{failure.detail}). Check the key in the environment "
            f"variable {self.endpoint.api_key_env} (the endpoint's apiKeyEnv).",
            "not_found": f"{where} answered 'not found' ({http}{failure.detail}). Check that the model name "
            "is right and that baseUrl points at the OpenAI-compatible API (it usually ends in /v1).",
            "bad_request": f"{where} refused the request ({http}{failure.detail}). If this is about the "
            "context length, lower contextWindow or maxOutputTokens for this endpoint.",
            "rate_limited": f"{where} is rate-limiting requests ({http}{failure.detail}; {tries}). "
            "Wait a moment and try again.",
            "server_error": f"{where} failed ({http}{failure.detail}; {tries}). The server has a problem: "
            "try again later or use another endpoint.",
            "timeout": f"{where} timed out ({failure.detail}; {tries}). The server may be overloaded: try "
            "again, or raise timeoutSeconds.",
            "unreachable": f"{where} could not be reached ({failure.detail}; {tries}). Check that the server "
            "is running and that baseUrl is right.",
            "incomplete": f"{where} stopped before finishing its answer ({failure.detail}; {tries}). The "
            "partial answer was discarded; try again.",
            "bad_response": f"{where} sent something that is not an OpenAI-compatible chat completion "
            f"({failure.detail}). Check that baseUrl points at the OpenAI-compatible API (it usually ends "
            "in /v1).",
        }
        message = messages[failure.kind]
        if gave_up_early:
            message += " Another attempt would not have finished before the deadline (deadlineSeconds)."
        return ModelError(failure.kind, self._scrub(message), attempts=attempts)


def _attempts(count: int) -> str:
    return "1 attempt" if count == 1 else f"{count} attempts"


def _cause(exc: BaseException) -> str:
    """What went wrong on the wire, in words: 'connection refused' rather than an exception class."""
    cause = exc.__cause__
    text = f"{exc} {cause}" if cause is not None else str(exc)
    lowered = text.lower()
    if "refused" in lowered or "all connection attempts failed" in lowered:
        return "connection refused"
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "unknown host name"
    if cause is not None:
        return _clip(f"{type(cause).__name__}: {cause}")
    return _clip(str(exc))


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, Mapping):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, Mapping) else inner
        if isinstance(message, str) and message.strip():
            return _clip(message)
    if isinstance(body, str) and body.strip():
        return _clip(body)
    return exc.response.reason_phrase or "no details"


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _DETAIL_CHARS else flat[: _DETAIL_CHARS - 1] + "…"


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from `retry-after-ms` or `retry-after` (seconds or an HTTP date), if present."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            parsed = email.utils.parsedate_tz(value)
            if parsed is None:
                continue
            seconds = email.utils.mktime_tz(parsed) - time.time()
        if math.isfinite(seconds):
            return max(seconds, 0.0)
    return None


def _read_chunk(chunk: object) -> tuple[str, str | None, str | None, Usage | None] | None:
    """(text delta, finish reason, model, usage) of one streamed chunk, or None if it is malformed.

    The SDK builds chunks without validating them, so every field is checked here.
    """
    choices = getattr(chunk, "choices", None)
    if not isinstance(choices, list):
        return None
    text, finish = "", None
    for choice in choices:
        if getattr(choice, "index", 0) != 0:
            continue
        if not hasattr(choice, "delta"):
            return None
        content = getattr(choice.delta, "content", None)
        reason = getattr(choice, "finish_reason", None)
        if not isinstance(content, str | None) or not isinstance(reason, str | None):
            return None
        text += content or ""
        finish = reason or finish
    model = getattr(chunk, "model", None)
    return text, finish, model if isinstance(model, str) else None, _read_usage(getattr(chunk, "usage", None))


def _read_usage(usage: object) -> Usage | None:
    prompt = getattr(usage, "prompt_tokens", None)
    completion = getattr(usage, "completion_tokens", None)
    total = getattr(usage, "total_tokens", None)
    if isinstance(prompt, int) and isinstance(completion, int) and isinstance(total, int):
        return Usage(prompt, completion, total)
    return None


def _message_param(message: ChatMessage) -> ChatCompletionMessageParam:
    if message.role == "system":
        return {"role": "system", "content": message.content}
    if message.role == "assistant":
        return {"role": "assistant", "content": message.content}
    return {"role": "user", "content": message.content}
