"""Generate mode in Go: an imported package's names sharing a camel-case part of the body's name (digits kept) are
what the body works with (`package_words.py`): math/big's `(x *Float) Int64()` checks `math.MaxInt64` and
`math.MinInt64`, which nothing else in float.go names. A part too many of the package's names carry singles none
out."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import go_filler_functions, pack_hidden_body

GO_MOD = "module example.com/app\n\ngo 1.19\n"

MATHS_GO = (
    "package maths\n\n"
    "const (\n\tMaxInt64 = 1<<63 - 1\n\tMinInt64 = -1 << 63\n\tMaxInt32 = 1<<31 - 1\n)\n\n"
    "func Sqrt(x float64) float64 { return x }\n\n"
    "func Abs(x float64) float64 { return x }\n"
)
# Ten names carrying the part `Bits`: the part says nothing of which one.
OPS = ("Len", "Rev", "Ones", "Rot", "Add", "Sub", "Mul", "Div", "Xor", "And")
BITSY_GO = "package bitsy\n\n" + "".join(f"func Bits{op}(x uint) int {{ return 0 }}\n\n" for op in OPS)

INT64 = "func (x *Float) Int64() (int64, bool) {"
BITS = "func (x *Float) Bits() int {"
FLOAT_GO = (
    "package big\n\n"
    'import (\n\t"example.com/app/bitsy"\n\t"example.com/app/maths"\n)\n\n'
    "type Float struct {\n\tprec uint32\n}\n\n"
    "func (x *Float) Sqrt() float64 {\n\treturn maths.Sqrt(float64(x.prec)) + maths.Abs(0)\n}\n\n"
    + go_filler_functions(0, 30)
    + f"{INT64}\n\tif x.prec > 0 {{\n\t\treturn maths.MaxInt64, false\n\t}}\n\treturn maths.MinInt64, false\n}}\n\n"
    + f"{BITS}\n\treturn bitsy.BitsOnes(uint(x.prec))\n}}\n\n"
    + go_filler_functions(40, 30)
    # The file's one other use of bitsy: the import waits for no body (`waiting_imports.py`).
    + "func far() int {\n\treturn bitsy.BitsAnd(1)\n}\n"
)
FILES = {"go.mod": GO_MOD, "maths/maths.go": MATHS_GO, "bitsy/bitsy.go": BITSY_GO, "big/float.go": FLOAT_GO}


def test_a_package_name_sharing_a_part_of_the_body_name_is_offered(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "big/float.go", INT64, 400)
    shown = ctx.included_lines("maths/maths.go")
    assert {4, 5} <= shown, ctx.ledger()  # MaxInt64, MinInt64


def test_a_part_many_package_names_carry_offers_none_of_them(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, FILES, "big/float.go", BITS, 400)
    all_but_and = set(range(3, 20, 2))
    assert not ctx.included_lines("bitsy/bitsy.go") & all_but_and, ctx.ledger()


def test_a_package_names_are_read_from_the_stores_rows_not_its_files_memories(tmp_path: Path) -> None:
    """`GoSpec.package_names` answers from the store's rows: reading each file's memory cost h2_bundle.go's first
    generate pack 340 ms (go8). An open document's names are its buffer's."""
    from archmem.indexer.languages import BY_NAME
    from archmem.indexer.workspace import Memory

    from tests.support.memory import write_tree

    write_tree(
        tmp_path, {**FILES, "maths/more.go": "package maths\n\nconst MaxUint8 = 255\n\nfunc hidden() {}\n"}
    )
    memory = Memory.open(tmp_path, jobs=1)
    try:
        memory.set_document(str(tmp_path / "maths/more.go"), "package maths\n\nconst MaxUint16 = 65535\n")
        names = BY_NAME["go"].package_names(memory, "maths/maths.go")
        loaded = set(memory._loaded)
    finally:
        memory.close()
    assert set(names) == {"MaxInt64", "MinInt64", "MaxInt32", "Sqrt", "Abs", "MaxUint16"}
    assert "maths/maths.go" not in loaded
