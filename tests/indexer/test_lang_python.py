"""Python: the hierarchy, names, signatures, docs, decorators, references and imports of real code."""

from __future__ import annotations

from tests.support.memory import REALISTIC, children, index_fixture, index_text, kinds, sym, text_at


def test_type_alias_statement_defines_only_its_name() -> None:
    index = index_text("t.py", "type JobId = int\ntype Pair[T] = tuple[T, T]\n")
    assert kinds(index) == {"JobId": "type_parameter", "Pair": "type_parameter"}
    assert sym(index, "JobId").refs == ("int",)
    assert sym(index, "JobId").signature == "type JobId = int"


def test_string_prefixes_are_not_references_and_interpolations_are() -> None:
    text = (
        'def f(name, n):\n    return rb"raw" + f"{name!r:>{n}}" + Rb\'x\' + u"" + fr\'{n}\' + b"b".upper()\n'
    )
    # `.upper` is a member of the bytes literal: of something unknown.
    assert sym(index_text("p.py", text), "f").refs == ("name", "n", ".upper")


def test_module_docstring_after_shebang_and_comments() -> None:
    text = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# Licence: MIT\n"""\n  Task queue.\n\nMore.\n"""\nX = 1\n'
    assert index_text("q.py", text).module_doc == "Task queue."
    assert index_text("q.py", "# just a comment\nX = 1\n").module_doc == ""
    assert index_text("q.py", 'X = 1\n"""not a docstring"""\n').module_doc == ""


# -- a realistic module: tests/fixtures/realistic/queue.py ------------------------------------------------

QUEUE = index_fixture(REALISTIC / "queue.py")


def test_hierarchy_kinds_and_qualified_names() -> None:
    assert [(s.qualname, s.kind.name.lower()) for s in QUEUE.symbols] == [
        ("queue", "module"),
        ("__all__", "variable"),
        ("DEFAULT_RETRIES", "variable"),
        ("JobId", "type_parameter"),
        ("Job", "class"),
        ("Job.id", "variable"),
        ("Job.payload", "variable"),
        ("Job.retries", "variable"),
        ("Job.kinds", "variable"),
        ("Job.Meta", "class"),
        ("Job.Meta.ordering", "variable"),
        ("Job.encode", "method"),
        ("Queue", "class"),
        ("Queue.registry", "variable"),
        ("Queue.__init__", "method"),
        ("Queue.name", "field"),
        ("Queue._jobs", "field"),
        ("Queue.workers", "field"),
        ("Queue.named", "method"),
        ("Queue._key", "method"),
        ("Queue.put", "method"),
        ("Queue.drain", "method"),
        ("main", "function"),
    ]


def test_parents_and_children() -> None:
    assert children(QUEUE, "") == ["__all__", "DEFAULT_RETRIES", "JobId", "Job", "Queue", "main"]
    assert children(QUEUE, "Job.Meta") == ["Job.Meta.ordering"]
    # Attributes set through self in a method are members of the class, not of the method.
    assert sym(QUEUE, "Queue._jobs").parent == "queue.py::Queue"
    assert children(QUEUE, "Queue.__init__") == []
    assert [s.qualname for s in QUEUE.enclosing(sym(QUEUE, "Job.Meta.ordering"))] == [
        "Job.Meta",
        "Job",
        "queue",
    ]


def test_ids_are_path_and_qualified_name() -> None:
    assert sym(QUEUE, "Queue.put").id == "queue.py::Queue.put"
    assert QUEUE.symbols[0].id == "queue.py::"
    assert len({s.id for s in QUEUE.symbols}) == len(QUEUE.symbols)


def test_ranges_signatures_and_docs() -> None:
    source = (REALISTIC / "queue.py").read_text()
    put = sym(QUEUE, "Queue.put")
    assert put.signature == "async def put(self, job: Job) -> None:"
    assert (put.start, put.end) == ((63, 4), (65, 38))
    assert text_at(source, put.name_start, put.name_end) == "put"
    named = sym(QUEUE, "Queue.named")
    # A decorated definition starts at its first decorator.
    assert named.start == (53, 4)
    assert named.doc == "Find a queue"
    assert sym(QUEUE, "Job").doc == "One unit of work."  # an r-prefixed docstring
    assert sym(QUEUE, "Queue").doc == "A FIFO of jobs."  # single quotes
    assert QUEUE.module_doc == "Task queue: schedule jobs on workers."
    assert sym(QUEUE, "Queue.__init__").signature == (
        "def __init__(self, name: str, *, workers: list[Worker] | None = None) -> None:"
    )
    assert sym(QUEUE, "DEFAULT_RETRIES").signature == "DEFAULT_RETRIES: int = 3"


def test_decorators() -> None:
    assert sym(QUEUE, "Job").decorators == ("@dataclass(frozen=True, slots=True)",)
    assert sym(QUEUE, "Queue.named").decorators == ("@classmethod",)
    assert sym(QUEUE, "Queue._key").decorators == ("@staticmethod",)
    assert sym(QUEUE, "Queue.put").decorators == ()


