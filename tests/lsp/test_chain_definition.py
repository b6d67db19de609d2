"""Go to definition and references through chains with subscripts and call results, through a real stdio
session: C's `db->aDb[i].pBt->inTrans` (an array field's element) and Go's `c.peers[0].Close()` and
`dial().id` (a slice's element type, a function's declared result)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.actions_harness import serving
from tests.lsp.harness import position_of, uri

pytestmark = pytest.mark.asyncio(loop_scope="function")

FILES = {
    "db.c": """\
        struct Btree { int inTrans; };
        typedef struct Db { struct Btree *pBt; } Db;
        struct sqlite3 { Db *aDb; int nDb; };

        int inTrans(struct sqlite3 *db, int i) {
          return db->aDb[i].pBt->inTrans;
        }
        """,
    "conn/conn.go": """\
        package conn

        type Conn struct {
        \tid    int
        \tpeers []*Conn
        }

        func (c *Conn) Close() error { return nil }

        func dial() *Conn { return nil }

        func (c *Conn) closeFirst() int {
        \tc.peers[0].Close()
        \treturn dial().id
        }
        """,
}


async def test_definition_and_references_through_subscripts_and_calls(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    c_text = (root / "db.c").read_text(encoding="utf-8")
    go_text = (root / "conn/conn.go").read_text(encoding="utf-8")
    async with serving("visual-studio-code", root, tmp_path / "cache") as session:
        db = types.TextDocumentIdentifier(uri=session.open("db.c"))
        pbt = await session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=db, position=position_of(c_text, "aDb[i].pBt", session.encoding, shift=8)
            )
        )
        in_trans = await session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=db, position=position_of(c_text, "pBt->inTrans;", session.encoding, shift=6)
            )
        )
        conn = types.TextDocumentIdentifier(uri=session.open("conn/conn.go"))
        close = await session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=conn, position=position_of(go_text, "[0].Close", session.encoding, shift=5)
            )
        )
        ident = await session.client.text_document_definition_async(
            types.DefinitionParams(
                text_document=conn, position=position_of(go_text, "dial().id", session.encoding, shift=7)
            )
        )
        references = await session.client.text_document_references_async(
            types.ReferenceParams(
                text_document=conn,
                position=position_of(go_text, "Close() error", session.encoding, shift=1),
                context=types.ReferenceContext(include_declaration=False),
            )
        )
    assert [(d.uri, d.range.start.line) for d in pbt or []] == [(uri(root / "db.c"), 1)]
    assert [(d.uri, d.range.start.line) for d in in_trans or []] == [(uri(root / "db.c"), 0)]
    go_uri = uri(root / "conn/conn.go")
    assert [(d.uri, d.range.start.line) for d in close or []] == [(go_uri, 7)]
    assert [(d.uri, d.range.start.line) for d in ident or []] == [(go_uri, 3)]
    assert [(r.uri, r.range.start.line) for r in references or []] == [(go_uri, 12)]
