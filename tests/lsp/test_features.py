"""Every feature of `archmem serve` through a real stdio session, for Neovim 0.7, Neovim 0.11 and VS Code."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import pytest
from lsprotocol import types

from tests.lsp.conftest import Served
from tests.lsp.harness import PATIENCE_S, close_document, empty, eventually, open_document, position_of, uri

pytestmark = pytest.mark.asyncio(loop_scope="session")


def doc_id(document_uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=document_uri)


def text_of(served: Served, rel: str) -> str:
    return (served.root / rel).read_text(encoding="utf-8")


async def test_initialize_negotiates_encoding_and_announces_features(served: Served) -> None:
    caps = served.result.capabilities
    expected = "utf-8" if served.name == "neovim@v0.11.0" else "utf-16"
    assert served.encoding == expected
    assert served.result.server_info is not None and served.result.server_info.name == "archmem"
    sync = caps.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.change == types.TextDocumentSyncKind.Incremental and sync.open_close
    for provider in (
        caps.document_symbol_provider,
        caps.workspace_symbol_provider,
        caps.definition_provider,
        caps.references_provider,
        caps.hover_provider,
        caps.folding_range_provider,
        caps.selection_range_provider,
    ):
        assert provider
    assert caps.workspace is not None and caps.workspace.workspace_folders is not None
    assert caps.workspace.workspace_folders.change_notifications


async def test_startup_reports_progress_and_status(served: Served) -> None:
    reports = list(served.client.progress_reports.values())
    assert len(reports) == 1
    begin, *middle, end = reports[0]
    assert isinstance(begin, types.WorkDoneProgressBegin) and begin.cancellable
    assert isinstance(end, types.WorkDoneProgressEnd) and "5 files" in (end.message or "")
    assert middle and all(isinstance(r, types.WorkDoneProgressReport) for r in middle)
    assert [r.percentage for r in middle] == sorted(r.percentage for r in middle)
    assert middle[-1].percentage == 100
    states = [s["state"] for s in served.statuses]
    assert states[0] == "starting" and "indexing" in states and states[-1] == "ready"
    assert all(s["model"] == "offline" for s in served.statuses)


async def test_settings_errors_are_shown_and_named(served: Served) -> None:
    shown = " ".join(m.message for m in served.client.messages)
    assert 'archmem.log.level: must be one of error, warning, info, debug, got the string "loud"' in shown
    if served.name == "neovim@v0.7.0":
        assert "archmem.context.budget" not in shown  # Neovim 0.7 has no workspace/configuration to pull
    else:
        assert "archmem.context.budget" in shown and '"lots"' in shown


async def test_document_symbols_are_hierarchical(served: Served) -> None:
    doc = open_document(served.client, served.root / "pkg/shapes.py")
    try:
        result = await served.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc_id(doc))
        )
    finally:
        close_document(served.client, doc)
    assert result is not None
    top = [(s.name, s.kind) for s in result]
    assert top == [("Shape", types.SymbolKind.Class), ("Circle", types.SymbolKind.Class)]
    shape = result[0]
    assert isinstance(shape, types.DocumentSymbol)
    assert [(c.name, c.kind) for c in shape.children or []] == [
        ("__init__", types.SymbolKind.Method),
        ("name", types.SymbolKind.Field),
        ("area", types.SymbolKind.Method),
    ]
    assert shape.selection_range.start == types.Position(line=6, character=6)
    assert shape.range.start == types.Position(line=6, character=0)
    assert shape.detail == "class Shape:"


async def test_columns_follow_the_negotiated_encoding(served: Served) -> None:
    doc = open_document(served.client, served.root / "wide.py")
    try:
        result = await served.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc_id(doc))
        )
    finally:
        close_document(served.client, doc)
    assert result is not None
    target = next(s for s in result if s.name == "target")
    assert isinstance(target, types.DocumentSymbol)
    # `x = "é𝄞"; ` is 14 UTF-8 bytes, 11 UTF-16 units.
    assert target.selection_range.start.character == (14 if served.encoding == "utf-8" else 11)
    assert target.selection_range.end.character - target.selection_range.start.character == len("target")


async def test_definition_on_a_line_with_wide_characters(served: Served) -> None:
    text = text_of(served, "wide.py")
    doc = open_document(served.client, served.root / "wide.py")
    try:
        where = position_of(text, "target", served.encoding, nth=1, shift=2)
        result = await served.client.text_document_definition_async(
            types.DefinitionParams(text_document=doc_id(doc), position=where)
        )
    finally:
        close_document(served.client, doc)
    assert isinstance(result, list) and len(result) == 1
    location = result[0]
    assert isinstance(location, types.Location)
    assert location.range.start == position_of(text, "target", served.encoding)


async def test_definition_in_the_same_file(served: Served) -> None:
    text = text_of(served, "pkg/util.py")
    doc = open_document(served.client, served.root / "pkg/util.py")
    try:
        result = await served.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=doc_id(doc), position=position_of(text, "double(3.0)", served.encoding)
            )
        )
    finally:
        close_document(served.client, doc)
    assert isinstance(result, list) and [loc.uri for loc in result] == [doc]  # type: ignore[union-attr]
    assert result[0].range.start == types.Position(line=3, character=4)  # type: ignore[union-attr]


@contextlib.contextmanager
def scratch_document(served: Served, name: str, text: str) -> Iterator[str]:
    """A file written to the workspace and open in the editor for the duration; gone afterwards."""
    path = served.root / name
    path.write_text(text, encoding="utf-8")
    doc = open_document(served.client, path, text)
    try:
        yield doc
    finally:
        close_document(served.client, doc)
        path.unlink()


async def test_definition_of_a_local_variable_after_wide_characters(served: Served) -> None:
    text = 'def greet(name):\n    prefix = "é𝄞"; greeting = prefix + name\n    return greeting\n'
    with scratch_document(served, "scratch_local.py", text) as doc:
        result = await served.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=doc_id(doc), position=position_of(text, "greeting", served.encoding, nth=1)
            )
        )
    assert isinstance(result, list) and len(result) == 1
    location = result[0]
    assert isinstance(location, types.Location)
    start = position_of(text, "greeting", served.encoding)
    end = position_of(text, "greeting", served.encoding, shift=len("greeting"))
    assert location.range == types.Range(start=start, end=end)


async def test_hover_on_a_local_variable_shows_its_binding(served: Served) -> None:
    text = "def greet(name):\n    greeting = 'hi ' + name\n    return greeting\n"
    with scratch_document(served, "scratch_local_hover.py", text) as doc:
        result = await served.client.text_document_hover_async(
            types.HoverParams(
                text_document=doc_id(doc), position=position_of(text, "greeting", served.encoding, nth=1)
            )
        )
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert "greeting = 'hi ' + name" in result.contents.value
    assert "local to" in result.contents.value and "greet" in result.contents.value
    assert "bound at line 2" in result.contents.value


async def test_definition_across_files_through_imports(served: Served) -> None:
    main_text, shapes_text = text_of(served, "pkg/main.py"), text_of(served, "pkg/shapes.py")
    main = open_document(served.client, served.root / "pkg/main.py")
    shapes = open_document(served.client, served.root / "pkg/shapes.py")
    try:
        circle = await served.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=doc_id(main), position=position_of(main_text, "Circle(r)", served.encoding)
            )
        )
        double = await served.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=doc_id(shapes),
                position=position_of(shapes_text, "double(self", served.encoding),
            )
        )
    finally:
        close_document(served.client, main)
        close_document(served.client, shapes)
    assert isinstance(circle, list) and len(circle) == 1 and isinstance(circle[0], types.Location)
    assert circle[0].uri == shapes
    assert circle[0].range.start == types.Position(line=16, character=6)
    assert isinstance(double, list) and len(double) == 1 and isinstance(double[0], types.Location)
    assert double[0].uri == uri(served.root / "pkg/util.py")
    assert double[0].range == types.Range(
        start=types.Position(line=3, character=4), end=types.Position(line=3, character=10)
    )


async def test_references_across_the_workspace(served: Served) -> None:
    text = text_of(served, "pkg/util.py")
    doc = open_document(served.client, served.root / "pkg/util.py")
    try:
        at = position_of(text, "double", served.encoding)
        with_decl = await served.client.text_document_references_async(
            types.ReferenceParams(
                text_document=doc_id(doc),
                position=at,
                context=types.ReferenceContext(include_declaration=True),
            )
        )
        without = await served.client.text_document_references_async(
            types.ReferenceParams(
                text_document=doc_id(doc),
                position=at,
                context=types.ReferenceContext(include_declaration=False),
            )
        )
    finally:
        close_document(served.client, doc)
    util, shapes = uri(served.root / "pkg/util.py"), uri(served.root / "pkg/shapes.py")
    found = {(loc.uri, loc.range.start.line) for loc in with_decl or []}
    assert {(util, 3), (util, 9), (shapes, 22)} <= found
    assert (util, 3) not in {(loc.uri, loc.range.start.line) for loc in without or []}
    assert len(without or []) == len(with_decl or []) - 1


async def test_hover_summarizes_the_symbol(served: Served) -> None:
    text = text_of(served, "pkg/shapes.py")
    doc = open_document(served.client, served.root / "pkg/shapes.py")
    try:
        at = position_of(text, "double", served.encoding, nth=1, shift=1)
        hover = await served.client.text_document_hover_async(
            types.HoverParams(text_document=doc_id(doc), position=at)
        )
        nothing = await served.client.text_document_hover_async(
            types.HoverParams(text_document=doc_id(doc), position=types.Position(line=2, character=0))
        )
    finally:
        close_document(served.client, doc)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    value = hover.contents.value
    assert "def double(x: float) -> float:" in value
    assert "Twice x." in value
    assert "pkg/util.py line 4" in value
    assert "Used by 2" in value and "`use_double`" in value and "`Circle.area`" in value
    assert hover.range == types.Range(
        start=position_of(text, "double", served.encoding, nth=1),
        end=position_of(text, "double", served.encoding, nth=1, shift=6),
    )
    assert nothing is None


async def test_workspace_symbol_is_fuzzy_and_ranked(served: Served) -> None:
    result = await served.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="circ"))
    assert result and result[0].name == "Circle"
    location = result[0].location
    assert isinstance(location, types.Location) and location.uri == uri(served.root / "pkg/shapes.py")
    assert location.range.start == types.Position(line=16, character=6)
    names = {
        s.name
        for s in await served.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="nev")) or []
    }
    assert "never_indexed" not in names  # node_modules/ is excluded by default


async def test_incremental_changes_update_the_memory(served: Served) -> None:
    path = served.root / "scratch_incremental.py"
    path.write_text("", encoding="utf-8")
    text = 's = "é𝄞"\n\n\ndef first():\n    pass\n'
    doc = open_document(served.client, path, text)
    try:
        # Insert after the wide characters on line 0, then rename `first` to `second` with a ranged change.
        insert_at = position_of(text, '"\n', served.encoding, shift=1)
        rename_start = position_of(text, "first", served.encoding)
        rename_end = position_of(text, "first", served.encoding, shift=5)
        served.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=rename_start, end=rename_end), text="second"
                    ),
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=insert_at, end=insert_at), text="; t = 1"
                    ),
                ],
            )
        )
        result = await served.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc_id(doc))
        )
    finally:
        close_document(served.client, doc)
        path.unlink()
    expected = 's = "é𝄞"; t = 1\n\n\ndef second():\n    pass\n'
    symbols = {s.name: s for s in result or []}
    assert set(symbols) == {"s", "t", "second"}
    assert symbols["t"].selection_range.start == position_of(expected, "t =", served.encoding)  # type: ignore[union-attr]
    assert symbols["second"].selection_range.start == types.Position(line=3, character=4)  # type: ignore[union-attr]


async def test_full_text_changes_replace_the_document(served: Served) -> None:
    path = served.root / "scratch_full.py"
    path.write_text("", encoding="utf-8")
    doc = open_document(served.client, path, "def old():\n    pass\n")
    try:
        served.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text="class New:\n    pass\n")],
            )
        )
        result = await served.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc_id(doc))
        )
    finally:
        close_document(served.client, doc)
        path.unlink()
    assert [s.name for s in result or []] == ["New"]


async def test_folding_ranges(served: Served) -> None:
    doc = open_document(served.client, served.root / "pkg/shapes.py")
    try:
        result = await served.client.text_document_folding_range_async(
            types.FoldingRangeParams(text_document=doc_id(doc))
        )
    finally:
        close_document(served.client, doc)
    folds = {(f.start_line, f.end_line, f.kind) for f in result or []}
    assert (6, 13, types.FoldingRangeKind.Region) in folds  # class Shape
    assert (9, 10, types.FoldingRangeKind.Region) in folds  # Shape.__init__
    assert (1, 3, types.FoldingRangeKind.Imports) in folds


async def test_selection_ranges_grow_outwards(served: Served) -> None:
    text = text_of(served, "pkg/util.py")
    doc = open_document(served.client, served.root / "pkg/util.py")
    try:
        at = position_of(text, "x * 2", served.encoding)
        result = await served.client.text_document_selection_range_async(
            types.SelectionRangeParams(text_document=doc_id(doc), positions=[at])
        )
    finally:
        close_document(served.client, doc)
    assert result is not None and len(result) == 1
    chain = []
    current: types.SelectionRange | None = result[0]
    while current is not None:
        chain.append(current.range)
        current = current.parent
    lines = text.splitlines()
    assert chain[0] == types.Range(start=at, end=types.Position(line=at.line, character=at.character + 1))
    assert any(r.start.line == 3 and r.end.line == 5 for r in chain)  # the whole function
    assert chain[-1].start == types.Position(line=0, character=0) and chain[-1].end.line >= len(lines) - 1


async def test_syntax_errors_are_published_then_cleared(served: Served) -> None:
    path = served.root / "scratch_broken.py"
    path.write_text("", encoding="utf-8")
    doc = open_document(served.client, path, "def broken(:\n    return 1\n")
    try:
        found = await eventually(lambda: served.client.diagnostics.get(doc), "syntax diagnostics")
        assert found[0].severity == types.DiagnosticSeverity.Error
        assert found[0].range.start.line == 0
        assert found[0].source
        served.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=2),
                content_changes=[
                    types.TextDocumentContentChangeWholeDocument(text="def fixed():\n    return 1\n")
                ],
            )
        )
        await eventually(lambda: len(served.client.diagnostics.get(doc, [None])) == 0, "diagnostics to clear")
    finally:
        close_document(served.client, doc)
        path.unlink()


async def test_files_not_open_are_answered_from_disk_and_forgotten_when_deleted(served: Served) -> None:
    path = served.root / "pkg" / "on_disk.py"
    path.write_text("def from_disk():\n    return 1\n", encoding="utf-8")
    params = types.DocumentSymbolParams(text_document=doc_id(uri(path)))
    result = await served.client.text_document_document_symbol_async(params)
    assert [s.name for s in result or []] == ["from_disk"]
    path.unlink()
    assert empty(await served.client.text_document_document_symbol_async(params))
    hover = await served.client.text_document_hover_async(
        types.HoverParams(text_document=doc_id(uri(path)), position=types.Position(line=0, character=5))
    )
    assert hover is None


async def test_files_changed_on_disk_are_seen_by_the_watcher(served: Served) -> None:
    path = served.root / "pkg" / "added_later.py"
    path.write_text("def appears_on_disk():\n    return 1\n", encoding="utf-8")

    async def names() -> set[str]:
        found = await served.client.workspace_symbol_async(types.WorkspaceSymbolParams(query="appears_on"))
        return {s.name for s in found or []}

    deadline = asyncio.get_running_loop().time() + PATIENCE_S
    while "appears_on_disk" not in await names():
        assert asyncio.get_running_loop().time() < deadline, "the watcher never reported the new file"
        await asyncio.sleep(0.05)
    path.unlink()
    served.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri(path), type=types.FileChangeType.Deleted)]
        )
    )
    assert "appears_on_disk" not in await names()


async def test_outline_and_search_follow_each_change(served: Served) -> None:
    """A kept outline is never answered for a newer text, and the search sees the buffer, not the disk."""
    path = served.root / "scratch_follow.py"
    path.write_text("def before_edit_zq():\n    pass\n", encoding="utf-8")
    doc = open_document(served.client, path, "def before_edit_zq():\n    pass\n")
    params = types.DocumentSymbolParams(text_document=doc_id(doc))

    async def searched(query: str) -> list[str]:
        found = await served.client.workspace_symbol_async(types.WorkspaceSymbolParams(query=query))
        return [s.name for s in found or []]

    try:
        first = await served.client.text_document_document_symbol_async(params)
        again = await served.client.text_document_document_symbol_async(params)
        assert [s.name for s in first or []] == [s.name for s in again or []] == ["before_edit_zq"]
        served.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=0, character=4),
                            end=types.Position(line=0, character=18),
                        ),
                        text="after_edit_zq",
                    )
                ],
            )
        )
        changed = await served.client.text_document_document_symbol_async(params)
        assert [s.name for s in changed or []] == ["after_edit_zq"]
        assert await searched("after_edit_zq") == ["after_edit_zq"]
        assert await searched("before_edit_zq") == []
    finally:
        close_document(served.client, doc)
        path.unlink()
    served.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri(path), type=types.FileChangeType.Deleted)]
        )
    )
    assert await searched("after_edit_zq") == []
    assert await searched("before_edit_zq") == []
