"""The one path from an action to a model: size the code context to the endpoint, fence code, record the
prompt in the log, and send it. Explain, generate and self-debug all go this way (each builds its own
text: self-debug's in fix_prompt.py); redaction happens in `ChatMessage` itself, on every message."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from archmem.indexer.context import PackedContext, tokenizer
from archmem.server.actions.prompt_log import PromptLog, PromptRecord, fenced
from archmem.server.models import ChatMessage, Completion, Endpoint, ModelClient

# A larger context costs the user time and money for little gain in an explanation or one body; the
# endpoint's window may be smaller still.
MAX_CONTEXT_TOKENS = 8000
MIN_CONTEXT_TOKENS = 256
# Our tokenizer is not every model's: leave a tenth of the window as slack for the difference.
_SLACK = 0.9
_PER_MESSAGE = 8
# Tokens kept for the feedback message of a later round (what is still wrong), beside the previous answer.
FEEDBACK_RESERVE = 300

TextSink = Callable[[str], None]
"""Receives each streamed piece of the model's answer."""

ProgressSink = Callable[[str], None]
"""Receives a short sentence on what the action is doing now ("explain: asking the model")."""


class PromptTooLarge(Exception):
    """The endpoint's context window cannot hold the prompt; the message says which setting to change."""


def context_budget(
    endpoint: Endpoint, fixed: Sequence[str], *, reserve: int = 0, cap: int = MAX_CONTEXT_TOKENS
) -> int:
    """Tokens left for packed code once the answer, the prompt's `fixed` texts and `reserve` more tokens
    (for later rounds) are set aside."""
    counter = tokenizer()
    used = reserve + sum(counter.count(text) + _PER_MESSAGE for text in fixed)
    spare = int((endpoint.context_window - endpoint.max_output_tokens) * _SLACK) - used
    if spare < MIN_CONTEXT_TOKENS:
        raise PromptTooLarge(
            f"endpoint '{endpoint.name}' has a context window of {endpoint.context_window} tokens, of which "
            f"{endpoint.max_output_tokens} are kept for the answer; the prompt needs {used} more before any "
            f"code, leaving fewer than {MIN_CONTEXT_TOKENS} for context. Raise contextWindow (if the model "
            "allows) or lower maxOutputTokens."
        )
    return min(cap, spare)


def later_rounds_reserve(endpoint: Endpoint, rounds: int) -> int:
    """Tokens a conversation of `rounds` rounds needs beyond the first prompt: only the latest answer and
    the feedback on it go back, so one answer's worth and the feedback, whatever the number of rounds."""
    return endpoint.max_output_tokens + FEEDBACK_RESERVE if rounds > 1 else 0


def message(role: str, content: str) -> ChatMessage:
    """A chat message (which redacts its content: user instructions and signatures included)."""
    if role == "system":
        return ChatMessage("system", content)
    if role == "assistant":
        return ChatMessage("assistant", content)
    return ChatMessage("user", content)


def code_block(code: str, language: str) -> str:
    return fenced(code, language)


async def send(
    client: ModelClient,
    action: str,
    messages: Sequence[ChatMessage],
    *,
    context: PackedContext | None,
    log: PromptLog | None,
    round_number: int = 1,
    notes: Sequence[str] = (),
    on_text: TextSink | None = None,
) -> tuple[Completion, PromptRecord]:
    """Record the prompt, then stream the answer. Recording first means a cancelled or failed request can
    still be inspected with showLastPrompt."""
    record = PromptRecord(
        action=action,
        endpoint=client.endpoint.name,
        model=client.endpoint.model,
        messages=tuple(messages),
        context=context,
        round=round_number,
        notes=tuple(notes),
    )
    if log is not None:
        log.record(record)
    completion = await client.complete(record.messages, on_text=on_text)
    return completion, record
