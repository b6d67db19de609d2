"""Rust crates side by side in one workspace: a crate's names are its own. A name another crate defines is
reached through a `use` path naming it, never through the namespace a crate's files share, so a generic
`T` or a local `value` does not land in another crate's table of the same name."""

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
    "regex/src/lib.rs": "pub mod tables;\n",
    "regex/src/tables.rs": (
        "pub type T = &'static [(char, char)];\n\npub fn emit() {}\n\npub fn escape() {}\n"
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
