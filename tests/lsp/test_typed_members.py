"""Go to definition, hover and references on members reached through declared types, through a real stdio
session: Go's `c.mu.Lock` (a receiver's field whose type is in another file of the package) and C's
`p->a.b` (a parameter's struct field through a typedef)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import serving
from tests.lsp.harness import position_of, uri

pytestmark = pytest.mark.asyncio(loop_scope="function")

FILES = {
    "srv/mutex.go": """\
        package srv

        type Mutex struct{ state int }

        func (m *Mutex) Lock() {}
        """,
    "srv/conn.go": """\
        package srv

        type Door struct{}

        func (d *Door) Lock() {}

        type conn struct {
        \tmu   Mutex
        \tdoor *Door
        }

        func (c *conn) serve() {
        \tc.mu.Lock()
        }
        """,
    "db.c": """\
        typedef struct btree_s Btree;
        struct btree_s { int flags; };
        struct outer { Btree inner; };

        int flagsOf(struct outer *p) {
          return p->inner.flags;
        }
        """,
}


async def test_definition_hover_and_references_follow_declared_types(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    conn_text = (root / "srv/conn.go").read_text(encoding="utf-8")
    c_text = (root / "db.c").read_text(encoding="utf-8")
    async with serving("visual-studio-code", root, tmp_path / "cache") as session:
        conn = types.TextDocumentIdentifier(uri=session.open("srv/conn.go"))
        lock = await session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=conn, position=position_of(conn_text, "c.mu.Lock", session.encoding, shift=6)
            )
        )
        hover = await session.client.text_document_hover_async(
            types.HoverParams(
                text_document=conn, position=position_of(conn_text, "c.mu.Lock", session.encoding, shift=6)
            )
        )
        db = types.TextDocumentIdentifier(uri=session.open("db.c"))
        flags_at = position_of(c_text, "p->inner.flags", session.encoding, shift=10)
        flags = await session.client.text_document_definition_async(
            types.DefinitionParams(text_document=db, position=flags_at)
        )
        mutex = types.TextDocumentIdentifier(uri=session.open("srv/mutex.go"))
        mutex_text = (root / "srv/mutex.go").read_text(encoding="utf-8")
        references = await session.client.text_document_references_async(
            types.ReferenceParams(
                text_document=mutex,
                position=position_of(mutex_text, "Lock", session.encoding, shift=1),
                context=types.ReferenceContext(include_declaration=False),
            )
        )
    # `Mutex.Lock` in the other file of the package, not `Door.Lock` beside the use.
    assert [(d.uri, d.range.start.line) for d in lock or []] == [(uri(root / "srv/mutex.go"), 4)]
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "func (m *Mutex) Lock()" in hover.contents.value
    # `p->inner.flags`: `struct outer`'s `inner` is a `Btree`, a typedef of `struct btree_s`.
    assert [(d.uri, d.range.start.line) for d in flags or []] == [(uri(root / "db.c"), 1)]
    assert [(r.uri, r.range.start.line) for r in references or []] == [(uri(root / "srv/conn.go"), 12)]
