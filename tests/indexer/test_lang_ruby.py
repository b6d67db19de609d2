"""Ruby, the ninth language, added by the recipe in docs/ARCHITECTURE.md: modules, classes, methods
(`def self.x` too), constants, doc comments, references, and names shared between files."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.resolve import Resolver, used_by
from archmem.indexer.workspace import Memory

from tests.support.memory import LANGS, children, index_fixture, kinds, sym, write_tree

SAMPLE = index_fixture(LANGS / "sample.rb")


def test_outline_of_modules_classes_methods_and_constants() -> None:
    assert SAMPLE.language == "ruby"
    assert kinds(SAMPLE) == {
        "Shapes": "namespace",
        "Shapes.SIDES": "constant",
        "Shapes.Point": "class",
        "Shapes.Point.ORIGIN": "constant",
        "Shapes.Point.initialize": "method",
        "Shapes.Point.origin": "method",
        "Shapes.Point.distance": "method",
        "helper": "function",
        "LIMIT": "constant",
    }
    assert children(SAMPLE, "Shapes.Point") == [
        "Shapes.Point.ORIGIN",
        "Shapes.Point.initialize",
        "Shapes.Point.origin",
        "Shapes.Point.distance",
    ]


def test_signatures_and_doc_comments() -> None:
    assert sym(SAMPLE, "Shapes.Point").signature == "class Point < Base"
    assert sym(SAMPLE, "Shapes.Point").doc == "A point in the plane."
    assert sym(SAMPLE, "Shapes.Point.initialize").signature == "def initialize(x, y)"
    assert sym(SAMPLE, "Shapes.Point.initialize").doc == "Make a point at (x, y)."
    assert sym(SAMPLE, "Shapes.Point.origin").signature == "def self.origin"
    assert sym(SAMPLE, "Shapes").doc == "Geometry for the drawing code."
    assert sym(SAMPLE, "Shapes.Point.distance").doc == ""


def test_references_leave_strings_and_comments_out() -> None:
    assert "helper" in sym(SAMPLE, "Shapes.Point.initialize").refs
    assert "Base" in sym(SAMPLE, "Shapes.Point").refs
    distance = sym(SAMPLE, "Shapes.Point.distance").refs
    assert "Math.sqrt" in distance
    assert "name" not in distance  # inside a comment's string
    assert "value" not in [r for r in sym(SAMPLE, "LIMIT").refs]
    assert "Shapes.Point" in sym(SAMPLE, "LIMIT").refs


def test_a_class_of_another_file_resolves_through_the_shared_namespace(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "lib/cache.rb": "class Cache\n  def get(key)\n    key\n  end\nend\n",
            "app.rb": 'require_relative "lib/cache"\n\ndef run\n  Cache.new.get(1)\nend\n',
        },
    )
    memory = Memory(tmp_path, persist=False)
    try:
        memory.index_all(jobs=1)
        app, cache = memory.file("app.rb"), memory.file("lib/cache.rb")
        assert app is not None and cache is not None
        run = sym(app, "run")
        found = Resolver(memory).definitions(app, run, "Cache")
        assert [s.id for s in found] == ["lib/cache.rb::Cache"]
        assert [s.id for s in used_by(memory, sym(cache, "Cache"))] == ["app.rb::run"]
    finally:
        memory.close()
