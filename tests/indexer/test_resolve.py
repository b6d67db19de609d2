"""Resolution across files: imports (absolute, relative, star, re-exports), members, includes, packages."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from archmem.indexer.queries import summarize
from archmem.indexer.resolve import (
    Resolver,
    definitions_at,
    references_to,
    used_by,
    users_within,
    uses,
)
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed, write_tree

WORKSPACE = {
    # A Python package whose __init__ re-exports names from its modules.
    "shop/__init__.py": "from .models import Order as Order\nfrom .util.money import *\n",
    "shop/models.py": '"""Orders."""\n\n\nclass Base:\n    def save(self):\n        return True\n\n\nclass Order(Base):\n    total = 0\n\n    def place(self):\n        return self.save()\n',
    "shop/util/__init__.py": "",
    "shop/util/money.py": "RATE = 2\n\n\ndef cents(x):\n    return x * 100\n",
    "shop/api/__init__.py": "",
    "shop/api/views.py": "from ..models import Order\nfrom ..util import money\nfrom . import helpers\n\n\ndef create():\n    order = Order()\n    return money.cents(order.total) + helpers.fmt()\n",
    "shop/api/helpers.py": "def fmt():\n    return ''\n",
    "app.py": "import shop.models as models\nimport shop\nfrom shop import Order, cents\n\n\ndef main():\n    return Order().place(), cents(2), models.Base(), shop.Order\n",
    "star.py": "from shop.util.money import *\n\n\ndef doubled():\n    return cents(RATE)\n",
    "ext.py": "from shop.models import Base\n\n\nclass Special(Base):\n    def run(self):\n        return self.save()\n",
    # TypeScript and JavaScript modules importing each other by relative paths.
    "web/lib/util.ts": "export function helper(x: number): number {\n  return x * 2;\n}\nexport class Store {\n  get(k: string) {\n    return k;\n  }\n}\nexport default function main() {\n  return 1;\n}\n",
    "web/lib/index.ts": "export const VERSION = '1';\n",
    "web/app.ts": "import { helper, Store as S } from './lib/util';\nimport main from './lib/util';\nimport * as U from './lib/util';\nimport { VERSION } from './lib';\n\nexport function run() {\n  const s = new S();\n  return helper(2) + main() + U.helper(3) + s.get('a') + VERSION;\n}\n",
    "web/old.js": "const { helper: twice } = require('./lib/util');\nconst util = require('./lib/util.js');\n\nfunction go() {\n  return twice(1) + util.helper(2);\n}\n",
    # C: a header included by two files; a function defined next to its callers.
    "csrc/include/vec.h": "#ifndef VEC_H\n#define VEC_H\nstruct vec { int x; };\nint vec_len(struct vec *v);\n#endif\n",
    "csrc/vec.c": '#include "include/vec.h"\n\nint vec_len(struct vec *v) { return v->x; }\n',
    "csrc/main.c": '#include <stdio.h>\n#include "include/vec.h"\n\nint main(void) {\n    struct vec v = {1};\n    return vec_len(&v);\n}\n',
    # Go: two files of one package, and a file of another package defining the same name.
    "srv/server.go": "package srv\n\ntype Server struct {\n\taddr string\n}\n\nfunc (s *Server) Addr() string {\n\treturn s.addr\n}\n\nfunc NewServer() *Server {\n\treturn &Server{}\n}\n",
    "srv/run.go": "package srv\n\nfunc Run() string {\n\ts := NewServer()\n\treturn s.Addr()\n}\n",
    "other/server.go": "package other\n\nfunc NewServer() int {\n\treturn 0\n}\n",
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("resolve"), WORKSPACE)


# -- Python -----------------------------------------------------------------------------------------------


def test_python_star_import_resolves_the_names_of_that_module(memory: Memory) -> None:
    assert definitions(memory, "star.py", "RATE)") == [("shop/util/money.py", "RATE")]
    assert definitions(memory, "star.py", "cents(") == [("shop/util/money.py", "cents")]


def test_python_name_re_exported_by_a_package_star_import(memory: Memory) -> None:
    assert definitions(memory, "app.py", "cents(2)") == [("shop/util/money.py", "cents")]


# -- JavaScript / TypeScript ------------------------------------------------------------------------------


def test_js_namespace_import_resolves_members_of_the_module(memory: Memory) -> None:
    assert definitions(memory, "web/app.ts", "U.helper", 2) == [("web/lib/util.ts", "helper")]


def test_js_module_bound_by_require_resolves_its_members(memory: Memory) -> None:
    assert definitions(memory, "web/old.js", "util.helper", 5) == [("web/lib/util.ts", "helper")]


# -- C ----------------------------------------------------------------------------------------------------


def test_c_include_binds_no_name_of_its_own(memory: Memory) -> None:
    # "include/vec.h" must not make `vec` mean the header: `struct vec` is the struct it declares.
    assert definitions(memory, "csrc/main.c", "vec v", 0) == [("csrc/include/vec.h", "vec")]


def test_c_call_resolves_to_the_definition_next_to_the_caller(memory: Memory) -> None:
    assert definitions(memory, "csrc/main.c", "vec_len(") == [("csrc/vec.c", "vec_len")]


def test_c_include_resolves_to_the_header_file(memory: Memory) -> None:
    index = memory.file("csrc/main.c")
    assert index is not None
    include = index.imports[1]
    assert include.module == "include/vec.h"
    targets = Resolver(memory).resolve_import(index, include)
    assert [(t.path, t.symbol.kind.name if t.symbol else None) for t in targets] == [
        ("csrc/include/vec.h", "MODULE")
    ]
    assert Resolver(memory).resolve_import(index, index.imports[0]) == []


def test_python_package_attribute_re_exported_by_its_init(memory: Memory) -> None:
    # `import shop` then `shop.Order`: shop/__init__.py re-exports Order from shop/models.py.
    assert definitions(memory, "app.py", "shop.Order", 5) == [("shop/models.py", "Order")]


def test_python_relative_imports_one_and_two_levels_up(memory: Memory) -> None:
    assert definitions(memory, "shop/api/views.py", "Order()") == [("shop/models.py", "Order")]
    # `from ..util import money` binds a submodule; `money.cents` is its function.
    assert definitions(memory, "shop/api/views.py", "money.cents", 6) == [("shop/util/money.py", "cents")]
    # `from . import helpers` binds a sibling module.
    assert definitions(memory, "shop/api/views.py", "helpers.fmt", 8) == [("shop/api/helpers.py", "fmt")]


def test_python_absolute_imports_with_aliases(memory: Memory) -> None:
    assert definitions(memory, "app.py", "models.Base", 7) == [("shop/models.py", "Base")]
    # Re-exported by shop/__init__.py with `from .models import Order as Order`.
    assert definitions(memory, "app.py", "Order()") == [("shop/models.py", "Order")]


def test_python_self_member_found_in_a_base_class_of_another_file(memory: Memory) -> None:
    assert definitions(memory, "ext.py", "save()") == [("shop/models.py", "Base.save")]
    ext = memory.file("ext.py")
    assert ext is not None
    special = ext.by_qualname["Special"][0]
    assert [b.id for b in Resolver(memory).bases(ext, special)] == ["shop/models.py::Base"]


def test_definition_at_a_definition_is_itself(memory: Memory) -> None:
    assert definitions(memory, "shop/models.py", "class Order", 6) == [("shop/models.py", "Order")]
    assert definitions(memory, "shop/models.py", "def save", 4) == [("shop/models.py", "Base.save")]


def test_nothing_is_found_where_there_is_no_name_or_no_definition(memory: Memory) -> None:
    assert (
        definitions(memory, "shop/models.py", '"""Orders."""', 1) == []
    )  # inside a docstring: a word, no symbol
    assert definitions(memory, "app.py", "(2)", 1) == []  # a number
    # A method called on the result of a call: the class constructed (the result of a function that
    # declares none stays unknown, tests/indexer/test_chains.py).
    assert definitions(memory, "app.py", "place()") == [("shop/models.py", "Order.place")]
    assert definitions_at(memory, "missing.py", 0) == []


def test_a_search_for_users_cut_short_says_so(memory: Memory) -> None:
    """Hover bounds the search for users by time: what it found is kept and marked as a lower bound."""
    models = memory.file("shop/models.py")
    assert models is not None
    order = models.by_qualname["Order"][0]
    found = users_within(memory, order, deadline=None)
    assert (found.all, found.complete) == (used_by(memory, order), True)
    late = users_within(memory, order, deadline=time.perf_counter() - 1)
    assert (late.all, late.complete) == ([], False)
    assert summarize(memory, order, seconds=-1).more_users
    assert not summarize(memory, order).more_users


def test_used_by_and_references_to_a_class(memory: Memory) -> None:
    models = memory.file("shop/models.py")
    assert models is not None
    order = models.by_qualname["Order"][0]
    assert sorted(s.id for s in used_by(memory, order)) == ["app.py::main", "shop/api/views.py::create"]
    places = {(path, (memory.text(path) or b"")[a:b]) for path, a, b in references_to(memory, order)}
    assert places == {
        ("shop/models.py", b"Order"),
        ("app.py", b"Order"),
        ("shop/api/views.py", b"Order"),
    }
    counts = {path: 0 for path, _ in places}
    for path, _a, _b in references_to(memory, order):
        counts[path] += 1
    # app.py: the import, Order() and shop.Order; views.py: the import and Order().
    assert counts == {"shop/models.py": 1, "app.py": 3, "shop/api/views.py": 2}


def test_used_by_and_references_to_an_inherited_method(memory: Memory) -> None:
    models = memory.file("shop/models.py")
    assert models is not None
    save = models.by_qualname["Base.save"][0]
    assert sorted(s.id for s in used_by(memory, save)) == [
        "ext.py::Special.run",
        "shop/models.py::Order.place",
    ]
    assert sorted(path for path, _a, _b in references_to(memory, save)) == [
        "ext.py",
        "shop/models.py",
        "shop/models.py",
    ]


def test_uses_lists_what_a_function_depends_on(memory: Memory) -> None:
    views = memory.file("shop/api/views.py")
    assert views is not None
    create = views.by_qualname["create"][0]
    found = {(t.path, t.symbol.qualname) for t in uses(memory, create) if t.symbol is not None}
    assert {
        ("shop/models.py", "Order"),
        ("shop/util/money.py", "cents"),
        ("shop/api/helpers.py", "fmt"),
    } <= found
    assert all(t.symbol is None or t.symbol.id != create.id for t in uses(memory, create))


def test_js_named_renamed_default_and_folder_imports(memory: Memory) -> None:
    assert definitions(memory, "web/app.ts", "helper(2)") == [("web/lib/util.ts", "helper")]
    assert definitions(memory, "web/app.ts", "S()") == [("web/lib/util.ts", "Store")]
    assert definitions(memory, "web/app.ts", "main()") == [("web/lib/util.ts", "main")]
    # './lib' is the folder's index.ts.
    assert definitions(memory, "web/app.ts", "VERSION;") == [("web/lib/index.ts", "VERSION")]
    # require() with a destructured rename; './lib/util.js' written for a .ts file.
    assert definitions(memory, "web/old.js", "twice(1)") == [("web/lib/util.ts", "helper")]


def test_go_names_resolve_within_the_package_only(memory: Memory) -> None:
    # other/server.go also defines NewServer, in another package: never offered.
    assert definitions(memory, "srv/run.go", "NewServer()") == [("srv/server.go", "NewServer")]
    assert definitions(memory, "srv/server.go", "s.addr", 2) == [("srv/server.go", "Server.addr")]
    srv = memory.file("srv/server.go")
    assert srv is not None
    new_server = srv.by_qualname["NewServer"][0]
    assert [s.id for s in used_by(memory, new_server)] == ["srv/run.go::Run"]


# -- members of something unknown -------------------------------------------------------------------------

UNKNOWN = {
    "jobs.py": "class Job:\n    def run(self):\n        return 1\n\n\ndef make():\n    return Job()\n",
    "main.py": "from jobs import make\n\n\ndef run():\n    return 0\n\n\ndef go():\n    return make().run()\n",
    "web.js": "function go() {\n  return make().run();\n}\n",
}


@pytest.fixture(scope="module")
def unknown(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("unknown"), UNKNOWN)


def test_a_method_called_on_a_call_result_is_a_probable_use_never_a_definition(unknown: Memory) -> None:
    jobs = unknown.file("jobs.py")
    assert jobs is not None
    run = jobs.by_qualname["Job.run"][0]
    # go() in main.py calls `run` on what make() returns: a probable user, ranked after the certain ones; the
    # JavaScript file's `run` is another language's.
    assert [s.id for s in used_by(unknown, run)] == ["main.py::go"]
    text = unknown.text("main.py") or b""
    call = text.index(b"run()", text.index(b"make()"))
    assert ("main.py", call, call + 3) in references_to(unknown, run)
    # Go to definition never guesses, and the top-level function `run` is not what `.run` means.
    assert definitions(unknown, "main.py", "run()\n") == []
    top = unknown.file("main.py")
    assert top is not None
    assert used_by(unknown, top.by_qualname["run"][0]) == []
    assert [(p, text[a:b]) for p, a, b in references_to(unknown, top.by_qualname["run"][0])] == [
        ("main.py", b"run")
    ]


# -- JavaScript functions assigned to members ----------------------------------------------------------------

PROTO = {
    "point.js": (
        "function Point(x) {\n  this.x = x;\n}\n"
        "Point.prototype.dist = function (other) {\n  return this.norm() - other.norm();\n};\n"
        "Point.prototype.norm = function () {\n  return this.x;\n};\n"
        "Point.origin = () => new Point(0);\n"
        "const rules = {};\n"
        "rules.code = function (t) {\n  return t;\n};\n"
        "module.exports = { Point, rules };\n"
    ),
    "app.js": (
        "const { Point, rules } = require('./point');\n"
        "function main() {\n  return Point.origin().dist(new Point(1)) + rules.code(2);\n}\n"
    ),
}


@pytest.fixture(scope="module")
def proto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("proto"), PROTO)


def test_js_prototype_methods_and_assigned_functions_resolve(proto: Memory) -> None:
    assert definitions(proto, "point.js", "this.norm", 5) == [("point.js", "Point.norm")]
    assert definitions(proto, "app.js", "Point.origin", 6) == [("point.js", "Point.origin")]
    assert definitions(proto, "app.js", "rules.code", 6) == [("point.js", "rules.code")]
    point = proto.file("point.js")
    assert point is not None
    # `.dist` on what a call returns is a probable use of the prototype method: it is a member of `Point`.
    assert [s.id for s in used_by(proto, point.by_qualname["Point.dist"][0])] == ["app.js::main"]
    assert [s.id for s in used_by(proto, point.by_qualname["rules.code"][0])] == ["app.js::main"]


# -- mentions in comments and strings are not references -------------------------------------------------------

MENTIONS = {
    "lib.py": 'def render(x):\n    """Render x; see render_all."""\n    return x\n',
    "app.py": (
        '"""The pages; render comes from lib."""\n'
        "from lib import render  # render: the one to use\n"
        "\n\n"
        "class Page:\n"
        "    def show(self):\n"
        "        self.out = render(1)\n"
        "        return self.out\n"
        "\n"
        "    def hide(self):\n"
        '        """Undo what render did."""\n'
        "        # render nothing\n"
        '        return "render"\n'
    ),
    "notes.py": '"""Everything about render, in words."""\n\nTITLE = "render"\n',
    "lib.ts": "/** Escapes text; `escape` is pure. */\nexport function escape(s: string): string {\n  return s;\n}\n",
    "main.ts": (
        "import {\n  escape,\n} from './lib';\n"
        "/**\n * Calls escape twice.\n * @see {@link escape}\n */\n"
        "export function twice(s: string): string {\n"
        "  return escape(escape(s));\n"
        "}\n"
        "export function plain(s: string): string {\n"
        "  // no escape here\n"
        "  return `escape: ${s}`;\n"
        "}\n"
    ),
}


@pytest.fixture(scope="module")
def mentions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("mentions"), MENTIONS)


def _reference_lines(memory: Memory, path: str, qualname: str) -> list[tuple[str, str]]:
    index = memory.file(path)
    assert index is not None
    out = []
    for where, start, _end in references_to(memory, index.by_qualname[qualname][0]):
        text = memory.text(where) or b""
        line_start = text.rfind(b"\n", 0, start) + 1
        out.append((where, text[line_start : text.find(b"\n", start)].decode().strip()))
    return out


def test_references_leave_out_comments_docstrings_and_strings(mentions: Memory) -> None:
    """Mentions where no code around uses the name (a docstring, a comment or a string in a function that
    does not call it, a file that neither imports nor calls it) are not references; code and imports are."""
    assert sorted(set(_reference_lines(mentions, "lib.py", "render"))) == [
        ("app.py", "from lib import render  # render: the one to use"),
        ("app.py", "self.out = render(1)"),
        ("lib.py", "def render(x):"),
    ]
    # A multi-line import names it on a line of its own.
    assert sorted(_reference_lines(mentions, "lib.ts", "escape")) == [
        ("lib.ts", "export function escape(s: string): string {"),
        ("main.ts", "escape,"),
        ("main.ts", "return escape(escape(s));"),
        ("main.ts", "return escape(escape(s));"),
    ]


# -- a local named like a definition elsewhere -----------------------------------------------------------

SHADOWS = {
    "shadow.py": (
        "import logging\n\ntotal = 0\nitems = []\n\n\n"
        "def add(items):\n    total = sum(items)\n    return total\n\n\n"
        "def bump():\n    global total\n    total += 1\n    return total, items\n\n\n"
        "def quiet():\n    logging.level = 0\n    return logging\n\n\n"
        "def log(logging: logging.Logger = logging.root):\n    return logging.name\n"
    ),
    "shadow.js": "const total = 0;\nfunction add(list) {\n  const total = list.length;\n  return total;\n}\n",
}


@pytest.fixture(scope="module")
def shadows(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("shadows"), SHADOWS)


def _definition_line(memory: Memory, path: str, use: str, offset: int = 0) -> list[str]:
    text = memory.text(path) or b""
    out = []
    lines = text.decode().split("\n")
    for target in definitions_at(memory, path, text.index(use.encode()) + offset):
        if target.span is not None:
            out.append(lines[text.count(b"\n", 0, target.span[0])])
        else:
            out.append(lines[target.line])
    return out


def test_a_local_named_like_a_global_means_the_local(shadows: Memory) -> None:
    # Go to definition: the local, the parameter; with `global`, the module's; `logging.level = 0` binds no
    # `logging`.
    assert _definition_line(shadows, "shadow.py", "return total\n", 7) == ["    total = sum(items)"]
    assert _definition_line(shadows, "shadow.py", "sum(items)", 4) == ["def add(items):"]
    assert _definition_line(shadows, "shadow.py", "return total, items", 7) == ["total = 0"]
    assert _definition_line(shadows, "shadow.py", "return logging", 7) == ["import logging"]
    assert _definition_line(shadows, "shadow.js", "return total", 7) == ["  const total = list.length;"]
    # What a function uses: not the module-level names its locals shadow.
    index = shadows.file("shadow.py")
    assert index is not None
    assert [t.symbol.qualname for t in uses(shadows, index.by_qualname["add"][0]) if t.symbol] == []
    assert sorted(t.symbol.qualname for t in uses(shadows, index.by_qualname["bump"][0]) if t.symbol) == [
        "items",
        "total",
    ]
    # A parameter named like the module its annotation and default read: the header uses the module.
    assert _definition_line(shadows, "shadow.py", "return logging.name", 7) == [
        "def log(logging: logging.Logger = logging.root):"
    ]
    assert _definition_line(shadows, "shadow.py", "logging.Logger") == ["import logging"]
    js = shadows.file("shadow.js")
    assert js is not None
    assert [t.symbol.qualname for t in uses(shadows, js.by_qualname["add"][0]) if t.symbol] == []


# -- names local to a function ------------------------------------------------------------------------------

LOCALS = {
    "py/app.py": (
        "import os\n\n\n"
        "def run(items, limit: int = 3, *rest, **options):\n"
        '    """Sum the totals; total is a word here."""\n'
        "    total = 0  # total starts at zero\n"
        "    for item in items:\n"
        "        total += item.total\n"
        "    with open(os.devnull) as sink:\n"
        "        pass\n"
        "    squares = [n * n for n in items]\n"
        "    if (count := len(items)) > limit:\n"
        "        return total, sink, squares, count, rest, options\n"
        "    def inner():\n"
        "        return total + limit\n"
        "    return inner, int, undefined_name\n"
    ),
    "js/app.js": (
        "function run(items, { depth }, ...rest) {\n"
        "  const total = items.length;\n"
        "  let seen = 0;\n"
        "  for (const item of items) { seen += item.total; }\n"
        "  return [total, seen, depth, rest];\n"
        "}\n"
    ),
    "go/app.go": (
        "package app\n\n"
        "func Run(items []int, limit int) int {\n"
        "\ttotal := 0\n"
        "\tfor i, v := range items {\n"
        "\t\ttotal += v * i\n"
        "\t}\n"
        "\tvar extra = limit\n"
        "\treturn total + extra\n"
        "}\n"
    ),
    "rs/app.rs": "fn run(items: &[i32], limit: i32) -> i32 {\n    let total: i32 = items.iter().sum();\n    total + limit\n}\n",
    "java/App.java": (
        "class App {\n"
        "  int run(int[] items, int limit) {\n"
        "    int total = 0;\n"
        "    for (int v : items) { total += v; }\n"
        "    return total + limit;\n"
        "  }\n"
        "}\n"
    ),
    "c/app.c": "int run(int *items, int n) {\n    int total = 0, i;\n    for (i = 0; i < n; i++) total += items[i];\n    return total;\n}\n",
}


@pytest.fixture(scope="module")
def locals_memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    root = write_tree(tmp_path_factory.mktemp("locals"), LOCALS)
    memory = Memory.open(root)
    yield memory
    memory.close()


def _local(memory: Memory, path: str, use: str, name: str) -> str | None:
    """Go to definition on `name` inside the first occurrence of `use`: the text of the line it leads to,
    with the bound name marked, or None."""
    text = memory.text(path)
    assert text is not None
    byte = text.index(use.encode()) + use.index(name)
    found = definitions_at(memory, path, byte)
    if not found:
        return None
    (target,) = found
    assert target.symbol is None and target.span is not None
    start, end = target.span
    assert text[start:end] == name.encode()
    line_start = text.rfind(b"\n", 0, start) + 1
    line_end = text.find(b"\n", end)
    line = text[line_start:line_end]
    return (
        (line[: start - line_start] + b"<" + name.encode() + b">" + line[end - line_start :]).decode().strip()
    )


@pytest.mark.parametrize(
    ("path", "use", "name", "expected"),
    [
        # Python: assignment (not the docstring or comment that mention it first), parameters with
        # defaults and annotations, star parameters, loop, with-as, comprehension, walrus, and a closure.
        ("py/app.py", "total += item", "total", "<total> = 0  # total starts at zero"),
        ("py/app.py", "in items:", "items", "def run(<items>, limit: int = 3, *rest, **options):"),
        ("py/app.py", "> limit", "limit", "def run(items, <limit>: int = 3, *rest, **options):"),
        ("py/app.py", "rest, options", "rest", "def run(items, limit: int = 3, *<rest>, **options):"),
        ("py/app.py", "rest, options", "options", "def run(items, limit: int = 3, *rest, **<options>):"),
        ("py/app.py", "item.total", "item", "for <item> in items:"),
        ("py/app.py", "sink, squares", "sink", "with open(os.devnull) as <sink>:"),
        ("py/app.py", "n * n", "n", "squares = [n * n for <n> in items]"),
        ("py/app.py", "count, rest", "count", "if (<count> := len(items)) > limit:"),
        ("py/app.py", "total + limit", "total", "<total> = 0  # total starts at zero"),
        # Not local: a builtin used in an annotation and an undefined name lead nowhere.
        ("py/app.py", "inner, int", "int", None),
        ("py/app.py", "undefined_name", "undefined_name", None),
        ("js/app.js", "total, seen", "total", "const <total> = items.length;"),
        ("js/app.js", "seen += item", "seen", "let <seen> = 0;"),
        ("js/app.js", "item.total", "item", "for (const <item> of items) { seen += item.total; }"),
        ("js/app.js", "depth, rest", "depth", "function run(items, { <depth> }, ...rest) {"),
        ("js/app.js", "depth, rest", "rest", "function run(items, { depth }, ...<rest>) {"),
        ("go/app.go", "total += v", "total", "<total> := 0"),
        ("go/app.go", "v * i", "v", "for i, <v> := range items {"),
        ("go/app.go", "total + extra", "extra", "var <extra> = limit"),
        ("go/app.go", "= limit", "limit", "func Run(items []int, <limit> int) int {"),
        ("rs/app.rs", "total + limit", "total", "let <total>: i32 = items.iter().sum();"),
        ("rs/app.rs", "total + limit", "limit", "fn run(items: &[i32], <limit>: i32) -> i32 {"),
        ("java/App.java", "total + limit", "total", "int <total> = 0;"),
        ("java/App.java", "total += v", "v", "for (int <v> : items) { total += v; }"),
        ("c/app.c", "return total", "total", "int <total> = 0, i;"),
        ("c/app.c", "i < n", "i", "int total = 0, <i>;"),
        ("c/app.c", "i < n", "n", "int run(int *items, int <n>) {"),
    ],
)
def test_definition_of_a_name_local_to_a_function(
    locals_memory: Memory, path: str, use: str, name: str, expected: str | None
) -> None:
    assert _local(locals_memory, path, use, name) == expected
