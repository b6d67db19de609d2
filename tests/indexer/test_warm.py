"""The idle warm-up after a file is opened (indexer/warm.py): the memories of the files its names lead to are
loaded from the store before any request, and no others; the open file's functions' names resolved into the
answers generate packings read; a message arriving stops it."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from archmem.indexer.context import Interrupted, Packer, siblings, tables
from archmem.indexer.files import FileRules
from archmem.indexer.kept_answers import answers
from archmem.indexer.warm import names_used_elsewhere, warm, warm_region
from archmem.indexer.workspace import Memory

from tests.support.memory import indexed, sym

FILES = {
    "src/p/Conf.java": "package p;\n\npublic class Conf {\n    public int limit() { return 1; }\n}\n",
    "src/p/Other.java": "package p;\n\npublic class Other {\n    public int size;\n}\n",
    "src/p/Main.java": "package p;\n\npublic class Main {\n    int run(Conf c) {\n        return c.limit();\n    }\n}\n",
}


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[Memory]:
    yield from indexed(tmp_path, FILES)


def _loaded(memory: Memory) -> set[str]:
    # The memory's cache of files read from the store (what a first packing would otherwise fill).
    return set(memory._loaded)


def test_the_files_a_files_names_lead_to_are_loaded_and_no_others(memory: Memory) -> None:
    assert "src/p/Conf.java" not in _loaded(memory)
    assert "Conf" in names_used_elsewhere(memory, "src/p/Main.java")
    assert warm(memory, "src/p/Main.java") >= 1
    loaded = _loaded(memory)
    assert "src/p/Conf.java" in loaded and "src/p/Other.java" not in loaded


def test_a_message_arriving_stops_the_warm_up(memory: Memory) -> None:
    assert warm(memory, "src/p/Main.java", quiet=lambda: False) == 0
    assert "src/p/Conf.java" not in _loaded(memory)


def test_a_file_not_in_the_memory_warms_nothing(memory: Memory) -> None:
    assert warm(memory, "src/p/Missing.java") == 0
    assert names_used_elsewhere(memory, "src/p/Missing.java") == []


def test_the_files_functions_names_are_resolved_into_the_answers_packings_read(memory: Memory) -> None:
    """Opened in the editor, the file's functions are read as siblings too: `c.limit` in `Main.run` leads
    to `Conf.limit`, kept where a generate packing of this memory reads it (`context/siblings.py`)."""
    path = "src/p/Main.java"
    memory.open_document(path, FILES[path], 1)
    warm(memory, path)
    index = memory.file(path)
    assert index is not None
    run = sym(index, "Main.run")
    answer = siblings._KEPT[memory][path].siblings[run.id].answers["c.limit"]
    assert [(t.path, t.symbol.qualname) for t in answer if t.symbol is not None] == [
        ("src/p/Conf.java", "Conf.limit")
    ]


def test_a_file_not_open_in_the_editor_warms_no_siblings(memory: Memory) -> None:
    """The siblings' answers are read from the editor's text: with no buffer open, none are resolved."""
    warm(memory, "src/p/Main.java")
    assert "src/p/Main.java" not in siblings._KEPT.get(memory, {})


def test_a_message_arriving_stops_the_siblings_reading(memory: Memory) -> None:
    """A message arriving once the other files are loaded: no sibling name is resolved after it."""
    path = "src/p/Main.java"
    memory.open_document(path, FILES[path], 1)
    loading = len(names_used_elsewhere(memory, path))
    asked = 0

    def quiet() -> bool:
        nonlocal asked
        asked += 1
        return asked <= loading + 1  # each name loaded, and the look before the siblings

    assert warm(memory, path, quiet) == loading
    kept = siblings._KEPT[memory][path]
    assert sum(len(s.answers) for s in kept.siblings.values()) == 0


def test_the_names_a_generate_packing_ranks_are_resolved_for_every_scope_adding_nothing(
    tmp_path: Path,
) -> None:
    """`helper`, defined by another file of the package, is resolved from a function that does not name it
    (`other`): the answer a body still to be written reads (`kept_answers.free_key`)."""
    files = {
        "a.go": "package p\n\nfunc user() int {\n\treturn helper()\n}\n\nfunc other() int {\n\treturn 1\n}\n",
        "b.go": "package p\n\nfunc helper() int {\n\treturn 2\n}\n",
    }
    with contextlib.closing(_opened(tmp_path, files, "a.go")) as memory:
        warm(memory, "a.go")
        index = memory.file("a.go")
        assert index is not None
        kept = answers(memory, index).whole.values
        assert [
            (t.path, t.symbol.name)
            for key, (_stamp, found) in kept.items()
            if key[0] == "helper"
            for t in found
        ] == [("b.go", "helper")]


def _opened(root: Path, files: dict[str, str], opened: str) -> Memory:
    for name, text in files.items():
        (root / name).write_text(text)
    memory = Memory.open(root)
    memory.open_document(str(root / opened), files[opened], 1)
    return memory


def test_the_tables_a_generate_packing_reads_are_built_in_the_idle_pass(tmp_path: Path) -> None:
    """The file's names counted by sibling list (`tables.far_table`): built for the opened text, which the first
    generate packing's text (a body replaced) carries over instead of building them anew."""
    files = {
        "a.go": "package p\n\nfunc user() int {\n\treturn helper()\n}\n\nfunc other() int {\n\treturn 1\n}\n",
        "b.go": "package p\n\nfunc helper() int {\n\treturn 2\n}\n",
    }
    with contextlib.closing(_opened(tmp_path, files, "a.go")) as memory:
        tables._FAR_TABLES._kept.clear()  # another test's `a.go`
        warm(memory, "a.go")
        assert [key for key in tables._FAR_TABLES._kept if key[0] == "a.go"]


