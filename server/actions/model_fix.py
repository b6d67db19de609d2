"""The model provider of self-debug: asks a model endpoint (escalating to a second one after a failed
round) for a fix of one unit, with the unit's packed context; it turns the answer into edits, which the loop
in self_debug.py verifies. The prompt (text in fix_prompt.py) is sized, recorded in the prompt log and sent
by `prompting`, the path of every action's prompt."""

from __future__ import annotations

import functools
import re

from archmem.indexer.context.pack import PackedContext, Packer
from archmem.indexer.languages import BY_NAME
from archmem.indexer.workspace import Memory
from archmem.server.actions import fix_prompt
from archmem.server.actions.edits import TextEdit, add_import, replace_range
from archmem.server.actions.fix_types import Candidate, FixProvider, FixTask, Proposal
from archmem.server.actions.prompt_log import PromptLog
from archmem.server.actions.prompting import (
    MAX_CONTEXT_TOKENS,
    PromptTooLarge,
    context_budget,
    later_rounds_reserve,
    message,
    send,
)
from archmem.server.checks import Diagnostic
from archmem.server.models import ModelClient, ModelError, extract_code

# How much of a refused answer the next round repeats to the model.
_ECHO_CHARS = 16_000


_EMPTY_BLOCK = re.compile(r"\s*(`{3,}|~{3,})[^\n]*\n\s*\1\s*")


