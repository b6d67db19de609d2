"""The one error the model layer raises, its kinds, and the scrubbing that keeps API keys out of text."""

from __future__ import annotations

from typing import Literal

ModelErrorKind = Literal[
    "auth",
    "not_found",
    "bad_request",
    "rate_limited",
    "server_error",
    "timeout",
    "unreachable",
    "incomplete",
    "bad_response",
]

SCRUBBED = "***"


class ModelError(Exception):
    """A model call that gave no usable answer; `user_message` is a sentence to show the user as is."""

    def __init__(self, kind: ModelErrorKind, user_message: str, *, attempts: int = 1) -> None:
        super().__init__(user_message)
        self.kind: ModelErrorKind = kind
        self.user_message = user_message
        self.attempts = attempts

    def __repr__(self) -> str:
        return f"ModelError({self.kind!r}, {self.user_message!r}, attempts={self.attempts})"


def scrub(text: str, secret: str | None) -> str:
    """`text` with every occurrence of `secret` replaced by ***."""
    if not secret:
        return text
    return text.replace(secret, SCRUBBED)
