"""A `ProposedEdit` (UTF-8 byte offsets) as the `WorkspaceEdit` a client can apply.

Versioned `TextDocumentEdit`s whenever the client takes `documentChanges` (declared, or implied by its
resource operations, as Neovim does), so the editor itself refuses an edit made for an older version; a
change annotation saying what was verified, with `needsConfirmation`, where the client supports them; a
`CreateFile` first for a file that does not exist yet, or a reason why the client cannot take it.
"""

from __future__ import annotations

from dataclasses import dataclass

from archmem.indexer.positions import Encoding
from archmem.server.actions.edits import ProposedEdit
from archmem.server.lsp.convert import LspPositions
from lsprotocol import types

ANNOTATION_ID = "archmem.verified"


@dataclass(frozen=True)
class EditSupport:
    """What the client said it can apply."""

    document_changes: bool
    annotations: bool
    create_files: bool

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities) -> EditSupport:
        workspace = capabilities.workspace
        edit = workspace.workspace_edit if workspace is not None else None
        if edit is None:
            return cls(False, False, False)
        operations = [str(getattr(op, "value", op)) for op in edit.resource_operations or []]
        document_changes = bool(edit.document_changes) or bool(operations)
        return cls(
            document_changes,
            document_changes and edit.change_annotation_support is not None,
            document_changes and "create" in operations,
        )


def workspace_edit(
    proposed: ProposedEdit,
    uri: str,
    before: bytes,
    encoding: Encoding,
    support: EditSupport,
    *,
    creates_file: bool = False,
) -> types.WorkspaceEdit | str:
    """The edit for `before` (the text `proposed` was computed on), or why this client cannot apply it."""
    if creates_file and not support.create_files:
        return (
            "this editor cannot create files through the language server (no workspace edit resource "
            "operations); run `archmem generate` on the command line to write the new file"
        )
    positions = LspPositions(before, encoding)
    annotated = support.annotations
    edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit] = []
    for edit in proposed.edits:
        where = positions.range(edit.start_byte, edit.end_byte)
        if annotated:
            edits.append(
                types.AnnotatedTextEdit(range=where, new_text=edit.new_text, annotation_id=ANNOTATION_ID)
            )
        else:
            edits.append(types.TextEdit(range=where, new_text=edit.new_text))
    if not support.document_changes:
        # Unversioned: the server checked the version and the text just before sending it.
        return types.WorkspaceEdit(changes={uri: [e for e in edits if isinstance(e, types.TextEdit)]})
    version = None if creates_file else proposed.version
    changes: list[types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile] = []
    if creates_file:
        changes.append(
            types.CreateFile(
                uri=uri,
                options=types.CreateFileOptions(overwrite=False, ignore_if_exists=True),
                annotation_id=ANNOTATION_ID if annotated else None,
            )
        )
    changes.append(
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
            edits=edits,
        )
    )
    annotations = None
    if annotated:
        label = proposed.summary if proposed.verified else f"unverified: {proposed.summary}"
        annotations = {
            ANNOTATION_ID: types.ChangeAnnotation(
                label=f"archmem: {label}", needs_confirmation=True, description=proposed.detail or None
            )
        }
    return types.WorkspaceEdit(document_changes=changes, change_annotations=annotations)
