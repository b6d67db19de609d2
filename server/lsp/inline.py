"""Inline completion: `textDocument/inlineCompletion` (LSP 3.18) and the acceptance counter, over `actions/inline`.

One suggestion per request. A newer request for the same document cancels the model call of the older
one (the HTTP request is closed), as `$/cancelRequest` does; the completion deadline
(`completion.deadlineMs`) bounds the model's time. Every failure answers an empty list and logs one line:
nothing pops up while the user types; instead `archmem/completionStatus` tells the client once that
completion is failing (the model down, slow, rate-limited, answering garbage) and once that it works again,
for a status bar to show. Accepting a suggestion runs `archmem.completionAccepted`, counted here only
(`archmem.completionStats` shows the counts); nothing is sent anywhere.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archmem.indexer.context.pack import Packer
from archmem.indexer.languages import language_for
from archmem.indexer.workspace import Memory
from archmem.server.actions import inline as engine
from archmem.server.actions.inline_ahead import FUNCTIONS_AHEAD
from archmem.server.actions.inline_warm import warm_group_answers, warmed
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located, Session
from archmem.server.models.client import ModelClient
from archmem.server.models.endpoints import Endpoint
from archmem.server.models.errors import ModelError
from lsprotocol import types

log = logging.getLogger(__name__)

ACCEPTED = "archmem.completionAccepted"
STATS = "archmem.completionStats"
STATUS = "archmem/completionStatus"


@dataclass(frozen=True)
class Suggestion:
    """One suggestion for a position, and where the request stopped when there is none."""

    text: str | None
    language: str
    reason: str = ""


class InlineCompletions:
    """The state behind inline completion: packers, clients, the cache, running calls and the counts."""

    def __init__(
        self, session: Session, notify: Callable[[dict[str, str]], None] = lambda _params: None
    ) -> None:
        self.session = session
        self._notify = notify
        self._failing: str | None = None  # why the last model call failed; None: it answered
        self.cache = engine.SuggestionCache()
        # Room for the functions a pass prepares ahead (`inline_ahead.FUNCTIONS_AHEAD`) and the requests' own.
        self.contexts = engine.ContextCache(kept=FUNCTIONS_AHEAD + 32)
        self.counts: dict[str, Counter[str]] = {}
        self._packers: dict[Path, Packer] = {}
        self._clients: dict[Endpoint, ModelClient] = {}
        self._running: dict[str, asyncio.Task[str]] = {}
        # Warms a file at the next quiet moment (`Warmup.opened`, wired in app.py): after a request whose
        # edit started the file's kept answers anew (`inline_warm.warmed`).
        self.warm_later: Callable[[Memory, str], None] | None = None
        # Whether the client asked for a suggestion yet: only then is a context prepared ahead (`inline_ahead`).
        self.used = False

    def endpoint(self) -> Endpoint | None:
        settings = self.session.settings
        if settings.offline or not settings.completion_enabled:
            return None
        if settings.completion_endpoint is not None:
            return settings.models.endpoints.get(settings.completion_endpoint)
        return settings.models.endpoint_for("generate")

    def count(self, language: str, what: str, amount: int = 1) -> None:
        self.counts.setdefault(language or "other", Counter())[what] += amount

    def stats(self) -> dict[str, dict[str, int]]:
        return {
            language: {
                "shown": counts["shown"],
                "accepted": counts["accepted"],
                "acceptedChars": counts["acceptedChars"],
            }
            for language, counts in sorted(self.counts.items())
        }

    def model_health(self, failure: str | None) -> None:
        """Tell the client when completion starts failing (`failure` says why) and when the model answers
        again: on a change only, so that a model that stays down costs one notification, not one a keystroke."""
        if failure == self._failing:
            return
        self._failing = failure
        if failure is None:
            self._notify({"state": "ok"})
        else:
            self._notify({"state": "failing", "message": failure})

    async def suggest(self, located: Located, position: types.Position) -> Suggestion:
        memory = located.memory
        language = _language(located)
        endpoint = self.endpoint()
        if endpoint is None:
            return Suggestion(None, language, "no model for completion (completion.endpoint or generate)")
        if self.disabled_for(located):
            return Suggestion(None, language, f"completion is off for {language}")
        self.used = True
        # On the memory thread, after the edits sent before this request.
        prepared = await self.session.read(self._prepare, located, position, language)
        if isinstance(prepared, Suggestion):
            return prepared
        prompt, text, byte = prepared
        raw = await self._ask(located.uri, endpoint, prompt)
        if raw is None:
            return Suggestion(None, language, "superseded by a newer request")
        (shown, why), warm = await self.session.read(self._finish, prompt, raw, located, text, byte)
        if not warm and self.warm_later is not None:
            self.warm_later(memory, located.path)
        if shown is None:
            return Suggestion(None, language, why)
        self.cache.remember(located.uri, text, byte, shown)
        return Suggestion(shown, language)

    def disabled_for(self, located: Located) -> bool:
        """Whether the user turned completion off for the document's language (`completion.disabledLanguages`)."""
        return _language(located) in self.session.settings.completion_disabled_languages

    def _finish(
        self, prompt: engine.FimPrompt, raw: str, located: Located, text: bytes, byte: int
    ) -> tuple[tuple[str | None, str], bool]:
        """The suggestion to show or why none (`engine.finish`), and whether the file's kept answers are warm
        (`warmed`)."""
        memory, path = located.memory, located.path
        return engine.finish(prompt, raw, memory, path, text, byte), warmed(memory, path)

    def _prepare(
        self, located: Located, position: types.Position, language: str
    ) -> Suggestion | tuple[engine.FimPrompt, bytes, int]:
        """The prompt at `position`, or the answer without a model call (a kept suggestion, a reason)."""
        memory = located.memory
        doc = memory.document(located.path)
        positions = self.session.positions(memory, located.path)
        if doc is None or positions is None:
            return Suggestion(None, language, "the document is not open")
        if position.line >= doc.lines.line_count:
            return Suggestion(None, language, f"line {position.line} is past the end of the document")
        text, byte = doc.text, positions.offset(position)
        if engine.in_prose(memory, located.path, text, byte):
            return Suggestion(None, language, "the cursor is in a comment or a string")
        kept = self.cache.reuse(located.uri, text, byte)
        if kept is not None:
            return Suggestion(kept, language, "typed through a kept suggestion")
        budget = self.session.settings.completion_context_budget
        packer = self.packer(memory)
        if packer is not None and budget > 0 and log.isEnabledFor(logging.DEBUG):
            # Whether the context comes kept (prepared ahead, or by an earlier request in the function): the tests
            # of the preparation read it.
            found = engine.is_kept(memory, located.path, text, byte, budget, self.contexts)
            log.debug(
                "the completion context at %s:%d %s",
                located.path,
                position.line + 1,
                "was kept" if found else "is packed at the request",
            )
        try:
            prompt = engine.prompt_at(memory, packer, located.path, text, byte, budget, self.contexts)
        except (PermissionError, FileNotFoundError) as err:
            return Suggestion(None, language, str(err))
        return prompt, text, byte

    async def _ask(self, uri: str, endpoint: Endpoint, prompt: engine.FimPrompt) -> str | None:
        """The model's answer, or None when a newer request for the document took over; raises ModelError,
        TimeoutError past the completion deadline."""
        settings = self.session.settings
        client = self._clients.get(endpoint)
        if client is None:
            # The SDK's import takes about 0.4 s (more on a loaded machine): once, off the event loop, and
            # before the deadline's clock starts, which measures the model.
            await asyncio.to_thread(importlib.import_module, "openai")
            client = self._clients[endpoint] = ModelClient(endpoint, self.session.env)
        extra, problems = engine.templates_from(settings.completion_fim_templates)
        for problem in problems:
            log.warning("%s", problem)
        older = self._running.pop(uri, None)
        if older is not None:
            older.cancel()
        call = engine.ask(client, prompt, settings.completion_fim, settings.completion_max_tokens, extra)
        task = asyncio.ensure_future(asyncio.wait_for(call, settings.completion_deadline_ms / 1000))
        self._running[uri] = task
        try:
            # Cancelling this handler ($/cancelRequest) cancels the awaited task, closing the HTTP request.
            answer = await task
            self.model_health(None)
            return answer
        except asyncio.CancelledError:
            if _cancelling():
                raise
            return None  # a newer request for the document cancelled this call
        finally:
            if self._running.get(uri) is task:
                del self._running[uri]

    def warm(self, memory: Memory, path: str, quiet: Callable[[], bool]) -> int:
        """Completion's part of the idle pass after didOpen (`Warmup.also`, memory thread): the opened file's
        lines counted into its packer's remembered counts, which a first request there would count (~1 ms of
        it on the standard library's largest files), and its ranked names resolved from a method of each class
        (`inline_warm.py`). Nothing without a model for completion."""
        doc = memory.document(path)
        packer = self.packer(memory) if self.endpoint() is not None else None
        if doc is None or packer is None:
            return 0
        return engine.warm_counts(packer, doc.text, quiet) + warm_group_answers(memory, path, quiet)

    def packer(self, memory: Memory) -> Packer | None:
        """The memory's completion packer; None with a zero context budget."""
        if self.session.settings.completion_context_budget <= 0:
            return None
        found = self._packers.get(memory.root)
        if found is None or found.memory is not memory:
            if found is not None:
                # The memory was opened anew (other excludes, another store): no context packed from the old
                # one may be read again, though its key and change count may match.
                self.contexts = engine.ContextCache(kept=FUNCTIONS_AHEAD + 32)
            found = self._packers[memory.root] = engine.completion_packer(memory)
        return found


