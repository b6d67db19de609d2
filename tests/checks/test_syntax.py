"""Syntax diagnostics from tree-sitter ERROR and MISSING nodes, in every supported language."""

from __future__ import annotations

import pytest
import tree_sitter
import tree_sitter_c
import tree_sitter_cpp
import tree_sitter_go
import tree_sitter_java
import tree_sitter_javascript
import tree_sitter_python
import tree_sitter_rust
import tree_sitter_typescript
from archmem.server.checks import BytePosition, Severity, syntax_diagnostics
from hypothesis import given, settings
from hypothesis import strategies as st

LANGUAGES = {
    "python": tree_sitter.Language(tree_sitter_python.language()),
    "javascript": tree_sitter.Language(tree_sitter_javascript.language()),
    "typescript": tree_sitter.Language(tree_sitter_typescript.language_typescript()),
    "tsx": tree_sitter.Language(tree_sitter_typescript.language_tsx()),
    "go": tree_sitter.Language(tree_sitter_go.language()),
    "rust": tree_sitter.Language(tree_sitter_rust.language()),
    "java": tree_sitter.Language(tree_sitter_java.language()),
    "c": tree_sitter.Language(tree_sitter_c.language()),
    "cpp": tree_sitter.Language(tree_sitter_cpp.language()),
}


def parse_source(language: str, source: bytes) -> tree_sitter.Tree:
    return tree_sitter.Parser(LANGUAGES[language]).parse(source)


# (language, source, code, start (line, byte col), words the message must contain, data it must carry)
CASES = [
    (
        "python",
        b"def f(x)\n    return x\n",
        "missing-token",
        (0, 8),
        ['missing ":"', '"def"'],
        {"missing": ":"},
    ),
    (
        "python",
        b"if ready\n    go()\n",
        "missing-token",
        (0, 8),
        ['missing ":"'],
        {"missing": ":", "keyword": "if"},
    ),
    (
        "python",
        b"x = foo(1, 2\ny = 3\n",
        "unclosed-bracket",
        (0, 7),
        ['"(" is never closed', 'missing ")"'],
        {"missing": ")", "opening_line": 0, "opening_col": 7},
    ),
    ("python", b"x = 'abc\ny = 3\n", "unclosed-string", (0, 4), ["unclosed string"], {"missing": "'"}),
    ("python", b'x = """abc\ny = 3\n', "unclosed-string", (0, 4), ["unclosed string"], {"missing": '"""'}),
    ("python", b"x = 1 $ 2\n", "unexpected-token", (0, 6), ['unexpected "$"'], {"unexpected": "$"}),
    (
        "python",
        b"class A:\n    def f(self):\n        return [1, 2\n\n    def g(self):\n        pass\n",
        "unclosed-bracket",
        (2, 15),
        ['"[" is never closed'],
        {"missing": "]"},
    ),
    (
        "javascript",
        b"function f() {\n  foo(1, 2;\n}\n",
        "missing-token",
        (1, 10),
        ['missing ")" to close "(" from line 2'],
        {"missing": ")", "opening_line": 1, "opening_col": 5},
    ),
    (
        "javascript",
        b"const s = 'abc;\nfoo();\n",
        "unclosed-string",
        (0, 10),
        ["unclosed string"],
        {"missing": "'"},
    ),
    (
        "javascript",
        b"foo(1, 2));\nbar();\n",
        "unexpected-token",
        (0, 9),
        ['unexpected ")"'],
        {"unexpected": ")"},
    ),
    (
        "typescript",
        b"function g(a: string { return a }\n",
        "missing-token",
        (0, 20),
        ['missing ")" to close "("'],
        {"missing": ")"},
    ),
    (
        "tsx",
        b"const a = <div>{x</div>;\n",
        "unclosed-bracket",
        (0, 15),
        ['"{" is never closed'],
        {"missing": "}"},
    ),
    (
        "go",
        b"package main\n\nfunc main() {\n\tx := 1\n",
        "missing-token",
        (4, 0),
        ['missing "}" to close "{" from line 3'],
        {"missing": "}", "opening_line": 2},
    ),
    (
        "go",
        b'package main\n\nfunc main() {\n\tx := "abc\n}\n',
        "unclosed-string",
        (3, 10),
        ["unclosed string"],
        {},
    ),
    (
        "rust",
        b'fn main() {\n    let s = "abc;\n}\n',
        "unclosed-string",
        (1, 12),
        ["unclosed string"],
        {"missing": '"'},
    ),
    (
        "rust",
        b"fn main() {\n    let v = (1, 2;\n}\n",
        "missing-token",
        (1, 17),
        ['missing ")"'],
        {"missing": ")"},
    ),
    (
        "java",
        b"class A {\n  void f() {\n    int x = 1\n  }\n}\n",
        "missing-token",
        (2, 13),
        ['missing ";"'],
        {},
    ),
    (
        "java",
        b'class A {\n  void f() {\n    String s = "abc;\n  }\n}\n',
        "unclosed-string",
        (2, 15),
        ["unclosed string"],
        {},
    ),
    (
        "c",
        b"int main() {\n  int x = (1 + 2;\n  return 0;\n}\n",
        "missing-token",
        (1, 16),
        ['missing ")"'],
        {},
    ),
    (
        "c",
        b"int main() {\n  char c = 'a;\n  return 0;\n}\n",
        "unclosed-string",
        (1, 11),
        ["character literal"],
        {},
    ),
    (
        "cpp",
        b'int main() {\n  std::string s = "abc;\n  return 0;\n}\n',
        "unclosed-string",
        (1, 18),
        ["unclosed"],
        {},
    ),
    ("cpp", b"int f() { return 1 }\n", "missing-token", (0, 18), ['missing ";"'], {"missing": ";"}),
]


