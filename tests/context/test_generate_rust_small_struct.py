"""Generate mode in Rust: a struct of one or two fields is built by naming them (`KeySerializer { ser: self }`).
Where the struct's name is ranked (here: it shares `key` with the body's name), its field ranks with it; before,
its header was shown and its field, which nothing around the body names, was not."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body, rust_filler_methods

SER = (
    "pub struct Serializer {\n    out: Vec<u8>,\n}\n\n"
    "impl Serializer {\n"
    + rust_filler_methods(0, 30)
    + "    fn serialize_value(&mut self, value: &str) -> usize {\n        self.out.len() + value.len()\n    }\n\n"
    "    fn serialize_key(&mut self, key: &str) -> usize {\n        todo!()\n    }\n"
    "}\n\n"
    + "".join(
        f"pub struct Unrelated{i} {{\n    first{i}: usize,\n    second{i}: usize,\n}}\n\n" for i in range(30)
    )
    + "struct KeySerializer<'a> {\n    ser: &'a mut Serializer,\n}\n\n"
    "impl<'a> KeySerializer<'a> {\n    fn emit(self, key: &str) -> usize {\n        self.ser.out.len() + key.len()\n    }\n}\n"
)


def test_a_ranked_small_structs_field_comes_with_its_header(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod ser;\n", "src/ser.rs": SER},
        "src/ser.rs",
        "    fn serialize_key(&mut self, key: &str) -> usize {",
        1024,
    )
    assert not missing_lines(
        ctx, "src/ser.rs", SER, ["struct KeySerializer<'a> {", "    ser: &'a mut Serializer,"]
    )
