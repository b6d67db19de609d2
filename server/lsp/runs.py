"""Running an AI action for the editor: the engines of `archmem.server.actions` with progress, status and
cancellation, and their results as workspace edits or documents to show.

Shared by `codeAction/resolve` and `workspace/executeCommand`. A run reads the document from the memory
(the editor's buffer), refuses to start on a version the request did not see, and refuses to hand back an
edit when the document changed while the model worked (version and text hash); the user is told why in
`window/showMessage` and gets no edit. `archmem/status` says `busy` while any run is going. Failures of the
model (error, timeout, rate limit) become a message; messages come from the model layer, which never puts
the API key in them.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import platformdirs
from archmem.server.actions import (
    Failure,
    FixProgress,
    ModelProvider,
    SelfDebugSettings,
    provider_for,
    self_debug,
)
from archmem.server.actions.edits import ProposedEdit
from archmem.server.actions.explain import Explanation, explain
from archmem.server.actions.generate import Generated, GenerateTarget, generate, list_generate_targets
from archmem.server.actions.locate import LocationError
from archmem.server.actions.prompt_log import PromptLog
from archmem.server.actions.prompting import PromptTooLarge
from archmem.server.checks import CheckerSpec, Diagnostic
from archmem.server.checks import parse_settings as parse_checkers
from archmem.server.lsp.convert import point_of
from archmem.server.lsp.lifecycle import Lifecycle
from archmem.server.lsp.progress import ActionProgress, Token
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located
from archmem.server.lsp.workspace_edits import EditSupport, workspace_edit
from archmem.server.models import ModelClient, ModelError
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

log = logging.getLogger(__name__)

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
P = ParamSpec("P")
R = TypeVar("R")


def _counted(
    method: Callable[Concatenate[Runs, P], Awaitable[R]],
) -> Callable[Concatenate[Runs, P], Coroutine[Any, Any, R]]:
    """A run counted from the moment its request is handled to its end (`Runs.running`)."""

    @functools.wraps(method)
    async def run(self: Runs, /, *args: P.args, **kwargs: P.kwargs) -> R:
        self._started += 1
        try:
            return await method(self, *args, **kwargs)
        finally:
            self._started -= 1

    return run


@dataclass(frozen=True)
class Outcome:
    """What a run produced: an edit to apply (None: nothing to apply) and one line saying what happened."""

    edit: types.WorkspaceEdit | None
    summary: str


class Runs:
    """Runs actions for the adapter; one per server."""

    def __init__(self, server: ArchmemServer, lifecycle: Lifecycle) -> None:
        self.server = server
        self.session = server.session
        self.lifecycle = lifecycle
        self.prompt_log = PromptLog()
        self._busy = 0
        self._started = 0  # runs whose request is being handled, from its first line (`_counted`)

    # -- what every run shares ---------------------------------------------------------------------------

    def show(self, kind: types.MessageType, message: str) -> None:
        self.server.window_show_message(types.ShowMessageParams(type=kind, message=f"archmem: {message}"))

    def edit_support(self) -> EditSupport:
        return EditSupport.of(self.server.client_capabilities)

    def running(self) -> bool:
        """Whether an action runs now, from its request's first line to its end (event loop thread)."""
        return self._started > 0

    def _enter(self, message: str) -> None:
        self._busy += 1
        self.lifecycle.busy(message)

    def _leave(self) -> None:
        self._busy -= 1
        if self._busy == 0:
            # The lifecycle's state as it is now comes back (the index may have finished meanwhile).
            self.lifecycle.busy(None)

    async def _with_progress(self, title: str, token: Token | None, work: Any) -> Any:
        """Await `work(progress)` as its own task under progress and busy status; the user's cancel (either
        kind) cancels that task, and with it the model request."""
        progress = ActionProgress(self.server)
        task: asyncio.Task[Any] = asyncio.get_running_loop().create_task(work(progress))
        self._enter(title)
        try:
            await progress.begin(f"archmem: {title}", token, task)
            return await task
        except asyncio.CancelledError:
            task.cancel()
            progress.end("cancelled")
            raise
        finally:
            progress.end("done")
            self._leave()

    def located(self, uri: str) -> Located:
        found = self.session.locate(uri)
        if found is None:
            raise JsonRpcInvalidParams(f"{uri} is not a file archmem can read")
        return found

    def current(self, where: Located) -> tuple[bytes | None, int | None]:
        """The document's text and version as the memory holds them now (the buffer when open)."""
        doc = where.memory.document(where.path)
        if doc is not None:
            return doc.text, doc.version
        return where.memory.text(where.path), None

    def _moved_on(self, where: Located, version: int | None) -> str | None:
        _, current = self.current(where)
        if version is not None and current is not None and current != version:
            return (
                f"{where.path} changed (version {current}, the request was for {version}); "
                "ask for the code actions again"
            )
        return None

    def _as_workspace_edit(
        self, where: Located, proposed: ProposedEdit, *, creates_file: bool = False
    ) -> types.WorkspaceEdit | str:
        uri = self.session.uri(where.memory, proposed.path)
        if creates_file:
            if where.memory.abspath(proposed.path).exists():
                return f"{proposed.path} exists now; ask for the code actions again"
            return workspace_edit(
                proposed, uri, b"", self.session.encoding, self.edit_support(), creates_file=True
            )
        text, version = self.current(where)
        if text is None or proposed.is_stale(version, text):
            return (
                f"{where.path} changed while archmem worked on it; the edit was not applied. "
                "Ask for the code action again"
            )
        return workspace_edit(proposed, uri, text, self.session.encoding, self.edit_support())

    def _client(self, action: Any) -> ModelClient | None:
        endpoint = self.session.settings.models.endpoint_for(action)
        return None if endpoint is None else ModelClient(endpoint, self.session.env)

    def _checkers(self, where: Located) -> tuple[CheckerSpec, ...]:
        index = where.memory.file(where.path)
        if index is None:
            return ()
        specs, _ = parse_checkers(self.session.settings.checkers)
        return tuple(specs.get(index.language, ()))

    # -- self-debug --------------------------------------------------------------------------------------

    @_counted
    async def self_debug(
        self, uri: str, version: int | None, diagnostics: tuple[Diagnostic, ...] | None, token: Token | None
    ) -> Outcome:
        where = self.located(uri)
        # Through the memory thread: an edit the editor sent before this request is applied first.
        stale = await self.session.call(self._moved_on, where, version)
        if stale is not None:
            self.show(types.MessageType.Warning, stale)
            return Outcome(None, stale)
        settings = self.session.settings
        run_settings = SelfDebugSettings(
            rounds=settings.self_debug_rounds,
            offer_unverified=settings.self_debug_offer_unverified,
            refuse_risky_calls=settings.self_debug_refuse_risky_calls,
            checkers=self._checkers(where),
        )

        async def work(progress: ActionProgress) -> Outcome:
            provider = provider_for(
                settings.models,
                self.session.env,
                prompt_log=self.prompt_log,
                context_cap=settings.context_budget,
                packer=self.session.packer(where.memory),
            )

            def on_progress(report: FixProgress) -> None:
                done = (report.round - 1) * 100 // max(report.rounds, 1)
                progress.report(report.message, done)
                self.lifecycle.busy(report.message)

            try:
                result = await self_debug(
                    where.memory,
                    where.path,
                    diagnostics,
                    provider=provider,
                    settings=run_settings,
                    on_progress=on_progress,
                )
            finally:
                if isinstance(provider, ModelProvider):
                    await provider.aclose()
            if isinstance(result, Failure):
                kind = (
                    types.MessageType.Info if result.kind == "nothing_to_fix" else types.MessageType.Warning
                )
                self.show(kind, f"self-debug: {result.reason}")
                return Outcome(None, result.reason)
            edit = await self.session.call(self._as_workspace_edit, where, result)
            if isinstance(edit, str):
                self.show(types.MessageType.Warning, edit)
                return Outcome(None, edit)
            return Outcome(edit, result.title)

        outcome: Outcome = await self._with_progress(f"self-debug {where.path}", token, work)
        return outcome

    # -- generate ----------------------------------------------------------------------------------------

    def targets_at(
        self, where: Located, start: types.Position, end: types.Position | None
    ) -> list[GenerateTarget]:
        """What generate can do at a position or selection (memory thread); [] where it can do nothing."""
        positions = self.session.positions(where.memory, where.path)
        if positions is None:
            return []
        first = point_of(positions, start)
        selection = (first, point_of(positions, end)) if end is not None and end != start else None
        with_model = self.session.settings.models.endpoint_for("generate") is not None
        try:
            return list_generate_targets(where.memory, where.path, *first, selection, with_model=with_model)
        except LocationError:
            return []

    @_counted
    async def generate(
        self,
        uri: str,
        version: int | None,
        target: GenerateTarget,
        instruction: str | None,
        token: Token | None,
    ) -> Outcome:
        where = self.located(uri)
        # Through the memory thread: an edit the editor sent before this request is applied first.
        stale = await self.session.call(self._moved_on, where, version)
        if stale is not None:
            self.show(types.MessageType.Warning, stale)
            return Outcome(None, stale)
        checkers = self._checkers(where)
        _, current_version = await self.session.call(self.current, where)

        async def work(progress: ActionProgress) -> Outcome:
            client = self._client("generate") if target.needs_model else None

            def on_progress(message: str) -> None:
                progress.report(message)
                self.lifecycle.busy(message)

            try:
                result = await generate(
                    where.memory,
                    where.path,
                    target,
                    instruction=instruction,
                    client=client,
                    rounds=self.session.settings.self_debug_rounds,
                    on_progress=on_progress,
                    prompt_log=self.prompt_log,
                    checkers=checkers,
                    version=current_version,
                    refuse_risky_calls=self.session.settings.self_debug_refuse_risky_calls,
                    context_cap=self.session.settings.context_budget,
                    packer=self.session.packer(where.memory),
                )
            except (LocationError, PromptTooLarge, ModelError) as err:
                self.show(types.MessageType.Error, f"generate: {_reason(err)}")
                return Outcome(None, _reason(err))
            finally:
                if client is not None:
                    await client.aclose()
            if not isinstance(result, Generated):
                problems = "; ".join(result.problems[:3])
                message = result.message + (f" ({problems})" if problems else "")
                self.show(types.MessageType.Warning, f"generate: {message}")
                return Outcome(None, message)
            edit = await self.session.call(
                self._as_workspace_edit, where, result.edit, creates_file=result.creates_file
            )
            if isinstance(edit, str):
                self.show(types.MessageType.Warning, f"generate: {edit}")
                return Outcome(None, edit)
            return Outcome(edit, f"{result.edit.title} ({result.edit.summary})")

        outcome: Outcome = await self._with_progress(f"generate in {where.path}", token, work)
        return outcome

    # -- explain -----------------------------------------------------------------------------------------

    @_counted
    async def explain(
        self, uri: str, start: types.Position, end: types.Position | None, token: Token | None
    ) -> Explanation:
        where = self.located(uri)
        # On the memory thread, after everything asked before: a didOpen just sent is in the memory first
        # (read inline, a file outside the workspace the user just opened was not there yet).
        positions = await self.session.call(self.session.positions, where.memory, where.path)
        if positions is None:
            raise ValueError(f"{where.path} cannot be read")
        first = point_of(positions, start)
        last = point_of(positions, end) if end is not None and end != start else None

        async def work(progress: ActionProgress) -> Explanation:
            client = self._client("explain")

            def on_progress(message: str) -> None:
                progress.report(message)
                self.lifecycle.busy(message)

            try:
                return await explain(
                    where.memory,
                    where.path,
                    *first,
                    end=last,
                    client=client,
                    on_progress=on_progress,
                    prompt_log=self.prompt_log,
                    context_cap=self.session.settings.context_budget,
                    packer=self.session.packer(where.memory),
                )
            finally:
                if client is not None:
                    await client.aclose()

        try:
            found: Explanation = await self._with_progress(f"explain {where.path}", token, work)
        except (LocationError, PromptTooLarge) as err:
            self.show(types.MessageType.Error, f"explain: {_reason(err)}")
            raise ValueError(_reason(err)) from err
        if found.error is not None:
            self.show(
                types.MessageType.Warning,
                f"explain: the model gave no answer ({found.error}); offline explanation shown",
            )
        return found

    # -- documents to show -------------------------------------------------------------------------------

    def write_document(self, name: str, markdown: str) -> Path:
        """Write markdown into the cache directory (`archmem.index.cacheDir`, else the user cache) for
        `window/showDocument`; returns its path."""
        configured = self.session.settings.cache_dir
        base = Path(configured).expanduser() if configured else Path(platformdirs.user_cache_dir("archmem"))
        folder = base / "documents"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{_UNSAFE_NAME.sub('_', name).strip('_')[:80] or 'archmem'}.md"
        path.write_text(markdown, encoding="utf-8")
        return path

    async def show_document(self, path: Path) -> bool:
        """Ask the client to open `path`; False when it cannot (no `window.showDocument` support)."""
        window = self.server.client_capabilities.window
        supported = window is not None and window.show_document is not None and window.show_document.support
        if not supported:
            self.show(types.MessageType.Info, f"written to {path} (this editor cannot be asked to open it)")
            return False
        try:
            result = await self.server.window_show_document_async(
                types.ShowDocumentParams(uri=path.as_uri(), take_focus=True)
            )
        except Exception as err:
            log.info("window/showDocument failed: %s", err)
            return False
        return bool(result.success)


def _reason(err: Exception) -> str:
    if isinstance(err, ModelError):
        return err.user_message
    return str(err)
