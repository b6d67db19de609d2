"""The fields a Rust function's struct literals set (`rust_types.literal_fields`), read by jumping between
brackets and commas: the same answer as reading every byte of the literal, on generated literals and on a
real file of the bench corpus when it is there."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from archmem.indexer.languages.rust_types import _MAX_LITERAL, FunctionLiterals, literal_fields

_PARSE_RS = (
    Path(__file__).resolve().parents[2] / "bench/_data/rust-crates/regex-syntax-0.6.27/src/ast/parse.rs"
)


def _parts_byte_by_byte(text: bytes, at: int, end: int) -> list[bytes]:
    """What the literal opening before `at` holds at its own level, one byte at a time."""
    parts: list[bytes] = []
    depth = 0
    part_start = at
    for i in range(at, min(end, at + _MAX_LITERAL)):
        char = text[i]
        if char in b"([{":
            depth += 1
        elif char in b")]}":
            if depth == 0:
                parts.append(text[part_start:i].strip())
                return parts
            depth -= 1
        elif char == 0x2C and depth == 0:
            parts.append(text[part_start:i].strip())
            part_start = i + 1
    return []


def _fields_byte_by_byte(text: bytes, start: int, end: int) -> dict[str, list[str]]:
    import re

    from archmem.indexer.languages import rust_types

    field = re.compile(rb"([A-Za-z_]\w*)\s*(?::(?!:)|$)")
    out: dict[str, list[str]] = {}
    for match in rust_types._LITERAL.finditer(text, start, end):
        typename = match.group(1).decode("utf-8", "replace").replace("::", ".")
        for part in _parts_byte_by_byte(text, match.end(), end):
            found = field.match(part)
            if found is not None and typename not in out.setdefault(found.group(1).decode(), []):
                out[found.group(1).decode()].append(typename)
    return out


def test_the_fields_read_between_delimiters_are_those_read_byte_by_byte() -> None:
    rng = random.Random(5)
    pieces = [b"Ast {", b"ast::Span {", b"Self {", b"}", b"(", b")", b"[", b"]", b"{", b",", b" ", b"\n",
              b"span", b": ", b"start", b"x::y", b"if a == B {", b"kind: Kind::X", b"1", b"\"s\""]  # fmt: skip
    for _ in range(400):
        text = b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 80)))
        start = rng.randrange(0, len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        assert literal_fields(text, start, end) == _fields_byte_by_byte(text, start, end), (text, start, end)
    # A literal longer than the bound is read up to it, as before.
    long = b"T { a: 1, " + b"b: (" * 2000 + b")" * 2000 + b", c: 2 }"
    assert literal_fields(long, 0, len(long)) == _fields_byte_by_byte(long, 0, len(long))


def test_a_real_files_functions_give_the_fields_read_byte_by_byte() -> None:
    if not _PARSE_RS.is_file():
        pytest.skip("the bench corpus is not downloaded (bench/_data)")
    text = _PARSE_RS.read_bytes()
    starts = [i for i in range(len(text)) if text.startswith(b"fn ", i)]
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        assert literal_fields(text, start, end) == _fields_byte_by_byte(text, start, end)


def test_every_field_a_literal_sets_is_among_the_names_that_may_set_one() -> None:
    """`FunctionLiterals.setters` lets the resolver skip reading the literals for a name set by none (`unbound_name`): it
    must hold every field `literal_fields` finds, on generated literals and, when it is there, a real file."""
    rng = random.Random(7)
    pieces = [b"Ast {", b"ast::Span {", b"Self {", b"}", b"(", b")", b"[", b"]", b"{", b",", b" ", b"\n", b"\t",
              b"span", b": ", b":", b"::", b"start", b"x::y", b"if a == B {", b"kind: Kind::X", b"1", b"\"s\"",
              b"Ok(", b"..", b"addr"]  # fmt: skip
    texts: list[tuple[bytes, int, int]] = []
    for _ in range(600):
        text = b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 80)))
        start = rng.randrange(0, len(text) + 1)
        texts.append((text, start, rng.randrange(start, len(text) + 1)))
    if _PARSE_RS.is_file():
        text = _PARSE_RS.read_bytes()
        starts = [i for i in range(len(text)) if text.startswith(b"fn ", i)]
        texts += [(text, a, b) for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    found = 0
    for text, start, end in texts:
        fields = literal_fields(text, start, end)
        found += len(fields)
        assert set(fields) <= FunctionLiterals(text, start, end).setters, (text, start, end)
    assert found > 100  # the generated texts do set fields
