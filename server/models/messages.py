"""The chat message value that callers build prompts from and the client sends: the one place every prompt's
text is redacted, so no action can send a secret by building its messages another way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from archmem.indexer.context.redact import redact

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    """One message of a chat prompt. Its content is redacted on construction: the prompt log, the
    last-prompt view and the HTTP request all hold this same text, and none can hold a secret."""

    role: Role
    content: str
    # Secret-looking strings this message's construction replaced (text redacted earlier, by the packer
    # or self-debug's restorable redaction, holds markers instead and counts nothing here).
    redactions: int = field(default=0, init=False, compare=False)

    def __post_init__(self) -> None:
        text, count = redact(self.content)
        object.__setattr__(self, "content", text)
        object.__setattr__(self, "redactions", count)
