"""Rust across files, by the crate's module tree: `mod x;` leads to x.rs or x/mod.rs, `use crate::a::b::C`
to the file of module a::b, `super::` and `self::` from the file's own module, inline modules and re-exports
through `pub use`. Two files define `Conn`: only the path decides which one a use means."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

WORKSPACE = {
    "Cargo.toml": '[package]\nname = "app"\n',
    "src/lib.rs": (
        "mod net;\npub mod proto;\n\npub use proto::wire::Frame;\n\n"
        "pub fn run() {\n    net::dial();\n    let _ = proto::VERSION;\n}\n"
    ),
    "src/net.rs": (
        "use crate::proto::wire::Conn;\nuse super::proto::codec::decode;\n\n"
        "pub fn dial() -> Conn {\n    decode();\n    helpers::retry();\n    Conn {}\n}\n\n"
        "pub mod helpers {\n    pub fn retry() {}\n}\n"
    ),
    "src/proto/mod.rs": "pub mod wire;\npub mod codec;\n\npub const VERSION: u32 = 2;\n",
    "src/proto/wire.rs": (
        "pub struct Conn {}\n\npub struct Frame {}\n\nuse self::inner::Header;\n\n"
        "mod inner {\n    pub struct Header {}\n}\n\npub fn frame() -> Header { Header {} }\n"
    ),
    "src/proto/codec.rs": (
        "use crate::net::helpers::retry;\nuse crate::Frame;\n\npub fn decode() {\n    retry();\n"
        "    let _ = Frame {};\n}\n"
    ),
    "src/other.rs": "pub struct Conn {}\n\npub struct Frame {}\n",
    "src/main.rs": "use app::Frame;\n\nfn main() {}\n",
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("rs"), WORKSPACE)


def test_mod_declarations_lead_to_the_module_files(memory: Memory) -> None:
    assert definitions(memory, "src/lib.rs", "net::dial", 5) == [("src/net.rs", "dial")]
    assert definitions(memory, "src/lib.rs", "proto::VERSION", 7) == [("src/proto/mod.rs", "VERSION")]


def test_crate_paths_choose_the_file_by_module_not_by_name(memory: Memory) -> None:
    assert definitions(memory, "src/net.rs", "Conn {}", 0) == [("src/proto/wire.rs", "Conn")]


def test_super_and_self_paths_and_inline_modules(memory: Memory) -> None:
    assert definitions(memory, "src/net.rs", "decode();", 0) == [("src/proto/codec.rs", "decode")]
    assert definitions(memory, "src/proto/wire.rs", "Header {}", 0) == [("src/proto/wire.rs", "inner.Header")]
    assert definitions(memory, "src/proto/codec.rs", "retry();", 0) == [("src/net.rs", "helpers.retry")]


def test_a_pub_use_re_export(memory: Memory) -> None:
    assert definitions(memory, "src/proto/codec.rs", "Frame {}", 0) == [("src/proto/wire.rs", "Frame")]
