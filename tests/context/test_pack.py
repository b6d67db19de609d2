"""The packer on long files: far definitions come along, budgets hold, detail degrades, nothing secret leaks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from archmem.indexer.context import REDACTED, PackedContext, Packer
from archmem.indexer.context.members import class_level, words
from archmem.indexer.workspace import Memory


def _filler(n: int, style: str) -> str:
    """n unrelated functions: enough text to push definitions thousands of tokens away."""
    out = []
    for i in range(n):
        if style == "python":
            out.append(f"def filler_{i}(a, b):\n    total = a * {i} + b\n    return total - {i}\n\n")
        elif style == "go":
            out.append(f"func filler{i}(a int, b int) int {{\n\treturn a*{i} + b - {i}\n}}\n\n")
        elif style == "rust":
            out.append(f"fn filler_{i}(a: i32, b: i32) -> i32 {{\n    a * {i} + b - {i}\n}}\n\n")
        elif style == "java":
            out.append(
                f"    static int filler{i}(int a, int b) {{\n        return a * {i} + b - {i};\n    }}\n\n"
            )
        else:
            out.append(f"int filler{i}(int a, int b) {{\n    return a * {i} + b - {i};\n}}\n\n")
    return "".join(out)


def _line_of(path: Path, needle: str) -> int:
    """1-based line of the first occurrence of `needle`."""
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def py_workspace(tmp_path: Path) -> Path:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "base.py").write_text(
        "class Base:\n"
        '    """Shared behaviour."""\n\n'
        "    def describe(self) -> str:\n"
        "        return type(self).__name__\n"
    )
    (pkg / "util.py").write_text("def normalize(text: str) -> str:\n    return text.strip().lower()\n")
    (pkg / "main.py").write_text(
        "from .base import Base\n"
        "from .util import normalize\n\n"
        "def far_helper(value):\n"
        '    """Far back: thousands of tokens before its use."""\n'
        "    return value * 2\n\n" + _filler(400, "python") + "class Widget(Base):\n"
        "    def __init__(self, name):\n"
        "        self.name = name\n\n"
        "    def render(self):\n"
        "        label = normalize(self.name)\n"
        "        return far_helper(label) + self.describe() + str(AFTER_CURSOR)\n\n"
        + _filler(20, "python")
        + "AFTER_CURSOR = 42\n"
    )
    return tmp_path


def test_far_back_ahead_inherited_and_imported_definitions_are_included(py_workspace: Path) -> None:
    memory = Memory.open(py_workspace)
    main = py_workspace / "pkg" / "main.py"
    line = _line_of(main, "return far_helper(label)")
    ctx = Packer(memory).pack("pkg/main.py", line - 1, 8, budget=2048, mode="edit")
    assert ctx.tokens <= 2048
    here = ctx.included_lines("pkg/main.py")
    assert _line_of(main, "def far_helper(value):") in here  # ~10k tokens back
    assert _line_of(main, "AFTER_CURSOR = 42") in here  # defined after the cursor
    assert _line_of(main, "self.name = name") in here  # a member set in another method
    assert 1 in ctx.included_lines("pkg/base.py") or 4 in ctx.included_lines("pkg/base.py")  # inherited
    assert 4 in ctx.included_lines("pkg/base.py")  # Base.describe, through the base class in another file
    assert 1 in ctx.included_lines("pkg/util.py")  # imported from another file
    assert "def far_helper(value):" in ctx.text
    # Definitions first, the window last.
    assert ctx.text.index("def far_helper") < ctx.text.index("def render(self):")
    assert ctx.sections[-1].kind == "window"


@pytest.mark.parametrize("budget", [200, 400, 800, 1600, 3200])
def test_budget_is_never_exceeded(py_workspace: Path, budget: int) -> None:
    memory = Memory.open(py_workspace)
    main = py_workspace / "pkg" / "main.py"
    packer = Packer(memory)
    for needle in ("return far_helper(label)", "def filler_200", "AFTER_CURSOR = 42", "from .base"):
        for mode in ("edit", "generate"):
            ctx = packer.pack("pkg/main.py", _line_of(main, needle) - 1, 0, budget=budget, mode=mode)  # type: ignore[arg-type]
            assert ctx.tokens <= budget, (needle, mode, ctx.tokens)
            assert packer.counter.count(ctx.text) == ctx.tokens


def test_detail_degrades_rather_than_vanishing(py_workspace: Path) -> None:
    memory = Memory.open(py_workspace)
    main = py_workspace / "pkg" / "main.py"
    line = _line_of(main, "return far_helper(label)") - 1
    packer = Packer(memory)
    details = {}
    for budget in (4000, 400, 250):
        ctx = packer.pack("pkg/main.py", line, 8, budget=budget)
        found = [s for s in ctx.sections if s.symbol_id == "pkg/main.py::far_helper"]
        details[budget] = found[0].detail if found else "absent"
    assert details[4000] == "full"
    order = ["full", "skeleton", "signature", "name", "absent"]
    assert order.index(details[4000]) <= order.index(details[400]) <= order.index(details[250])
    assert details[400] in ("full", "skeleton", "signature")


def test_packing_is_deterministic(py_workspace: Path) -> None:
    memory = Memory.open(py_workspace)
    main = py_workspace / "pkg" / "main.py"
    line = _line_of(main, "return far_helper(label)") - 1
    first = Packer(memory).pack("pkg/main.py", line, 8, budget=1024, mode="generate")
    second = Packer(Memory.open(py_workspace)).pack("pkg/main.py", line, 8, budget=1024, mode="generate")
    assert first.text == second.text
    assert first.sections == second.sections


LANGUAGES = {
    "go": (
        "main.go",
        "package main\n\nfunc farHelper(x int) int {\n\treturn x * 2\n}\n\n",
        "func target() int {\n\treturn farHelper(3)\n}\n",
        "func farHelper(x int) int {",
    ),
    "rust": (
        "lib.rs",
        "fn far_helper(x: i32) -> i32 {\n    x * 2\n}\n\n",
        "fn target() -> i32 {\n    far_helper(3)\n}\n",
        "fn far_helper(x: i32) -> i32 {",
    ),
    "c": (
        "main.c",
        "static int far_helper(int x) {\n    return x * 2;\n}\n\n",
        "int target(void) {\n    return far_helper(3);\n}\n",
        "static int far_helper(int x) {",
    ),
    "cpp": (
        "main.cpp",
        "static int far_helper(int x) {\n    return x * 2;\n}\n\n",
        "int target() {\n    return far_helper(3);\n}\n",
        "static int far_helper(int x) {",
    ),
    "javascript": (
        "main.js",
        "function farHelper(x) {\n  return x * 2;\n}\n\n",
        "function target() {\n  return farHelper(3);\n}\n",
        "function farHelper(x) {",
    ),
    "typescript": (
        "main.ts",
        "function farHelper(x: number): number {\n  return x * 2;\n}\n\n",
        "function target(): number {\n  return farHelper(3);\n}\n",
        "function farHelper(x: number): number {",
    ),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_far_definition_in_every_language(tmp_path: Path, language: str) -> None:
    name, head, target, needle = LANGUAGES[language]
    style = {"go": "go", "rust": "rust"}.get(language, "c")
    if language in ("javascript", "typescript"):
        filler = "".join(f"function filler{i}(a, b) {{\n  return a * {i} + b;\n}}\n\n" for i in range(400))
    else:
        filler = _filler(400, style)
    path = tmp_path / name
    path.write_text(head + filler + target)
    memory = Memory.open(tmp_path)
    line = len(path.read_text().splitlines()) - 1  # the return statement of target
    ctx = Packer(memory).pack(name, line - 1, 4, budget=1024)
    assert ctx.tokens <= 1024
    assert _line_of(path, needle) in ctx.included_lines(name), ctx.ledger()


def test_java_member_far_back(tmp_path: Path) -> None:
    body = _filler(300, "java")
    src = (
        "class Big {\n    static int farHelper(int x) {\n        return x * 2;\n    }\n\n"
        + body
        + "    int target() {\n        return farHelper(3);\n    }\n}\n"
    )
    (tmp_path / "Big.java").write_text(src)
    memory = Memory.open(tmp_path)
    line = src.splitlines().index("        return farHelper(3);")
    ctx = Packer(memory).pack("Big.java", line, 8, budget=1024)
    assert 2 in ctx.included_lines("Big.java"), ctx.ledger()


def test_excluded_files_and_planted_secrets_never_appear(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("private_impl.py\n")
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-envsecret0123456789abcdefXYZ\n")
    (tmp_path / "private_impl.py").write_text("def hidden():\n    return 'PRIVATE-MARKER'\n")
    (tmp_path / "server.key").write_text("-----BEGIN PRIVATE KEY-----\nMIIEabc\n-----END PRIVATE KEY-----\n")
    (tmp_path / "app.py").write_text(
        "from private_impl import hidden\n"
        'API_KEY = "sk-live-0123456789abcdefABCDEF"\n'
        'GITHUB = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"\n\n'
        "def use():\n"
        "    return hidden(), API_KEY, GITHUB\n"
    )
    memory = Memory.open(tmp_path)
    assert memory.file("private_impl.py") is None
    assert memory.file(".env") is None
    ctx = Packer(memory).pack("app.py", 5, 4, budget=2048)
    assert "PRIVATE-MARKER" not in ctx.text
    assert "sk-envsecret" not in ctx.text
    assert "sk-live-0123456789" not in ctx.text
    assert "ghp_abcdef" not in ctx.text
    assert ctx.text.count(REDACTED) >= 2
    assert ctx.redactions >= 2
    assert all(not s.path.endswith((".env", ".key", "private_impl.py")) for s in ctx.sections)


def test_cli_context_json_contract(py_workspace: Path) -> None:
    main = py_workspace / "pkg" / "main.py"
    a = _line_of(main, "return far_helper(label)")
    b = _line_of(main, "AFTER_CURSOR = 42")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "archmem.server.cli",
            "context",
            f"{main}:{a}:9",
            f"{main}:{b}",
            "--root",
            str(py_workspace),
            "--budget",
            "700",
            "--json",
            "--no-store",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["line"] for r in rows] == [a, b]
    for row in rows:
        assert set(row) >= {"text", "tokens", "budget", "sections"}
        assert row["budget"] == 700 and row["tokens"] <= 700
        assert row["sections"][-1]["kind"] == "window"


def test_cli_context_usage_errors(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "archmem.server.cli", "context", "nofile.py"], capture_output=True, text=True
    )
    assert run.returncode == 2
    assert "FILE:LINE" in run.stderr


def test_generate_predicts_names_the_file_binds_but_does_not_use_yet(tmp_path: Path) -> None:
    """A stub's body is likely to use what is imported or defined and still unused: an imported helper
    from another file and a private method nothing calls enter the context ahead of names siblings use."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    helpers = [f"helper_{i}" for i in range(40)]
    (pkg / "codec.py").write_text(
        "".join(f"def {h}(data: bytes) -> bytes:\n    return data[{i}:]\n\n" for i, h in enumerate(helpers))
        + "def encode_frame(payload: bytes, *, checksum: int) -> bytes:\n    return payload\n"
    )
    siblings = "".join(
        f"    def use_{i}(self, data):\n        return {h}(data)\n\n" for i, h in enumerate(helpers)
    )
    (pkg / "link.py").write_text(
        f"from .codec import encode_frame, {', '.join(helpers)}\n\n\n"
        "class Link:\n"
        + siblings
        + "    def _checksum(self, payload: bytes) -> int:\n        return sum(payload) % 255\n\n"
        "    def send(self, payload: bytes) -> bytes:\n"
        '        """Frame the payload and send it."""\n'
        "        ...\n"
    )
    link = pkg / "link.py"
    ctx = Packer(Memory.open(tmp_path)).pack(
        "pkg/link.py", _line_of(link, '"""Frame the payload'), 8, budget=700, mode="generate"
    )
    assert ctx.tokens <= 700
    assert _line_of(pkg / "codec.py", "def encode_frame") in ctx.included_lines("pkg/codec.py")
    assert _line_of(link, "def _checksum") in ctx.included_lines("pkg/link.py")
    # The budget is tight: most of the helpers the siblings use stay out, so the choice was a ranking.
    shown = ctx.included_lines("pkg/codec.py")
    assert sum(1 for i in range(40) if 3 * i + 1 in shown) < 40


