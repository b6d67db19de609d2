"""Generate mode in Rust: a function whose header returns a type alias of its impl (`-> Result<Self::
SerializeMap>`, with `type SerializeMap = Compound<'a>;`) builds what the alias names; when that is a small
enum, one of its variants with its fields (`Compound::Map { ser: self, state }`), so the variants' fields come
however far away the enum is declared."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

SER = (
    "pub enum State {\n    Empty,\n    First,\n}\n\n"
    "pub enum Compound<'a> {\n"
    "    Map {\n        ser: &'a mut Serializer,\n        state: State,\n    },\n"
    "    Number {\n        digits: &'a mut Serializer,\n    },\n}\n\n"
    "pub struct Serializer {\n    depth: usize,\n}\n\n"
    "impl Serializer {\n" + rust_filler_methods(0, 60) + "}\n\n"
    "impl<'a> ser::Serializer for &'a mut Serializer {\n"
    "    type SerializeMap = Compound<'a>;\n\n"
    "    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap> {\n        todo!()\n    }\n"
    "}\n"
)


def test_a_function_building_an_aliased_enum_sees_its_variants_fields(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ser;\n", "src/ser.rs": SER},
        "src/ser.rs",
        "    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap> {",
        1024,
    )
    fields = [
        "        ser: &'a mut Serializer,",
        "        state: State,",
        "        digits: &'a mut Serializer,",
    ]
    assert not missing_lines(ctx, "src/ser.rs", SER, fields)
