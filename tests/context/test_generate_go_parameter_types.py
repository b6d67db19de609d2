"""Generate mode in Go offers the fields the file's functions taking a parameter of the body's parameter type read
through it, whatever they name it (`st *http2stream`, `s *http2stream`), far from the body: not the struct's other
fields, which none of them reads (issue 15: h2_bundle.go's `closeStream(st *http2stream, err error)`)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.parameter_types import _habit
from archmem.indexer.languages.go import GoSpec
from archmem.indexer.workspace import Memory

from tests.support.generate import missing_lines, pack_hidden_body

FIELDS = [f"field{i}" for i in range(40)]
READ = ["field7", "field23", "field31"]
GO_DECLARATION = GoSpec.parameter_declaration or ""


def _readers() -> str:
    # Twelve functions taking a stream, each reading two of the three fields through its own name for it (one of
    # them the stream's own method, through its receiver).
    names = ["st", "s", "str", "cs", "x", "st2"] * 2
    return "".join(
        f"func read{i}({name} *stream, k int) int {{\n"
        f"\treturn {name}.{READ[i % 3]} + {name}.{READ[(i + 1) % 3]}*k\n}}\n\n"
        for i, name in enumerate(names[:-1])
    ) + (f"func (s *stream) sum(k int) int {{\n\treturn s.{READ[0]} + s.{READ[1]}*k\n}}\n\n")


def _filler(count: int, word: str = "fill") -> str:
    return "".join(
        f"func {word}{i}(a, b int) int {{\n\tc := a*{i} + b\n\treturn c - {word}{i + 1}(a, b)\n}}\n\n"
        for i in range(count)
    )


STREAM_GO = (
    "package conn\n\n"
    "type stream struct {\n"
    + "".join(f"\t{f} int\n" for f in FIELDS)
    + "}\n\n"
    + "type serverConn struct {\n\tn int\n}\n\n"
    + _readers()
    + _filler(60)
    + "func (sc *serverConn) closeStream(st *stream, err error) {\n\tsc.n--\n}\n\n"
    + _filler(12, "tail")
)


def test_the_fields_the_files_functions_taking_the_type_read_are_predicted(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"go.mod": "module example.com/conn\n\ngo 1.19\n", "conn.go": STREAM_GO},
        "conn.go",
        "func (sc *serverConn) closeStream(st *stream, err error) {",
        700,
    )
    assert not missing_lines(ctx, "conn.go", STREAM_GO, [f"\t{f} int" for f in READ]), ctx.ledger()


def test_a_go_parameter_of_the_type_is_read_by_its_own_name(tmp_path: Path) -> None:
    # `a, st *stream` and a receiver `(s *stream)` both declare one; a slice of streams does not (the fillers keep the
    # type's functions under half the file's, where `similar.functions_naming` lists them).
    text = (
        "package conn\n\ntype stream struct {\n\tid int\n}\n\n"
        "func (s *stream) one() int {\n\treturn s.id\n}\n\n"
        "func two(a, st *stream) int {\n\treturn st.id\n}\n\n"
        "func three(x *stream, n int) int {\n\treturn x.id + n\n}\n\n"
        "func four(all []*stream) int {\n\treturn all[0].id\n}\n\n" + _filler(6)
    )
    (tmp_path / "conn.go").write_text(text)
    memory = Memory.open(tmp_path, jobs=1)
    try:
        index = memory.file("conn.go")
        assert index is not None
        assert _habit(index, "stream", GO_DECLARATION) == (3, {"id": 3})
    finally:
        memory.close()
