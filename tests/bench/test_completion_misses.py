"""The completion bench's misses listing says how the hidden line used each missed definition (issue 17)."""

from __future__ import annotations

import pytest

from bench.completion_ts import use_kind

LINE = "x\n  const { a, b } = this._c;\n  a.next(new Foo(this.src, y));\n"


@pytest.mark.parametrize(
    ("at", "kind"),
    [
        ("a, b", "destructured"),
        ("b }", "destructured"),
        ("next", "member"),
        ("Foo", "constructor"),
        ("src", "this member"),
        ("y)", "name"),
    ],
)
def test_each_use_is_classed_by_its_place_on_the_line(at: str, kind: str) -> None:
    assert use_kind(LINE, LINE.index(at)) == kind


def test_offsets_are_utf16_units() -> None:
    # One character outside the BMP (two UTF-16 units) before the line: offsets count units, not characters.
    text = "'\U0001f600'\n  obj.member();\n"
    offset = len(text[: text.index("member")].encode("utf-16-le")) // 2
    assert use_kind(text, offset) == "member"
