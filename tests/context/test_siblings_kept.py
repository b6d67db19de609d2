"""Generate mode's kept answers of the siblings (`context/siblings.py`) across the edits of a session that writes
one function after another: each new function has no body until its first line is typed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archmem.indexer.context import Packer, siblings
from archmem.indexer.workspace import Memory

_GEOMETRY = "class Vector:\n    def length(self):\n        return 1.0\n\n    def scaled(self, k):\n        return self\n"


def _shapes(empty: str, base: str = "") -> str:
    """`shapes.py`: methods using a parameter's members (what the siblings' answers hold), with the body of
    the method `empty` not typed yet (a blank line: no body at all)."""
    methods = {
        "area": "        return v.length()\n",
        "first": "        return 1\n",
        "second": "        return 2\n",
        "grow": "        return v.scaled(2)\n",
    }
    body = "".join(
        f"    def {name}(self, v: Vector):\n{'        ' + chr(10) if name == empty else text}\n"
        for name, text in methods.items()
    )
    return f"from geometry import Vector\n\n\nclass Shape{base}:\n{body}"


def _generate(memory: Memory, packer: Packer, path: Path, name: str) -> str:
    text = (memory.text(str(path)) or b"").decode()
    typescript = path.suffix == ".ts"
    header = f"    {name}() {{" if typescript else f"    def {name}(self, v: Vector):"
    row = text.splitlines().index(header) + 1
    return packer.pack(str(path), row, 6 if typescript else 8, budget=600, mode="generate").text


def _fresh(root: Path, path: Path, name: str, text: str) -> str:
    """The same packing in a new memory of the same files, `path` open as `text`: nothing kept."""
    memory = Memory(root, persist=False)
    try:
        memory.index_all()
        memory.open_document(str(path), text, 1)
        return _generate(memory, Packer(memory), path, name)
    finally:
        memory.close()


@contextmanager
def _first_written(root: Path, typescript: bool = False) -> Iterator[tuple[Memory, Packer, Path, str]]:
    """A memory of `root` with `shapes.py` (or `service.ts`) open, its method `first` packed in generate mode with
    no body yet: the memory, its packer, the file and the prompt."""
    (root / ("geometry.ts" if typescript else "geometry.py")).write_text(
        _VECTOR_TS if typescript else _GEOMETRY
    )
    path = root / ("service.ts" if typescript else "shapes.py")
    make = _service if typescript else _shapes
    path.write_text(make(""))
    memory = Memory.open(root)
    try:
        memory.open_document(str(path), make(""), 1)
        packer = Packer(memory)
        memory.set_document(str(path), make("first"), 2)
        yield memory, packer, path, _generate(memory, packer, path, "first")
    finally:
        memory.close()


def test_the_siblings_answers_hold_across_bodies_emptied_and_filled(tmp_path: Path) -> None:
    """Writing `first`, then `second` (each with no body yet): the answers `area` and `grow` led to are kept
    from the first packing for the second (fails if a function gaining or losing its body starts them anew),
    and the second packing is a fresh memory's."""
    with _first_written(tmp_path) as (memory, packer, path, first):
        assert "def length(self):" in first  # `v.length` in `area`, resolved as a sibling's name
        kept = siblings._KEPT[memory]["shapes.py"]
        area = kept.siblings["shapes.py::Shape.area"]
        memory.set_document(str(path), _shapes(""), 3)
        memory.set_document(str(path), _shapes("second"), 4)
        second = _generate(memory, packer, path, "second")
        assert siblings._KEPT[memory]["shapes.py"] is kept
        assert kept.siblings["shapes.py::Shape.area"] is area
        assert second == _fresh(tmp_path, path, "second", _shapes("second"))


def test_the_siblings_answers_do_not_outlive_a_changed_class_header(tmp_path: Path) -> None:
    """A body emptied in the same edit that changes the class's header (its bases): the answers of the siblings
    in that class start anew (fails if `_Kept._drop` reads only the sibling's text, which does not name it)."""
    with _first_written(tmp_path) as (memory, packer, path, _):
        area = siblings._KEPT[memory]["shapes.py"].siblings["shapes.py::Shape.area"]
        memory.set_document(str(path), _shapes("second", "(Vector)"), 3)
        second = _generate(memory, packer, path, "second")
        assert siblings._KEPT[memory]["shapes.py"].siblings["shapes.py::Shape.area"] is not area
        assert second == _fresh(tmp_path, path, "second", _shapes("second", "(Vector)"))


_VECTOR_TS = (
    "export class Vector {\n  length(): number { return 1 }\n  scaled(k: number): Vector { return this }\n}\n"
    "export class Other {\n  length(): string { return '' }\n}\n"
)


