"""Generate mode in Go: a receiver's field the body's name names is one the body works through, whatever the
receiver's size, and more of its type's members are offered (`held.py`, `held_members`, NAMED_FIELD_MEMBERS):
runtime's `mheap.reclaim` calls `h.reclaimCredit.Load` of its `reclaimCredit atomic.Uintptr` among 40 fields;
crypto/tls's `readFinished` calls `hs.finishedHash.clientSum`, the least used of its type's many methods."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# runtime/internal/atomic: a value type whose methods every user of it calls.
ATOMIC_GO = "package atomic\n\ntype Uintptr struct {\n\tvalue uintptr\n}\n\n" + "".join(
    f"func (u *Uintptr) {name}(v uintptr) uintptr {{\n\treturn u.value\n}}\n\n"
    for name in ("Load", "Store", "Add", "CompareAndSwap", "Swap")
)
USERS = {
    f"users/u{i}/u{i}.go": f'package u{i}\n\nimport "example.com/app/atomic"\n\n'
    f"func use(u *atomic.Uintptr) {{\n\tu.Load(0)\n\tu.Store(1)\n}}\n"
    for i in range(3)
}
# runtime/mheap.go: a receiver of many fields and methods, one field named for the method being written.
MHEAP_GO = (
    "package runtime\n\n"
    'import "example.com/app/atomic"\n\n'
    "type mheap struct {\n"
    + "".join(f"\tpages{i} int\n" for i in range(40))
    + "\treclaimCredit atomic.Uintptr\n}\n\n"
    + go_filler_functions(0, 30)
    + "func (h *mheap) grow(n int) int {\n\treturn h.pages0 + n\n}\n\n"
    + "func (h *mheap) reclaim(npage uintptr) {\n\th.pages1 = 0\n}\n\n"
    + "func (h *mheap) alloc(n int) int {\n\treturn h.pages2 + n\n}\n\n"
    + go_filler_functions(30, 30)
)


def test_a_large_receivers_field_the_body_names_offers_its_types_members(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "atomic/types.go": ATOMIC_GO, "runtime/mheap.go": MHEAP_GO, **USERS}
    ctx = pack_hidden_body(
        tmp_path, files, "runtime/mheap.go", "func (h *mheap) reclaim(npage uintptr) {", 600
    )
    line = ATOMIC_GO.splitlines().index("func (u *Uintptr) Load(v uintptr) uintptr {") + 1
    assert line in ctx.included_lines("atomic/types.go"), ctx.ledger()


# crypto/tls's prf.go: the finished hash's methods, the handshake calling most through it and `clientSum` once.
HASH_METHODS = [f"write{i}" for i in range(10)] + ["clientSum"]
PRF_GO = "package tls\n\ntype finishedHash struct {\n\tbuffer []byte\n}\n\n" + "".join(
    f"func (h finishedHash) {name}(b []byte) []byte {{\n\treturn h.buffer\n}}\n\n" for name in HASH_METHODS
)
# handshake_server.go: a small receiver whose other methods call ten of the hash's methods through the field.
SERVER_GO = (
    "package tls\n\n"
    "type serverHandshakeState struct {\n\tfinishedHash finishedHash\n\tmasterSecret []byte\n}\n\n"
    + go_filler_functions(0, 30)
    + "".join(
        f"func (hs *serverHandshakeState) step{i}() {{\n\ths.finishedHash.write{i}(hs.masterSecret)\n}}\n\n"
        for i in range(10)
    )
    + "func (hs *serverHandshakeState) readFinished(out []byte) error {\n\treturn nil\n}\n\n"
    + go_filler_functions(30, 30)
)


def test_a_field_the_body_names_offers_more_of_its_types_members(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "tls/prf.go": PRF_GO, "tls/handshake_server.go": SERVER_GO}
    header = "func (hs *serverHandshakeState) readFinished(out []byte) error {"
    ctx = pack_hidden_body(tmp_path, files, "tls/handshake_server.go", header, 1200)
    line = PRF_GO.splitlines().index("func (h finishedHash) clientSum(b []byte) []byte {") + 1
    assert line in ctx.included_lines("tls/prf.go"), ctx.ledger()


# package time: a value type of many methods, which fields of all kinds hold.
TIME_GO = "package time\n\ntype Duration int64\n\n" + "".join(
    f"func (d Duration) {name}() Duration {{\n\treturn d\n}}\n\n"
    for name in ("Round", "Truncate", "Abs", "Hours", "Minutes", "Seconds")
)
# net/http's Transport: `idle` is a word of five of its fields, so it names none of them for `CloseIdleConnections`.
TRANSPORT_GO = (
    "package http\n\n"
    'import "example.com/app/time"\n\n'
    "type Transport struct {\n"
    + "".join(f"\tproxy{i} int\n" for i in range(40))
    + "".join(f"\tidle{name} time.Duration\n" for name in ("Timeout", "Wait", "Limit", "Max", "Min"))
    + "}\n\n"
    + go_filler_functions(0, 30)
    + "func (t *Transport) CloseIdleConnections() {\n\tt.proxy1 = 0\n}\n\n"
    + go_filler_functions(30, 30)
)


def test_a_word_many_fields_carry_names_none_of_them(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "time/time.go": TIME_GO, "http/transport.go": TRANSPORT_GO}
    header = "func (t *Transport) CloseIdleConnections() {"
    ctx = pack_hidden_body(tmp_path, files, "http/transport.go", header, 800)
    assert not ctx.included_lines("time/time.go"), ctx.ledger()


# package bytes: a buffer whose `Grow` the users call.
BYTES_GO = "package bytes\n\ntype Buffer struct {\n\tbuf []byte\n}\n\n" + "".join(
    f"func (b *Buffer) {name}(n int) int {{\n\treturn len(b.buf)\n}}\n\n"
    for name in ("Grow", "ReadFrom", "Len", "Truncate")
)
BYTES_USERS = {
    f"users/b{i}/b{i}.go": f'package b{i}\n\nimport "example.com/app/bytes"\n\n'
    f"func use(b *bytes.Buffer) {{\n\tb.Grow(1)\n}}\n"
    for i in range(3)
}
# crypto/tls's Conn: many fields; the doc comment of `readFromUntil` names the one it fills, through the receiver.
CONN_GO = (
    "package tls\n\n"
    'import "example.com/app/bytes"\n\n'
    "type Conn struct {\n"
    + "".join(f"\tstate{i} int\n" for i in range(40))
    + "\trawInput bytes.Buffer\n}\n\n"
    + go_filler_functions(0, 30)
    + "// readFromUntil reads from r into c.rawInput until it holds at least n bytes.\n"
    + "func (c *Conn) readFromUntil(n int) error {\n\treturn nil\n}\n\n"
    + go_filler_functions(30, 30)
)


def test_a_field_the_doc_comment_names_through_the_receiver_offers_its_types_members(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "bytes/buffer.go": BYTES_GO, "tls/conn.go": CONN_GO, **BYTES_USERS}
    ctx = pack_hidden_body(tmp_path, files, "tls/conn.go", "func (c *Conn) readFromUntil(n int) error {", 600)
    line = BYTES_GO.splitlines().index("func (b *Buffer) Grow(n int) int {") + 1
    assert line in ctx.included_lines("bytes/buffer.go"), ctx.ledger()
