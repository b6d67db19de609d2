"""C and C++: functions, prototypes, structs, typedefs, macros, namespaces, classes, includes."""

from __future__ import annotations

import pytest

from tests.support.memory import REALISTIC, children, index_fixture, index_text, kinds, sym

GUARDED_HEADER = """#ifndef LIST_H
#define LIST_H
#include <stddef.h>

typedef int (*cmp_fn)(const void *, const void *);
typedef struct node *node_ptr;

/* Push a value; returns the new head. */
struct node *list_push(struct node *head, int value);
size_t list_len(const struct node *head);
char **list_names(void);
extern int list_debug;
extern const char *list_version;

#ifdef _WIN32
int list_win(void);
#else
int list_posix(void);
#endif
#endif
"""


def test_prototypes_and_globals_inside_an_include_guard_are_symbols() -> None:
    index = index_text("list.h", GUARDED_HEADER)
    assert kinds(index) == {
        "LIST_H": "constant",
        "cmp_fn": "type_parameter",
        "node_ptr": "type_parameter",
        "list_push": "function",
        "list_len": "function",
        "list_names": "function",
        "list_debug": "variable",
        "list_version": "variable",
        "list_win": "function",
        "list_posix": "function",
    }
    push = sym(index, "list_push")
    assert push.doc == "Push a value; returns the new head."
    assert push.signature == "struct node *list_push(struct node *head, int value);"
    assert push.name_start == (8, 13)
    assert "list_push" not in index.symbols[0].refs


def test_pointer_and_array_fields_and_globals() -> None:
    index = index_text(
        "n.c",
        'struct node { int value; struct node *next; char **argv; int hist[4]; };\nstatic const char *names[] = {"a"};\n',
    )
    assert kinds(index) == {
        "node": "struct",
        "node.value": "field",
        "node.next": "field",
        "node.argv": "field",
        "node.hist": "field",
        "names": "variable",
    }


def test_cpp_prototypes_at_namespace_level_and_in_extern_c() -> None:
    text = 'namespace util {\nint parse(const char *s);\nint *find(int key);\nint &slot();\nextern int verbose;\n}\nextern "C" {\nvoid c_api(void);\n}\n'
    index = index_text("u.hpp", text)
    assert kinds(index) == {
        "util": "namespace",
        "util.parse": "function",
        "util.find": "function",
        "util.slot": "function",
        "util.verbose": "variable",
        "c_api": "function",
    }


def test_local_declarations_inside_functions_are_not_symbols() -> None:
    text = "int f(void) {\n    int local = 1;\n#ifdef DEBUG\n    int debug_only = 2;\n#endif\n    return local;\n}\n"
    assert kinds(index_text("f.c", text)) == {"f": "function"}


CLASS_WITH_DECLARATIONS = """namespace app::net {
class Connection final : public Stream {
public:
    explicit Connection(std::string host, int port = 80);
    ~Connection() override;
    Connection& operator=(Connection&& other) noexcept;
    [[nodiscard]] bool open();
    static std::unique_ptr<Connection> make(const std::string& host);
    const char *name() const;
    template <typename T> T read();
private:
    int port_{80};
};

bool Connection::open() {
    return connect(port_) == 0;
}
}
"""


def test_cpp_member_declarations_of_every_shape_are_methods() -> None:
    index = index_text("conn.hpp", CLASS_WITH_DECLARATIONS)
    assert [s.qualname for s in index.symbols if s.parent == "conn.hpp::app.net.Connection"] == [
        "app.net.Connection.Connection",
        "app.net.Connection.~Connection",
        "app.net.Connection.operator=",
        "app.net.Connection.open",
        "app.net.Connection.make",
        "app.net.Connection.name",
        "app.net.Connection.read",
        "app.net.Connection.port_",
    ]
    assert {
        k
        for q, k in kinds(index).items()
        if q.startswith("app.net.Connection.") and q != "app.net.Connection.port_"
    } == {"method"}
    assert "read" not in sym(index, "app.net.Connection").refs


