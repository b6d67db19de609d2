"""Python: the hierarchy, names, signatures, docs, decorators, references and imports of real code."""

from __future__ import annotations

from tests.support.memory import index_text, kinds, sym


def test_type_alias_statement_defines_only_its_name() -> None:
    index = index_text("t.py", "type JobId = int\ntype Pair[T] = tuple[T, T]\n")
    assert kinds(index) == {"JobId": "type_parameter", "Pair": "type_parameter"}
    assert sym(index, "JobId").refs == ("int",)
    assert sym(index, "JobId").signature == "type JobId = int"


def test_module_docstring_after_shebang_and_comments() -> None:
    text = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# Licence: MIT\n"""\n  Task queue.\n\nMore.\n"""\nX = 1\n'
    assert index_text("q.py", text).module_doc == "Task queue."
    assert index_text("q.py", "# just a comment\nX = 1\n").module_doc == ""
    assert index_text("q.py", 'X = 1\n"""not a docstring"""\n').module_doc == ""
