"""A completion's syntax check parses the top-level item around the cursor alone, not the whole file: it must
drop exactly the suggestions whose splice gives the whole file more syntax errors (counted on fresh parses
of both texts), at every line of real-shaped files, around the items' edges, in a file that already has an
error elsewhere, and in an item too large to be parsed alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline import FimPrompt, finish
from archmem.server.actions.splice_syntax import _members_around
from archmem.server.checks.syntax import syntax_diagnostics

# More than the items parsed alone (`splice_syntax._ALONE_BYTES`): its lines take the editor's tree reparsed.
_LARGE_CLASS = "class Large:\n" + "".join(
    f"    def method_{i}(self, value):\n        return value + {i}\n\n" for i in range(560)
)

_LARGE_TS_CLASS = (
    "export class Large {\n"
    + "".join(f"  method{i}(value: number): number {{\n    return value + {i};\n  }}\n\n" for i in range(700))
    + "}\n"
)

PYTHON_SMALL = (
    "import os\n\n\ndef first(path):\n    base = os.path.dirname(path)\n\n    return base\n\n"
    "class Shape:\n    sides = 3\n\n    def area(self, scale):\n        total = self.sides * scale\n"
    "        return total\n\n\n"
    "def last(values):\n    return [v for v in values if v]\n"
)
PYTHON = PYTHON_SMALL + f"\n\n{_LARGE_CLASS}\n" + "def after_large(values):\n    return values\n"

TYPESCRIPT = (
    "import { join } from 'path';\n\nexport function first(path: string): string {\n"
    "  const base = join(path, 'x');\n\n  return base;\n}\n\n"
    "class Shape {\n  sides = 3;\n\n  area(scale: number): number {\n    const total = this.sides * scale;\n"
    "    return total;\n  }\n}\n"
    "export const last = (values: number[]) => values.filter((v) => v > 0);\n"
)

C = (
    "#include <stdio.h>\n\nstruct shape {\n  int sides;\n};\n\n"
    "static int first(int path) {\n  int base = path + 1;\n\n  return base;\n}\n\n"
    "#ifdef WIDE\nint area(struct shape *s) {\n  return s->sides * 2;\n}\n#endif\n\n"
    "int last(void) { return 0; }\n"
)

ANSWERS = (
    "value = 1",
    "value = 1;",
    "f(a, b);",
    "call(",
    ")",
    '"""',
    "else:",
    "return (a, b)",
    "}",
    "{",
    "x = [1, 2",
    "/* open",
    "@decorator",
    "case 1:",
    "static",
)
# Two more items, then an error of the file's own: the suggestions' fate before them must not change.
BROKEN = {
    "m.py": ("\n\nspacer_a = 1\nspacer_b = 2\n", "\ndef broken_elsewhere(:\n    pass\n"),
    "m.ts": ("\nconst spacerA = 1;\nconst spacerB = 2;\n", "\nfunction brokenElsewhere( {\n"),
    "m.c": ("\nint spacer_a;\nint spacer_b;\n", "\nint broken( {\n"),
}
# Small items after the code, so that its items are a small share of the file and are parsed alone (in a
# small file they are reparsed from the editor's tree, cut after them): both ways are checked.
FILLER = {
    "m.py": "".join(f"\n\ndef filler_{i}():\n    return {i}\n" for i in range(60)),
    "m.ts": "".join(f"\nfunction filler{i}(): number {{\n  return {i};\n}}\n" for i in range(60)),
    "m.c": "".join(f"\nint filler_{i}(void) {{\n  return {i};\n}}\n" for i in range(60)),
}
SOURCES = [
    ("m.py", PYTHON, ""),
    ("m.ts", TYPESCRIPT + _LARGE_TS_CLASS + "export const after = 1;\n", ""),
    ("m.ts", TYPESCRIPT, ""),
    ("m.ts", TYPESCRIPT, FILLER["m.ts"]),
    ("m.c", C, ""),
    ("m.c", C, FILLER["m.c"]),
]


