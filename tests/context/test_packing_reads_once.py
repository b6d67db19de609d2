"""What one generate packing asks many times is read once for it: the siblings of the body (`predict._siblings`,
asked by seven rules; a module's are its thousands of top-level functions) and an import statement a name leads to
(`choose._add_import`: a Rust packing leads ~150 names to the same few `use` statements). The answers are those of a
fresh reading, through a real Build of a real file."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.build import Build
from archmem.indexer.context.choose import _add_import, choose
from archmem.indexer.context.predict import _read_siblings, _sibling_ids, _siblings
from archmem.indexer.workspace import Memory

RUST = """use std::collections::{
    BTreeMap,
    HashMap,
    HashSet,
    VecDeque,
};
use std::fmt;

fn first(a: &HashMap<u8, u8>) -> usize {
    a.len()
}

fn second(b: &BTreeMap<u8, u8>) -> usize {
    b.len()
}

fn third() -> usize {
    0
}
"""


def _build(tmp_path: Path, text: str, needle: str, mode: str = "generate") -> Build:
    path = tmp_path / "src" / "lib.rs"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    memory = Memory.open(tmp_path)
    memory.open_document(str(path), text, 1)
    packer = Packer(memory)
    index = memory.file("src/lib.rs")
    assert index is not None
    view = packer.views.of(index)
    row = next(n for n, line in enumerate(text.splitlines()) if needle in line)
    cursor = view.positions.line_start(row) + 4
    build = Build(packer.views, packer.gap_cost, index, view, cursor, row + 1, 2048, mode)  # type: ignore[arg-type]
    choose(build)
    return build


def test_the_siblings_are_read_once_a_packing(tmp_path: Path) -> None:
    build = _build(tmp_path, RUST, "    0")
    found = _siblings(build)
    assert found is _siblings(build)
    fresh = _read_siblings(build)
    assert found[:2] == fresh[:2]
    assert (
        [s.id for s in found[2]]
        == [s.id for s in fresh[2]]
        == [s.id for s in build.index.symbols if s.name in ("first", "second", "third")]
    )


def test_an_import_statement_met_again_names_every_name_that_led_there(tmp_path: Path) -> None:
    build = _build(tmp_path, RUST, "    0")
    key = f"import:{build.index.path}:0"
    for ref in ("HashMap", "HashMap.new", "HashMap", "VecDeque", "HashMap"):
        _add_import(build, 0, "used", ref)
    [unit] = [u for u in build.units if u.key == key]
    # The statement's first and last lines, and the lines naming HashMap and VecDeque; not BTreeMap's or HashSet's.
    assert unit.levels["line"] == frozenset({1, 3, 5, 6})
    assert unit.levels["signature"] == unit.levels["full"] == frozenset(range(1, 7))
    for ref in ("BTreeMap", "VecDeque", "BTreeMap.new"):
        _add_import(build, 0, "used", ref)
    assert unit.levels["line"] == frozenset({1, 2, 3, 5, 6})
    assert len([u for u in build.units if u.key == key]) == 1


def test_the_siblings_ids_are_read_once_a_version(tmp_path: Path) -> None:
    # The file's top-level functions' ids are kept per version: the next packing of the same text (the request after
    # the idle pass) reads the same ones.
    build = _build(tmp_path, RUST, "    0")
    ids = _sibling_ids(build)
    assert ids is _sibling_ids(build)
    assert ids == tuple(s.id for s in _siblings(build)[2])
    again = Build(
        build.views, build.gap_cost, build.index, build.view, build.cursor, build.line, 2048, "generate"
    )
    choose(again)
    assert _sibling_ids(again) is ids
