"""Edit values and text surgery: applying, diffing, splicing a symbol with its indentation."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from archmem.indexer.document import Document
from archmem.indexer.languages import BY_NAME
from archmem.server.actions.edits import (
    ProposedEdit,
    TextEdit,
    apply_edits,
    edit_between,
    reindent,
    replace_symbol,
    text_hash,
    unified_diff,
)

SOURCE = b'''class Box:
    """A box."""

    @property
    def size(self):
        return len(self.itemz)

    def empty(self):
        return not self.items
'''


def symbol(text: bytes, name: str):  # type: ignore[no-untyped-def]
    index = Document("box.py", BY_NAME["python"], text).index
    return next(s for s in index.symbols if s.name == name)


def test_apply_edits_uses_original_offsets_in_any_order() -> None:
    text = b"alpha beta gamma"
    edits = [TextEdit(11, 16, "GAMMA"), TextEdit(0, 5, "A"), TextEdit(6, 6, "new ")]
    assert apply_edits(text, edits) == b"A new beta GAMMA"


def test_apply_edits_refuses_overlap_and_out_of_range() -> None:
    with pytest.raises(ValueError, match="overlap"):
        apply_edits(b"abcdef", [TextEdit(0, 3, "x"), TextEdit(2, 4, "y")])
    with pytest.raises(ValueError, match="outside"):
        apply_edits(b"abc", [TextEdit(1, 9, "x")])
    with pytest.raises(ValueError):
        TextEdit(5, 2, "x")


def test_two_insertions_at_one_offset_keep_their_order() -> None:
    assert apply_edits(b"ab", [TextEdit(1, 1, "1"), TextEdit(1, 1, "2")]) == b"a12b"


def test_non_ascii_offsets_are_bytes() -> None:
    text = "s = 'héllo'\n".encode()
    start = text.index(b"h")
    edit = TextEdit(start, start + len("héllo".encode()), "wörld")
    assert apply_edits(text, [edit]).decode() == "s = 'wörld'\n"


def test_edit_between_never_splits_a_character() -> None:
    before = "x = 'é'\n".encode()
    after = "x = 'è'\n".encode()
    edit = edit_between(before, after)
    assert edit is not None
    assert apply_edits(before, [edit]) == after
    assert edit.new_text == "è"
    assert edit_between(before, before) is None


def test_replace_symbol_reindents_a_dedented_answer() -> None:
    size = symbol(SOURCE, "size")
    answer = "@property\ndef size(self):\n    return len(self.items)\n"
    after = apply_edits(SOURCE, [replace_symbol(SOURCE, size, answer)])
    assert after == SOURCE.replace(b"self.itemz", b"self.items")


def test_replace_symbol_keeps_an_answer_at_its_original_depth() -> None:
    size = symbol(SOURCE, "size")
    answer = "    @property\n    def size(self):\n        return len(self.items)\n"
    after = apply_edits(SOURCE, [replace_symbol(SOURCE, size, answer)])
    assert after == SOURCE.replace(b"self.itemz", b"self.items")


TS_SOURCE = b"""import { log } from "./log";

export function total(xs: number[]): number {
  return 0;
}

export default class Cart {
  items: number[] = [];
}
"""


def ts_symbol(name: str):  # type: ignore[no-untyped-def]
    index = Document("cart.ts", BY_NAME["typescript"], TS_SOURCE).index
    return next(s for s in index.symbols if s.name == name)


@pytest.mark.parametrize("keyword", ["export ", ""])
def test_replace_symbol_does_not_double_an_export_the_answer_repeats(keyword: str) -> None:
    answer = (
        f"{keyword}function total(xs: number[]): number {{\n  return xs.reduce((a, b) => a + b, 0);\n}}\n"
    )
    after = apply_edits(TS_SOURCE, [replace_symbol(TS_SOURCE, ts_symbol("total"), answer)])
    assert after == TS_SOURCE.replace(b"return 0;", b"return xs.reduce((a, b) => a + b, 0);")
    cart = "export default class Cart {\n  items: number[] = [1];\n}\n"
    after = apply_edits(TS_SOURCE, [replace_symbol(TS_SOURCE, ts_symbol("Cart"), cart)])
    assert after == TS_SOURCE.replace(b"= [];", b"= [1];")


def test_reindent_turns_spaces_into_the_files_tabs() -> None:
    assert reindent("def f():\n    if x:\n        y()\n", "\t") == "def f():\n\t\tif x:\n\t\t\ty()"


def test_reindent_keeps_blank_lines_blank() -> None:
    assert reindent("def f():\n\n    return 1\n", "    ") == "def f():\n\n        return 1"


def test_unified_diff_applies_with_git(tmp_path: Path) -> None:
    before = b"a\nb\nc"
    after = b"a\nB\nc\nd\n"
    (tmp_path / "f.txt").write_bytes(before)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    patch = unified_diff("f.txt", before, after)
    assert "\\ No newline at end of file" in patch
    subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=patch.encode(), check=True)
    assert (tmp_path / "f.txt").read_bytes() == after
    assert unified_diff("f.txt", before, before) == ""


def test_proposed_edit_knows_when_it_is_stale() -> None:
    text = b"x = 1\n"
    edit = ProposedEdit(
        path="x.py",
        version=3,
        before_hash=text_hash(text),
        edits=(TextEdit(4, 5, "2"),),
        title="t",
        summary="s",
        verified=True,
        rounds=1,
        detail="",
    )
    assert not edit.is_stale(3, text)
    assert edit.is_stale(4)
    assert edit.is_stale(None, b"x = 5\n")
    assert edit.apply(text) == b"x = 2\n"
    with pytest.raises(ValueError, match="changed"):
        edit.apply(b"y = 1\n")
