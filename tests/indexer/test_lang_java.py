"""Java: classes, interfaces, enums, records, annotations, members, references and imports."""

from __future__ import annotations

from tests.support.memory import children, index_text, kinds, sym


def test_enum_constants_are_members_of_their_enum() -> None:
    text = "enum Status {\n  NEW,\n  PAID { @Override boolean done() { return true; } };\n  boolean done() { return false; }\n}\n"
    index = index_text("Status.java", text)
    assert children(index, "Status") == ["Status.NEW", "Status.PAID", "Status.done"]
    assert children(index, "Status.PAID") == ["Status.PAID.done"]
    assert kinds(index)["Status.NEW"] == "constant"
    assert sym(index, "Status.PAID").name_start == (2, 2)
