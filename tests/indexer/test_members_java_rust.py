"""Typed members in Java and Rust: fields used bare and through `this`/`self`, typed parameters, locals
declared with a type, `var` and `let` from a constructor or `Type::new()` (whose `Self` result is the type),
a `Box<T>` field. A call's result reached by no declaration stays unknown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.resolve import uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

CAR_JAVA = (
    "class Engine {\n"
    "  void start() {}\n"
    "}\n"
    "class Wheel {\n"
    "  void start() {}\n"
    "}\n"
    "class Car {\n"
    "  private Engine engine;\n"
    "  void go(Engine e) {\n"
    "    engine.start();\n"
    "    this.engine.start();\n"
    "    e.start();\n"
    "    Engine local = new Engine();\n"
    "    local.start();\n"
    "    var made = new Engine();\n"
    "    made.start();\n"
    "  }\n"
    "}\n"
)
CAR_RS = (
    "struct Engine {\n"
    "    rpm: u32,\n"
    "}\n"
    "impl Engine {\n"
    "    fn new() -> Self {\n"
    "        Engine { rpm: 0 }\n"
    "    }\n"
    "    fn start(&self) {}\n"
    "}\n"
    "struct Car {\n"
    "    engine: Engine,\n"
    "    spare: Box<Engine>,\n"
    "}\n"
    "impl Car {\n"
    "    fn go(&self, e: &Engine) {\n"
    "        self.engine.start();\n"
    "        self.spare.start();\n"
    "        e.start();\n"
    "        let fresh = Engine::new();\n"
    "        fresh.start();\n"
    "        let n = self.engine.rpm;\n"
    "    }\n"
    "}\n"
)


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(Path(tmp_path_factory.mktemp("members_jr")), {"Car.java": CAR_JAVA, "car.rs": CAR_RS})


@pytest.mark.parametrize(
    ("needle", "offset"),
    [
        ("    engine.start", 11),
        ("this.engine.start", 12),
        ("e.start", 2),
        ("local.start", 6),
        ("made.start", 5),
    ],
)
def test_java_fields_parameters_and_locals(memory: Memory, needle: str, offset: int) -> None:
    assert definitions(memory, "Car.java", needle, offset) == [("Car.java", "Engine.start")]


@pytest.mark.parametrize(
    ("needle", "offset", "expected"),
    [
        ("self.engine.start", 12, "Engine.start"),
        ("self.spare.start", 11, "Engine.start"),
        ("e.start", 2, "Engine.start"),
        ("fresh.start", 6, "Engine.start"),
        ("self.engine.rpm", 12, "Engine.rpm"),
    ],
)
def test_rust_self_fields_parameters_and_new(memory: Memory, needle: str, offset: int, expected: str) -> None:
    assert definitions(memory, "car.rs", needle, offset) == [("car.rs", expected)]


def test_uses_of_a_rust_method_hold_its_self_fields_members(memory: Memory) -> None:
    index = memory.file("car.rs")
    assert index is not None
    go = next(s for s in index.by_qualname["Car.go"])
    used = {t.symbol.qualname for t in uses(memory, go) if t.symbol is not None}
    assert {"Car.engine", "Engine.start", "Engine.rpm", "Engine.new"} <= used


def test_uses_of_a_java_method_never_take_a_same_named_member_of_another_class(memory: Memory) -> None:
    index = memory.file("Car.java")
    assert index is not None
    used = {t.symbol.qualname for t in uses(memory, sym(index, "Car.go")) if t.symbol is not None}
    assert "Engine.start" in used
    assert "Wheel.start" not in used