def _service(empty: str, header: str = "v: Vector") -> str:
    """`service.ts`: methods of an object a long outer function makes (Effect.ts's `Service`), using the members
    of a parameter of a lambda around them, with the body of `empty` not typed yet."""
    methods = {"area": "v.length()", "first": "1", "second": "2", "grow": "v.scaled(2)"}
    body = "".join(
        f"    {name}() {{\n      {'' if name == empty else 'return ' + text}\n    }},\n"
        for name, text in methods.items()
    )
    return f'import {{ Other, Vector }} from "./geometry"\n\nexport function Service() {{\n  return make(({header}) => ({{\n{body}  }}))\n}}\n'


def test_a_siblings_answers_hold_when_another_body_of_its_outer_function_changes(tmp_path: Path) -> None:
    """Writing `first`, then `second`, both methods inside `Service`: `area`'s answers (what `v.length` leads to,
    `v` the outer function's parameter) are kept across the two (fails if a sibling's text is its outer
    function's whole text, which holds the body being written), and the second packing is a fresh memory's."""
    with _first_written(tmp_path, typescript=True) as (memory, packer, path, first):
        assert "length(): number" in first
        area = siblings._KEPT[memory]["service.ts"].siblings["service.ts::Service.area"]
        memory.set_document(str(path), _service("second"), 3)
        second = _generate(memory, packer, path, "second")
        assert siblings._KEPT[memory]["service.ts"].siblings["service.ts::Service.area"] is area
        assert second == _fresh(tmp_path, path, "second", _service("second"))


def test_a_siblings_answers_follow_an_edit_of_its_outer_functions_own_text(tmp_path: Path) -> None:
    """The lambda's parameter changes its type while `second` is written (no import, no definition changes):
    what `area`'s `v.length` means changed, its answers are read anew (fails if a sibling's text left
    out its outer function's own), and the prompt is a fresh memory's."""
    with _first_written(tmp_path, typescript=True) as (memory, packer, path, _):
        area = siblings._KEPT[memory]["service.ts"].siblings["service.ts::Service.area"]
        edited = _service("second", "v: Other")
        memory.set_document(str(path), edited, 3)
        second = _generate(memory, packer, path, "second")
        assert siblings._KEPT[memory]["service.ts"].siblings["service.ts::Service.area"] is not area
        assert "length(): string" in second
        assert second == _fresh(tmp_path, path, "second", edited)


def test_a_siblings_answers_hold_across_a_definition_it_does_not_name(tmp_path: Path) -> None:
    """A module variable added in the edit that empties `second`'s body: `area` names nothing that changed, its
    answers are kept (on main every sibling's started anew), and the prompt is a fresh memory's."""
    with _first_written(tmp_path) as (memory, packer, path, _):
        area = siblings._KEPT[memory]["shapes.py"].siblings["shapes.py::Shape.area"]
        edited = _shapes("second") + "\n\nLIMIT = 3\n"
        memory.set_document(str(path), edited, 3)
        second = _generate(memory, packer, path, "second")
        assert siblings._KEPT[memory]["shapes.py"].siblings["shapes.py::Shape.area"] is area
        assert second == _fresh(tmp_path, path, "second", edited)


def test_a_siblings_chain_through_a_result_follows_the_class_the_result_names(tmp_path: Path) -> None:
    """`area` reaches `length` through `make()`'s declared result, `Inner`; the edit emptying `second` also gives
    `Inner` a base: `make` names it, so `area`'s answers are read anew and the prompt is a fresh memory's."""
    head = "from geometry import Vector\n\n\nclass Inner:\n    pass\n\n\ndef make() -> Inner:\n    return Inner()\n\n\n"
    with _first_written(tmp_path) as (memory, packer, path, _):
        start = (
            _shapes("second")
            .replace("from geometry import Vector\n\n\n", head)
            .replace("return v.length()", "return make().length()")
        )
        memory.set_document(str(path), start, 3)
        _generate(memory, packer, path, "second")
        area = siblings._KEPT[memory]["shapes.py"].siblings["shapes.py::Shape.area"]
        edited = (
            _shapes("first")
            .replace("from geometry import Vector\n\n\n", head)
            .replace("return v.length()", "return make().length()")
            .replace("class Inner:", "class Inner(Vector):")
        )
        memory.set_document(str(path), edited, 4)
        first = _generate(memory, packer, path, "first")
        assert siblings._KEPT[memory]["shapes.py"].siblings["shapes.py::Shape.area"] is not area
        assert first == _fresh(tmp_path, path, "first", edited)
