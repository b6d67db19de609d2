"""Generate mode in Go: what the functions shaped like the body in its package's other files use is offered, though
nothing in the body's own file names it (`elsewhere.py` over the package, `GenerateRules.alike_in_package`):
net/http's transport.go `readResponse` calls the `httptrace.ClientTrace` hooks its likes in the package's other
files call."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

# A type and a helper of the package declared in a file of their own; no function of the body's file calls the helper.
WIRE_GO = (
    "package web\n\ntype wireResponse struct {\n\tsize int\n}\n\n"
    "func logWire(what string, n int) {\n\tprintln(what, n)\n}\n"
)
WANTED = WIRE_GO.splitlines().index("func logWire(what string, n int) {") + 1


def _like(name: str, first: int) -> str:
    """A file of the package holding a function shaped like the body (its receiver, its parameter's type, a word
    of its name) that calls `logWire`, among ten unrelated ones."""
    return (
        "package web\n\n"
        f"func (pc *persistConn) {name}(resp *wireResponse) error {{\n"
        f'\tlogWire("{name}", resp.size)\n\treturn nil\n}}\n\n' + go_filler_functions(first, 10)
    )


LIKES = {
    f"web/{name}.go": _like(name, 100 + 20 * i)
    for i, name in enumerate(("readHeader", "readTrailer", "readBody", "readStatus"))
}
HEADER = "func (pc *persistConn) readResponse(resp *wireResponse) error {"
TRANSPORT_GO = (
    "package web\n\n"
    "type persistConn struct {\n\tclosed bool\n}\n\n"
    + go_filler_functions(0, 30)
    + f'{HEADER}\n\tlogWire("readResponse", resp.size)\n\treturn nil\n}}\n\n'
    + go_filler_functions(40, 30)
)
FILES = {"go.mod": GO_MOD, "web/wire.go": WIRE_GO, "web/transport.go": TRANSPORT_GO, **LIKES}


def test_what_the_likes_in_the_packages_other_files_call_is_offered(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "web/transport.go", HEADER, 400)
    assert WANTED in ctx.included_lines("web/wire.go"), ctx.ledger()


def test_a_name_fewer_likes_call_is_not_offered(tmp_path: Path) -> None:
    """What one like function calls is mostly its own business: the name is offered where PACKAGE_USERS of them
    call it, not three."""
    path, text = next(iter(LIKES.items()))
    fewer = {**FILES, path: text.replace("logWire(", "logOther(")}
    ctx = pack_hidden_body(tmp_path, fewer, "web/transport.go", HEADER, 400)
    assert WANTED not in ctx.included_lines("web/wire.go"), ctx.ledger()
