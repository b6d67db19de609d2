"""Resolution of types spread over files: Go methods in other files of the package and embedded structs, Rust
impls apart from their struct, C++ classes of a header with members defined out of line, namespaces reopened
in other files, and Java's `super.m()` reaching a base class in another file. The snippets are cut down from
gorilla/mux, spf13/cobra, anyhow, double-conversion and BeanShell, where each of these failed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.resolve import uses
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

WORKSPACE = {
    # Go: the struct and a method in one file, methods calling it in another; a struct embedding another.
    "cobra/command.go": (
        "package cobra\n\ntype Group struct {\n\tID string\n}\n\ntype Command struct {\n\tUse string\n"
        "\tcommandgroups []*Group\n\trouteConf\n}\n\n"
        'func (c *Command) AddCommand(cmds ...*Command) {\n\tc.Use = ""\n}\n'
    ),
    "cobra/route.go": (
        "package cobra\n\ntype routeConf struct {\n\tstrictSlash bool\n}\n\n"
        "func (c *Command) Add(sub *Command) {\n\tc.AddCommand(sub)\n\tif c.strictSlash {\n\t\treturn\n\t}\n"
        "\t_ = c.ID\n}\n"
    ),
    # Rust: the struct in lib.rs, its impl in error.rs, a blanket impl in kind.rs.
    "anyhow/src/lib.rs": "pub struct Error {\n    inner: Own,\n}\n\npub struct Own;\n",
    "anyhow/src/error.rs": (
        "impl Error {\n    pub fn new() -> Self {\n        Self::construct(self.inner)\n    }\n\n"
        "    unsafe fn construct(inner: Own) -> Self {\n        Error { inner }\n    }\n}\n\n"
        "impl Drop for Error {\n    fn drop(&mut self) {}\n}\n"
    ),
    "anyhow/src/backtrace.rs": (
        "macro_rules! backtrace {\n    () => {\n        None\n    };\n}\n\n"
        "pub(crate) fn capture(backtrace: Option<Own>) -> Option<Own> {\n    backtrace\n}\n\n"
        "pub(crate) fn now() -> Option<Own> {\n    backtrace!()\n}\n"
    ),
    "anyhow/src/kind.rs": (
        "pub trait TraitKind {}\n\nimpl<E> TraitKind for E where E: Into<Error> {}\n\n"
        "pub fn wrap<E>(error: E) -> Error {\n    Error::new()\n}\n"
    ),
    # C++: a class in a .h header (C++ by its content), members defined in the .cc; a namespace reopened.
    "dconv/bignum.h": (
        "namespace double_conversion {\n\nclass Bignum {\n public:\n  void AssignDecimalString(Vector v);\n"
        "  void Clamp();\n\n private:\n  void Zero() { used_ = 0; }\n  int used_;\n};\n\n}\n"
    ),
    "dconv/utils.h": "namespace double_conversion {\n\ntemplate <typename T>\nclass Vector {\n};\n\n}\n",
    "dconv/strtod.cc": (
        "namespace double_conversion {\n\nstatic const int kMaxDigits = 19;\nconst int kMinDigits = 1;\n\n}\n"
    ),
    "dconv/digits.cc": "namespace double_conversion {\n\nint Digits() { return kMaxDigits + kMinDigits; }\n\n}\n",
    "dconv/bignum.cc": (
        '#include "bignum.h"\n\nnamespace double_conversion {\n\n'
        "void Bignum::AssignDecimalString(Vector v) {\n  static const int kMaxDigits = 19;\n  Zero();\n"
        "  Clamp();\n  used_ = kMaxDigits;\n}\n\nvoid Bignum::Clamp() {}\n\n}\n"
    ),
    # Java: an override calling the method it overrides (BeanShell's ExternalNameSpace).
    "bsh/NameSpace.java": (
        "class NameSpace {\n    protected Variable getVariableImpl(String name) {\n        return null;\n    }\n}\n"
    ),
    "bsh/ExternalNameSpace.java": (
        "class ExternalNameSpace extends NameSpace {\n    protected Variable getVariableImpl(String name) {\n"
        "        return super.getVariableImpl(name);\n    }\n}\n"
    ),
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("split"), WORKSPACE)


def _uses(memory: Memory, path: str, qualname: str) -> set[tuple[str, str]]:
    index = memory.file(path)
    assert index is not None
    symbol = index.by_qualname[qualname][0]
    return {(t.path, t.symbol.qualname) for t in uses(memory, symbol) if t.symbol is not None}


def test_go_receiver_members_defined_in_another_file_of_the_package(memory: Memory) -> None:
    assert definitions(memory, "cobra/route.go", "c.AddCommand", 2) == [
        ("cobra/command.go", "Command.AddCommand")
    ]
    assert ("cobra/command.go", "Command.AddCommand") in _uses(memory, "cobra/route.go", "Command.Add")


def test_go_embedded_struct_lends_its_fields_and_named_fields_do_not(memory: Memory) -> None:
    assert definitions(memory, "cobra/route.go", "c.strictSlash", 2) == [
        ("cobra/route.go", "routeConf.strictSlash")
    ]
    command = memory.file("cobra/command.go")
    assert command is not None
    assert command.by_qualname["Command.routeConf"][0].kind.name == "FIELD"
    # `commandgroups []*Group` is a field of type Group, not an embedded Group: c.ID is no Group.ID.
    assert definitions(memory, "cobra/route.go", "c.ID", 2) == []


def test_rust_type_name_is_the_struct_not_the_impls_and_its_methods_are_found_from_it(memory: Memory) -> None:
    found = _uses(memory, "anyhow/src/error.rs", "Error.construct")
    assert ("anyhow/src/lib.rs", "Error") in found
    assert not any(path == "anyhow/src/error.rs" and name == "Error" for path, name in found)
    # `Self::construct` and `self.inner` reach the impl's own method and the struct's field in lib.rs.
    found = _uses(memory, "anyhow/src/error.rs", "Error.new")
    assert {("anyhow/src/error.rs", "Error.construct"), ("anyhow/src/lib.rs", "Error.inner")} <= found
    # From another file: Error is the struct, Error::new the method of its impl in error.rs.
    assert definitions(memory, "anyhow/src/kind.rs", "Error::new", 7) == [
        ("anyhow/src/error.rs", "Error.new")
    ]


def test_rust_blanket_impl_defines_no_type_parameter(memory: Memory) -> None:
    found = _uses(memory, "anyhow/src/kind.rs", "wrap")
    assert ("anyhow/src/lib.rs", "Error") in found
    assert not any(name == "E" for _, name in found)


def test_cpp_out_of_line_method_sees_the_members_of_its_header_class(memory: Memory) -> None:
    assert memory.file("dconv/bignum.h") is not None and memory.spec("dconv/bignum.h") is not None
    assert memory.spec("dconv/bignum.h").name == "cpp"  # type: ignore[union-attr]
    found = _uses(memory, "dconv/bignum.cc", "double_conversion.Bignum.AssignDecimalString")
    assert {
        ("dconv/bignum.h", "double_conversion.Bignum.Zero"),
        ("dconv/bignum.h", "double_conversion.Bignum.used_"),
        ("dconv/bignum.cc", "double_conversion.Bignum.Clamp"),
        # A class of the same namespace in another header.
        ("dconv/utils.h", "double_conversion.Vector"),
    } <= found
    # Not its own declaration in the header, nor a file-private static of another file of the namespace.
    assert ("dconv/bignum.h", "double_conversion.Bignum.AssignDecimalString") not in found
    assert ("dconv/strtod.cc", "double_conversion.kMaxDigits") not in found


def test_cpp_static_of_a_reopened_namespace_is_private_to_its_file(memory: Memory) -> None:
    # `kMinDigits` of the namespace reopened in strtod.cc is seen here; its `static` `kMaxDigits` is not.
    assert definitions(memory, "dconv/digits.cc", "kMinDigits") == [
        ("dconv/strtod.cc", "double_conversion.kMinDigits")
    ]
    assert definitions(memory, "dconv/digits.cc", "kMaxDigits") == []


def test_java_super_member_is_the_base_class_member_not_the_override(memory: Memory) -> None:
    found = definitions(memory, "bsh/ExternalNameSpace.java", "super.getVariableImpl", 6)
    assert found == [("bsh/NameSpace.java", "NameSpace.getVariableImpl")]
    assert ("bsh/NameSpace.java", "NameSpace.getVariableImpl") in _uses(
        memory, "bsh/ExternalNameSpace.java", "ExternalNameSpace.getVariableImpl"
    )


def test_rust_parameter_named_like_a_macro_is_no_use_of_the_macro(memory: Memory) -> None:
    macro = ("anyhow/src/backtrace.rs", "backtrace")
    assert macro not in _uses(memory, "anyhow/src/backtrace.rs", "capture")
    assert macro in _uses(memory, "anyhow/src/backtrace.rs", "now")