def _language(located: Located) -> str:
    """The document's language from its buffer, else its name; never from the memory's index, which a request
    made while the workspace is still being indexed does not find (the suggestion and its acceptance were
    then counted as "other"), and which this event-loop thread must not make parse a file."""
    doc = located.memory.document(located.path)
    spec = doc.spec if doc is not None else language_for(located.path)
    return spec.name if spec is not None else ""


def _cancelling() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def register(server: ArchmemServer) -> InlineCompletions:
    session = server.session
    state = InlineCompletions(session, lambda params: server.protocol.notify(STATUS, params))

    @server.feature(types.TEXT_DOCUMENT_INLINE_COMPLETION, types.InlineCompletionOptions())
    async def inline_completion(params: types.InlineCompletionParams) -> types.InlineCompletionList:
        located = session.locate(params.text_document.uri)
        if located is None:
            return types.InlineCompletionList(items=[])
        found = await suggestion_or_reason(state, located, params.position)
        if found.text is None:
            return types.InlineCompletionList(items=[])
        start = params.position
        accept = types.Command(
            title="archmem: suggestion accepted",
            command=ACCEPTED,
            arguments=[found.language, len(found.text)],
        )
        item = types.InlineCompletionItem(
            insert_text=found.text, range=types.Range(start=start, end=start), command=accept
        )
        return types.InlineCompletionList(items=[item])

    @server.command(ACCEPTED)
    async def accepted(*arguments: Any) -> None:
        language = arguments[0] if arguments and isinstance(arguments[0], str) else "other"
        chars = arguments[1] if len(arguments) > 1 and isinstance(arguments[1], int) else 0
        state.count(language, "accepted")
        state.count(language, "acceptedChars", max(0, chars))

    @server.command(STATS)
    async def stats(*arguments: Any) -> dict[str, dict[str, int]]:
        return state.stats()

    return state


async def suggestion_or_reason(
    state: InlineCompletions, located: Located, position: types.Position
) -> Suggestion:
    """The suggestion, counted as shown; a failure is logged once, in one line, and answers nothing."""
    try:
        found = await state.suggest(located, position)
    except ModelError as err:
        found = Suggestion(None, "", f"model: {err.kind}: {err.user_message}")
        state.model_health(found.reason)
    except TimeoutError:
        deadline = state.session.settings.completion_deadline_ms
        found = Suggestion(None, "", f"the model gave no answer within the {deadline} ms completion deadline")
        state.model_health(found.reason)
    if found.text is None:
        log.info("inline completion at %s:%d: none (%s)", located.path, position.line + 1, found.reason)
    else:
        state.count(found.language, "shown")
    return found
