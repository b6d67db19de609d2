"""Completion: `textDocument/completion` from the memory alone (names in scope, members), no model needed.

The engine is `server/actions/complete.py`; this module converts positions and kinds and nothing more.
Completion answers only for open documents: it is asked while typing, and the buffer is what is typed.
For clients without inline completion (`completion.asItem`), the model's inline suggestion is offered
first as an item labelled `archmem: …`, when a model is configured; the list waits for it no longer than
the completion deadline bounds the model call (server/lsp/inline.py), and comes without it past that.
"""

from __future__ import annotations

import logging

from archmem.indexer.symbols import SymbolKind
from archmem.server.actions.complete import Candidate, complete
from archmem.server.lsp.inline import ACCEPTED, InlineCompletions, Suggestion, suggestion_or_reason
from archmem.server.lsp.server import ArchmemServer
from archmem.server.lsp.session import Located, Session
from lsprotocol import types

log = logging.getLogger(__name__)

# `.` for members; `>` and `:` end `->` and `::` (C, C++, Rust); the engine ignores a lone `>` or `:`.
TRIGGER_CHARACTERS = [".", ">", ":"]

_KINDS = {
    SymbolKind.MODULE: types.CompletionItemKind.Module,
    SymbolKind.NAMESPACE: types.CompletionItemKind.Module,
    SymbolKind.CLASS: types.CompletionItemKind.Class,
    SymbolKind.METHOD: types.CompletionItemKind.Method,
    SymbolKind.FIELD: types.CompletionItemKind.Field,
    SymbolKind.CONSTRUCTOR: types.CompletionItemKind.Constructor,
    SymbolKind.ENUM: types.CompletionItemKind.Enum,
    SymbolKind.INTERFACE: types.CompletionItemKind.Interface,
    SymbolKind.FUNCTION: types.CompletionItemKind.Function,
    SymbolKind.VARIABLE: types.CompletionItemKind.Variable,
    SymbolKind.CONSTANT: types.CompletionItemKind.Constant,
    SymbolKind.OBJECT: types.CompletionItemKind.Class,
    SymbolKind.STRUCT: types.CompletionItemKind.Struct,
    SymbolKind.TYPE_PARAMETER: types.CompletionItemKind.TypeParameter,
}


def register(server: ArchmemServer, inline_state: InlineCompletions) -> None:
    session = server.session

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS, resolve_provider=False),
    )
    async def completion(params: types.CompletionParams) -> types.CompletionList:
        located = session.locate(params.text_document.uri)
        if located is None:
            return types.CompletionList(is_incomplete=False, items=[])
        found = await session.read(completion_list, session, located, params.position)
        if offers_suggestion_item(server, inline_state):
            suggestion = await suggestion_or_reason(inline_state, located, params.position)
            if suggestion.text is not None:
                found.items = [suggestion_item(suggestion, params.position), *found.items]
        return found


def offers_suggestion_item(server: ArchmemServer, inline_state: InlineCompletions) -> bool:
    """Whether the model's suggestion comes as a completion item: as set, else where the client does not
    advertise inline completion (Helix, Neovim up to 0.11) and a model is configured."""
    if inline_state.endpoint() is None:
        return False
    setting = server.session.settings.completion_as_item
    if setting is not None:
        return setting
    caps = server.client_capabilities.text_document
    return caps is None or caps.inline_completion is None


def suggestion_item(suggestion: Suggestion, position: types.Position) -> types.CompletionItem:
    assert suggestion.text is not None
    first = suggestion.text.strip().splitlines()[0]
    here = types.Range(start=position, end=position)
    return types.CompletionItem(
        label=f"archmem: {first if len(first) <= 40 else first[:39] + '…'}",
        kind=types.CompletionItemKind.Text,
        detail="archmem: model suggestion from the memory's context",
        documentation=suggestion.text,
        sort_text="",
        filter_text="",
        text_edit=types.TextEdit(range=here, new_text=suggestion.text),
        command=types.Command(
            title="archmem: suggestion accepted",
            command=ACCEPTED,
            arguments=[suggestion.language, len(suggestion.text)],
        ),
    )


def completion_list(session: Session, located: Located, position: types.Position) -> types.CompletionList:
    doc = located.memory.document(located.path)
    if doc is None:
        log.info("completion: %s is not open; nothing to complete", located.path)
        return types.CompletionList(is_incomplete=False, items=[])
    positions = session.positions(located.memory, located.path)
    if positions is None:
        return types.CompletionList(is_incomplete=False, items=[])
    if position.line >= doc.lines.line_count:
        log.info("completion: line %d is past the end of %s", position.line, located.path)
        return types.CompletionList(is_incomplete=False, items=[])
    found = complete(located.memory, located.path, doc.text, positions.offset(position))
    where = positions.range(found.start, found.end)
    items = [_item(c, where, rank) for rank, c in enumerate(found.candidates)]
    return types.CompletionList(is_incomplete=found.incomplete, items=items)


def _item(candidate: Candidate, where: types.Range, rank: int) -> types.CompletionItem:
    # A local binding, an unresolved import or a standard name has no symbol kind: a variable to the editor.
    kind = _KINDS.get(candidate.kind) if candidate.kind is not None else None
    if candidate.keyword:
        kind = types.CompletionItemKind.Keyword
    return types.CompletionItem(
        label=candidate.label,
        kind=kind or types.CompletionItemKind.Variable,
        detail=candidate.signature or None,
        documentation=candidate.doc or None,
        # The engine's order (locals first) is kept: editors sort by sortText before the label.
        sort_text=f"{rank:05d}",
        text_edit=types.TextEdit(range=where, new_text=candidate.label),
    )
