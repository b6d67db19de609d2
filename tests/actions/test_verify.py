"""verify(): baseline-relative re-check on a shadow text plus the structural guards."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.document import Document
from archmem.indexer.languages import language_for
from archmem.indexer.workspace import Memory
from archmem.server.actions.edits import TextEdit, apply_edits, replace_symbol
from archmem.server.actions.verify import Verification, verify
from archmem.server.checks import Diagnostic, check_text

MODULE = b"""import json


def load(path):
    with open(path) as handle:
        return jsn.load(handle)


def total(values):
    return sum(values)
"""


async def baseline(memory: Memory, rel: str, text: bytes) -> tuple[Diagnostic, ...]:
    spec = language_for(rel)
    assert spec is not None
    doc = Document(rel, spec, text)
    report = await check_text(str(memory.abspath(rel)), text, spec.name, doc.tree, [], str(memory.root))
    return report.diagnostics


def workspace(tmp_path: Path, files: dict[str, bytes]) -> Memory:
    for name, text in files.items():
        (tmp_path / name).write_bytes(text)
    return Memory.open(tmp_path)


def symbol_edit(text: bytes, rel: str, name: str, code: str) -> TextEdit:
    spec = language_for(rel)
    assert spec is not None
    index = Document(rel, spec, text).index
    return replace_symbol(text, next(s for s in index.symbols if s.name == name), code)


async def check(memory: Memory, rel: str, before: bytes, edit: TextEdit, **kwargs: object) -> Verification:
    base = await baseline(memory, rel, before)
    targeted = kwargs.pop("targeted", base)
    after = apply_edits(before, [edit])
    return await verify(
        memory, rel, before, after, baseline=base, targeted=targeted, edits=[edit], root=str(memory.root)
    )


async def test_a_right_fix_is_ok_and_says_so(tmp_path: Path) -> None:
    memory = workspace(tmp_path, {"m.py": MODULE})
    fix = symbol_edit(
        MODULE,
        "m.py",
        "load",
        "def load(path):\n    with open(path) as handle:\n        return json.load(handle)\n",
    )
    verdict = await check(memory, "m.py", MODULE, fix)
    assert verdict.ok, verdict
    assert [d.code for d in verdict.fixed] == ["unused-import", "undefined-name"]
    assert verdict.summary == "2 diagnostics → 0, no new ones"
    assert (tmp_path / "m.py").read_bytes() == MODULE  # the shadow text never reaches the disk


async def test_a_fix_that_adds_a_problem_is_refused(tmp_path: Path) -> None:
    memory = workspace(tmp_path, {"m.py": MODULE})
    fix = symbol_edit(MODULE, "m.py", "load", "def load(path):\n    return json.load(opn(path))\n")
    verdict = await check(memory, "m.py", MODULE, fix)
    assert not verdict.ok
    assert [d.message for d in verdict.new] == ["undefined name 'opn'"]
    assert verdict.summary == "2 diagnostics → 0, 1 new"


async def test_a_fix_that_leaves_the_target_is_refused(tmp_path: Path) -> None:
    memory = workspace(tmp_path, {"m.py": MODULE})
    fix = symbol_edit(MODULE, "m.py", "load", "def load(path):\n    return jsn.loads(open(path).read())\n")
    verdict = await check(memory, "m.py", MODULE, fix)
    assert not verdict.ok
    assert [d.message for d in verdict.targeted_left] == [
        "'json' imported but unused",
        "undefined name 'jsn'",
    ]


async def test_untargeted_old_problems_do_not_count(tmp_path: Path) -> None:
    text = MODULE + b"\n\ndef other():\n    return undefined_thing\n"
    memory = workspace(tmp_path, {"m.py": text})
    base = await baseline(memory, "m.py", text)
    target = [d for d in base if d.data.get("name") == "jsn"]
    fix = symbol_edit(text, "m.py", "load", "def load(path):\n    return json.load(open(path))\n")
    after = apply_edits(text, [fix])
    verdict = await verify(memory, "m.py", text, after, baseline=base, targeted=target, edits=[fix])
    assert verdict.ok
    assert [d.data.get("name") for d in verdict.remaining] == ["undefined_thing"]


async def test_guard_refuses_a_change_to_an_untouched_symbol(tmp_path: Path) -> None:
    memory = workspace(tmp_path, {"m.py": MODULE})
    base = await baseline(memory, "m.py", MODULE)
    fix = symbol_edit(MODULE, "m.py", "load", "def load(path):\n    return json.load(open(path))\n")
    after = apply_edits(MODULE, [fix]).replace(b"sum(values)", b"sum(values) + 1")
    verdict = await verify(memory, "m.py", MODULE, after, baseline=base, targeted=base, edits=[fix])
    assert not verdict.ok
    assert verdict.guard_failures == ("function 'total' changed although the fix was not meant to touch it",)


async def test_guard_refuses_a_lost_or_duplicated_symbol(tmp_path: Path) -> None:
    memory = workspace(tmp_path, {"m.py": MODULE})
    renamed = symbol_edit(MODULE, "m.py", "load", "def load_json(path):\n    return json.load(open(path))\n")
    verdict = await check(memory, "m.py", MODULE, renamed)
    assert verdict.guard_failures == ("function 'load' is missing from the result",)
    twice = symbol_edit(
        MODULE,
        "m.py",
        "load",
        "def load(path):\n    return json.load(open(path))\n\n\ndef total(values):\n    return 0\n",
    )
    verdict = await check(memory, "m.py", MODULE, twice)
    assert not verdict.ok
    assert "function 'total' is defined twice in the result" in verdict.guard_failures


async def test_problems_a_syntax_error_hid_are_revealed_not_new(tmp_path: Path) -> None:
    broken = MODULE.replace(b"def total(values):", b"def total(values)")
    memory = workspace(tmp_path, {"m.py": broken})
    base = await baseline(memory, "m.py", broken)
    assert [d.source for d in base] == ["archmem.syntax"]
    colon = broken.index(b"(values)") + len(b"(values)")
    verdict = await check(memory, "m.py", broken, TextEdit(colon, colon, ":"))
    assert verdict.ok
    assert [d.message for d in verdict.revealed] == ["'json' imported but unused", "undefined name 'jsn'"]
    assert verdict.summary == "1 diagnostic → 0, no new ones, 2 revealed that a syntax error hid"


async def test_a_name_the_model_invents_in_javascript_is_refused(tmp_path: Path) -> None:
    source = b"function add(a, b) {\n  return a + c;\n}\n\nfunction twice(x) {\n  return add(x, x);\n}\n"
    memory = workspace(tmp_path, {"m.js": source})
    invented = symbol_edit(source, "m.js", "add", "function add(a, b) {\n  return helperSum(a, b);\n}\n")
    verdict = await check(memory, "m.js", source, invented, targeted=[])
    assert verdict.guard_failures == ("'helperSum' in 'add' is not defined anywhere in the workspace",)
    local = symbol_edit(
        source, "m.js", "add", "function add(a, b) {\n  const sum = a + b;\n  return sum;\n}\n"
    )
    assert (await check(memory, "m.js", source, local, targeted=[])).ok


C_COPY = b"#include <string.h>\n\nchar *copy(const char *text) {\n    return 0;\n}\n"


async def test_a_posix_function_used_once_in_c_passes_and_an_invented_one_is_refused(tmp_path: Path) -> None:
    memory = workspace(tmp_path, {"dup.c": C_COPY})
    posix = symbol_edit(
        C_COPY, "dup.c", "copy", "char *copy(const char *text) {\n    return strdup(text);\n}\n"
    )
    verdict = await check(memory, "dup.c", C_COPY, posix, targeted=[])
    assert verdict.ok, verdict.guard_failures
    invented = symbol_edit(
        C_COPY, "dup.c", "copy", "char *copy(const char *text) {\n    return strdupx(text);\n}\n"
    )
    verdict = await check(memory, "dup.c", C_COPY, invented, targeted=[])
    assert verdict.guard_failures == ("'strdupx' in 'copy' is not defined anywhere in the workspace",)


# Not <vector>: an include binds its header's name, which would let `vector` pass without the directive.
CPP_COUNT = b"#include <iostream>\nusing namespace std;\n\nint count(int n) {\n    return n;\n}\n"


def counting(container: str) -> str:
    return f"int count(int n) {{\n    {container}<int> items(n);\n    return (int)items.size();\n}}\n"


async def test_using_namespace_std_lets_an_unqualified_std_name_pass(tmp_path: Path) -> None:
    memory = workspace(tmp_path, {"items.cpp": CPP_COUNT})
    verdict = await check(
        memory,
        "items.cpp",
        CPP_COUNT,
        symbol_edit(CPP_COUNT, "items.cpp", "count", counting("vector")),
        targeted=[],
    )
    assert verdict.ok, verdict.guard_failures
    invented = symbol_edit(CPP_COUNT, "items.cpp", "count", counting("vectorx"))
    verdict = await check(memory, "items.cpp", CPP_COUNT, invented, targeted=[])
    assert verdict.guard_failures == ("'vectorx' in 'count' is not defined anywhere in the workspace",)


async def test_without_using_namespace_std_only_the_qualified_std_name_passes(tmp_path: Path) -> None:
    source = CPP_COUNT.replace(b"using namespace std;\n", b"")
    memory = workspace(tmp_path, {"items.cpp": source})
    bare = symbol_edit(source, "items.cpp", "count", counting("vector"))
    verdict = await check(memory, "items.cpp", source, bare, targeted=[])
    assert verdict.guard_failures == ("'vector' in 'count' is not defined anywhere in the workspace",)
    qualified = symbol_edit(source, "items.cpp", "count", counting("std::vector"))
    assert (await check(memory, "items.cpp", source, qualified, targeted=[])).ok


async def test_a_using_namespace_std_the_edit_adds_opens_std_for_it(tmp_path: Path) -> None:
    source = CPP_COUNT.replace(b"using namespace std;\n", b"")
    memory = workspace(tmp_path, {"items.cpp": source})
    fix = symbol_edit(
        source, "items.cpp", "count", counting("vector").replace("{\n", "{\n    using namespace std;\n", 1)
    )
    assert (await check(memory, "items.cpp", source, fix, targeted=[])).ok