@pytest.mark.parametrize("budget", [1800, 2000, 2200, 2400, 2600, 2800])
def test_a_large_skeleton_never_pushes_out_what_the_window_uses(tmp_path: Path, budget: int) -> None:
    """A class with many methods has a skeleton of scattered headers and many gap markers; when it is
    costlier than estimated, the ranking (not the order of arrival) decides what gives way: the fields
    the window reads and the class's header stay."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    methods = "".join(
        f"    def method_{i}(self, value):\n        total = value + {i}\n        return total\n\n"
        for i in range(150)
    )
    (pkg / "big.py").write_text("class Big:\n" + methods)
    (pkg / "main.py").write_text(
        "from .big import Big\n\n\n"
        "class Worker:\n"
        "    def __init__(self, alpha, beta, gamma):\n"
        "        self.alpha = alpha\n"
        "        self.beta = beta\n"
        "        self.gamma = gamma\n\n"
        "    def run(self):\n"
        "        big = Big()\n"
        "        return big.method_1(self.alpha + self.beta + self.gamma)\n"
    )
    main = pkg / "main.py"
    ctx = Packer(Memory.open(tmp_path)).pack(
        "pkg/main.py", _line_of(main, "return big.method_1") - 1, 8, budget=budget, mode="edit"
    )
    assert ctx.tokens <= budget
    here = ctx.included_lines("pkg/main.py")
    for field in ("self.alpha = alpha", "self.beta = beta", "self.gamma = gamma"):
        assert _line_of(main, field) in here, (budget, field, ctx.ledger())
    assert 1 in ctx.included_lines("pkg/big.py")


def _member_workspace(tmp_path: Path, target: str, sibling_body: str = "return None") -> Path:
    """A package whose `shapes.py` holds classes used through the class itself (class methods, an enum),
    and whose `canvas.py` holds a long class with a body still to write (`target`) among many siblings."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    instance = "".join(
        f"    def area_{i}(self, scale: float) -> float:\n        return self.width * scale * {i}\n\n"
        for i in range(30)
    )
    (pkg / "shapes.py").write_text(
        "from enum import Enum\n\n\n"
        "class Mode(Enum):\n"
        "    FILL = 1\n"
        "    STROKE = 2\n"
        "    CLIP = 3\n\n\n"
        "class Shape:\n"
        "    def __init__(self, width: float) -> None:\n"
        "        self.width = width\n\n" + instance + "    @classmethod\n"
        "    def unit(cls) -> 'Shape':\n        return cls(1.0)\n\n"
        "    @classmethod\n"
        "    def from_outline(cls, points: list[tuple[float, float]]) -> 'Shape':\n"
        "        return cls(max(x for x, _ in points))\n\n"
        "    @staticmethod\n"
        "    def bounding_width(points: list[tuple[float, float]]) -> float:\n"
        "        return max(x for x, _ in points)\n\n"
        "    @classmethod\n"
        "    def from_label(cls, label: str) -> 'Shape':\n        return cls(len(label))\n"
    )
    helpers = "".join(f"def helper_{i}(value):\n    return value * {i}\n\n" for i in range(60))
    siblings = "".join(f"    def draw_{i}(self, value):\n        {sibling_body}\n\n" for i in range(40))
    (pkg / "canvas.py").write_text(
        "from .shapes import Mode, Shape\n\n\n" + helpers + "class Canvas:\n"
        "    def __init__(self) -> None:\n        self.items: list[Shape] = []\n\n"
        + siblings
        + target
        + "        \n\n"
        + "    def close(self):\n        return None\n"
    )
    return pkg / "canvas.py"


