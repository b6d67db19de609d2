"""An editing session does not keep the old versions of the file it edits alive (`indexer/per_version.py`): each
generate packing follows an edit, and caches keyed by the version itself kept dozens of a 9.5 MB file's versions
(~15-23 MB each) after as many packings. What is computed from a version now lives as long as the version."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from archmem.indexer import retired
from archmem.indexer.context import Packer
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

EDITS = 36
# What may stay of earlier versions by design: the buffer's own, the carried tables' last (held so that the next
# version's tables are carried, not rebuilt), and the function scopes of the last 16 functions read
# (`scopes._KEPT_SCOPES`, each holding the version it read). Before `per_version` and the siblings' weak versions,
# every edit's version stayed: 37 after 36.
KEPT_AT_MOST = 16 + 2

C_FILE = "".join(
    f"struct s{i} {{ int a{i}; int b{i}; }};\n\n"
    f"static int f{i}(struct s{i} *p, int n) {{\n  int k = n + p->a{i};\n  return k * p->b{i} + f{max(i - 1, 0)}(0, k);\n}}\n\n"
    for i in range(40)
)
TS_UTIL = "".join(f"export const util{i} = (n: number): number => n + {i}\n" for i in range(20))
TS_FILE = 'import * as Util from "./Util"\n\n' + "".join(
    f"export interface Shape{i} {{\n  readonly size{i}: number\n}}\n\n"
    f"export const run{i} = (s: Shape{i}, n: number): number => {{\n  const k = Util.util{i % 20}(n) + s.size{i}\n  return k\n}}\n\n"
    for i in range(40)
)


def _live_versions(path: str) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is FileIndex and o.path == path)


@pytest.mark.parametrize(
    ("path", "text", "files", "body"),
    [
        ("big.c", C_FILE, {}, "  int k = n + p->a{i};\n  return k * p->b{i} + f{j}(0, k);\n"),
        ("big.ts", TS_FILE, {"Util.ts": TS_UTIL}, "  const k = Util.util{m}(n) + s.size{i}\n  return k\n"),
    ],
)
def test_generate_packings_after_edits_keep_few_old_versions(
    tmp_path: Path, path: str, text: str, files: dict[str, str], body: str
) -> None:
    write_tree(tmp_path, {path: text, **files})
    memory = Memory.open(tmp_path)
    packer = Packer(memory)
    absolute = str(tmp_path / path)
    memory.open_document(absolute, text)
    lines = text.splitlines(keepends=True)
    for i in range(EDITS):
        hidden = body.format(i=i, j=max(i - 1, 0), m=i % 20)
        edited = text.replace(hidden, "  \n", 1)
        assert edited != text
        cursor = edited.splitlines().index("  ")
        memory.set_document(absolute, edited)
        ctx = packer.pack(absolute, cursor, 2, budget=600, mode="generate")
        assert ctx.text
        memory.set_document(absolute, text)
        retired.release()  # the server's quiet tick between two asks frees what nothing holds
    assert len(lines) > 200
    assert _live_versions(path) <= KEPT_AT_MOST
