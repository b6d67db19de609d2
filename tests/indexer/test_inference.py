"""Instance types: uses and definitions through receivers whose class the memory infers (constructor calls,
annotated parameters and fields, `self.x = Cls()`, chains), in Python, TypeScript and CommonJS JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.chains import receiver_chain
from archmem.indexer.resolve import references_to, users_within
from archmem.indexer.symbols import SymbolNode
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, sym

WORKSPACE = {
    "rich/style.py": ("class Style:\n    def update(self, other):\n        return other\n"),
    "rich/console.py": (
        "from typing import Optional\n"
        "from .style import Style\n\n\n"
        "class Options:\n"
        "    def update(self, width):\n"
        "        return width\n\n\n"
        "class Console:\n"
        "    def __init__(self):\n"
        "        self.options: Options = Options()\n"
        "        self.style = Style()\n\n"
        "    def get_style(self, name):\n"
        "        self.options.update(name)\n"
        "        return self.style.update(name)\n\n"
        "    def print(self, *objects):\n"
        "        return self.get_style('x')\n"
    ),
    "rich/panel.py": (
        "from typing import Optional\n"
        "from .console import Console\n\n\n"
        "def render(console: Console, other) -> None:\n"
        "    console.get_style('bold')\n"
        "    other.get_style('unknown')\n\n\n"
        "def make():\n"
        "    c = Console()\n"
        "    return c.print('hi')\n\n\n"
        "def maybe(console: Optional[Console] = None):\n"
        "    return console.get_style('dim')\n\n\n"
        "def string(text: str):\n"
        "    return text.update('not a Style')\n\n\n"
        "class Panel:\n"
        "    console: Console\n\n"
        "    def __init__(self):\n"
        "        self.made = Console()\n\n"
        "    def draw(self):\n"
        "        self.made.get_style('dim')\n"
        "        return self.console.print('x')\n"
    ),
    "web/store.ts": ("export class Store {\n  get(k: string): string {\n    return k;\n  }\n}\n"),
    "web/app.ts": (
        "import { Store } from './store';\n\n"
        "export function viaParameter(store: Store): string {\n"
        "  return store.get('a');\n"
        "}\n\n"
        "export function viaNew(): string {\n"
        "  const s = new Store();\n"
        "  return s.get('b');\n"
        "}\n"
    ),
    "web/reader.ts": (
        "export interface Reader {\n"
        "  read(): string;\n"
        "}\n\n"
        "export class FileReader implements Reader {\n"
        "  read(): string {\n"
        "    return '';\n"
        "  }\n"
        "}\n\n"
        "export function through(r: Reader): string {\n"
        "  return r.read();\n"
        "}\n"
    ),
    "lib/util.js": (
        '"use strict";\n'
        "exports.getParsedType = void 0;\n"
        "const getParsedType = (data) => {\n"
        "    return typeof data;\n"
        "};\n"
        "exports.getParsedType = getParsedType;\n"
    ),
    "lib/types.js": (
        '"use strict";\n'
        'const util_1 = require("./util");\n'
        "function check(input) {\n"
        "    return (0, util_1.getParsedType)(input);\n"
        "}\n"
    ),
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(Path(tmp_path_factory.mktemp("inference")), WORKSPACE)


def _symbol(memory: Memory, path: str, qualname: str) -> SymbolNode:
    index = memory.file(path)
    assert index is not None
    return sym(index, qualname)


def _text(memory: Memory, path: str) -> bytes:
    text = memory.text(path)
    assert text is not None
    return text


def _users(memory: Memory, path: str, qualname: str) -> tuple[list[str], list[str]]:
    found = users_within(memory, _symbol(memory, path, qualname))
    return sorted(s.qualname for s in found.certain), sorted(s.qualname for s in found.probable)


def test_receiver_chains_are_read_back_from_the_member() -> None:
    text = b"x = self.options.update(1) + f().y.z + a[0].b + c?.d"
    assert receiver_chain(text, text.index(b"update")) == ["self", "options"]
    # A call's result and a subscript are links whose types declarations may say (see inference.py).
    assert receiver_chain(text, text.index(b"z")) == ["f()", "y"]
    assert receiver_chain(text, text.index(b"b +")) == ["a[]"]
    assert receiver_chain(text, text.rindex(b"d")) == ["c"]


@pytest.mark.parametrize(
    ("line", "chain"),
    [
        (b"  n = db->aDb[i].pBt->x;", ["db", "aDb[]", "pBt"]),
        (b"  n = mk(a, g(b))->x;", ["mk()"]),
        (b"  n = s.items()[f(0)].x", ["s", "items()[]"]),
        (b"  n = m[k][j].x", ["m[][]"]),
        # A cast, a parenthesized expression, an unbalanced bracket, a type assertion: no chain.
        (b"  n = ((Foo *)p)->x;", None),
        (b"  n = (*b).x", None),
        (b"  n = a + b)].x", None),
        (b"  n = v.(T).x", None),
    ],
)
def test_receiver_chains_go_through_calls_and_subscripts(line: bytes, chain: list[str] | None) -> None:
    assert receiver_chain(line, line.rindex(b"x")) == chain


def test_uses_through_annotations_constructors_and_fields_are_certain(memory: Memory) -> None:
    certain, probable = _users(memory, "rich/console.py", "Console.get_style")
    # `console: Console`, `Optional[Console]`, `self.made = Console()`, and `self.get_style` in its class.
    assert certain == ["Console.print", "Panel.draw", "maybe", "render"]
    # `render`'s unannotated `other.get_style` is probable, but `render` already uses it for certain.
    assert probable == []
    certain, _ = _users(memory, "rich/console.py", "Console.print")
    # `c = Console()` and the class-level `console: Console`.
    assert certain == ["Panel.draw", "make"]


def test_an_inferred_class_without_the_member_is_no_use(memory: Memory) -> None:
    """`self.options` holds an Options, `self.style` a Style: each `update` goes to its own class, and a
    `str` parameter's `update` is a probable use of neither class (it names no class of the workspace)."""
    assert _users(memory, "rich/console.py", "Options.update") == (["Console.get_style"], ["string"])
    assert _users(memory, "rich/style.py", "Style.update") == (["Console.get_style"], ["string"])
    places = references_to(memory, _symbol(memory, "rich/console.py", "Options.update"))
    # Its definition, `self.options.update`, then the probable `text.update`; never `self.style.update`.
    lines = [(path, _text(memory, path).count(b"\n", 0, start)) for path, start, _ in places]
    assert lines == [("rich/console.py", 5), ("rich/console.py", 15), ("rich/panel.py", 19)]


