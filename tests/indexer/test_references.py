"""References: the names code uses, read from the code with strings, comments and literals blanked out."""

from __future__ import annotations

import pytest

from tests.support.memory import index_text, kinds, sym


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "p.py",
            'def f(x, width):\n    a = rb"raw"\n    b = f"{x!r:>{width}} {x!s}"\n    c = u"u" + B"b" + Rb"x"\n    return a\n',
            ("x", "width", "a", "b", "c"),
        ),
        (
            "p.js",
            "function f(x) { const a = `t ${x.y} t`; const r = /words here/g; return String.raw`w` + a; }\n",
            ("x", "a", "x.y", "r", "String", "String.raw"),
        ),
        (
            "p.ts",
            "function f(x: T) { const a = `${x}`; return /re(gex)?/.test(a); }\n",
            ("x", "T", "a"),
        ),
        (
            "p.rs",
            'fn f<\'a>(s: &\'a str) -> usize {\n    let a = r#"raw "q" text"#;\n    let b = b"bytes";\n    let c = br"raw";\n    s.len() + a.len()\n}\n',
            ("s", "str", "usize", "a", "b", "c", "s.len", "a.len"),
        ),
        (
            "p.c",
            'int f(void) {\n    const wchar_t *a = L"wide";\n    const char *b = u8"utf";\n    return 0;\n}\n',
            ("wchar_t", "a", "b"),
        ),
        (
            "p.cpp",
            'int f() {\n    auto a = R"delim(raw text)delim";\n    auto b = L"w";\n    return g(a, b);\n}\n',
            ("a", "b", "g"),
        ),
    ],
)
def test_literals_and_their_prefixes_are_not_names(path: str, text: str, expected: tuple[str, ...]) -> None:
    assert sym(index_text(path, text), "f").refs == expected


@pytest.mark.parametrize("path", ["c.jsx", "c.tsx", "c.js"])
def test_text_between_jsx_tags_is_not_names(path: str) -> None:
    text = "function f(user) {\n  return <p title={user.name}>Something broke for {user.id} today</p>;\n}\n"
    assert sym(index_text(path, text), "f").refs == ("user", "p", "title", "user.name", "user.id")


def test_member_of_a_call_result_is_referenced_as_a_member_of_something_unknown() -> None:
    index = index_text("c.py", "def f(self):\n    return make().run() + self.get().x\n")
    assert sym(index, "f").refs == ("make", ".run", "self.get", ".x")
    assert {"run", "x", "make", "get"} <= index.referenced_names


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        # A member's member (a chain of plain names is kept whole too, each prefix, for typed resolution), and a
        # chain continued on the next line.
        ("p.py", "def f():\n    return a.b.c.d\n", ("a", "a.b", "a.b.c", "a.b.c.d", ".c", ".d")),
        (
            "p.js",
            "function f(p) {\n  return p\n    .then(g)\n    .catch(h);\n}\n",
            # A member may start the line below its receiver (`LanguageSpec.members_start_lines`).
            ("p", "p.then", "g", ".catch", "h"),
        ),
        # Two or three dots make a spread or a range: what follows is a plain name, not a member.
        ("p.js", "function f(xs) { return [...xs, ...ys]; }\n", ("xs", "ys")),
        ("p.rs", "fn f() { for i in 0..n { v.0.push(i); } }\n", ("i", "n", "v", ".push")),
        ("p.ts", "function f(a: A) { return a?.b ?? g()?.c; }\n", ("a", "A", "a.b", "g", ".c")),
        # `->` is a member only in C and C++; elsewhere a return type or a lambda.
        ("p.c", "int f(void) { return get()->x + a->b->c; }\n", ("get", ".x", "a", "a.b", "a.b.c", ".c")),
        ("p.py", "def f(a)->MyType:\n    return a[1::step]\n", ("a", "MyType", "step")),
        ("P.java", "class P { void f() { xs.forEach(x->x.run()); } }\n", ("xs", "xs.forEach", "x", "x.run")),
        # A path through a type's generic arguments.
        ("p.rs", "fn f() { Vec::<u8>::new(); }\n", ("Vec", "u8", ".new")),
    ],
)
def test_members_of_unknown_receivers_and_what_is_not_one(
    path: str, text: str, expected: tuple[str, ...]
) -> None:
    index = index_text(path, text)
    assert sym(index, "P.f" if path.endswith(".java") else "f").refs == expected


def test_js_declaration_of_a_value_and_a_function_defines_both() -> None:
    index = index_text(
        "m.js", "/** Two. */\nlet a = 1, b = () => 2;\nexport const c = 3, d = function () { return a; };\n"
    )
    assert kinds(index) == {"a": "variable", "b": "function", "c": "variable", "d": "function"}
    # The function is its own declarator; the doc comment above the statement is still its doc.
    assert (sym(index, "b").signature, sym(index, "b").doc) == ("b = () =>", "Two.")
    assert sym(index, "d").refs == ("a",)