def _generate_at(path: Path, needle: str, budget: int) -> tuple[PackedContext, frozenset[int]]:
    root = path.parent.parent
    line = _line_of(path, needle)
    ctx = Packer(Memory.open(root)).pack(f"pkg/{path.name}", line, 8, budget=budget, mode="generate")
    assert ctx.tokens <= budget
    return ctx, ctx.included_lines("pkg/shapes.py")


def test_generate_predicts_class_methods_of_a_class_the_header_names(tmp_path: Path) -> None:
    """A body that must return an imported class's instance reaches for the class's own constructors
    (`Shape.from_outline`): nothing in the file mentions them, yet their headers come along."""
    canvas = _member_workspace(
        tmp_path,
        "    def outline_shape(self, points: list[tuple[float, float]]) -> Shape:\n"
        '        """The shape around the points."""\n',
    )
    shapes = canvas.parent / "shapes.py"
    ctx, shown = _generate_at(canvas, '"""The shape around the points."""', 900)
    assert _line_of(shapes, "def from_outline(") in shown, ctx.ledger()
    assert _line_of(shapes, "def bounding_width(") in shown, ctx.ledger()
    # Class-level members only: the thirty instance methods stay out.
    assert _line_of(shapes, "def area_0(") not in shown
    reasons = [s.reason for s in ctx.sections if s.symbol_id == "pkg/shapes.py::Shape.from_outline"]
    assert reasons and "class-level member of Shape" in reasons[0]


