"""`workspace/executeCommand`: archmem's commands, with the names and arguments of docs/commands.md.

- `archmem.selfDebug [{uri, version, diagnostics}]` -> `{applied, summary}`: fixes the diagnostics (LSP
  `Diagnostic`s from any source; an empty list: all archmem finds) and applies the verified edit through
  `workspace/applyEdit`.
- `archmem.generate [{uri, version, position, range?, instruction?, target?}]` -> `{applied, summary}`.
- `archmem.explain [{uri, position, range?, show?}]` -> `{markdown, offline}`; unless `show` is false the
  markdown is also written into the cache directory and opened with `window/showDocument`.
- `archmem.showLastPrompt [{show?}]` -> `{text}`: the last prompt exactly as sent, with its ledger.
A bad argument is answered with InvalidParams naming it. The request's `workDoneToken` is used for
progress when given; `$/cancelRequest` cancels the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from archmem.server.actions.generate import GenerateTarget
from archmem.server.checks import Diagnostic
from archmem.server.lsp.code_actions import EXPLAIN, GENERATE, SELF_DEBUG
from archmem.server.lsp.convert import diagnostic_from_lsp
from archmem.server.lsp.runs import Outcome, Runs
from archmem.server.lsp.server import ArchmemServer, command_token
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

SHOW_LAST_PROMPT = "archmem.showLastPrompt"


async def _apply(server: ArchmemServer, runs: Runs, outcome: Outcome, label: str) -> dict[str, object]:
    """Ask the editor to apply an action's edit; the answer says whether it did and what was done."""
    if outcome.edit is None:
        return {"applied": False, "summary": outcome.summary}
    result = await server.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=outcome.edit, label=f"archmem: {label}")
    )
    if not result.applied:
        why = result.failure_reason or "the editor refused the edit"
        runs.show(types.MessageType.Warning, f"{label}: not applied: {why}")
        return {"applied": False, "summary": f"not applied: {why}"}
    return {"applied": True, "summary": outcome.summary}


def register(server: ArchmemServer, runs: Runs) -> None:
    session = server.session
    converter = server.converter

    def structure(value: object, kind: type[Any], name: str) -> Any:
        try:
            return converter.structure(value, kind)
        except Exception as err:
            raise JsonRpcInvalidParams(f"'{name}' is not an LSP {kind.__name__}") from err

    @server.command(SELF_DEBUG)
    async def self_debug(*arguments: Any) -> dict[str, object]:
        args = _single(arguments, SELF_DEBUG)
        uri, version = _uri(args), _version(args)
        raw = args.get("diagnostics", [])
        if not isinstance(raw, list):
            raise JsonRpcInvalidParams("'diagnostics' must be a list of LSP diagnostics")
        given = [structure(d, types.Diagnostic, f"diagnostics[{i}]") for i, d in enumerate(raw)]
        where = runs.located(uri)

        def convert() -> tuple[Diagnostic, ...] | None:
            positions = session.positions(where.memory, where.path)
            if positions is None or not given:
                return None
            return tuple(diagnostic_from_lsp(d, positions) for d in given)

        diagnostics = await session.call(convert)
        outcome = await runs.self_debug(uri, version, diagnostics, command_token.get())
        return await _apply(server, runs, outcome, "self-debug")

    @server.command(GENERATE)
    async def generate(*arguments: Any) -> dict[str, object]:
        args = _single(arguments, GENERATE)
        uri, version = _uri(args), _version(args)
        position = structure(args.get("position"), types.Position, "position")
        end = structure(args["range"], types.Range, "range").end if args.get("range") is not None else None
        instruction = args.get("instruction")
        if instruction is not None and not isinstance(instruction, str):
            raise JsonRpcInvalidParams("'instruction' must be a string")
        if args.get("target") is not None:
            try:
                target = GenerateTarget.from_json(args["target"])
            except ValueError as err:
                raise JsonRpcInvalidParams(str(err)) from err
        else:
            where = runs.located(uri)
            targets = await session.call(runs.targets_at, where, position, end)
            if not targets:
                message = f"nothing to generate at line {position.line + 1} of {where.path}"
                runs.show(types.MessageType.Info, message)
                return {"applied": False, "summary": message}
            target = targets[0]
        outcome = await runs.generate(uri, version, target, instruction or None, command_token.get())
        return await _apply(server, runs, outcome, "generate")

    @server.command(EXPLAIN)
    async def explain(*arguments: Any) -> dict[str, object]:
        args = _single(arguments, EXPLAIN)
        uri = _uri(args)
        position = structure(args.get("position"), types.Position, "position")
        end = structure(args["range"], types.Range, "range").end if args.get("range") is not None else None
        try:
            found = await runs.explain(uri, position, end, command_token.get())
        except ValueError as err:
            raise JsonRpcInvalidParams(str(err)) from err
        if args.get("show", True) is not False:
            path = runs.write_document(f"explain {found.title}", found.markdown)
            await runs.show_document(path)
        return {"markdown": found.markdown, "offline": found.offline}

    @server.command(SHOW_LAST_PROMPT)
    async def show_last_prompt(*arguments: Any) -> dict[str, object]:
        args = _single(arguments, SHOW_LAST_PROMPT) if arguments else {}
        text = runs.prompt_log.render_markdown()
        if args.get("show", True) is not False:
            await runs.show_document(runs.write_document("last prompt", text))
        return {"text": text}


def _single(arguments: tuple[Any, ...], command: str) -> Mapping[str, Any]:
    if len(arguments) != 1 or not isinstance(arguments[0], Mapping):
        raise JsonRpcInvalidParams(f"{command} takes one argument, an object (see docs/commands.md)")
    return arguments[0]


def _uri(args: Mapping[str, Any]) -> str:
    uri = args.get("uri")
    if not isinstance(uri, str) or not uri:
        raise JsonRpcInvalidParams("'uri' must be the document's URI, a string")
    return uri


def _version(args: Mapping[str, Any]) -> int | None:
    version = args.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        raise JsonRpcInvalidParams("'version' must be the document's version, a whole number")
    return version
