"""Generate mode in Rust: what the sibling methods reach through a name their own pattern binds, though the
file imports the same name (`Compound::Map { ser, .. }` then `ser.writer`, beside `use serde::ser`), is
resolved in the sibling's scope: the binding's declared type leads to the field the new body needs too."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

SER = (
    "use serde::ser::{self, Serialize};\n\n"
    "pub struct Serializer<W, F> {\n    writer: W,\n    formatter: F,\n}\n\n"
    "impl<W, F> Serializer<W, F> {\n" + rust_filler_methods(0, 60) + "}\n\n"
    "pub enum State {\n    First,\n    Rest,\n}\n\n"
    "pub enum Compound<'a, W: 'a, F: 'a> {\n"
    "    Map {\n        ser: &'a mut Serializer<W, F>,\n        state: State,\n    },\n}\n\n"
    "impl<'a, W, F> ser::SerializeMap for Compound<'a, W, F> {\n"
    "    fn serialize_key<T>(&mut self, key: &T) -> Result<()> {\n        todo!()\n    }\n\n"
    "    fn serialize_value<T>(&mut self, value: &T) -> Result<()> {\n"
    "        match self {\n"
    "            Compound::Map { ser, .. } => {\n"
    "                ser.formatter.begin_object_value(&mut ser.writer);\n"
    "                value.serialize(&mut **ser)\n"
    "            }\n"
    "        }\n"
    "    }\n"
    "}\n"
)


def test_a_siblings_pattern_binding_named_like_an_import_leads_to_its_types_fields(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ser;\n", "src/ser.rs": SER},
        "src/ser.rs",
        "    fn serialize_key<T>(&mut self, key: &T) -> Result<()> {",
        1024,
    )
    assert not missing_lines(ctx, "src/ser.rs", SER, ["    writer: W,", "    formatter: F,"])