def test_references_plain_self_members_and_imported_names() -> None:
    assert sym(QUEUE, "Job.encode").refs == ("bytes", "json", "json.dumps", "self.payload", ".encode")
    assert sym(QUEUE, "Queue.named").refs == ("classmethod", "name", "str", "Queue", "cls.registry")
    drain = sym(QUEUE, "Queue.drain").refs
    assert {"self._jobs", "self.workers", "Job.encode", "w.run"} <= set(drain)
    # Strings, comments and keywords are never references.
    assert not {"queued", "noqa", "await", "for", "None"} & set(sym(QUEUE, "Queue.put").refs + drain)
    # Code at module level outside every definition belongs to the module.
    assert QUEUE.symbols[0].refs == ("TYPE_CHECKING", "ImportError", "__name__", "SystemExit", "main")


def test_imports_with_aliases_and_relative_modules() -> None:
    assert [(i.module, i.name, i.alias, i.line, i.bound) for i in QUEUE.imports] == [
        ("__future__", "annotations", None, 6, "annotations"),
        ("asyncio", None, None, 8, "asyncio"),
        ("logging", None, "log", 9, "log"),
        ("dataclasses", "dataclass", None, 10, "dataclass"),
        ("dataclasses", "field", None, 10, "field"),
        ("typing", "TYPE_CHECKING", None, 11, "TYPE_CHECKING"),
        ("typing", "ClassVar", None, 11, "ClassVar"),
        (".workers", "Worker", None, 14, "Worker"),
        ("ujson", None, "json", 17, "json"),
        ("json", None, None, 19, "json"),
    ]


def test_import_forms() -> None:
    index = index_text(
        "pkg/mod.py",
        "import os.path\nimport a.b.c as abc\nfrom .. import sibling\nfrom ...top.x import (y as z, w)\nfrom m import *\n",
    )
    assert [(i.module, i.name, i.alias, i.bound) for i in index.imports] == [
        ("os.path", None, None, "os"),
        ("a.b.c", None, "abc", "abc"),
        ("..", "sibling", None, "sibling"),
        ("...top.x", "y", "z", "z"),
        ("...top.x", "w", None, "w"),
        ("m", "*", None, "*"),
    ]
    assert index.module == "pkg.mod"
    assert index_text("pkg/__init__.py", "").module == "pkg"


def test_local_variables_are_not_symbols_but_module_level_blocks_are() -> None:
    text = "if DEBUG:\n    LEVEL = 1\nelse:\n    LEVEL = 2\ntry:\n    import fast\nexcept ImportError:\n    fast = None\n\n\ndef f():\n    local = 1\n    for i in range(3):\n        local += i\n    return local\n"
    index = index_text("v.py", text)
    assert [s.qualname for s in index.symbols[1:]] == ["LEVEL", "LEVEL", "fast", "f"]
    assert [s.id for s in index.symbols[1:3]] == ["v.py::LEVEL", "v.py::LEVEL#2"]


def test_fields_prefer_methods_binding_them_through_their_own_receiver() -> None:
    """`self.x = ...` where `self` is a local (an instance built in `__new__` or a classmethod) is a field
    only when no method binds it through its own receiver; the symbols stay in document order."""
    index = index_text(
        "fields.py",
        "class Money:\n"
        "    def __new__(cls, amount):\n"
        "        self = object.__new__(cls)\n"
        "        self._amount = amount\n"
        "        self._cents = 0\n"
        "        return self\n"
        "\n"
        "    def scale(self, k):\n"
        "        return self._amount * k\n"
        "\n"
        "    def reset(self):\n"
        "        self._cents = 100\n",
    )
    amount = sym(index, "Money._amount")
    cents = sym(index, "Money._cents")
    assert amount.start == (3, 8)  # only __new__ sets it: kept there
    assert cents.start == (11, 8)  # reset() binds it through its own receiver: preferred
    starts = [s.start_byte for s in index.symbols[1:]]
    assert starts == sorted(starts)


def test_a_field_set_before_a_method_of_the_same_name_gives_way_to_it() -> None:
    """threading.Condition sets `self._is_owned = lock._is_owned` in __init__ and defines `_is_owned` later:
    one symbol, the method (it had been a field and a method `_is_owned#2`)."""
    index = index_text(
        "cond.py",
        "class Condition:\n"
        "    def __init__(self, lock):\n"
        "        self._lock = lock\n"
        "        try:\n"
        "            self._is_owned = lock._is_owned\n"
        "        except AttributeError:\n"
        "            pass\n"
        "\n"
        "    def _is_owned(self):\n"
        '        """Whether the current thread holds the lock."""\n'
        "        return True\n",
    )
    assert [(s.id, s.kind.name) for s in index.symbols[1:]] == [
        ("cond.py::Condition", "CLASS"),
        ("cond.py::Condition.__init__", "METHOD"),
        ("cond.py::Condition._lock", "FIELD"),
        ("cond.py::Condition._is_owned", "METHOD"),
    ]
    assert sym(index, "Condition._is_owned").doc == "Whether the current thread holds the lock."