def test_generate_predicts_the_member_whose_name_the_new_code_shares(tmp_path: Path) -> None:
    """The neighbours reach through `Shape` (`Shape.unit()`); of its class-level members the one sharing
    a word with the method being written (`label`) ranks first and fits a budget the others do not."""
    canvas = _member_workspace(
        tmp_path,
        '    def add_label(self, label: str):\n        """Add a text item."""\n',
        sibling_body="return Shape.unit()",
    )
    shapes = canvas.parent / "shapes.py"
    ctx, shown = _generate_at(canvas, '"""Add a text item."""', 700)
    assert _line_of(shapes, "def from_label(") in shown, ctx.ledger()


def test_class_level_members_are_those_used_through_the_class(tmp_path: Path) -> None:
    """What `C.name` can mean without an instance: class and static methods, enum members, upper-case
    constants; not instance methods, properties, fields set in `__init__` or private names."""
    canvas = _member_workspace(tmp_path, '    def noop(self):\n        """Nothing."""\n')
    (canvas.parent / "limits.py").write_text(
        "class Limits:\n"
        "    MAX_WIDTH = 10\n"
        "    ratio = 0.5\n"
        "    _SECRET = 1\n\n"
        "    @property\n"
        "    def wide(self) -> bool:\n        return True\n"
    )
    memory = Memory.open(tmp_path)
    found: dict[str, bool] = {}
    for path, owner in (("pkg/shapes.py", "Mode"), ("pkg/shapes.py", "Shape"), ("pkg/limits.py", "Limits")):
        index = memory.file(path)
        assert index is not None
        cls = index.by_qualname[owner][0]
        for child in cls.children:
            member = index.by_id[child]
            found[f"{owner}.{member.name}"] = class_level(member, cls)
    expected = {"Mode.FILL", "Mode.STROKE", "Mode.CLIP", "Shape.unit", "Shape.from_outline"}
    expected |= {"Shape.bounding_width", "Shape.from_label", "Limits.MAX_WIDTH"}
    assert {name for name, yes in found.items() if yes} == expected
    assert {"Shape.area_0", "Shape.__init__", "Shape.width", "Limits.ratio", "Limits.wide"} <= set(found)


