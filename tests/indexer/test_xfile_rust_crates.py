"""Rust crates side by side in one workspace: a crate's names are its own. A name another crate defines is
reached through a `use` path naming it, never through the namespace a crate's files share, so a generic
`T` or a local `value` does not land in another crate's table of the same name, nor `use serde::de::Unexpected`
(a crate outside the workspace) in the `Unexpected` of a crate beside it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

WORKSPACE = {
    "json/src/lib.rs": "pub mod ser;\n",
    "json/src/ser.rs": (
        "use crate::error::Error;\n\n"
        "pub fn write<T>(value: T) -> Result<(), Error> {\n    let out: T = value;\n    emit();\n"
        "    escape();\n    Ok(())\n}\n"
    ),
    "json/src/util.rs": "pub fn emit() {}\n",
    "json/src/de.rs": (
        "use serde::de::Unexpected;\nuse regex::tables::escape;\n\n"
        "pub fn read() {\n    let _ = Unexpected::Other;\n    escape();\n}\n"
    ),
    "regex/src/lib.rs": "pub mod tables;\n",
    "regex/src/tables.rs": (
        "pub type T = &'static [(char, char)];\n\npub fn emit() {}\n\npub fn escape() {}\n\n"
        "pub enum Unexpected {\n    Other,\n}\n"
    ),
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("crates"), WORKSPACE)


def test_a_name_only_another_crate_defines_is_not_this_crates(memory: Memory) -> None:
    assert definitions(memory, "json/src/ser.rs", "T = value", 0) == []
    assert definitions(memory, "json/src/ser.rs", "escape();", 0) == []


def test_a_crate_still_shares_its_own_names_between_its_files(memory: Memory) -> None:
    assert definitions(memory, "json/src/ser.rs", "emit();", 0) == [("json/src/util.rs", "emit")]


def test_a_use_path_means_another_crate_of_the_workspace_only_when_it_names_it(memory: Memory) -> None:
    assert [path for path, _name in definitions(memory, "json/src/de.rs", "Unexpected::Other", 0)] == [
        "json/src/de.rs"
    ]
    assert ("regex/src/tables.rs", "escape") in definitions(memory, "json/src/de.rs", "escape();", 0)


def test_the_crates_a_use_path_may_name_are_read_once_a_request(memory: Memory) -> None:
    """`_may_be_named` asks for the crate of every file defining the used name: through the request's `_crate_of`,
    read once per file and request (a common name is defined in hundreds of files), with the same answer."""
    from archmem.indexer.resolver import Resolver

    index = memory.file("json/src/de.rs")
    assert index is not None
    resolver = Resolver(memory)
    found = resolver.resolve(index, index.by_qualname["read"][0], "escape")
    assert ("regex/src/tables.rs", "escape") in [
        (t.path, t.symbol.name) for t in found if t.symbol is not None
    ]
    assert resolver.cached("rust crate:regex/src/tables.rs", lambda: None) is not None
