"""`textDocument/codeAction` and `codeAction/resolve`: archmem's AI actions in the editor's menu.

Listing is instant and model-free: it reads the memory, the diagnostics in the request's context (from any
source) and the diagnostics archmem itself published for this version, and runs no model and no checker.
The actions (docs/commands.md):
- `quickfix` "archmem: Fix N problems in ... (self-debug, verified)": self-debug; `isPreferred` only when
  the offline rules can fix every targeted problem. With no model configured only those are listed.
- `refactor.rewrite` "archmem: Generate ...": generate at a stub, a TODO, a selection, or an offline
  scaffold (missing members, docstring, test skeleton in a new file).
- `refactor.archmem.explain` "archmem: Explain <symbol>": always a command (`archmem.explain`), it edits
  nothing.
Self-debug and generate carry `data` (the plan or target, uri, version) and run in `codeAction/resolve`
where the client resolves edits lazily; for clients without `codeAction.resolveSupport` (Helix) they carry
the equivalent `archmem.selfDebug` / `archmem.generate` command instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archmem.server.actions import FixPlan, OfflineProvider, list_fixable
from archmem.server.actions.generate import GenerateTarget
from archmem.server.actions.locate import LocationError, innermost_at, locate
from archmem.server.checks import Diagnostic
from archmem.server.lsp.convert import LspPositions, diagnostic_from_lsp, diagnostic_to_lsp, point_of
from archmem.server.lsp.diagnostics import Diagnostics
from archmem.server.lsp.runs import Runs
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

EXPLAIN_KIND = "refactor.archmem.explain"
KINDS = [types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite, EXPLAIN_KIND]
SELF_DEBUG = "archmem.selfDebug"
GENERATE = "archmem.generate"
EXPLAIN = "archmem.explain"
RISKY_FLAG = "⚠"


def register(
    server: ArchmemServer,
    runs: Runs,
    diagnostics: Diagnostics,
    cursor: Callable[[Located, types.Position], None] = lambda _where, _position: None,
) -> None:
    """`cursor` hears where the editor asked for code actions: where its cursor is (`inline_ahead.Ahead`)."""
    session = server.session

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=list(KINDS), resolve_provider=True),
    )
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        where = session.locate(params.text_document.uri)
        if where is None:
            return []
        if not params.context.only:
            # The light bulb's ask as the cursor moves names no kinds; an editor's save actions do, at no cursor.
            cursor(where, params.range.start)
        own = diagnostics.published.get(where.uri)
        actions = await session.call(_list, server, runs, where, params, own)
        only = params.context.only
        if only:
            wanted = [str(getattr(kind, "value", kind)) for kind in only]
            actions = [a for a in actions if _kind_matches(str(a.kind), wanted)]
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def resolve(action: types.CodeAction) -> types.CodeAction:
        data = action.data
        if not isinstance(data, dict) or not isinstance(data.get("uri"), str):
            raise JsonRpcInvalidParams("not an archmem code action: its data has no 'uri'")
        version = data.get("version")
        version = version if isinstance(version, int) else None
        try:
            if data.get("action") == "selfDebug":
                plan = FixPlan.from_data(data.get("plan"))
                outcome = await runs.self_debug(data["uri"], version, plan.diagnostics, None)
            elif data.get("action") == "generate":
                target = GenerateTarget.from_json(data.get("target"))
                outcome = await runs.generate(data["uri"], version, target, None, None)
            else:
                raise ValueError(f"unknown archmem action {data.get('action')!r}")
        except ValueError as err:
            raise JsonRpcInvalidParams(str(err)) from err
        if outcome.edit is not None:
            action.edit = outcome.edit
            if RISKY_FLAG in outcome.summary:
                # A risky call the edit adds is named where the user decides (clients that re-read the title).
                action.title = f"{action.title} {outcome.summary[outcome.summary.index(RISKY_FLAG) :]}"
        return action


def _kind_matches(kind: str, wanted: list[str]) -> bool:
    return any(kind == w or kind.startswith(w + ".") for w in wanted)


def _list(
    server: ArchmemServer,
    runs: Runs,
    where: Located,
    params: types.CodeActionParams,
    own: tuple[int, tuple[Diagnostic, ...]] | None,
) -> list[types.CodeAction]:
    """The actions at the request's range (memory thread): reads only the memory."""
    positions = server.session.positions(where.memory, where.path)
    if positions is None or where.memory.file(where.path) is None:
        return []
    doc = where.memory.document(where.path)
    version = doc.version if doc is not None else None
    caps = server.client_capabilities.text_document
    resolve_support = caps.code_action.resolve_support if caps and caps.code_action else None
    lazy = resolve_support is not None and "edit" in resolve_support.properties
    actions = _self_debug_actions(server, where, params, own, positions, version, lazy)
    actions += _generate_actions(runs, where, params, version, lazy)
    explain = _explain_action(where, positions, params.range.start)
    return actions if explain is None else [*actions, explain]


