"""JavaScript: classes, functions, CommonJS and ES modules, references and imports of real code."""

from __future__ import annotations

from archmem.indexer.symbols import Import

from tests.support.memory import index_text


def test_require_with_destructuring_binds_each_name_and_alias() -> None:
    index = index_text("r.js", "const { readFile, writeFile: write, mode = 1 } = require('fs/promises');\n")
    assert index.imports == (
        Import("fs/promises", "readFile", None, 0),
        Import("fs/promises", "writeFile", "write", 0),
        Import("fs/promises", "mode", None, 0),
    )
    assert [imp.bound for imp in index.imports] == ["readFile", "write", "mode"]
