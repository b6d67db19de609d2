"""Generate mode in Go: a method of a small receiver type reaches the members of the types its fields hold,
declared in another package (`held.py`, `held_members`): `lruSessionCache.Put` calls `c.q.PushFront` of its `q
*list.List`, which nothing around the body names."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# container/list: a list type of many exported methods, and one of its file's own.
LIST_GO = (
    "package list\n\n"
    "type Element struct {\n\tnext *Element\n\tValue any\n}\n\n"
    "type List struct {\n\troot Element\n\tlen  int\n}\n\n"
    "func (l *List) lazyInit() {\n\tl.len = 0\n}\n\n"
    + "".join(
        f"func (l *List) {name}(v any) *Element {{\n\tl.lazyInit()\n\treturn nil\n}}\n\n"
        for name in ("PushFront", "PushBack", "MoveToFront", "Remove", "Len", "Front", "Back", "InsertAfter")
    )
)

# Other packages using some of the list's methods: what a new caller most often reaches for.
USERS = {
    f"users/u{i}/u{i}.go": f'package u{i}\n\nimport "example.com/app/list"\n\n'
    f"func use(l *list.List) {{\n\tl.PushFront(1)\n\tl.Remove(nil)\n}}\n"
    for i in range(3)
}


def _fillers(count: int) -> str:
    return "".join(f"func fill{i}(n int) int {{\n\treturn fill{i + 1}(n * {i})\n}}\n\n" for i in range(count))


# crypto/tls's common.go: the cache's `Get` only moves an element to the front; `Put` pushes new ones.
CACHE_GO = (
    "package tls\n\n"
    'import "example.com/app/list"\n\n'
    "type cache struct {\n\tq        *list.List\n\tcapacity int\n}\n\n"
    + _fillers(30)
    + "func (c *cache) Get(key string) bool {\n\tc.q.MoveToFront(nil)\n\treturn true\n}\n\n"
    + "func (c *cache) Put(key string, value int) {\n\tc.q.PushFront(value)\n}\n\n"
    + _fillers(30)
)


def test_a_small_receivers_method_sees_the_methods_of_its_fields_types(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "list/list.go": LIST_GO, "tls/common.go": CACHE_GO, **USERS}
    ctx = pack_hidden_body(
        tmp_path, files, "tls/common.go", "func (c *cache) Put(key string, value int) {", 512
    )
    line = LIST_GO.splitlines().index("func (l *List) PushFront(v any) *Element {") + 1
    assert line in ctx.included_lines("list/list.go"), ctx.ledger()


# The cache's map holds the list's elements: `Get` reads `elem.Value` of what `c.m[key]` holds.
MAP_CACHE_GO = (
    "package tls\n\n"
    'import "example.com/app/list"\n\n'
    "type cache struct {\n\tm        map[string]*list.Element\n\tcapacity int\n}\n\n"
    + _fillers(30)
    + "func (c *cache) Get(key string) any {\n\treturn c.m[key].Value\n}\n\n"
    + _fillers(30)
)


def test_a_small_receivers_method_sees_the_fields_of_what_its_maps_hold(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "list/list.go": LIST_GO, "tls/common.go": MAP_CACHE_GO, **USERS}
    ctx = pack_hidden_body(tmp_path, files, "tls/common.go", "func (c *cache) Get(key string) any {", 512)
    line = LIST_GO.splitlines().index("\tValue any") + 1
    assert line in ctx.included_lines("list/list.go"), ctx.ledger()


# package io: interfaces of one method each, grouped by embedding, and more interfaces than a small budget shows.
IO_GO = (
    "package io\n\n"
    + "".join(
        f"type {name}er interface {{\n\t{name}(p []byte) (n int, err error)\n}}\n\n"
        for name in ("Read", "Write", "Seek", "Flush", "Peek", "Scan", "Skip", "Fill")
    )
    + "type Closer interface {\n\tClose() error\n}\n\n"
    + "type ReadCloser interface {\n\tReader\n\tCloser\n}\n\n"
)
# net/http's cancelTimerBody: its `Close` hands on to the body it wraps, and so will its `Read`.
WRAPPER_GO = (
    "package http\n\n"
    'import "example.com/app/io"\n\n'
    "type cancelTimerBody struct {\n\tstop func()\n\trc   io.ReadCloser\n}\n\n"
    + _fillers(30)
    + "func (b *cancelTimerBody) Read(p []byte) (n int, err error) {\n\treturn 0, nil\n}\n\n"
    + "func (b *cancelTimerBody) Close() error {\n\tb.stop()\n\treturn b.rc.Close()\n}\n\n"
    + _fillers(30)
)


def test_a_wrappers_method_sees_its_namesake_on_what_its_field_holds(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "io/io.go": IO_GO, "http/client.go": WRAPPER_GO}
    header = "func (b *cancelTimerBody) Read(p []byte) (n int, err error) {"
    ctx = pack_hidden_body(tmp_path, files, "http/client.go", header, 400)
    line = IO_GO.splitlines().index("\tRead(p []byte) (n int, err error)") + 1
    assert line in ctx.included_lines("io/io.go"), ctx.ledger()


# crypto/tls's `serverHandshakeState`-sized receiver: more fields than a small class's, within twice as many.
WIDER_CACHE_GO = CACHE_GO.replace("\tcapacity int\n", "".join(f"\tcount{i} int\n" for i in range(20)))


def test_a_receiver_of_some_twenty_members_sees_the_methods_of_its_fields_types(tmp_path: Path) -> None:
    files = {"go.mod": GO_MOD, "list/list.go": LIST_GO, "tls/common.go": WIDER_CACHE_GO, **USERS}
    ctx = pack_hidden_body(
        tmp_path, files, "tls/common.go", "func (c *cache) Put(key string, value int) {", 512
    )
    line = LIST_GO.splitlines().index("func (l *List) PushFront(v any) *Element {") + 1
    assert line in ctx.included_lines("list/list.go"), ctx.ledger()
