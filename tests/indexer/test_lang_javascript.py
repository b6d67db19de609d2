"""JavaScript: classes, functions, CommonJS and ES modules, references and imports of real code."""

from __future__ import annotations

from archmem.indexer.symbols import Import

from tests.support.memory import LANGS, REALISTIC, children, index_fixture, index_text, kinds, sym


def test_require_with_destructuring_binds_each_name_and_alias() -> None:
    index = index_text("r.js", "const { readFile, writeFile: write, mode = 1 } = require('fs/promises');\n")
    assert index.imports == (
        Import("fs/promises", "readFile", None, 0),
        Import("fs/promises", "writeFile", "write", 0),
        Import("fs/promises", "mode", None, 0),
    )
    assert [imp.bound for imp in index.imports] == ["readFile", "write", "mode"]


def test_a_function_named_as_is_a_reference_and_import_renames_are_not() -> None:
    """`as` is no JavaScript keyword outside the import and export lines (masked before names are read): a call
    `as(self, x)` uses the function `as` (Effect's `as` is one). In TypeScript `x as T` is an assertion."""
    text = "import { a as b } from './m.js';\nfunction as(self, x) { return x; }\nfunction use(y) { return as(y, 1); }\n"
    assert sym(index_text("m.js", text), "use").refs == ("y", "as")
    typed = "function use(y: unknown) { return (y as Store).size; }\n"
    assert "as" not in sym(index_text("m.ts", typed), "use").refs


# -- a realistic CommonJS module: tests/fixtures/realistic/loader.js --------------------------------------

LOADER = index_fixture(REALISTIC / "loader.js")


def test_hierarchy_kinds_and_qualified_names() -> None:
    assert kinds(LOADER) == {
        "path": "variable",
        "EventEmitter": "variable",
        "DEFAULTS": "variable",
        "Loader": "class",
        "Loader.#count": "field",
        "Loader.cache": "field",
        "Loader.constructor": "method",
        "Loader.root": "field",
        "Loader.options": "field",
        "Loader.load": "method",
        "Loader.entries": "method",
        "Loader.create": "method",
        "parse": "function",
        "api": "variable",
        "api.save": "method",
    }
    assert children(LOADER, "") == ["path", "EventEmitter", "DEFAULTS", "Loader", "parse", "api"]
    # this.root = ... in the constructor is a field of the class.
    assert sym(LOADER, "Loader.root").parent == "loader.js::Loader"


def test_signatures_docs_and_name_ranges() -> None:
    loader = sym(LOADER, "Loader")
    assert loader.signature == "class Loader extends EventEmitter"
    assert loader.doc == "Loads config files."  # from a /** ... */ block above
    assert sym(LOADER, "Loader.load").signature == "async load(name)"
    assert sym(LOADER, "Loader.entries").signature == "*entries()"
    assert sym(LOADER, "Loader.create").signature == "static create(root)"
    assert sym(LOADER, "Loader.load").name_start == (20, 8)
    assert sym(LOADER, "parse").doc == ""


def test_references_this_members_and_imported_names() -> None:
    assert sym(LOADER, "Loader.load").refs == (
        "name",
        "file",
        "path",
        "path.join",
        "this.root",
        "this.cache",
        "this.cache.has",
        ".has",
        "this.cache.get",
        ".get",
        "text",
        "readFile",
        "this.emit",
        "parse",
    )
    assert sym(LOADER, "Loader").refs == ("EventEmitter",)
    assert sym(LOADER, "api.save").refs == (
        "loader",
        "name",
        "data",
        "write",
        "path",
        "path.join",
        "loader.root",
    )
    # 'utf8' and 'loaded' are strings, not names.
    assert "utf8" not in LOADER.referenced_names and "loaded" not in LOADER.referenced_names


def test_commonjs_imports() -> None:
    assert [(i.module, i.name, i.alias, i.bound) for i in LOADER.imports] == [
        ("path", None, "path", "path"),
        ("fs/promises", "readFile", None, "readFile"),
        ("fs/promises", "writeFile", "write", "write"),
        ("events", None, "EventEmitter", "EventEmitter"),
    ]


