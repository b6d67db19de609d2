"""Resolution across files: imports (absolute, relative, star, re-exports), members, includes, packages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.resolve import Resolver, Target, definitions_at
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

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
    root = write_tree(tmp_path_factory.mktemp("resolve"), WORKSPACE)
    memory = Memory(root, persist=False)
    memory.index_all(jobs=1)
    yield memory
    memory.close()


def _at(memory: Memory, path: str, needle: str, offset: int = 0) -> list[tuple[str, str | None]]:
    """Go to definition on the first occurrence of `needle` in `path` (plus `offset` bytes)."""
    text = memory.text(path)
    assert text is not None
    byte = text.index(needle.encode()) + offset
    return [_where(t) for t in definitions_at(memory, path, byte)]


def _where(target: Target) -> tuple[str, str | None]:
    return target.path, target.symbol.qualname if target.symbol is not None else None


# -- Python -----------------------------------------------------------------------------------------------


def test_python_star_import_resolves_the_names_of_that_module(memory: Memory) -> None:
    assert _at(memory, "star.py", "RATE)") == [("shop/util/money.py", "RATE")]
    assert _at(memory, "star.py", "cents(") == [("shop/util/money.py", "cents")]


def test_python_name_re_exported_by_a_package_star_import(memory: Memory) -> None:
    assert _at(memory, "app.py", "cents(2)") == [("shop/util/money.py", "cents")]


# -- JavaScript / TypeScript ------------------------------------------------------------------------------


def test_js_namespace_import_resolves_members_of_the_module(memory: Memory) -> None:
    assert _at(memory, "web/app.ts", "U.helper", 2) == [("web/lib/util.ts", "helper")]


def test_js_module_bound_by_require_resolves_its_members(memory: Memory) -> None:
    assert _at(memory, "web/old.js", "util.helper", 5) == [("web/lib/util.ts", "helper")]


# -- C ----------------------------------------------------------------------------------------------------


def test_c_include_binds_no_name_of_its_own(memory: Memory) -> None:
    # "include/vec.h" must not make `vec` mean the header: `struct vec` is the struct it declares.
    assert _at(memory, "csrc/main.c", "vec v", 0) == [("csrc/include/vec.h", "vec")]


def test_c_call_resolves_to_the_definition_next_to_the_caller(memory: Memory) -> None:
    assert _at(memory, "csrc/main.c", "vec_len(") == [("csrc/vec.c", "vec_len")]


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
    assert _at(memory, "app.py", "shop.Order", 5) == [("shop/models.py", "Order")]
