"""Python: the hierarchy, names, signatures, docs, decorators, references and imports of real code."""

from __future__ import annotations

from tests.support.memory import index_text, kinds, sym


def test_type_alias_statement_defines_only_its_name() -> None:
    index = index_text("t.py", "type JobId = int\ntype Pair[T] = tuple[T, T]\n")
    assert kinds(index) == {"JobId": "type_parameter", "Pair": "type_parameter"}
    assert sym(index, "JobId").refs == ("int",)
    assert sym(index, "JobId").signature == "type JobId = int"