def test_words_split_identifiers_and_fold_plurals() -> None:
    assert words("def strip_styles(self, TerminalTheme, HTTPServer2)") == {
        "strip",
        "style",
        "terminal",
        "theme",
        "http",
        "server",
    }
    assert words("self.get(x) -> Optional[str]") == set()


def test_generate_predicts_the_file_names_the_new_code_shares_a_word_with(tmp_path: Path) -> None:
    """`get_atom` will build an `Atom`: a class defined thousands of tokens back that nothing uses yet and
    no neighbour mentions comes along, while most of the file's other classes stay out."""
    classes = "".join(f"class Part{i}(list):\n    kind = 'part{i}'\n\n\n" for i in range(150))
    getters = "".join(
        f"def get_part{i}(value):\n    return Part{i}(value), value[{i}:]\n\n\n" for i in range(150)
    )
    path = tmp_path / "parser.py"
    path.write_text(
        "class Atom(list):\n    kind = 'atom'\n\n\n"
        + classes
        + _filler(200, "python")
        + getters
        + 'def get_atom(value):\n    """Parse the next token of value."""\n    \n\n\n'
        + "def get_end(value):\n    return value\n"
    )
    line = _line_of(path, '"""Parse the next token of value."""')
    ctx = Packer(Memory.open(tmp_path)).pack("parser.py", line, 4, budget=600, mode="generate")
    assert ctx.tokens <= 600
    shown = ctx.included_lines("parser.py")
    assert 1 in shown, ctx.ledger()
    reasons = [s.reason for s in ctx.sections if s.symbol_id == "parser.py::Atom"]
    assert reasons == ["shares 'atom' with the code being written"]
    assert sum(1 for i in range(150) if _line_of(path, f"class Part{i}(list):") in shown) < 100