class ModelProvider:
    """Fixes from a model endpoint: one symbol per request, the loop's feedback as the conversation.

    After a failed round the escalation endpoint, when configured, answers the following rounds; when the
    model fails altogether, `fallback` does.
    """

    name = "model"
    sends_code = True
    groups_by_symbol = True

    def __init__(
        self,
        client: ModelClient,
        escalation: ModelClient | None = None,
        *,
        context_budget: int | None = None,
        context_cap: int = MAX_CONTEXT_TOKENS,
        prompt_log: PromptLog | None = None,
        fallback: FixProvider | None = None,
        packer: Packer | None = None,
    ) -> None:
        self.client = client
        self.escalation = escalation
        self.prompt_log = prompt_log
        # Asked when this model's rounds fail (`self_debug`): the offline rules, from `provider_for`.
        self.fallback = fallback
        self._budget = context_budget
        self._cap = context_cap
        # The memory's packer when the caller shares one (the server's, `Session.packer`), else made here.
        self._packer: Packer | None = packer
        self._contexts: dict[tuple[str, int, int], PackedContext | None] = {}

    @property
    def description(self) -> str:
        return f"model {self.client.endpoint.model} (endpoint {self.client.endpoint.name})"

    def can_fix(self, diagnostic: Diagnostic, language: str) -> bool:
        return True

    async def aclose(self) -> None:
        await self.client.aclose()
        if self.escalation is not None:
            await self.escalation.aclose()

    def client_for(self, round_number: int) -> ModelClient:
        return self.escalation if self.escalation is not None and round_number > 1 else self.client

    async def propose(self, memory: Memory, task: FixTask) -> Proposal:
        client = self.client_for(task.round)
        unit = task.unit
        code = task.text[unit.start_byte : unit.end_byte].decode("utf-8", "replace")
        indent = _line_indent(task.text, unit.start_byte)
        sent = fix_prompt.redact_code(indent + code)
        first_line = task.text.count(b"\n", 0, unit.start_byte)
        last_line = task.text.count(b"\n", 0, unit.end_byte)
        request = functools.partial(
            fix_prompt.first_request,
            path=task.path,
            language=task.language,
            unit_name=unit.name,
            first_line=first_line,
            last_line=last_line,
            code=sent.text,
            diagnostics=task.diagnostics,
            text=task.text,
        )
        try:
            packed = self.context(memory, task, first_line, client, [m.content for m in request(context="")])
        except PromptTooLarge as err:
            # Not this round's fault, nor the next's: the loop ends and the offline rules get their turn.
            raise ModelError("bad_request", str(err)) from err
        messages = request(context=packed.text if packed is not None else "")
        if task.history:
            last = task.history[-1]
            messages.append(message("assistant", _echo(last.reply)))
            messages.append(fix_prompt.feedback_request(last.problems, task.language))
        try:
            completion, _ = await send(
                client,
                "self-debug",
                messages,
                context=packed,
                log=self.prompt_log,
                round_number=task.round,
                notes=(f"fixing {_unit_label(unit.name, first_line, last_line)} of {task.path}",),
                on_text=task.on_text,
            )
        except ModelError as err:
            if err.kind != "incomplete":
                raise
            # A stream that broke off after its text was shown to progress is not retried by the client;
            # it costs this round, and the next one asks the same question again.
            return Proposal((), problem="- the answer broke off before it was finished")
        return self.read_reply(task, completion.text, sent, completion.finish_reason)

    def context(
        self, memory: Memory, task: FixTask, line: int, client: ModelClient, fixed: list[str]
    ) -> PackedContext | None:
        """The unit's packed context, the same for every round: sized as every action sizes its context
        (`prompting.context_budget`) around the request's `fixed` texts, with room for a later round's
        answer and feedback."""
        key = (task.path, task.unit.start_byte, task.unit.end_byte)
        if key in self._contexts:
            return self._contexts[key]
        if self._packer is None or self._packer.memory is not memory:
            self._packer = Packer(memory)
        endpoint = client.endpoint
        budget = self._budget or context_budget(
            endpoint, fixed, reserve=later_rounds_reserve(endpoint, task.rounds), cap=self._cap
        )
        packed: PackedContext | None
        try:
            packed = self._packer.pack(task.path, line, 0, budget, mode="edit")
        except (FileNotFoundError, PermissionError):
            packed = None
        self._contexts[key] = packed
        return packed

    def read_reply(self, task: FixTask, reply: str, sent: fix_prompt.Redacted, finish: str) -> Proposal:
        extracted = extract_code(reply, task.language)
        if extracted is None:
            if _EMPTY_BLOCK.fullmatch(reply):
                code = ""
            elif finish == "length":
                return Proposal((), reply, "- the answer was cut off (maxOutputTokens): send shorter code")
            else:
                return Proposal(
                    (), reply, "- the answer held no fenced code block: reply with the code in one block"
                )
        else:
            code = extracted.code
        restored = sent.restore(code)
        if restored is None:
            return Proposal(
                (), reply, "- the «redacted» markers were changed: keep each one exactly as it was"
            )
        unit = task.unit
        edits: list[TextEdit] = []
        if unit.is_definition:
            # A fix's new import statements go to the file's import block, not into the unit it replaces.
            spec = BY_NAME[task.language]
            imports, restored = spec.leading_imports(restored)
            for statement in imports:
                edit = add_import(spec, task.text, statement)
                if edit is not None:
                    edits.append(edit)
        if not restored.strip():
            edits.append(_delete_lines(task.text, unit.start_byte, unit.end_byte))
        else:
            edits.append(replace_range(task.text, unit.start_byte, unit.end_byte, restored))
        return Proposal((Candidate(tuple(edits), f"{self.description}'s answer"),), reply)


def _echo(reply: str) -> str:
    """A refused answer as the next round repeats it: a huge one (refused for its size) only begins."""
    if not reply:
        return "(no code)"
    if len(reply) <= _ECHO_CHARS:
        return reply
    return reply[:_ECHO_CHARS] + f"\n… ({len(reply) - _ECHO_CHARS:,} more characters not repeated)"


def _line_indent(text: bytes, offset: int) -> str:
    line_start = text.rfind(b"\n", 0, offset) + 1
    prefix = text[line_start:offset]
    return prefix.decode("utf-8", "replace") if not prefix.strip() else ""


def _delete_lines(text: bytes, start: int, end: int) -> TextEdit:
    """Delete [start, end) with the rest of its lines when nothing else shares them."""
    line_start = text.rfind(b"\n", 0, start) + 1
    line_end = text.find(b"\n", end)
    line_end = len(text) if line_end == -1 else line_end + 1
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        return TextEdit(line_start, line_end, "")
    return TextEdit(start, end, "")


def _unit_label(name: str, first_line: int, last_line: int) -> str:
    lines = f"lines {first_line + 1}-{last_line + 1}"
    return name if name == lines else f"{name} ({lines})"
