"""Offline completion's ranking on real code: an excerpt of CPython 3.11's Lib/inspect.py (docstrings cut)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.workspace import Memory
from archmem.server.actions.complete import complete

INSPECT = '''\
import types


def ismodule(object):
    """Return true if the object is a module."""
    return isinstance(object, types.ModuleType)

def isclass(object):
    """Return true if the object is a class."""
    return isinstance(object, type)

def ismethod(object):
    """Return true if the object is an instance method."""
    return isinstance(object, types.MethodType)

def isfunction(object):
    """Return true if the object is a user-defined function."""
    return isinstance(object, types.FunctionType)

def _getmembers(object, predicate, getter):
    results = []
    processed = set()
    names = dir(object)
    if isclass(object):
        mro = (object,) + getmro(object)
        try:
            for base in object.__bases__:
                for k, v in base.__dict__.items():
                    if isinstance(v, types.DynamicClassAttribute):
                        names.append(k)
        except AttributeError:
            pass
    else:
        mro = ()
    for key in names:
        try:
            value = getter(object, key)
            if key in processed:
                raise AttributeError
        except AttributeError:
            for base in mro:
                if key in base.__dict__:
                    value = base.__dict__[key]
                    break
            else:
                continue
        if not predicate or predicate(value):
            results.append((key, value))
        processed.add(key)
    results.sort(key=lambda pair: pair[0])
    return results

def getmembers_static(object, predicate=None):
    found = []
    for key in dir(object):
        if is
'''


def offered(tmp_path: Path, text: str, typed: str, other: str = "") -> list[str]:
    """The labels offered with the cursor right after the last `typed` of `text` (`other`: another file)."""
    (tmp_path / "inspect_excerpt.py").write_text(text)
    if other:
        (tmp_path / "other.py").write_text(other)
    memory = Memory(tmp_path, persist=False)
    memory.index_all()
    raw = text.encode()
    memory.open_document("inspect_excerpt.py", raw, 1)
    at = raw.rindex(typed.encode()) + len(typed.encode())
    try:
        return [c.label for c in complete(memory, "inspect_excerpt.py", raw, at).candidates]
    finally:
        memory.close()


def test_the_builtin_most_definitions_use_comes_before_the_file_s_rarer_names(tmp_path: Path) -> None:
    # Five definitions call isinstance, one calls isclass, none call the excerpt's other `is` functions
    # in code before the cursor: the builtin comes first, then the file's own by how much they are used.
    found = offered(tmp_path, INSPECT, "        if is")
    assert found[:2] == ["isinstance", "isclass"]
    assert {"ismodule", "ismethod", "isfunction"} <= set(found[2:])


def test_a_member_of_a_value_of_unknown_type_is_guessed_from_the_members_the_file_uses(
    tmp_path: Path,
) -> None:
    # `found = []`: no type the memory follows, but the file appends to lists elsewhere.
    text = INSPECT.replace("        if is\n", "        found.ap\n")
    assert offered(tmp_path, text, "found.ap") == ["append"]
    # Every member the file uses is offered while nothing is typed yet, and only those.
    text = INSPECT.replace("        if is\n", "        found.\n")
    members = offered(tmp_path, text, "found.")
    assert {"append", "items", "sort", "add", "__dict__", "ModuleType"} <= set(members)
    assert not {"isclass", "isinstance", "results"} & set(members)


def test_past_the_file_s_members_the_workspace_s_definitions_are_guessed(tmp_path: Path) -> None:
    # Nothing in the excerpt uses `.extend`; two classes of another file define it, one `extent`.
    other = (
        "class Bag:\n    def extend(self, items):\n        pass\n\n"
        "class Box:\n    def extend(self, items):\n        pass\n\n    def extent(self):\n        pass\n"
    )
    text = INSPECT.replace("        if is\n", "        found.ext\n")
    assert offered(tmp_path, text, "found.ext", other) == ["extend", "extent"]
    # The members the file uses come first, the most used first (`names.append` and `results.append`),
    # before a name only the workspace defines.
    text = INSPECT.replace("        if is\n", "        found.a\n")
    found = offered(tmp_path, text, "found.a", other + "\ndef aardvark():\n    pass\n")
    assert found == ["append", "add", "aardvark"]
