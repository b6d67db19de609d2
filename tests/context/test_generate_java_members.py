"""Generate mode in a Java class: the class's fields and constants, which its methods use bare (`ctl`, not
`this.ctl`), rank as the class's members with what the file's code says of their bare names, so a new
method sees the state the far methods of its class work on; overloads of one name rank as one name."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_hidden_body


def _helpers(first: int, count: int) -> str:
    return "".join(
        f"    int helper{i}(int a, int b) {{\n        int c = a * {i} + b;\n        return c - {i};\n    }}\n\n"
        for i in range(first, first + count)
    )


def _state_users(count: int) -> str:
    return "".join(
        f"    void mark{i}(String reason, long when, Object owner) {{\n"
        f"        if ((ctl & CLOSED) == 0 && waiter != null) ctl |= CLOSED;\n    }}\n\n"
        for i in range(count)
    )


BUFFER = (
    "class Buffer {\n"
    "    volatile int ctl;\n"
    "    Thread waiter;\n"
    "    static final int CLOSED = 0x01;\n\n"
    + _state_users(6)
    + _helpers(0, 60)
    + "    boolean isClosed() {\n        return false;\n    }\n\n"
    + _helpers(60, 6)
    + "}\n"
)


def test_a_new_method_sees_the_fields_its_class_uses_bare(tmp_path: Path) -> None:
    ctx = pack_hidden_body(tmp_path, {"Buffer.java": BUFFER}, "Buffer.java", "    boolean isClosed() {", 768)
    lines = BUFFER.splitlines()
    shown = ctx.included_lines("Buffer.java")
    for field in ("    volatile int ctl;", "    Thread waiter;", "    static final int CLOSED = 0x01;"):
        assert lines.index(field) + 1 in shown, field


SOURCE = (
    "interface Source {\n"
    "    /** The next value, or -1 at the end. */\n"
    "    int take(int limit);\n"
    "    void reset();\n"
    "}\n"
)
WRAPPER = (
    "class Wrapper implements Source {\n"
    "    final Source inner;\n\n"
    "    Wrapper(Source inner) {\n        this.inner = inner;\n    }\n\n"
    + _helpers(0, 60)
    + "    public int take(int limit) {\n        return 0;\n    }\n\n"
    + "    public void reset() {\n        inner.reset();\n    }\n"
    + "}\n"
)


def test_a_method_sees_the_declaration_it_overrides_and_delegates_to(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"Source.java": SOURCE, "Wrapper.java": WRAPPER},
        "Wrapper.java",
        "    public int take(int limit) {",
        768,
    )
    assert SOURCE.splitlines().index("    int take(int limit);") + 1 in ctx.included_lines("Source.java")


def _chained(first: int, count: int) -> str:
    """Methods of a nested class, each calling the next: used, so none waits for a first use."""
    return "".join(
        f"        int step{i}(int a) {{\n            return step{i + 1}(a + {i});\n        }}\n\n"
        for i in range(first, first + count)
    )


SUBSCRIPTION = (
    "public class Publisher {\n"
    "    static final class Subscription {\n"
    "        int pending;\n\n"
    + _chained(0, 80)
    + "        final void consume() {\n            return;\n        }\n\n"
    + _chained(80, 80)
    + "        int step160(int a) {\n            return a;\n        }\n\n"
    + "        final void closeOnComplete(Object s) {\n            pending = 0;\n        }\n"
    + "    }\n"
    + "}\n"
)


def test_an_internal_member_nothing_calls_yet_waits_for_the_new_body(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path, {"Publisher.java": SUBSCRIPTION}, "Publisher.java", "        final void consume() {", 512
    )
    lines = SUBSCRIPTION.splitlines()
    assert lines.index("        final void closeOnComplete(Object s) {") + 1 in ctx.included_lines(
        "Publisher.java"
    )


SORTER = (
    "package util;\n\npublic class Sorter {\n"
    + "".join(
        f"    /** Sorts the range of a {t} array. */\n    public static void sort({t}[] a, int from, int to) {{\n"
        f"        a[from] = a[to];\n    }}\n\n"
        for t in ("int", "long", "short", "char", "byte", "float", "double", "Object", "String", "Integer")
        * 3
    )
    + "}\n"
)
BOUNDS = (
    "package util;\n\npublic class Bounds {\n"
    "    public static void check(int length, int from, int to) {\n    }\n}\n"
)


def test_overloads_of_an_imported_class_s_member_are_one_guess(tmp_path: Path) -> None:
    """Thirty `Sorter.sort` overloads count as one name reached through `Sorter`, as `Bounds.check` is: they
    do not add thirty scores to it and crowd the other class's member out."""
    user = (
        "package app;\n\nimport util.Bounds;\nimport util.Sorter;\n\nclass Table {\n"
        "    void order(int[] a) {\n        Sorter.sort(a, 0, a.length);\n    }\n\n"
        + _helpers(0, 40)
        + "    void limit(int[] a, int from) {\n        return;\n    }\n\n"
        + _helpers(40, 4)
        + "    void bounded(int[] a) {\n        Bounds.check(a.length, 0, 1);\n    }\n"
        + "}\n"
    )
    ctx = pack_hidden_body(
        tmp_path,
        {"util/Sorter.java": SORTER, "util/Bounds.java": BOUNDS, "app/Table.java": user},
        "app/Table.java",
        "    void limit(int[] a, int from) {",
        512,
    )
    shown = ctx.included_lines("util/Bounds.java")
    assert (
        BOUNDS.splitlines().index("    public static void check(int length, int from, int to) {") + 1 in shown
    )


CURSOR = (
    "package util;\n\npublic interface Cursor<E> {\n"
    "    /**\n     * The next element.\n     *\n     * @return the next element\n"
    "     * @throws NoSuchElementException if there is none\n     */\n    E next();\n}\n"
)
NO_SUCH = "package util;\n\npublic class NoSuchElementException extends RuntimeException {\n}\n"


def test_what_the_overridden_declaration_documents_as_thrown_comes_with_it(tmp_path: Path) -> None:
    walker = (
        "package util;\n\nclass Walker<E> implements Cursor<E> {\n    E item;\n\n"
        + _helpers(0, 50)
        + "    public E next() {\n        return item;\n    }\n}\n"
    )
    files = {
        "util/Cursor.java": CURSOR,
        "util/NoSuchElementException.java": NO_SUCH,
        "util/Walker.java": walker,
    }
    ctx = pack_hidden_body(tmp_path, files, "util/Walker.java", "    public E next() {", 512)
    assert 3 in ctx.included_lines("util/NoSuchElementException.java")
