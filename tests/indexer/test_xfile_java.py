"""Java across files by package: `import a.b.C` finds a/b/C.java under the importing file's own source root
first (another copy elsewhere in the workspace loses), `import a.b.*` finds the package's types in its
directory, not a same-named type of another package."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from archmem.indexer.workspace import Memory

from tests.support.memory import definitions, indexed

WORKSPACE = {
    "app/src/main/java/com/acme/util/Strings.java": (
        "package com.acme.util;\n\npublic class Strings {\n    public static String trim(String s) { return s; }\n}\n"
    ),
    # An older copy of the same class at another source root: sorted first, never the one imported.
    "api/com/acme/util/Strings.java": "package com.acme.util;\n\npublic class Strings {}\n",
    "app/src/main/java/com/acme/model/Node.java": "package com.acme.model;\n\npublic class Node {}\n",
    "app/src/main/java/com/acme/model/Edge.java": "package com.acme.model;\n\npublic class Edge {}\n",
    "app/src/main/java/com/acme/graph/Node.java": "package com.acme.graph;\n\npublic class Node {}\n",
    "app/src/main/java/com/acme/graph/Edge.java": "package com.acme.graph;\n\npublic class Edge {}\n",
    "app/src/main/java/com/acme/app/App.java": (
        "package com.acme.app;\n\nimport com.acme.model.*;\nimport com.acme.util.Strings;\n\n"
        "public class App {\n    Node root;\n    Edge first;\n\n"
        '    String name() {\n        return Strings.trim("x");\n    }\n}\n'
    ),
}


@pytest.fixture(scope="module")
def memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    yield from indexed(tmp_path_factory.mktemp("java"), WORKSPACE)


APP = "app/src/main/java/com/acme/app/App.java"
MODEL = "app/src/main/java/com/acme/model"


def test_a_single_type_import_under_the_own_source_root(memory: Memory) -> None:
    assert definitions(memory, APP, "Strings.trim", 0) == [
        ("app/src/main/java/com/acme/util/Strings.java", "Strings")
    ]
    assert definitions(memory, APP, "Strings.trim", 8) == [
        ("app/src/main/java/com/acme/util/Strings.java", "Strings.trim")
    ]


def test_a_wildcard_import_finds_the_types_of_its_package(memory: Memory) -> None:
    assert definitions(memory, APP, "Node root", 0) == [(f"{MODEL}/Node.java", "Node")]
    assert definitions(memory, APP, "Edge first", 0) == [(f"{MODEL}/Edge.java", "Edge")]