@pytest.mark.parametrize(("language", "source", "code", "start", "words", "data"), CASES)
def test_one_typo_gives_one_precise_diagnostic(
    language: str,
    source: bytes,
    code: str,
    start: tuple[int, int],
    words: list[str],
    data: dict[str, object],
) -> None:
    diagnostics = syntax_diagnostics(parse_source(language, source), source, language=language)
    assert len(diagnostics) == 1, diagnostics
    (found,) = diagnostics
    assert (found.code, (found.start.line, found.start.col)) == (code, start)
    assert found.severity is Severity.ERROR
    assert found.source == "archmem.syntax"
    for word in words:
        assert word in found.message
    assert {key: found.data[key] for key in data} == data


@pytest.mark.parametrize(
    "language", ["python", "javascript", "typescript", "tsx", "go", "rust", "java", "c", "cpp"]
)
def test_valid_code_has_no_diagnostics(language: str) -> None:
    sources = {
        "python": b"def f(x):\n    return [x, (1, 2), {'a': 3}]\n",
        "javascript": b"function f(x) { return [x, `a${x}b`]; }\n",
        "typescript": b"function f(x: number): number[] { return [x]; }\n",
        "tsx": b"const a = <div>{x}</div>;\n",
        "go": b'package main\n\nfunc main() { s := "x"; _ = s }\n',
        "rust": b"fn f<'a>(x: &'a str) -> &'a str { x }\n",
        "java": b'class A { String f() { return "x"; } }\n',
        "c": b"int main(void) { char c = 'a'; return c; }\n",
        "cpp": b'int main() { auto s = "x"; return 0; }\n',
    }
    source = sources[language]
    assert syntax_diagnostics(parse_source(language, source), source, language=language) == []


def test_columns_are_utf8_bytes_after_non_ascii_text() -> None:
    source = "s = 'é名前😀'; t = foo(1,\n".encode()
    (found,) = syntax_diagnostics(parse_source("python", source), source, language="python")
    assert found.start == BytePosition(0, source.index(b"("))
    assert found.code == "unclosed-bracket"


def test_an_unexpected_token_after_non_ascii_text_is_quoted_and_placed_in_bytes() -> None:
    source = "x = 'é名😀' $ 2\n".encode()
    (found,) = syntax_diagnostics(parse_source("python", source), source, language="python")
    assert found.start == BytePosition(0, source.index(b"$"))
    assert found.message == 'unexpected "$"'