REGION_FILES = {
    "lib.py": "class Store:\n    def size(self) -> int:\n        return 0\n\n    def put(self, x: int) -> None:\n"
    "        pass\n\n    def clear(self) -> None:\n        pass\n",
    "main.py": "from lib import Store\n\n\ndef load(store: Store) -> int:\n    return store.size()\n\n\n"
    "def save(store: Store) -> None:\n    store.put(1)\n\n\ndef wipe(store: Store) -> None:\n    store.clear()\n",
}


def _region_memory(root: Path, files: dict[str, str], rules: FileRules | None = None) -> Memory:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    memory = Memory(root, persist=False, rules=rules or FileRules())
    memory.index_all(jobs=1)
    return memory


def _generated(memory: Memory, region: bool) -> str:
    """The generate packing of `save` with its body replaced, after the region pass where the cursor arrived
    in `save` (as the text was) when `region`."""
    text = REGION_FILES["main.py"]
    memory.open_document("main.py", text, 1)
    if region:
        siblings._KEPT.pop(memory, None)
        assert warm_region(memory, Packer(memory), "main.py", text.index("store.put"), 2048, lambda: True)
        kept = siblings._KEPT[memory]["main.py"].siblings
        # The neighbours' names were resolved in the pass: `store.size` in `load` leads to `Store.size`.
        load = sym(memory.file("main.py"), "load")  # type: ignore[arg-type]
        assert [t.symbol.qualname for t in kept[load.id].answers["store.size"] if t.symbol] == ["Store.size"]
    memory.set_document("main.py", text.replace("    store.put(1)\n", "    ...\n"), 2)
    line = text[: text.index("store.put")].count("\n")
    return Packer(memory).pack("main.py", line, 4, 2048, mode="generate").text


