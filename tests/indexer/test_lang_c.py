"""C and C++: functions, prototypes, structs, typedefs, macros, namespaces, classes, includes."""

from __future__ import annotations

from pathlib import Path

import pytest
from archmem.indexer.languages import language_for, sniffs
from archmem.indexer.workspace import Memory

from tests.support.memory import REALISTIC, children, index_fixture, index_text, kinds, sym, write_tree

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
        # The enumerators of a file-level enum are names of the file, as C scopes them.
        "LOW": "constant",
        "HIGH": "constant",
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
        "RED": "constant",
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
    assert sym(index, "main").refs == (
        "c",
        "app",
        "app.net",
        "app.net.Connection",
        "app.net.Connection.make",
        ".Connection",
        ".make",
        "c.open",
    )
    assert [i.module for i in index.imports] == ["memory", "string", "list.h"]


# -- shapes found in ujson, simplejson and double-conversion -----------------------------------------------


@pytest.mark.parametrize("path", ["t.c", "t.cpp"])
def test_enumerators_typedefs_and_fields_inside_conditionals(path: str) -> None:
    text = (
        "typedef char assert_ucs4[1 - 2*!(sizeof(int) == 4)];\n"
        "typedef PyObject *(*JSPFN_ITERGETVALUE)(PyObject *obj);\n"
        "enum JSTYPES { JT_NULL, JT_TRUE = 2 };\n"
        "typedef struct {\n  PyObject *empty;\n#if PY_MAJOR_VERSION < 3\n  PyObject *empty_str;\n#else\n"
        "  int unicode[4];\n#endif\n} state;\n"
        "int f(void) {\n  enum { LOCAL_A };\n  return JT_NULL;\n}\n"
    )
    index = index_text(path, text)
    assert kinds(index) == {
        "assert_ucs4": "type_parameter",
        "JSPFN_ITERGETVALUE": "type_parameter",
        "JSTYPES": "enum",
        # An enumerator is a name of the scope around its enum (a local enum's are locals).
        "JT_NULL": "constant",
        "JT_TRUE": "constant",
        "state": "struct",
        "state.empty": "field",
        "state.empty_str": "field",
        "state.unicode": "field",
        "f": "function",
    }
    assert sym(index, "JT_TRUE").parent == f"{path}::"


def test_cpp_class_members_of_real_headers() -> None:
    index = index_text(
        "bignum.hpp",
        "namespace dc {\nclass Bignum {\n public:\n  enum DtoaMode { SHORTEST, FIXED };\n"
        "  enum class Sign { kPlus, kMinus };\n  Bignum();\n  T& operator[](int index) const { return start_[index]; }\n"
        "#if defined(__mips__)\n  static const uint64_t kNaN = 1;\n#else\n  static const uint64_t kNaN = 2;\n#endif\n"
        " private:\n  DOUBLE_CONVERSION_DISALLOW_COPY_AND_ASSIGN(Bignum);\n};\n"
        "template<>\ndouble Conv::StringTo<double>(const char* buffer) const {\n  return 0;\n}\n}\n",
    )
    assert [s.qualname for s in index.symbols[1:]] == [
        "dc",
        "dc.Bignum",
        "dc.Bignum.DtoaMode",
        # A plain enum's enumerators are the class's names (Bignum::SHORTEST); an enum class keeps its own.
        "dc.Bignum.SHORTEST",
        "dc.Bignum.FIXED",
        "dc.Bignum.Sign",
        "dc.Bignum.Sign.kPlus",
        "dc.Bignum.Sign.kMinus",
        "dc.Bignum.Bignum",
        "dc.Bignum.operator[]",
        "dc.Bignum.kNaN",
        "dc.Bignum.kNaN",
        # No method for the macro call, and the specialization is named as its callers name it.
        "dc.Conv.StringTo",
    ]
    assert sym(index, "dc.Conv.StringTo").name_start == (16, 13)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (b"// Copyright\n#ifndef BIGNUM_H_\n#define BIGNUM_H_\n\nnamespace double_conversion {\n", "cpp"),
        (b"#pragma once\n#include <vector>\n\nPYBIND11_NAMESPACE_BEGIN(detail)\n", "cpp"),
        (b'#include "x.h"\ntemplate <typename T>\nT max(T a, T b);\n', "cpp"),
        (b"class Widget final : public Base {\n", "cpp"),
        (b'#ifndef SQLITE3_H\n#include <stdarg.h>\n#ifdef __cplusplus\nextern "C" {\n#endif\n', "c"),
        (b"struct list { int class_id; };\n/* a class of its own */\nint public_count;\n", "c"),
    ],
)
def test_a_dot_h_header_is_cpp_when_its_start_shows_cpp(text: bytes, language: str) -> None:
    assert sniffs("include/x.h") and not sniffs("x.c")
    spec = language_for("include/x.h", text)
    assert spec is not None and spec.name == language


