"""A name a Python `global`/`nonlocal` statement declares is told from the words such statements name, collected
once per function, as the pattern compiled for each name asked told it (`scopes._declared_global`)."""

from __future__ import annotations

import re
from pathlib import Path

from archmem.indexer.scopes import FunctionScope, _declared_global
from archmem.indexer.workspace import Memory

SOURCES = [
    b"def f():\n    global a, b_2\n    a = 1\n",
    b"def f():\n    nonlocal x  # and y\n    y = x\n",
    b"def f():\n    global_state = 1\n    globally = nonlocal_ish\n",
    b"def f():\n    x = 1; global z\n    global  q,r\n",
    b"def f():\n    global\n    w = 1\n",
    b"def f():\n    global \xc3\xa9t\xc3\xa9, a\xc3\xb1b\n    \xc3\xa9t\xc3\xa9 = 1\n",
    b"def f():\n    s = 'global name'\n    name.attr = 2\n",
]
WORDS = [
    b"a", b"b_2", b"b", b"x", b"y", b"and", b"z", b"q", b"r", b"w", b"global", b"nonlocal", b"state",
    b"global_state", b"ish", b"name", b"attr", b"\xc3\xa9t\xc3\xa9", b"a\xc3\xb1b", b"f", b"def",
]  # fmt: skip


def _by_pattern(source: bytes, word: bytes) -> bool:
    return re.search(rb"\b(?:global|nonlocal)\b[^\n]*\b" + re.escape(word) + rb"\b", source) is not None


def test_the_declared_words_answer_as_the_pattern_per_name() -> None:
    declared = 0
    for source in SOURCES:
        for word in WORDS:
            expected = _by_pattern(source, word)
            assert _declared_global(source, word) is expected, (source, word)
            declared += expected
    assert declared >= 10


def test_a_name_the_function_declares_global_is_not_its_local(tmp_path: Path) -> None:
    source = "counter = 0\n\n\ndef bump():\n    global counter\n    counter = counter + 1\n    step = 1\n"
    (tmp_path / "m.py").write_text(source)
    memory = Memory.open(tmp_path)
    index = memory.file("m.py")
    assert index is not None
    text = source.encode()
    scope = FunctionScope.at_byte(memory, index, text, text.index(b"step"))
    assert scope is not None
    bump = next(s for s in index.symbols if s.name == "bump")
    assert not scope.shadows("counter", bump)
    assert scope.shadows("step", bump)
