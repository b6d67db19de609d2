"""The last prompt archmem sent to a model, exactly as sent, with the packer's ledger of what the context
included, degraded and left out and why; rendered as markdown for `archmem.showLastPrompt`.

Nothing secret can be in it: every message redacts its own content when it is built (`ChatMessage`), the
ledger's notes are redacted here, and API keys never enter a prompt.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from archmem.indexer.context import PackedContext, redact
from archmem.server.models import ChatMessage

_BACKTICKS = re.compile(r"`{3,}")


@dataclass(frozen=True)
class PromptRecord:
    """One prompt as sent: the action, where it went, the messages, and how the code context was packed."""

    action: str
    endpoint: str
    model: str
    messages: tuple[ChatMessage, ...]
    context: PackedContext | None
    round: int = 1
    # Lines of the ledger that are not the packer's (facts left out, the instruction, feedback).
    notes: tuple[str, ...] = ()
    sent_at: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        # Notes name paths, units and instructions: text that reaches the user's screen, never a secret.
        object.__setattr__(self, "notes", tuple(redact(note)[0] for note in self.notes))

    def render_markdown(self) -> str:
        return render_markdown(self)


class PromptLog:
    """Remembers the last prompt any action sent. Thread-safe; one per server or command-line run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: PromptRecord | None = None

    def record(self, record: PromptRecord) -> None:
        with self._lock:
            self._last = record

    @property
    def last(self) -> PromptRecord | None:
        with self._lock:
            return self._last

    def render_markdown(self) -> str:
        last = self.last
        if last is None:
            return "# archmem: last prompt\n\nNo prompt has been sent to a model yet in this session.\n"
        return render_markdown(last)


def render_markdown(record: PromptRecord) -> str:
    """The prompt as a markdown page: summary, ledger, then every message verbatim."""
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.sent_at))
    out = [
        f"# archmem: last prompt ({record.action}, round {record.round})",
        "",
        f"Sent {when} to endpoint `{record.endpoint}` (model `{record.model}`): "
        f"{len(record.messages)} messages, {sum(len(m.content) for m in record.messages)} characters.",
        "",
    ]
    out.extend(_ledger(record.context, record.notes))
    redacted = sum(m.redactions for m in record.messages)
    if redacted:
        out.append(
            f"{redacted} more secret-looking strings were redacted from the messages as they were built."
        )
        out.append("")
    out.append("## Messages exactly as sent")
    out.append("")
    for number, message in enumerate(record.messages, 1):
        out.append(f"### {number}. {message.role}")
        out.append("")
        out.append(fenced(message.content, "text"))
        out.append("")
    return "\n".join(out)


def fenced(text: str, info: str = "") -> str:
    """`text` in a fenced block whose fence is longer than any backtick run inside, so nothing escapes."""
    fence = fence_for(text)
    body = text if text.endswith("\n") else text + "\n"
    return f"{fence}{info}\n{body}{fence}"


def fence_for(text: str) -> str:
    """A backtick fence longer than any run of backticks in `text`, so a block of it cannot end early."""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=2)
    return "`" * max(3, longest + 1)


def _ledger(context: PackedContext | None, notes: Sequence[str]) -> list[str]:
    out = ["## What the context holds, and why", ""]
    if context is None:
        out.append("No code context was packed for this prompt.")
        out.append("")
    else:
        out.append(
            f"{context.tokens} of {context.budget} tokens ({context.tokenizer}), packed in {context.mode} mode "
            f"around `{context.path}:{context.line}` in {context.elapsed_ms:.1f} ms."
        )
        out.append("")
        out.append("| part | detail | where | symbol | why |")
        out.append("|---|---|---|---|---|")
        for s in context.sections:
            where = f"{s.path}:{s.start_line}-{s.end_line}" if s.start_line else s.path
            degraded = s.kind in ("definition", "predicted") and s.detail not in ("full", "lines")
            detail = f"{s.detail} (degraded)" if degraded else s.detail
            out.append(
                f"| {s.kind} | {detail} | `{where}` | {_cell(s.symbol_id or '')} | {_cell(s.reason)} |"
            )
        out.append("")
        if context.left_out:
            out.append("Left out:")
            out.append("")
            out.extend(f"- {_cell(item)}" for item in context.left_out)
            out.append("")
        if context.redactions:
            out.append(f"{context.redactions} secret-looking strings were redacted before sending.")
            out.append("")
    if notes:
        out.append("Also:")
        out.append("")
        out.extend(f"- {note}" for note in notes)
        out.append("")
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
