"""Generate mode in Rust: the functions around the body take the same parameter (`input: &stream::Stream`) and call its
methods (`input.fork()`); the body's header binds `input` too, so it reaches for the same methods. The ranking
passed over `input.fork`: its head was neither the receiver, a definition of the file nor an import."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body

STREAM = (
    "".join(f"pub struct Thing{i} {{\n    pub size: usize,\n}}\n\n" for i in range(30))
    + "pub struct Stream {\n    pub pos: usize,\n}\n\n"
    + "impl Stream {\n"
    + "".join(f"    pub fn step{i}(&self) -> usize {{\n        self.pos + {i}\n    }}\n\n" for i in range(80))
    + "    pub fn fork(&self) -> Stream {\n        Stream { pos: self.pos }\n    }\n}\n"
)
USERS = "".join(
    f"pub fn check{i}(input: &stream::Stream, limit: u32, strict: bool) -> bool {{\n"
    f"    let ahead = input.fork();\n    strict && ahead.pos > limit as usize + {i}\n}}\n\n"
    for i in range(3)
)
# Functions shaped like the body (its likest, whose uses count most) read other members.
LIKES = "".join(
    f"pub fn parse_part{i}(input: &stream::Stream) -> usize {{\n    input.step{i}()\n}}\n\n" for i in range(8)
)
HEADER = "pub fn parse_item(input: &stream::Stream) -> usize {"
# The functions taking an `input` are far from the body: the neighbours are helpers saying nothing of it.
PARSE = (
    "use crate::stream;\n\n"
    + USERS
    + LIKES
    + "".join(
        f"pub fn helper{i}(a: usize, b: usize) -> usize {{\n    let c = a * {i} + b;\n    c - {i}\n}}\n\n"
        for i in range(30)
    )
    + HEADER
    + "\n    input.fork().pos\n}\n"
)


def test_the_members_the_neighbours_reach_through_a_parameter_the_body_has_too(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"src/lib.rs": "pub mod parse;\npub mod stream;\n", "src/stream.rs": STREAM, "src/parse.rs": PARSE},
        "src/parse.rs",
        HEADER,
        512,
    )
    assert not missing_lines(ctx, "src/stream.rs", STREAM, ["    pub fn fork(&self) -> Stream {"])
