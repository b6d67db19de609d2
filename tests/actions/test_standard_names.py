"""The name guard knows each language's standard names: a model's candidate that uses one once (`JSON.parse`,
`len`, `println!`, `Integer.parseInt`, `strlen`, POSIX's `strdup`, `std::max`, `vector` after
`using namespace std;`) is verified and offered, while a name nothing defines (`frobnicate_widget`) is still
refused. Through the real engine (generate and self-debug) against
the scripted model server on 127.0.0.1, on shadow copies of files in a workspace on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from archmem.indexer.languages import BY_NAME, language_for
from archmem.server.actions import ProposedEdit, self_debug
from archmem.server.actions.generate import Generated, generate
from archmem.server.actions.generate_targets import list_generate_targets

from tests.actions.genexplain_projects import client, memory, write
from tests.actions.helpers import applied, block, model_provider, workspace
from tests.support.fake_openai import FakeOpenAI, text


@dataclass(frozen=True)
class Case:
    """A file with one empty function, the function's completed text using `uses` once, and the same
    function calling an invented name instead."""

    path: str
    fence: str
    source: str
    function: str  # qualified, as the guard names it
    good: str
    invented: str
    uses: str


CASES = [
    Case(
        "parse.js",
        "js",
        "function parse(text) {}\n",
        "parse",
        "function parse(text) {\n  return JSON.parse(text);\n}\n",
        "function parse(text) {\n  return frobnicate_widget(text);\n}\n",
        "JSON",
    ),
    Case(
        "widest.ts",
        "ts",
        "function widest(sizes: number[]): number {}\n",
        "widest",
        "function widest(sizes: number[]): number {\n  return Math.max(...sizes);\n}\n",
        "function widest(sizes: number[]): number {\n  return frobnicate_widget(sizes);\n}\n",
        "Math",
    ),
    Case(
        "count.tsx",
        "tsx",
        "function count(words: string[]): Record<string, number> {}\n",
        "count",
        "function count(words: string[]): Record<string, number> {\n"
        "  return Object.fromEntries(words.map((w) => [w, w.length]));\n}\n",
        "function count(words: string[]): Record<string, number> {\n  return frobnicate_widget(words);\n}\n",
        "Object",
    ),
    Case(
        "size.go",
        "go",
        "package size\n\nfunc size(items []string) int {}\n",
        "size",
        "func size(items []string) int {\n\treturn len(items)\n}\n",
        "func size(items []string) int {\n\treturn frobnicate_widget(items)\n}\n",
        "len",
    ),
    Case(
        "greet.rs",
        "rust",
        "fn greet(name: &str) -> usize {}\n",
        "greet",
        'fn greet(name: &str) -> usize {\n    println!("hello {name}");\n    name.len()\n}\n',
        "fn greet(name: &str) -> usize {\n    frobnicate_widget(name)\n}\n",
        "println",
    ),
    Case(
        "Port.java",
        "java",
        "class Port {\n    static int parse(String text) {}\n}\n",
        "Port.parse",
        "static int parse(String text) {\n    return Integer.parseInt(text);\n}\n",
        "static int parse(String text) {\n    return frobnicate_widget(text);\n}\n",
        "Integer",
    ),
    Case(
        "width.c",
        "c",
        "#include <string.h>\n\nint width(const char *label) {}\n",
        "width",
        "int width(const char *label) {\n    return (int)strlen(label);\n}\n",
        "int width(const char *label) {\n    return frobnicate_widget(label);\n}\n",
        "strlen",
    ),
    Case(
        "dup.c",
        "c",
        "#include <string.h>\n\nchar *dup(const char *label) {}\n",
        "dup",
        "char *dup(const char *label) {\n    return strdup(label);\n}\n",
        "char *dup(const char *label) {\n    return frobnicate_widget(label);\n}\n",
        "strdup",
    ),
    Case(
        "clamp.cpp",
        "cpp",
        "#include <algorithm>\n\nint clamp_low(int value) {}\n",
        "clamp_low",
        "int clamp_low(int value) {\n    return std::max(value, 0);\n}\n",
        "int clamp_low(int value) {\n    return frobnicate_widget(value);\n}\n",
        "std",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.path for c in CASES])
async def test_a_standard_name_used_once_is_accepted_and_an_invented_one_refused(
    tmp_path: Path, fake_openai: FakeOpenAI, case: Case
) -> None:
    write(tmp_path, {case.path: case.source})
    mem = memory(tmp_path)
    line = next(i for i, code in enumerate(case.source.splitlines()) if code.endswith("{}"))
    targets = list_generate_targets(mem, case.path, line, len(case.source.splitlines()[line]) - 1)
    target = next(t for t in targets if t.kind == "body")
    fake_openai.enqueue(
        text(f"```{case.fence}\n{case.invented}```\n"), text(f"```{case.fence}\n{case.good}```\n")
    )

    async with client(fake_openai) as model:
        result = await generate(mem, case.path, target, client=model, rounds=2)

    assert isinstance(result, Generated), getattr(result, "problems", result)
    assert result.edit.verified and result.edit.rounds == 2
    feedback = fake_openai.chat_requests[1].body["messages"][-1]["content"]
    assert f"'frobnicate_widget' in '{case.function}' is not defined anywhere in the workspace" in feedback
    after = result.edit.apply((tmp_path / case.path).read_bytes()).decode()
    assert case.good.splitlines()[1].strip() in after
    # The standard name came from the language's list, not from the workspace.
    assert case.uses not in case.source
    spec = language_for(case.path)
    assert spec is not None and case.uses in spec.standard_names


@pytest.mark.parametrize(
    ("path", "fence", "broken", "typo", "fixed", "repair"),
    [
        (
            "m.js",
            "js",
            b"function parse(text) {\n  return text.trim(;\n}\n\nfunction other() {\n  return 2;\n}\n",
            b"text.trim(;",
            "function parse(text) {\n  return JSON.parse(text.trim());\n}\n",
            b"JSON.parse(text.trim());",
        ),
        (
            # std names the file opened with `using namespace std;`, each used once.
            "show.cpp",
            "cpp",
            b"#include <iostream>\nusing namespace std;\n\nvoid show(int n) {\n    print(n;\n}\n",
            b"print(n;",
            "void show(int n) {\n    cout << n << endl;\n}\n",
            b"cout << n << endl;",
        ),
    ],
)
async def test_self_debug_offers_a_fix_that_uses_a_standard_name_once(
    tmp_path: Path,
    fake_openai: FakeOpenAI,
    path: str,
    fence: str,
    broken: bytes,
    typo: bytes,
    fixed: str,
    repair: bytes,
) -> None:
    memory_ = workspace(tmp_path, {path: broken})
    fake_openai.enqueue(text(block(fixed, fence)))
    provider = model_provider(fake_openai)
    try:
        result = await self_debug(memory_, path, None, provider=provider)
    finally:
        await provider.aclose()
    assert isinstance(result, ProposedEdit) and result.verified, result
    assert applied(memory_, path, result) == broken.replace(typo, repair)


def test_every_language_but_python_has_its_standard_names() -> None:
    for name, spec in BY_NAME.items():
        names = spec.standard_names
        assert bool(names) == (name != "python"), name
        assert not any(n.startswith("#") or not n.strip() for n in names), name
    assert BY_NAME["tsx"].standard_names is BY_NAME["typescript"].standard_names
    # TypeScript sees the global types too; JavaScript only the values.
    assert "Partial" in BY_NAME["typescript"].standard_names
    assert "Partial" not in BY_NAME["javascript"].standard_names
    assert "std" in BY_NAME["cpp"].standard_names and "std" not in BY_NAME["c"].standard_names


@pytest.mark.parametrize("directive", [True, False], ids=["using-namespace-std", "no-directive"])
async def test_using_namespace_std_decides_whether_an_unqualified_std_name_passes(
    tmp_path: Path, fake_openai: FakeOpenAI, directive: bool
) -> None:
    opening = "using namespace std;\n" if directive else ""
    source = f"#include <iostream>\n{opening}\nint tally(int n) {{}}\n"
    write(tmp_path, {"tally.cpp": source})
    mem = memory(tmp_path)
    line = source.splitlines().index("int tally(int n) {}")
    target = next(t for t in list_generate_targets(mem, "tally.cpp", line, 17) if t.kind == "body")
    body = "int tally(int n) {\n    vector<int> items(n);\n    return (int)items.size();\n}\n"
    fake_openai.enqueue(text(f"```cpp\n{body}```\n"))

    async with client(fake_openai) as model:
        result = await generate(mem, "tally.cpp", target, client=model, rounds=1)

    if directive:
        assert isinstance(result, Generated), getattr(result, "problems", result)
        assert result.edit.verified
    else:
        assert not isinstance(result, Generated)
        assert "'vector' in 'tally' is not defined anywhere in the workspace" in str(result)


def test_the_posix_and_namespace_std_lists_are_loaded() -> None:
    c, cpp = BY_NAME["c"].standard_names, BY_NAME["cpp"].standard_names
    posix = {"strdup", "strndup", "getline", "fileno", "open", "read", "ssize_t", "pid_t", "pthread_create"}
    assert posix <= c and posix <= cpp
    # POSIX, not glibc's GNU extensions nor its reserved internals.
    assert not {"asprintf", "strcasestr", "__pid_t", "__ssize_t"} & c
    code = b"using namespace std;\n"
    tree = BY_NAME["cpp"].parser().parse(code)
    std = BY_NAME["cpp"].names_opened_at(tree, len(code), len(code))
    assert {"vector", "cout", "endl", "sort", "move", "string", "map"} <= std
    assert not any(name.startswith("_") for name in std)
    assert "vector" not in cpp  # only with the directive
