"""pyflakes run in-process: stable codes, data for fixers, byte columns, and no crash on any input."""

from __future__ import annotations

import inspect

import pyflakes.messages
from archmem.indexer.positions import LineIndex
from archmem.server.checks import BytePosition, Diagnostic, Severity, run_pyflakes
from archmem.server.checks.pyflakes_check import _KINDS
from hypothesis import given, settings
from hypothesis import strategies as st

SOURCE = """\
import os, sys as system
from collections import (
    OrderedDict,
    defaultdict as dd,
)

s = 'é名前😀'; print(undefined_a)


def f(a, a):
    y = '名'; import re
    return a


def g():
    print(len)
    len = 3


def f():
    pass


return 5
""".encode()


def by_code(diagnostics: tuple[Diagnostic, ...]) -> dict[str, list[Diagnostic]]:
    found: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        assert diagnostic.code is not None
        found.setdefault(diagnostic.code, []).append(diagnostic)
    return found


def text_at(source: bytes, diagnostic: Diagnostic) -> bytes:
    assert diagnostic.start.line == diagnostic.end.line
    return LineIndex(source).line_text(diagnostic.start.line)[diagnostic.start.col : diagnostic.end.col]


def test_messages_get_stable_codes_severities_and_data() -> None:
    result = run_pyflakes(SOURCE, "sample.py")
    assert result.ok and result.name == "pyflakes"
    found = by_code(result.diagnostics)
    assert all(d.source == "archmem.pyflakes" for d in result.diagnostics)

    (undefined,) = found["undefined-name"]
    assert undefined.severity is Severity.ERROR
    assert undefined.data["name"] == "undefined_a"
    assert text_at(SOURCE, undefined) == b"undefined_a"  # byte columns after é名前😀

    unused = {d.data["name"]: text_at(SOURCE, d) for d in found["unused-import"]}
    assert unused == {
        "os": b"os",
        "sys as system": b"sys as system",
        "collections.OrderedDict": b"OrderedDict",
        "collections.defaultdict as dd": b"defaultdict as dd",
        "re": b"re",
    }
    assert {d.start.line for d in found["unused-import"]} == {0, 2, 3, 10}
    assert all(d.severity is Severity.WARNING for d in found["unused-import"])

    (duplicate,) = found["duplicate-argument"]
    assert duplicate.data["name"] == "a" and duplicate.severity is Severity.ERROR
    variables = {d.data["name"]: text_at(SOURCE, d) for d in found["unused-variable"]}
    assert variables == {"y": b"y", "len": b"len"}
    (local,) = found["undefined-local"]
    assert local.data["name"] == "len"
    (redefined,) = found["redefined-unused"]
    assert redefined.data == {"name": "f", "original_line": 9}  # 0-based, like every position
    assert text_at(SOURCE, redefined) == b"f"
    assert "redefinition of unused 'f' from line 10" in redefined.message  # the message stays 1-based
    assert found["return-outside-function"][0].severity is Severity.ERROR


def test_a_star_import_turns_undefined_names_into_possible_star_usage() -> None:
    found = by_code(run_pyflakes(b"from json import *\nprint(loads, nothing)\n").diagnostics)
    assert found["import-star-used"][0].data == {"module": "json"}
    assert {d.data["name"] for d in found["import-star-usage"]} == {"loads", "nothing"}
    assert all(d.data["from_list"] == "json" for d in found["import-star-usage"])


def test_every_pyflakes_message_class_has_a_code() -> None:
    classes = {
        name
        for name, value in vars(pyflakes.messages).items()
        if inspect.isclass(value)
        and issubclass(value, pyflakes.messages.Message)
        and value is not pyflakes.messages.Message
    }
    assert classes <= set(_KINDS)
    codes = [kind.code for kind in _KINDS.values()]
    assert len(codes) == len(set(codes))


def test_a_syntax_error_is_reported_once_with_cpythons_message_in_bytes() -> None:
    source = "x = 'é名😀' + (1, 2]\n".encode()
    result = run_pyflakes(source)
    (error,) = result.diagnostics
    assert error.code == "syntax-error" and error.severity is Severity.ERROR
    assert "does not match" in error.message
    assert error.start == BytePosition(0, source.index(b"]"))


def test_an_unclosed_bracket_points_at_the_bracket() -> None:
    source = "x = 'é' + (1\ny = 2\n".encode()
    (error,) = run_pyflakes(source).diagnostics
    assert error.message == "'(' was never closed"
    assert error.start == BytePosition(0, source.index(b"("))


def test_invalid_utf8_positions_refer_to_the_original_bytes() -> None:
    source = b"a = '\xff\xfe'; print(zz)\n"
    (undefined,) = run_pyflakes(source).diagnostics
    assert undefined.data["name"] == "zz"
    assert undefined.start == BytePosition(0, source.index(b"zz"))
    assert text_at(source, undefined) == b"zz"


def test_a_nul_byte_is_reported_where_it_is() -> None:
    source = b"x = 1\ny = 2\x00\n"
    (error,) = run_pyflakes(source).diagnostics
    assert error.code == "syntax-error"
    assert "NUL" in error.message
    assert error.start == BytePosition(1, 5)


def test_nesting_too_deep_for_pyflakes_is_a_failed_result_not_an_exception() -> None:
    result = run_pyflakes(b"x = " + b"1+" * 100_000 + b"1\n")
    assert not result.ok
    assert result.error is not None and "nests too deeply" in result.error
    assert result.diagnostics == ()


def test_parenthesis_nesting_beyond_cpythons_limit_is_a_syntax_error() -> None:
    result = run_pyflakes(b"x = " + b"(" * 300 + b"1" + b")" * 300 + b"\n")
    assert result.ok
    assert [d.code for d in result.diagnostics] == ["syntax-error"]


def test_an_empty_file_and_a_clean_file_have_nothing() -> None:
    assert run_pyflakes(b"").diagnostics == ()
    assert run_pyflakes(b"import os\nprint(os.sep)\n").diagnostics == ()


def test_a_large_file_is_checked_whole() -> None:
    source = b"".join(
        b"def f%d(x):\n    return x + undefined_%d\n\n" % (index, index) for index in range(3000)
    )
    result = run_pyflakes(source)
    assert result.ok
    assert len(result.diagnostics) == 3000
    assert result.diagnostics[-1].start.line == 3 * 2999 + 1


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.binary(max_size=300)
    | st.text(alphabet="()[]{}:'\"\\ \n\tdefifx=é名😀#\x00", max_size=200).map(str.encode)
)
def test_never_raises_and_positions_stay_inside_the_text(source: bytes) -> None:
    result = run_pyflakes(source)
    lines = LineIndex(source)
    for diagnostic in result.diagnostics:
        for position in (diagnostic.start, diagnostic.end):
            assert position.line < lines.line_count
            assert position.col <= len(lines.line_text(position.line))
