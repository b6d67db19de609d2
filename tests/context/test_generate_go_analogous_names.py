"""Generate mode in Go: a sibling named like the body but for one word (text/template's `evalString` beside the
body `evalBool`) calls through its own local what the body calls with that word swapped (`value.SetString` ->
`value.SetBool`), resolved where the sibling uses it (`named.analogous_names`, `analogies_where_used`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

WANTED_LINE = "func (v *Value) SetBool(x bool) {"
# Many methods, in a file of their own: the body's header names no `Value`, and no function of its file calls this one.
VALUE_GO = (
    "package web\n\ntype Value struct {\n\tbits uint64\n}\n\n"
    "func newValue(kind int) *Value {\n\treturn &Value{bits: uint64(kind)}\n}\n\n"
    + "".join(f"func (v *Value) Method{i}() uint64 {{\n\treturn v.bits + {i}\n}}\n\n" for i in range(30))
    + "func (v *Value) SetString(x string) {\n\tv.bits = uint64(len(x))\n}\n\n"
    + f"{WANTED_LINE}\n\tv.bits = 1\n}}\n"
)
WANTED = VALUE_GO.splitlines().index(WANTED_LINE) + 1
HEADER = "func (s *state) evalBool(kind int) int {"
EXEC_GO = (
    "package web\n\ntype state struct {\n\tdepth int\n}\n\n"
    + go_filler_functions(0, 30)
    + 'func (s *state) evalString(kind int) int {\n\tvalue := newValue(kind)\n\tvalue.SetString("x")\n'
    + "\treturn s.depth\n}\n\n"
    + f"{HEADER}\n\tnewValue(kind).SetBool(true)\n}}\n\n"
    + go_filler_functions(40, 30)
)
FILES = {"go.mod": GO_MOD, "web/value.go": VALUE_GO, "web/exec.go": EXEC_GO}


def test_what_a_sibling_named_but_for_one_word_calls_through_its_local_is_offered_swapped(
    tmp_path: Path,
) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "web/exec.go", HEADER, 400)
    assert WANTED in ctx.included_lines("web/value.go"), ctx.ledger()
