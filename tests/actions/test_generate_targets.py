"""Listing generate targets: stub bodies and TODOs in Python, JavaScript and TypeScript, selections, and the
offline scaffolds; instant and model-free (no client is even passed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.server.actions.generate_targets import GenerateTarget, list_generate_targets

from tests.actions.genexplain_projects import memory, write

PY = '''
def passes(a):
    pass


def ellipsis(a):
    ...


def raises(a, b=1):
    raise NotImplementedError("later")


def documented_only(a):
    """Return a plus one."""


def works(a):
    return a + 1


def todo_inside(a):
    total = a * 2
    # TODO: add the tax
    #   at the current rate
    return total


# FIXME: a module-level table of rates
x = "# TODO: not a comment"
'''

TS = """
export function empty(a: number): number {}

export class Sq {
  area(): number {
    throw new Error("not implemented");
  }

  side(): number {
    throw new Error("Not yet implemented: side");
  }

  works(): number {
    return 1;
  }

  later(): void {
    // TODO: log the area
  }
}

const arrow = (x: number): number => {
  throw new Error("bad input");
};
"""

JS = """
function f(a, b) {}

class K {
  m() { throw new Error('not implemented'); }
}
"""


def kinds(targets: list[GenerateTarget]) -> list[str]:
    return [t.kind for t in targets]


def at(root: Path, rel: str, needle: str, offset: int = 0) -> tuple[int, int]:
    lines = (root / rel).read_text().split("\n")
    line = next(i for i, text in enumerate(lines) if needle in text)
    return line, lines[line].index(needle) + offset


@pytest.fixture
def root(tmp_path: Path) -> Path:
    write(tmp_path, {"stubs.py": PY, "shapes.ts": TS, "k.js": JS})
    return tmp_path


@pytest.mark.parametrize(
    ("needle", "reason"),
    [
        ("    pass", "its body is `pass`"),
        ("    ...", "its body is `...`"),
        ("NotImplementedError", "its body is `raise NotImplementedError`"),
        ("Return a plus one", "its body is only a docstring"),
    ],
)
def test_python_stub_bodies(root: Path, needle: str, reason: str) -> None:
    found = list_generate_targets(memory(root), "stubs.py", *at(root, "stubs.py", needle))
    assert found[0].kind == "body"
    assert found[0].reason == reason
    assert found[0].title.startswith("Generate the body of `")


def test_real_code_is_no_body_target_but_gets_scaffolds(root: Path) -> None:
    found = list_generate_targets(memory(root), "stubs.py", *at(root, "stubs.py", "return a + 1"))
    assert kinds(found) == ["docstring", "test"]
    assert found[0].title == "Add a docstring skeleton to `works`"
    assert found[1].title == "Add a test skeleton for `works` in test_stubs.py"


def test_a_todo_comment_inside_a_function_targets_the_function(root: Path) -> None:
    mem = memory(root)
    line, col = at(root, "stubs.py", "# TODO: add the tax")
    found = list_generate_targets(mem, "stubs.py", line, col)
    assert found[0].kind == "todo"
    assert found[0].title == f"Implement the TODO at line {line + 1} in `todo_inside`"
    assert found[0].reason == "# TODO: add the tax\n#   at the current rate"
    assert found[0].symbol_id == "stubs.py::todo_inside"


def test_a_module_level_fixme_targets_its_own_lines_and_strings_do_not_count(root: Path) -> None:
    mem = memory(root)
    text = (root / "stubs.py").read_bytes()
    line, col = at(root, "stubs.py", "# FIXME")
    found = list_generate_targets(mem, "stubs.py", line, col)
    assert kinds(found) == ["todo"]
    assert text[found[0].start_byte : found[0].end_byte] == b"# FIXME: a module-level table of rates"
    line, col = at(root, "stubs.py", "# TODO: not a comment")
    assert list_generate_targets(mem, "stubs.py", line, col) == []


@pytest.mark.parametrize(
    ("needle", "symbol", "reason"),
    [
        ("export function empty", "shapes.ts::empty", "its body is empty"),
        ('throw new Error("not implemented")', "shapes.ts::Sq.area", "its body is a not-implemented throw"),
        ("Not yet implemented: side", "shapes.ts::Sq.side", "its body is a not-implemented throw"),
    ],
)
def test_typescript_stub_bodies(root: Path, needle: str, symbol: str, reason: str) -> None:
    found = list_generate_targets(memory(root), "shapes.ts", *at(root, "shapes.ts", needle))
    assert (found[0].kind, found[0].symbol_id, found[0].reason) == ("body", symbol, reason)


def test_typescript_todo_and_a_real_throw(root: Path) -> None:
    mem = memory(root)
    found = list_generate_targets(mem, "shapes.ts", *at(root, "shapes.ts", "// TODO: log"))
    assert found[0].kind == "body"  # an empty body with only a TODO comment: the body is the target
    assert found[0].symbol_id == "shapes.ts::Sq.later"
    found = list_generate_targets(mem, "shapes.ts", *at(root, "shapes.ts", "bad input"))
    assert "body" not in kinds(found)
    assert kinds(found) == ["docstring"]


def test_javascript_stub_bodies(root: Path) -> None:
    mem = memory(root)
    assert list_generate_targets(mem, "k.js", *at(root, "k.js", "function f"))[0].symbol_id == "k.js::f"
    found = list_generate_targets(mem, "k.js", *at(root, "k.js", "throw new Error"))
    assert (found[0].kind, found[0].symbol_id) == ("body", "k.js::K.m")


def test_a_selection_is_a_target_widened_to_whole_lines(root: Path) -> None:
    mem = memory(root)
    text = (root / "stubs.py").read_bytes()
    line, _ = at(root, "stubs.py", "total = a * 2")
    found = list_generate_targets(mem, "stubs.py", 0, 0, selection=((line, 8), (line + 2, 0)))
    assert found[0].kind == "selection"
    assert found[0].title == f"Generate code for lines {line + 1}-{line + 2}"
    assert text[found[0].start_byte : found[0].end_byte] == b"total = a * 2\n    # TODO: add the tax"


def test_without_a_model_only_scaffolds_are_listed(root: Path) -> None:
    found = list_generate_targets(
        memory(root), "stubs.py", *at(root, "stubs.py", "    pass"), with_model=False
    )
    assert kinds(found) == ["docstring", "test"]


def test_targets_survive_a_round_trip_through_json_and_bad_json_is_refused(root: Path) -> None:
    found = list_generate_targets(memory(root), "stubs.py", *at(root, "stubs.py", "    pass"))
    for target in found:
        assert GenerateTarget.from_json(target.to_json()) == target
    data = found[0].to_json()
    with pytest.raises(ValueError, match="unknown generate target kind 'bogus'"):
        GenerateTarget.from_json({**data, "kind": "bogus"})
    with pytest.raises(ValueError, match="startByte must be a non-negative integer"):
        GenerateTarget.from_json({**data, "startByte": -1})
    with pytest.raises(ValueError, match="must be an object"):
        GenerateTarget.from_json(["body"])