def test_generate_puts_the_class_members_the_workspace_uses_most_first(tmp_path: Path) -> None:
    """Of twelve constructors of a class the new code names, the one five other files call comes along at
    a budget too tight for them all."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    makers = "".join(
        f"    @classmethod\n    def make_{i}(\n        cls,\n        first: int,\n        second: int,\n"
        f"    ) -> 'Palette':\n        return cls()\n\n"
        for i in range(12)
    )
    (pkg / "palette.py").write_text("class Palette:\n" + makers)
    for i in range(5):
        (pkg / f"use_{i}.py").write_text(
            f"from .palette import Palette\n\nCOLOURS = Palette.make_9({i}, 1)\n"
        )
    (pkg / "theme.py").write_text(
        "from .palette import Palette\n\n\n"
        + _filler(80, "python")
        + "def pick(light: bool) -> Palette:\n"
        + '    """The palette for the light or the dark theme."""\n    \n'
    )
    theme = pkg / "theme.py"
    line = _line_of(theme, '"""The palette for the light')
    ctx = Packer(Memory.open(tmp_path)).pack("pkg/theme.py", line, 4, budget=350, mode="generate")
    assert ctx.tokens <= 350
    shown = ctx.included_lines("pkg/palette.py")
    palette = pkg / "palette.py"

    # Each constructor's header spans six lines (decorator aside): the budget holds its whole header for
    # only some, the `def` line for the rest.
    def header(i: int) -> set[int]:
        first = _line_of(palette, f"def make_{i}(")
        return set(range(first, first + 5))

    assert header(9) <= shown, ctx.ledger()
    assert sum(1 for i in range(12) if header(i) <= shown) < 12


def test_generate_in_a_function_nested_in_a_method_predicts_the_class_state(tmp_path: Path) -> None:
    """A helper nested in a method shares the method's `self`: the fields of the class come along as they
    do for a method, though the helper's parent is a function, not the class."""
    fields = "".join(f"        self.limit_{i} = {i}\n" for i in range(6))
    path = tmp_path / "report.py"
    path.write_text(
        _filler(150, "python")
        + "class Report:\n"
        + "    def __init__(self):\n"
        + fields
        + "\n"
        + "".join(f"    def section_{i}(self, rows):\n        return rows[{i}:]\n\n" for i in range(100))
        + "    def render(self, rows):\n"
        + "        def render_row(row):\n"
        + '            """One row, cut to the limits."""\n'
        + "            \n"
        + "        return [render_row(r) for r in rows]\n"
    )
    line = _line_of(path, '"""One row, cut to the limits."""')
    ctx = Packer(Memory.open(tmp_path)).pack("report.py", line, 12, budget=700, mode="generate")
    assert ctx.tokens <= 700
    shown = ctx.included_lines("report.py")
    for i in range(6):
        assert _line_of(path, f"self.limit_{i} = {i}") in shown, ctx.ledger()


def test_generate_predicts_the_methods_whose_name_the_new_method_shares(tmp_path: Path) -> None:
    """`update_screen` is written next to `update_screen_lines`, defined far below and called by nobody
    yet: it comes along among a hundred other methods of the class."""
    ops = "".join(
        f"    def op_{i}(self, value):\n        return self.op_{i + 1}(value)\n\n" for i in range(100)
    )
    path = tmp_path / "screen.py"
    path.write_text(
        "class Screen:\n"
        + "    def update_screen(self, lines):\n"
        + '        """Redraw what changed."""\n'
        + "        \n\n"
        + ops
        + "    def op_100(self, value):\n        return value\n\n"
        + "    def update_screen_lines(self, lines, x=0, y=0):\n        return lines\n"
    )
    line = _line_of(path, '"""Redraw what changed."""')
    ctx = Packer(Memory.open(tmp_path)).pack("screen.py", line, 8, budget=400, mode="generate")
    assert ctx.tokens <= 400
    assert _line_of(path, "def update_screen_lines(") in ctx.included_lines("screen.py"), ctx.ledger()