@pytest.mark.parametrize(("name", "source", "filler"), SOURCES)
def test_the_check_drops_exactly_what_gives_the_whole_file_an_error(
    tmp_path: Path, name: str, source: str, filler: str
) -> None:
    text = (source + filler).encode()
    memory = _opened(tmp_path, name, text)
    spec = memory.spec(name)
    assert spec is not None and not spec.parse(text).root_node.has_error
    decisions = _decisions(memory, name, text, _spots(source.encode()))
    for (byte, answer), kept in decisions.items():
        spliced = text[:byte] + answer.encode() + text[byte:]
        adds = bool(syntax_diagnostics(spec.parse(spliced), spliced, language=spec.name))
        assert kept == (not adds), (byte, answer, text[max(0, byte - 40) : byte + 40])
    # Both happen: the comparison is not passed by a check that always (or never) drops.
    assert 0 < sum(decisions.values()) < len(decisions)


@pytest.mark.parametrize(("name", "source", "filler"), [("m.py", PYTHON_SMALL, FILLER["m.py"]), *SOURCES[2:]])
def test_an_error_elsewhere_in_the_file_changes_no_decision(
    tmp_path: Path, name: str, source: str, filler: str
) -> None:
    spacers, error = BROKEN[name]
    spots = _spots(source.encode())
    text = (source + filler + spacers).encode()
    clean = _decisions(_opened(tmp_path, name, text), name, text, spots)
    broken = text + error.encode()
    other = tmp_path / "other"
    other.mkdir()
    memory = _opened(other, name, broken)
    spec = memory.spec(name)
    assert spec is not None and spec.parse(broken).root_node.has_error
    now = _decisions(memory, name, broken, spots)
    assert [k for k in clean if now[k] != clean[k]] == []


def _opened(root: Path, name: str, text: bytes) -> Memory:
    (root / name).write_bytes(text)
    memory = Memory(root, persist=False)
    memory.index_all()
    memory.open_document(name, text, 1)
    return memory


def _spots(text: bytes) -> list[int]:
    """Every line's indentation end and end, and the file's ends."""
    starts = _line_starts(text)
    spots = sorted(
        {i + len(line) - len(line.lstrip()) for i, line in starts}
        | {i + len(line.rstrip(b"\n")) for i, line in starts}
        | {0, len(text)}
    )
    # A three-hundredth of the large class's lines: each costs a reparse of the whole file.
    large = text.find(b"class Large")
    if large < 0:
        return spots
    size = len(_LARGE_CLASS) if text[large:].startswith(b"class Large:") else len(_LARGE_TS_CLASS)
    return [s for s in spots if not large < s < large + size or s % 300 == 0]


def _decisions(memory: Memory, name: str, text: bytes, spots: list[int]) -> dict[tuple[int, str], bool]:
    """Whether each answer is kept at each spot."""
    prompt = FimPrompt("", "", "", "line", "", "", 0)
    return {
        (byte, answer): finish(prompt, answer, memory, name, text, byte)[0] is not None
        for byte in spots
        for answer in ANSWERS
    }


def _line_starts(text: bytes) -> list[tuple[int, bytes]]:
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        out.append((at, line))
        at += len(line)
    return out


@pytest.mark.parametrize(("name", "source"), [("m.py", PYTHON), ("m.ts", TYPESCRIPT + _LARGE_TS_CLASS)])
def test_in_an_item_too_large_to_parse_alone_the_members_around_the_cursor_are(
    tmp_path: Path, name: str, source: str
) -> None:
    """A line of a class too large to be parsed alone is checked with the class's header, the methods around
    it and its closing line (`_members_around`), not by reparsing the class (~5 ms in `_pydecimal.Decimal`)."""
    text = source.encode()
    memory = _opened(tmp_path, name, text)
    doc = memory.document(name)
    assert doc is not None
    byte = text.index(b"value + 300")
    found = _members_around(doc.tree, byte, text)
    assert found is not None
    header, first, last, tail = found
    assert header.lstrip().startswith((b"class Large", b"export class Large")) and len(header) < 40
    assert b"method_299" in text[first:last] or b"method299" in text[first:last]
    assert first < byte < last and last - first < 300 and tail.strip() in (b"", b"}")