def test_an_unreadable_region_is_quoted_trimmed_and_underlined_on_its_first_line_only() -> None:
    source = b"x = 1 +\ny = 3\n"
    (found,) = syntax_diagnostics(parse_source("python", source), source, language="python")
    assert found.code == "syntax-error"
    assert found.message.startswith("syntax error: could not parse ")
    assert found.start.line == found.end.line == 0
    assert found.data["region_end_line"] == 1


def test_a_long_excerpt_is_trimmed() -> None:
    source = b"x = 1 +\n" + b"y = " + b"a" * 200 + b" b\n"
    (found,) = syntax_diagnostics(parse_source("python", source), source, language="python")
    excerpt = found.data["excerpt"]
    assert isinstance(excerpt, str)
    assert excerpt.endswith("…") and len(excerpt) <= 40


def test_rust_lifetimes_are_not_taken_for_quotes() -> None:
    source = b"fn f<'a>(x: &'a str) -> &'a str { let y = (1, 2; x }\n"
    diagnostics = syntax_diagnostics(parse_source("rust", source), source, language="rust")
    assert diagnostics
    assert all(d.code != "unclosed-string" for d in diagnostics)


def test_five_thousand_levels_of_nesting_do_not_exhaust_the_stack() -> None:
    source = b"x = " + b"[" * 5000 + b"1" + b"]" * 4999 + b"\n"
    diagnostics = syntax_diagnostics(parse_source("python", source), source, language="python")
    assert 1 <= len(diagnostics) <= 2
    deep_js = b"let x = " + b"(" * 5000 + b"1" + b")" * 4999 + b";\n"
    assert syntax_diagnostics(parse_source("javascript", deep_js), deep_js, language="javascript")


def test_the_count_is_capped() -> None:
    source = b"".join(b"function f%d() { foo(1, 2; }\n" % index for index in range(300))
    tree = parse_source("javascript", source)
    assert len(syntax_diagnostics(tree, source)) == 100
    assert len(syntax_diagnostics(tree, source, limit=7)) == 7
    assert syntax_diagnostics(tree, source, limit=0) == []


def test_each_of_many_separate_typos_is_reported_once() -> None:
    source = b"".join(b"function f%d() { foo(1, 2; }\n" % index for index in range(20))
    diagnostics = syntax_diagnostics(parse_source("javascript", source), source)
    assert [d.start.line for d in diagnostics] == list(range(20))


def test_a_large_valid_file_with_one_error_reports_only_that_error() -> None:
    body = b"".join(b"def f%d(x):\n    return x + %d\n\n" % (index, index) for index in range(5000))
    source = body + b"def broken(x)\n    return x\n"
    diagnostics = syntax_diagnostics(parse_source("python", source), source, language="python")
    assert [(d.code, d.start.line) for d in diagnostics] == [("missing-token", 15000)]


def test_works_without_a_language_name() -> None:
    source = b"x = foo(1, 2\ny = 3\n"
    (found,) = syntax_diagnostics(parse_source("python", source), source)
    assert found.code == "unclosed-bracket"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.sampled_from(sorted(LANGUAGES)),
    st.binary(max_size=200)
    | st.text(alphabet="()[]{}<>;:,'\"`\\ \n\tdefifx=é名😀#/*$", max_size=200).map(str.encode),
)
def test_any_input_gives_well_formed_diagnostics(language: str, source: bytes) -> None:
    diagnostics = syntax_diagnostics(parse_source(language, source), source, language=language, limit=20)
    # tree-sitter's rows end at b"\n" only, so a b"\r" before it is a column like any other byte.
    lines = source.split(b"\n")
    assert len(diagnostics) <= 20
    for diagnostic in diagnostics:
        assert diagnostic.start <= diagnostic.end
        assert diagnostic.message and diagnostic.code
        for position in (diagnostic.start, diagnostic.end):
            assert position.line < len(lines)
            assert position.col <= len(lines[position.line])