def test_function_declared_with_a_calling_convention_macro_is_named_by_its_name() -> None:
    # ujson's decode.c: the grammar reads FASTCALL_MSVC as the name and leaves decode_true in an error node.
    text = (
        "static FASTCALL_ATTR PyObject *FASTCALL_MSVC decode_true ( struct DecoderState *ds)\n{\n"
        "  return ds->start;\n}\n"
    )
    index = index_text("decode.c", text)
    assert kinds(index) == {"decode_true": "function"}
    assert sym(index, "decode_true").name_start == (0, 45)


@pytest.mark.parametrize("path", ["attr.h", "attr.hpp"])
def test_function_pointer_and_pointer_array_fields(path: str) -> None:
    # pybind11's function_record: callbacks are fields, as they are in C structs of operations.
    text = (
        "struct function_record {\n  void *data[3] = {};\n  void (*free_data)(function_record *ptr) = nullptr;\n"
        "  char *(*name)(void);\n};\n"
    )
    assert kinds(index_text(path, text)) == {
        "function_record": "struct",
        "function_record.data": "field",
        "function_record.free_data": "field",
        "function_record.name": "field",
    }


def test_cpp_template_specializations_and_preprocessor_cut_branches() -> None:
    # pybind11's attr.h specializes call_guard; cast.h splits an if/else chain with #if, which the grammar
    # reads as a function called `if`.
    text = (
        "template <typename... Ts>\nstruct call_guard;\n\ntemplate <>\nstruct call_guard<> {\n  using type = int;\n};\n\n"
        "template <typename T, typename... Ts>\nstruct call_guard<T, Ts...> {\n  int x;\n};\n\n"
        "bool load(handle src) {\n  if (src.is_none()) {\n    res = 0;\n  }\n#if defined(PYPY_VERSION)\n"
        "  else if (hasattr(src, PYBIND11_BOOL_ATTR)) {\n    res = 1;\n  }\n#else\n  else if (auto *n = tp(src)) {\n"
        "    res = 2;\n  }\n#endif\n  return true;\n}\n"
    )
    index = index_text("cast.hpp", text)
    assert [(s.qualname, s.kind.name.lower()) for s in index.symbols[1:]] == [
        ("call_guard", "struct"),
        ("call_guard.type", "type_parameter"),
        ("call_guard", "struct"),
        ("call_guard.x", "field"),
        ("load", "function"),
    ]
    assert index.by_id["cast.hpp::call_guard#2"].signature == "struct call_guard<T, Ts...>"


def test_a_cpp_dot_h_is_cpp_on_disk_and_in_the_editor_alike(tmp_path: Path) -> None:
    # A licence longer than 256 bytes before the first C++ line, as double-conversion's headers have.
    text = (
        "// "
        + "Copyright and licence text. " * 20
        + "\n#pragma once\n\nnamespace dc {\nclass Bignum {};\n}\n"
    )
    write_tree(tmp_path, {"bignum.h": text})
    memory = Memory(tmp_path, persist=False)
    try:
        memory.index_all(jobs=1)
        on_disk = memory.file("bignum.h")
        assert on_disk is not None and on_disk.language == "cpp"
        doc = memory.open_document(tmp_path / "bignum.h", text)
        assert doc is not None and doc.spec.name == "cpp"
        assert [s.qualname for s in doc.index.symbols[1:]] == ["dc", "dc.Bignum"]
    finally:
        memory.close()
