"""One declaration that defines several names gives sibling symbols, never one nested in another."""

from __future__ import annotations

import pytest

from tests.support.memory import children, index_text, kinds, sym


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("m.py", "a, b = 1, 2\n(c, d) = 3, 4\n", {"a", "b", "c", "d"}),
        ("m.go", "package p\n\nvar c, d = 1, 2\n\nconst (\n\tE, F = 3, 4\n)\n", {"c", "d", "E", "F"}),
        ("m.c", "int a, b;\nstatic long c = 1, d = 2;\n", {"a", "b", "c", "d"}),
    ],
)
def test_several_module_level_names_in_one_statement(path: str, text: str, expected: set[str]) -> None:
    index = index_text(path, text)
    assert set(kinds(index)) == expected
    assert set(children(index, "")) == expected


def test_java_fields_declared_together_are_all_members_of_the_class() -> None:
    index = index_text("J.java", "class J {\n  private int x, y;\n  static final int A = 1, B = 2;\n}\n")
    assert children(index, "J") == ["J.x", "J.y", "J.A", "J.B"]
    assert sym(index, "J.y").name_start == (1, 17)


def test_c_struct_fields_declared_together_are_all_fields() -> None:
    index = index_text("s.c", "struct s { int p, q; char *r, *t; };\n")
    assert children(index, "s") == ["s.p", "s.q", "s.r", "s.t"]
    assert kinds(index)["s.q"] == "field"


def test_go_grouped_type_declaration_gives_one_symbol_per_spec() -> None:
    text = """package p

// Single is alone.
type Single struct{ v int }

type (
\t// A has x.
\tA struct {
\t\tx int
\t}
\t// B is a number.
\tB int
\tI interface{ M() }
)
"""
    index = index_text("g.go", text)
    assert kinds(index) == {
        "Single": "struct",
        "Single.v": "field",
        "A": "struct",
        "A.x": "field",
        "B": "type_parameter",
        "I": "interface",
        "I.M": "method",
    }
    assert sym(index, "Single").signature == "type Single struct"
    assert sym(index, "Single").doc == "Single is alone."
    assert sym(index, "A").doc == "A has x."
    assert sym(index, "B").doc == "B is a number."
    assert sym(index, "A").start == (7, 1)
    assert sym(index, "A").end == (9, 2)