def test_es_module_imports_and_arrow_functions() -> None:
    index = index_fixture(LANGS / "sample.js")
    assert [(i.module, i.name, i.alias, i.bound) for i in index.imports] == [
        ("./util.js", "helperA", None, "helperA"),
        ("./util.js", "helperB", "hb", "hb"),
        ("./def", "default", "Def", "Def"),
        ("fs", None, "fs", "fs"),
    ]
    mul = sym(index, "mul")
    assert mul.kind.name == "FUNCTION"
    assert mul.signature == "const mul = (a, b) =>"
    assert sym(index, "add").doc == "Adds numbers."
    assert sym(index, "Counter.inc").doc == "Increment the counter."
    assert sym(index, "Counter.inc").refs == ("this.count", "add", "hb", "mul")
    assert index_text("side.js", "import './polyfill';\n").imports == (Import("./polyfill", None, None, 0),)


# -- functions assigned to members at the top level (prototype methods, namespaces, CommonJS exports) -------

PROTOTYPES = index_text(
    "point.js",
    "/** A point. */\n"
    "function Point(x, y) {\n"
    "  this.x = x;\n"
    "  this.helper = function () { return 0; };\n"
    "}\n"
    "\n"
    "/** Distance to another point. */\n"
    "Point.prototype.dist = function (other) {\n"
    "  return Math.hypot(this.x - other.x) + this.norm();\n"
    "};\n"
    "Point.prototype.norm = function () { return 1; };\n"
    "Point.origin = () => new Point(0, 0);\n"
    "const rules = {};\n"
    "rules.code = function (tokens) { return escape(tokens); };\n"
    "exports.parse = function parse(text) { return text; };\n"
    "module.exports.render = (t) => rules.code(t);\n"
    "make().later = function () {};\n"
    "function escape(s) { return s; }\n",
)


def test_functions_assigned_to_members_are_definitions_in_their_scope() -> None:
    assert kinds(PROTOTYPES) == {
        "Point": "function",
        "Point.dist": "method",
        "Point.norm": "method",
        "Point.origin": "function",
        "rules": "variable",
        "rules.code": "function",
        "parse": "function",
        "render": "function",
        "escape": "function",
    }
    dist = sym(PROTOTYPES, "Point.dist")
    assert dist.signature == "Point.prototype.dist = function (other)"
    assert dist.doc == "Distance to another point."
    assert dist.name == "dist" and dist.name_start == (7, 16)
    assert dist.parent == "point.js::"


def test_the_left_side_of_an_assigned_function_uses_its_object_and_names_it() -> None:
    assert sym(PROTOTYPES, "Point.dist").refs == (
        "Point",
        "other",
        "Math",
        "Math.hypot",
        "this.x",
        "other.x",
        "this.norm",
    )
    assert sym(PROTOTYPES, "Point.norm").refs == ("Point",)
    assert sym(PROTOTYPES, "rules.code").refs == ("rules", "tokens", "escape")
    assert sym(PROTOTYPES, "render").refs == ("module", "t", "rules", "rules.code")


def test_a_method_bound_in_the_constructor_is_one_method() -> None:
    """`this.onClick = this.onClick.bind(this)` mentions the method before it is defined: the method is the
    definition (it had been a field `onClick` and a method `onClick#2`)."""
    index = index_text(
        "button.jsx",
        "class Button extends React.Component {\n"
        "  constructor(props) {\n"
        "    super(props);\n"
        "    this.onClick = this.onClick.bind(this);\n"
        "    this.state = { n: 0 };\n"
        "  }\n"
        "  /** Counts a click. */\n"
        "  onClick() {\n"
        "    this.setState({ n: this.state.n + 1 });\n"
        "  }\n"
        "}\n",
    )
    assert [s.id for s in index.symbols[1:]] == [
        "button.jsx::Button",
        "button.jsx::Button.constructor",
        "button.jsx::Button.state",
        "button.jsx::Button.onClick",
    ]
    assert sym(index, "Button.onClick").kind.name == "METHOD"
    assert sym(index, "Button.onClick").doc == "Counts a click."
    assert children(index, "Button") == ["Button.constructor", "Button.state", "Button.onClick"]


def test_a_class_property_holding_a_function_is_a_method() -> None:
    index = index_text(
        "panel.jsx",
        "class Panel extends React.Component {\n"
        "  state = { open: false };\n"
        "  toggle = () => { this.setState({ open: !this.state.open }); };\n"
        "  #hide = function () { return null; };\n"
        "}\n",
    )
    assert kinds(index) == {
        "Panel": "class",
        "Panel.state": "field",
        "Panel.toggle": "method",
        "Panel.#hide": "method",
    }
    assert sym(index, "Panel.toggle").signature == "toggle = () =>"