def test_cpp_qualified_names_have_name_ranges_on_the_name_alone() -> None:
    index = index_text("conn.cpp", CLASS_WITH_DECLARATIONS)
    namespace = sym(index, "app.net")
    assert (namespace.name, namespace.name_start, namespace.name_end) == ("net", (0, 15), (0, 18))
    defined = index.by_id["conn.cpp::app.net.Connection.open#2"]
    assert defined.kind.name == "FUNCTION"
    assert (defined.name_start, defined.name_end) == ((14, 17), (14, 21))
    assert defined.signature == "bool Connection::open()"


# -- realistic C and C++: tests/fixtures/realistic/list.h, list.c, connection.cpp -------------------------


def test_c_source_file() -> None:
    index = index_fixture(REALISTIC / "list.c")
    assert kinds(index) == {
        "list_debug": "variable",
        "names": "variable",
        "list_push": "function",
        "list_len": "function",
        "compare": "function",
        "value": "struct",
        "value.i": "field",
        "value.d": "field",
    }
    push = sym(index, "list_push")
    assert push.signature == "node_t *list_push(node_t *head, int value)"
    assert push.doc == "Push a value; returns the new head."
    assert push.refs == ("node_t", "head", "value", "n", "malloc", "n.value", "n.next")
    assert sym(index, "list_len").refs == ("size_t", "node_t", "head", "count", "LIST_FOREACH", "it")
    assert [(i.module, i.line) for i in index.imports] == [("stdlib.h", 0), ("list.h", 1)]


def test_c_header_typedefs_and_macros() -> None:
    index = index_fixture(REALISTIC / "list.h")
    node_t = sym(index, "node_t")
    assert node_t.kind.name == "TYPE_PARAMETER"
    assert node_t.doc == "A node of a singly linked list."
    # The struct the typedef defines stands beside it, each found by its own name, the doc comment shared.
    assert children(index, "")[:3] == ["LIST_H", "node_t", "node"]
    node = sym(index, "node")
    assert (node.kind.name, node.doc, node.signature) == (
        "STRUCT",
        "A node of a singly linked list.",
        "struct node",
    )
    assert (node.start, node.end, node.name_start) == ((5, 8), (8, 1), (5, 15))
    assert children(index, "node") == ["node.value", "node.next"]
    assert node_t.refs == ("node",)
    assert (node_t.start, node_t.end, node_t.name_start) == ((5, 0), (8, 9), (8, 2))
    macro = sym(index, "LIST_FOREACH")
    assert macro.kind.name == "FUNCTION"
    assert macro.signature.startswith("#define LIST_FOREACH(n, head)")
    assert sym(index, "LIST_H").kind.name == "CONSTANT"


@pytest.mark.parametrize("path", ["t.c", "t.cpp"])
def test_typedef_of_an_anonymous_struct_union_or_enum_is_that_type(path: str) -> None:
    text = "typedef struct { int x; } point_t;\ntypedef union { int i; float f; } num_t;\ntypedef enum { RED } color_t;\n"
    index = index_text(path, text)
    assert kinds(index) == {
        "point_t": "struct",
        "point_t.x": "field",
        "num_t": "struct",
        "num_t.i": "field",
        "num_t.f": "field",
        "color_t": "enum",
    }


def test_cpp_namespaces_classes_and_out_of_line_definitions() -> None:
    index = index_fixture(REALISTIC / "connection.cpp")
    assert children(index, "") == ["app.net", "main"]
    connection = sym(index, "app.net.Connection")
    assert connection.signature == "class Connection final : public Stream, private NonCopyable"
    assert connection.doc == "A TCP connection."
    assert connection.refs[:2] == ("Stream", "NonCopyable")
    # Declared in the class, defined outside it: two symbols with one qualified name.
    assert [s.id for s in index.by_qualname["app.net.Connection.open"]] == [
        "connection.cpp::app.net.Connection.open",
        "connection.cpp::app.net.Connection.open#2",
    ]
    defined = index.by_id["connection.cpp::app.net.Connection.open#2"]
    assert defined.parent == "connection.cpp::app.net"
    assert defined.refs == ("Connection", "Connection.open", "connect", "host_", "port_")
    assert sym(index, "main").refs == ("c", "app", "app.net", ".Connection", ".make", "c.open")
    assert [i.module for i in index.imports] == ["memory", "string", "list.h"]
