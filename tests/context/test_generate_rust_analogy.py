"""Generate mode in Rust: functions named by one varying word (`eq_u64`, `eq_f64`) each call the method named by
that word (`value.as_u64()`, `value.as_f64()`); the body of `eq_i64` calls `value.as_i64()`, which no sibling
names. Before, that method of `Value`'s large impl block ranked as any of its forty others: it was not shown."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

VALUE = (
    "pub enum Value {\n    Null,\n    Number(f64),\n}\n\nimpl Value {\n"
    + "".join(
        f"    pub fn is_kind{i}(&self) -> bool {{\n        matches!(self, Value::Null)\n    }}\n\n"
        for i in range(40)
    )
    + "".join(
        f"    pub fn as_{t}(&self) -> Option<{t}> {{\n        None\n    }}\n\n" for t in ("u64", "f64", "i64")
    )
    + "}\n"
)
HEADER = "fn eq_i64(value: &Value, other: i64) -> bool {"
EQ = (
    "use crate::value::Value;\n\n"
    + "".join(
        f"fn eq_{t}(value: &Value, other: {t}) -> bool {{\n    value.as_{t}().map_or(false, |i| i == other)\n}}\n\n"
        for t in ("u64", "f64")
    )
    + HEADER
    + "\n    value.as_i64().map_or(false, |i| i == other)\n}\n"
)


def test_what_a_sibling_named_like_the_body_uses_with_the_word_swapped(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod eq;\npub mod value;\n", "src/value.rs": VALUE, "src/eq.rs": EQ},
        "src/eq.rs",
        HEADER,
        512,
    )
    assert not missing_lines(ctx, "src/value.rs", VALUE, ["    pub fn as_i64(&self) -> Option<i64> {"])