def _self_debug_actions(
    server: ArchmemServer,
    where: Located,
    params: types.CodeActionParams,
    own: tuple[int, tuple[Diagnostic, ...]] | None,
    positions: LspPositions,
    version: int | None,
    lazy: bool,
) -> list[types.CodeAction]:
    """Self-debug: the request's diagnostics plus archmem's own on the requested lines."""
    memory, settings = where.memory, server.session.settings
    first_line, last_line = params.range.start.line, params.range.end.line
    mine = own[1] if own is not None and own[0] == version else ()
    given = [diagnostic_from_lsp(d, positions) for d in params.context.diagnostics]
    seen = {(d.start.line, d.message) for d in mine}
    here = [d for d in mine if first_line <= d.start.line <= last_line]
    here += [d for d in given if (d.start.line, d.message) not in seen]
    offline_rules = OfflineProvider().can_fix
    with_model = settings.models.endpoint_for("self_debug") is not None
    plans = [p for p in list_fixable(memory, where.path, here, offline_rules=offline_rules) if p.scope]
    everything = list(mine) + [d for d in given if (d.start.line, d.message) not in seen]
    if len(everything) > sum(len(p.diagnostics) for p in plans):
        whole = list_fixable(memory, where.path, everything, offline_rules=offline_rules)
        # One "fix all" for the file; or, away from every problem, the file's only plan.
        plans += [p for p in whole if p.scope is None] or ([] if plans else whole)
    verified = "self-debug" if settings.self_debug_offer_unverified else "self-debug, verified"
    actions: list[types.CodeAction] = []
    for plan in plans:
        if not (with_model or plan.offline):
            continue
        title = "archmem: " + plan.title.replace("(self-debug)", f"({verified})")
        action = types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix,
            is_preferred=plan.offline or None,
            diagnostics=[diagnostic_to_lsp(d, positions) for d in plan.diagnostics],
        )
        if lazy:
            action.data = {
                "action": "selfDebug",
                "uri": where.uri,
                "version": version,
                "plan": plan.to_data(),
            }
        else:
            diagnostics = [server.converter.unstructure(d) for d in action.diagnostics or []]
            fix = {"uri": where.uri, "version": version, "diagnostics": diagnostics}
            action.command = types.Command(title=title, command=SELF_DEBUG, arguments=[fix])
        actions.append(action)
    return actions


def _generate_actions(
    runs: Runs, where: Located, params: types.CodeActionParams, version: int | None, lazy: bool
) -> list[types.CodeAction]:
    """Generate at the cursor or selection."""
    end = params.range.end if params.range.end != params.range.start else None
    actions: list[types.CodeAction] = []
    for target in runs.targets_at(where, params.range.start, end):
        title = f"archmem: {target.title}"
        action = types.CodeAction(title=title, kind=types.CodeActionKind.RefactorRewrite)
        if lazy:
            action.data = {
                "action": "generate",
                "uri": where.uri,
                "version": version,
                "target": target.to_json(),
            }
        else:
            argument: dict[str, Any] = {
                "uri": where.uri,
                "version": version,
                "position": _json(params.range.start),
                "target": target.to_json(),
            }
            if end is not None:
                argument["range"] = {"start": _json(params.range.start), "end": _json(end)}
            action.command = types.Command(title=title, command=GENERATE, arguments=[argument])
        actions.append(action)
    return actions


def _explain_action(
    where: Located, positions: LspPositions, position: types.Position
) -> types.CodeAction | None:
    """Explain: a command in every client, it has nothing to edit."""
    subject = _subject(where, positions, position)
    if subject is None:
        return None
    title = f"archmem: Explain {subject}"
    about: dict[str, Any] = {"uri": where.uri, "position": _json(position)}
    return types.CodeAction(
        title=title,
        kind=EXPLAIN_KIND,
        command=types.Command(title=title, command=EXPLAIN, arguments=[about]),
    )


def _subject(where: Located, positions: LspPositions, position: types.Position) -> str | None:
    line, col = point_of(positions, position)
    try:
        symbol = innermost_at(locate(where.memory, where.path, line, col))
    except LocationError:
        return None
    if symbol.qualname:
        return f"`{symbol.qualname}`"
    return where.path.rsplit("/", 1)[-1]


def _json(position: types.Position) -> dict[str, int]:
    return {"line": position.line, "character": position.character}