def test_the_region_pass_resolves_the_regions_names_and_leaves_the_packing_as_it_was(tmp_path: Path) -> None:
    """The idle pass where the cursor arrived (`warm_region`): one generate packing there, thrown away, whose
    resolutions a later packing reads; that packing's prompt is the one packed without the pass."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        contextlib.closing(_region_memory(tmp_path / "a", REGION_FILES)) as warmed,
        contextlib.closing(_region_memory(tmp_path / "b", REGION_FILES)) as cold,
    ):
        with_pass, without = _generated(warmed, True), _generated(cold, False)
    assert "def size" in with_pass
    assert with_pass == without


class _Quiet:
    """`quiet()` for an idle pass: True for its first `calls` questions, then False (a message arrived)."""

    def __init__(self, calls: int) -> None:
        self.calls, self.asked = calls, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked <= self.calls


def test_the_region_pass_gives_way_between_two_names_and_what_it_resolved_stays(tmp_path: Path) -> None:
    """A message arriving in the region pass (`quiet()` False at its k-th name, for every k the pass asks): the
    packing gives way (`Interrupted`) before the next name, so a request waits for one name, not a packing; and
    the packing the request then makes, with the same packer, is the one packed without any pass."""
    (tmp_path / "cold").mkdir()
    with contextlib.closing(_region_memory(tmp_path / "cold", REGION_FILES)) as cold:
        without = _generated(cold, False)
    text = REGION_FILES["main.py"]
    line = text[: text.index("store.put")].count("\n")
    whole = _Quiet(10_000)
    (tmp_path / "whole").mkdir()
    with contextlib.closing(_region_memory(tmp_path / "whole", REGION_FILES)) as memory:
        memory.open_document("main.py", text, 1)
        assert warm_region(memory, Packer(memory), "main.py", text.index("store.put"), 2048, whole)
    assert whole.asked > 3  # the check before the packing, then one per name asked of the resolver
    for calls in range(1, whole.asked):
        root = tmp_path / f"k{calls}"
        root.mkdir()
        with contextlib.closing(_region_memory(root, REGION_FILES)) as memory:
            memory.open_document("main.py", text, 1)
            packer, quiet = Packer(memory), _Quiet(calls)
            with pytest.raises(Interrupted):
                warm_region(memory, packer, "main.py", text.index("store.put"), 2048, quiet)
            assert quiet.asked == calls + 1  # not asked again once it answered False
            memory.set_document("main.py", text.replace("    store.put(1)\n", "    ...\n"), 2)
            assert packer.pack("main.py", line, 4, 2048, mode="generate").text == without, calls


def test_an_idle_packing_gives_way_to_a_packing_holding_the_packer(tmp_path: Path) -> None:
    """One packing at a time per packer (the server shares it between the requests' threads and the idle
    passes): an idle packing finding the packer held gives way at once instead of waiting."""
    with contextlib.closing(_region_memory(tmp_path, REGION_FILES)) as memory:
        text = REGION_FILES["main.py"]
        memory.open_document("main.py", text, 1)
        packer, nested, asked = Packer(memory), [], []

        def quiet() -> bool:
            asked.append(1)
            if len(asked) == 2:  # the first name inside the packing, which holds the packer: another idle one
                try:
                    packer.pack("main.py", 0, 0, 2048, mode="generate", quiet=lambda: True)
                    nested.append("packed")
                except Interrupted:
                    nested.append("gave way")
            return True

        assert warm_region(memory, packer, "main.py", text.index("store.put"), 2048, quiet)
        assert nested == ["gave way"]


def test_an_idle_packing_gives_way_to_a_request_packing_waiting_for_the_packer(tmp_path: Path) -> None:
    """A request's packing (a worker thread) asking for the packer while the region pass packs with it: the pass
    gives way at its next name (no message need arrive: the request is already in), and the request packs what
    it packs alone."""
    text = REGION_FILES["main.py"]
    line = text[: text.index("store.put")].count("\n")
    (tmp_path / "alone").mkdir()
    with contextlib.closing(_region_memory(tmp_path / "alone", REGION_FILES)) as alone:
        alone.open_document("main.py", text, 1)
        expected = Packer(alone).pack("main.py", line, 4, 2048, mode="generate").text
    (tmp_path / "shared").mkdir()
    with contextlib.closing(_region_memory(tmp_path / "shared", REGION_FILES)) as memory:
        memory.open_document("main.py", text, 1)
        packer, asked, answers = Packer(memory), [], []
        request = threading.Thread(
            target=lambda: answers.append(packer.pack("main.py", line, 4, 2048, mode="generate").text)
        )

        def quiet() -> bool:
            asked.append(1)
            if len(asked) == 2:  # inside the pass: the request's packing comes and waits for the packer
                request.start()
                while not packer.asked:
                    time.sleep(0)
            return True

        with pytest.raises(Interrupted):
            warm_region(memory, packer, "main.py", text.index("store.put"), 2048, quiet)
        request.join()
        assert len(asked) == 2  # given way at the check after the request came, before asking `quiet` again
        assert answers == [expected]


def test_the_region_pass_stops_before_packing_when_a_message_arrived_or_no_buffer_is_open(
    tmp_path: Path,
) -> None:
    with contextlib.closing(_region_memory(tmp_path, REGION_FILES)) as memory:
        text = REGION_FILES["main.py"]
        at = text.index("store.put")
        assert not warm_region(memory, Packer(memory), "main.py", at, 2048, lambda: True)  # not open
        memory.open_document("main.py", text, 1)
        siblings._KEPT.pop(memory, None)
        assert not warm_region(memory, Packer(memory), "main.py", at, 2048, lambda: False)
        assert not warm_region(memory, Packer(memory), "main.py", at, 0, lambda: True)
        assert memory not in siblings._KEPT


@pytest.mark.parametrize("rel", ["gen/made.py", "id_rsa_tool.py"])
def test_the_region_pass_reads_nothing_of_an_excluded_or_secret_looking_file(
    tmp_path: Path, rel: str
) -> None:
    """A file excluded by the settings, or named like a key, opened in the editor: the pass packs nothing there
    and loads nothing for it (a packing there would be refused; the pass must not raise either)."""
    files = {**REGION_FILES, rel: REGION_FILES["main.py"]}
    rules = FileRules(excludes=("gen/",))
    with contextlib.closing(_region_memory(tmp_path, files, rules)) as memory:
        memory.open_document(str(tmp_path / rel), files[rel], 1)
        siblings._KEPT.pop(memory, None)
        text, loaded = files[rel], _loaded(memory)
        assert not warm_region(
            memory, Packer(memory), str(tmp_path / rel), text.index("store.put"), 2048, lambda: True
        )
        assert _loaded(memory) == loaded  # the editor's buffer only, which opening it put there
        assert memory not in siblings._KEPT