def test_untyped_receivers_are_probable_uses(memory: Memory) -> None:
    places = references_to(memory, _symbol(memory, "rich/console.py", "Console.get_style"))
    other = _text(memory, "rich/panel.py").index(b"get_style('unknown')")
    # The probable place comes after every certain one.
    assert places[-1][:2] == ("rich/panel.py", other)


def test_go_to_definition_through_instances_and_chains(memory: Memory) -> None:
    assert definitions(memory, "rich/console.py", "update(name)") == [("rich/console.py", "Options.update")]
    assert definitions(memory, "rich/console.py", "update(name)\n", 0) == [
        ("rich/console.py", "Options.update")
    ]
    assert definitions(memory, "rich/console.py", "self.style.update", 11) == [
        ("rich/style.py", "Style.update")
    ]
    assert definitions(memory, "rich/panel.py", "get_style('bold')") == [
        ("rich/console.py", "Console.get_style")
    ]
    assert definitions(memory, "rich/panel.py", "print('hi')") == [("rich/console.py", "Console.print")]
    assert definitions(memory, "rich/panel.py", "get_style('dim')\n\n\ndef") == [
        ("rich/console.py", "Console.get_style")
    ]
    assert definitions(memory, "rich/panel.py", "print('x')") == [("rich/console.py", "Console.print")]
    # An unannotated receiver stays unknown: no guess.
    assert definitions(memory, "rich/panel.py", "get_style('unknown')") == []


def test_typescript_parameters_and_new_expressions(memory: Memory) -> None:
    assert definitions(memory, "web/app.ts", "get('a')") == [("web/store.ts", "Store.get")]
    assert definitions(memory, "web/app.ts", "get('b')") == [("web/store.ts", "Store.get")]
    assert _users(memory, "web/store.ts", "Store.get") == (["viaNew", "viaParameter"], [])


def test_a_call_through_an_interface_is_a_probable_use_of_its_implementations(memory: Memory) -> None:
    assert _users(memory, "web/reader.ts", "FileReader.read") == ([], ["through"])
    assert _users(memory, "web/reader.ts", "Reader.read") == (["through"], [])


def test_commonjs_aliases_of_compiled_typescript(memory: Memory) -> None:
    assert definitions(memory, "lib/types.js", "getParsedType)(") == [("lib/util.js", "getParsedType")]
    assert _users(memory, "lib/util.js", "getParsedType")[0] == ["check", "lib/util"]
