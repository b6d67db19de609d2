"""What the packer keeps between requests (a function's scope, line costs, the editor's line index, generate
mode's per-file tables of who uses what) follows the edits: a re-pack after an edit answers as a fresh packer
does, never from the text before it."""

from __future__ import annotations

import heapq
import random
import subprocess
import sys
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from archmem.indexer.context import Packer, fileview, made, similar, tables
from archmem.indexer.context.carry import references_changed
from archmem.indexer.context.fileview import FileView
from archmem.indexer.context.members import _build_reached, _reached_through, ref_counts
from archmem.indexer.fileindex import FileIndex
from archmem.indexer.records import CALLABLE_KINDS, SymbolKind
from archmem.indexer.resolve import definitions_at
from archmem.indexer.scopes import FunctionScope, _identifier_runs, find_word
from archmem.indexer.warm import warm
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline import ContextCache, completion_packer, prompt_at


def _source(local_binding: bool) -> str:
    # The same length either way: the function keeps its byte extent, only its text tells them apart.
    body = "    limit = 3\n" if local_binding else "    other = 3\n"
    return (
        "limit = 10\n\n\n"
        "def far_away():\n"
        "    return 1\n\n\n"
        + "".join(f"def filler_{i}(a):\n    return a + {i}\n\n\n" for i in range(60))
        + "def check(value):\n"
        + body
        + "    if value > limit:\n"
        "        return far_away()\n"
        "    return value\n"
    )


def _pack_at(packer: Packer, path: Path, needle: str) -> str:
    text = (packer.memory.text(str(path)) or b"").decode()
    row = next(n for n, line in enumerate(text.splitlines()) if needle in line)
    return packer.pack(str(path), row, 4, budget=600).text


@contextmanager
def _opened(path: Path, text: str) -> Iterator[tuple[Memory, Packer]]:
    """A memory of `path`'s folder with `path` written and open in the editor as `text`, and its packer."""
    path.write_text(text)
    memory = Memory.open(path.parent)
    try:
        memory.open_document(str(path), text, 1)
        yield memory, Packer(memory)
    finally:
        memory.close()


def test_a_repack_after_an_edit_answers_as_a_fresh_packer(tmp_path: Path) -> None:
    path = tmp_path / "mod.py"
    with _opened(path, _source(local_binding=True)) as (memory, packer):
        before = _pack_at(packer, path, "return far_away()")
        # The local binding hides the module's `limit`: its line is not a definition the code uses.
        assert "limit = 10" not in before
        assert "limit = 3" in before
        # The edit removes the local: now `limit` means the module's, far back.
        memory.set_document(str(path), _source(local_binding=False), 2)
        after = _pack_at(packer, path, "return far_away()")
        fresh = _pack_at(Packer(memory), path, "return far_away()")
        assert after == fresh
        assert "limit = 10" in after
        assert "other = 3" in after
        # And back: the scope kept for the first text must not answer for the edited one, nor the reverse.
        memory.set_document(str(path), _source(local_binding=True), 3)
        assert _pack_at(packer, path, "return far_away()") == before


def test_the_window_shows_the_edited_lines_not_the_kept_ones(tmp_path: Path) -> None:
    path = tmp_path / "mod.py"
    with _opened(path, _source(local_binding=False)) as (memory, packer):
        assert "renamed_value" not in _pack_at(packer, path, "return far_away()")
        edited = _source(local_binding=False).replace("    return value\n", "    return renamed_value\n")
        memory.set_document(str(path), edited, 2)
        assert "return renamed_value" in _pack_at(packer, path, "return far_away()")


def test_symbol_at_answers_as_the_walk_over_every_symbol(tmp_path: Path) -> None:
    # Module-level statements between nested classes and functions: where the jumps skip most symbols.
    source = "".join(
        f"X{i} = {i}\n"
        f"class C{i}:\n"
        f"    def m(self):\n"
        f"        def inner():\n"
        f"            return {i}\n"
        f"        return inner\n"
        f"    y = 1\n"
        f"Y{i} = [\n    {i},\n]\n\n"
        for i in range(30)
    )
    path = tmp_path / "nested.py"
    path.write_text(source)
    memory = Memory.open(tmp_path)
    try:
        index = memory.file("nested.py")
        assert index is not None
        symbols = index.symbols
        starts = [s.start_byte for s in symbols]

        def walk(byte: int) -> str:
            for i in range(bisect_right(starts, byte) - 1, 0, -1):
                s = symbols[i]
                if byte < s.end_byte or (byte == s.end_byte and s.start_byte < byte):
                    return s.id
            return symbols[0].id

        answers = {index.symbol_at(b).id for b in range(len(source.encode()) + 1)}
        assert len(answers) > 60  # the walk meets many symbols, not just the module
        for byte in range(len(source.encode()) + 1):
            assert index.symbol_at(byte).id == walk(byte), byte
    finally:
        memory.close()


def test_the_definitions_ending_on_a_row_are_those_a_scan_of_every_symbol_finds(tmp_path: Path) -> None:
    # Generate mode's cursor on an empty line after a header asks which definitions end on the line above;
    # the walk jumps back over those ending earlier. Nested and sibling definitions, one-line ones, ends
    # shared by a function and its class: every row, every line start as the limit.
    source = "".join(
        f"X{i} = {i}\n"
        f"class C{i}:\n"
        f"    def m(self):\n"
        f"        def inner(): return {i}\n"
        f"        return inner\n"
        f"    def n(self): pass\n"
        f"def f{i}(a,\n       b): return [\n    a, b]\n\n"
        for i in range(12)
    )
    path = tmp_path / "nested.py"
    path.write_text(source)
    memory = Memory.open(tmp_path)
    try:
        index = memory.file("nested.py")
        assert index is not None
        symbols = index.symbols
        line_starts = [0, *(n + 1 for n, ch in enumerate(source.encode()) if ch == ord("\n"))]
        found = 0
        for row in range(len(line_starts)):
            for before in line_starts:
                scan = [s.id for s in reversed(symbols[1:]) if s.start_byte < before and s.end[0] == row]
                assert [s.id for s in index.ending_on_row(row, before)] == scan, (row, before)
                found += len(scan)
        assert found > 500  # the rows end many definitions, not only the module's statements
    finally:
        memory.close()


_CODEC = "class Codec:\n" + "".join(
    f"    @classmethod\n    def make_{i}(cls):\n        return cls()\n\n" for i in range(12)
)


@contextmanager
def _fresh_memory(memory: Memory) -> Iterator[Memory]:
    """A second memory of `memory`'s folder with the same editor buffers open: what the first memory keeps
    for its packers (the siblings' answers) is not there."""
    fresh = Memory(memory.root, persist=False)
    try:
        fresh.index_all()
        for rel in memory.open_documents():
            fresh.open_document(rel, memory.text(rel) or b"", 1)
        yield fresh
    finally:
        fresh.close()


def _link(used: bool) -> str:
    """The private helpers, the import and the class's members nothing uses yet, or (`used`) a far function
    using them all: what waits for its first use, the file's habits and the members reached through the
    imported class all differ, while the stub being generated stays where it was."""
    far = (
        "    return _spare() + _other() + Codec.make_7() + Codec.make_9() + json.dumps(1)\n"
        if used
        else "    return 0\n"
    )
    return (
        "import json\n"
        "from .codec import Codec\n\n\n"
        "def _spare():\n    return 1\n\n\n"
        "def _other():\n    return 2\n\n\n"
        "def far_user():\n"
        + far
        + "\n\n"
        + "".join(f"def filler_{i}(a):\n    return a + {i}\n\n\n" for i in range(30))
        + "def frame(payload):\n"
        '    """Frame the payload with the codec."""\n'
        "    ...\n"
    )


# A packer in a new process: none of what this one keeps, only what the memory reads from the files.
_FRESH = """
import sys
from archmem.indexer.context import Packer
from archmem.indexer.resolve import definitions_at
from archmem.indexer.workspace import Memory
memory = Memory.open(sys.argv[1])
try:
    text = (memory.text(sys.argv[2]) or b"").decode()
    row = next(n for n, line in enumerate(text.splitlines()) if "Frame the payload" in line)
    sys.stdout.write(Packer(memory).pack(sys.argv[2], row, 4, budget=700, mode="generate").text)
finally:
    memory.close()
"""


def _fresh_generate(root: Path, link: str) -> str:
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "codec.py").write_text(_CODEC)
    (root / "pkg" / "link.py").write_text(link)
    run = [sys.executable, "-c", _FRESH, str(root), str(root / "pkg" / "link.py")]
    return subprocess.run(run, capture_output=True, text=True, check=True).stdout


def test_generate_after_an_edit_answers_as_a_fresh_process(tmp_path: Path) -> None:
    """Generate mode keeps, per file, what its walks over every reference found; an edit makes a new file
    index, so the kept tables of the old text never answer for the new one, nor the reverse."""
    fresh_unused = _fresh_generate(tmp_path / "fresh_unused", _link(used=False))
    fresh_used = _fresh_generate(tmp_path / "fresh_used", _link(used=True))
    # The edit changes what generate mode predicts: the tables matter to the prompt.
    assert fresh_unused != fresh_used
    # Members reached through the imported class, once the file reaches through it.
    assert "def make_7" in fresh_used and "def make_7" not in fresh_unused
    root = tmp_path / "session"
    _fresh_generate(root, _link(used=False))
    path = root / "pkg" / "link.py"
    memory = Memory.open(root)
    try:
        memory.open_document(str(path), _link(used=False), 1)
        packer = Packer(memory)
        row = _link(used=False).splitlines().index('    """Frame the payload with the codec."""')
        assert packer.pack(str(path), row, 4, budget=700, mode="generate").text == fresh_unused
        memory.set_document(str(path), _link(used=True), 2)
        assert packer.pack(str(path), row, 4, budget=700, mode="generate").text == fresh_used
        memory.set_document(str(path), _link(used=False), 3)
        assert packer.pack(str(path), row, 4, budget=700, mode="generate").text == fresh_unused
    finally:
        memory.close()


def test_a_kept_scope_does_not_keep_an_edited_away_buffer_alive(tmp_path: Path) -> None:
    """The kept function scopes read the editor's tree without holding it: the tree of a buffer edited
    away (18x the file's size) is freed by the edit, not kept for a later packing to free (80-130 ms on
    sqlite3.c), and a buffer of the same text opened again is read anew, as a fresh packer reads it."""
    # A name of its own: the kept scopes are shared by every memory of the process, by path and text.
    path = tmp_path / "kept_scope.py"
    with _opened(path, _source(local_binding=True)) as (memory, packer):
        before = _pack_at(packer, path, "return far_away()")
        doc = memory.document(str(path))
        assert doc is not None
        old_tree = doc.tree
        del doc
        memory.set_document(str(path), _source(local_binding=False), 2)
        assert _pack_at(packer, path, "return far_away()") == _pack_at(
            Packer(memory), path, "return far_away()"
        )
        # Only this test's own name (and getrefcount's argument) still refer to the old tree.
        assert sys.getrefcount(old_tree) == 2
        # The first text again, in a new buffer: the scope kept for that text reads the new buffer's tree.
        memory.set_document(str(path), _source(local_binding=True), 3)
        assert _pack_at(packer, path, "return far_away()") == before
        view = packer.views.of(memory.file(str(path)))  # type: ignore[arg-type]
        current = memory.document(str(path))
        assert current is not None and view.raw is current.text and view.lines.raw is current.text


def test_a_scope_whose_buffer_moved_on_reads_its_function_alone(tmp_path: Path) -> None:
    """A request still reading a scope when the buffer is edited answers from the function's own parse,
    as a scope made without the editor's tree does, never from the edited buffer's tree."""
    path = tmp_path / "moved_on.py"
    source = _source(local_binding=True)
    path.write_text(source)
    memory = Memory.open(tmp_path)
    try:
        memory.open_document(str(path), source, 1)
        index = memory.file(str(path))
        assert index is not None
        at = source.encode().index(b"if value > limit")
        scope = FunctionScope.at_byte(memory, index, source.encode(), at)
        assert scope is not None
        # Shifted by 400 bytes: the edited buffer's tree would put `limit = 3` elsewhere.
        memory.set_document(str(path), "#" * 399 + "\n" + source, 2)
        parsed = FunctionScope.at_byte(memory, index, source.encode(), at)
        assert parsed is not None and parsed is not scope
        assert scope.binding("limit") == parsed.binding("limit") is not None
        assert scope.binding("value") == parsed.binding("value") is not None
    finally:
        memory.close()


def _helpers(extra: bool) -> str:
    """A module whose stub is being generated, with (`extra`) one more top-level helper nothing calls yet."""
    helper = "def _fresh_helper():\n    return 7\n\n\n" if extra else ""
    return (
        "def _old_helper():\n    return 1\n\n\n"
        + helper
        + "".join(f"def filler_{i}(a):\n    return _old_helper() + a + {i}\n\n\n" for i in range(20))
        + "def build(payload):\n"
        '    """Build the payload."""\n'
        "    ...\n"
    )


def test_the_top_level_listing_follows_an_edit_adding_a_definition(tmp_path: Path) -> None:
    """Generate mode lists the file's top-level definitions once per file index: a helper added by an edit
    is among them at the next packing (it waits for its first use), as a fresh packer sees it."""
    path = tmp_path / "helpers.py"
    with _opened(path, _helpers(extra=False)) as (memory, packer):

        def generate(with_packer: Packer) -> tuple[str, set[str]]:
            text = (memory.text(str(path)) or b"").decode()
            row = text.splitlines().index('    """Build the payload."""')
            packed = with_packer.pack(str(path), row, 4, budget=600, mode="generate")
            return packed.text, {s.symbol_id or "" for s in packed.sections if s.kind == "predicted"}

        assert not any("_fresh_helper" in sid for sid in generate(packer)[1])
        memory.set_document(str(path), _helpers(extra=True), 2)
        after = generate(packer)
        # Predicted (it waits for its first use), not merely listed in the file's outline.
        assert any(sid.endswith("_fresh_helper") for sid in after[1])
        assert after == generate(Packer(memory))


def test_the_outline_lists_the_definitions_sorting_all_of_them_gives(tmp_path: Path) -> None:
    """The outline reads definitions outward from the cursor instead of sorting them all: the same ones in
    the same order, ties (several definitions on one line, one above and one below at the same distance)
    included, whichever are already taken."""
    source = "".join(
        f"const X{i} = 1; const Y{i} = 2;\nclass C{i} {{ z = 3; m() {{ return 1; }} }}\n\n"
        f"function f{i}() {{ return {i}; }} function g{i}() {{ return 1; }}\n"
        for i in range(40)
    )
    path = tmp_path / "near.ts"
    with _opened(path, source) as (memory, packer):
        index = memory.file(str(path))
        assert index is not None
        view = packer.views.of(index)
        ids = [s.id for s in index.symbols[1:]]
        takens = [set(), set(ids[::3]), {i for i in ids if "f1" in i or "C2" in i}]
        for line in range(1, source.count("\n") + 3):
            for count in (1, 3, 7, 200):
                for taken in takens:
                    kept = [
                        s
                        for s in index.symbols[1:]
                        if s.id not in taken and s.kind.name not in ("FIELD", "VARIABLE")
                    ]
                    expected = heapq.nsmallest(
                        count, kept, key=lambda s: (abs(s.start[0] + 1 - line), s.start[0])
                    )
                    assert [s.id for s in view.outline_nearest(line, count, taken)] == [
                        s.id for s in expected
                    ]


def test_an_inline_type_member_has_its_line_in_the_edited_buffer(tmp_path: Path) -> None:
    """The line of a member declared by an inline object type is read from the editor's line index, which
    follows each edit: after lines are added above it, the line is where the member now is."""
    use = (
        "export const match = <E, B>(options: {\n  readonly onLeft: (e: E) => B\n}): B => options.onLeft(1)\n"
    )
    path = tmp_path / "use.ts"
    with _opened(path, use) as (memory, _packer):
        for version, added in enumerate(("", "// one\n// two\n// three\n", "// one\n"), start=2):
            text = (added + use).encode()
            memory.set_document(str(path), text.decode(), version)
            assert memory.text(str(path)) is memory.document(str(path)).text  # type: ignore[union-attr]
            found = definitions_at(memory, str(path), text.index(b"options.onLeft(") + 8)
            start = text.index(b"onLeft: (e")
            assert [(t.span, t.line) for t in found] == [((start, start + 6), text.count(b"\n", 0, start))]


def test_a_repack_after_another_file_is_edited_answers_as_a_fresh_packer(tmp_path: Path) -> None:
    """What a packing keeps of the other files it reads (their views, by path within a packing, by text
    across packings) follows an edit of one of them: the definition shown is the edited one."""
    helper = "def helper(a, b):\n    return a + b\n"
    user = "from helper import helper\n\n\ndef use():\n    return helper(1, 2)\n"
    (tmp_path / "helper.py").write_text(helper)
    with _opened(tmp_path / "user.py", user) as (memory, packer):
        before = _pack_at(packer, tmp_path / "user.py", "return helper(1, 2)")
        assert "def helper(a, b):" in before
        memory.open_document(str(tmp_path / "helper.py"), helper, 1)
        edited = helper.replace("def helper(a, b):", "def helper(a, b, renamed_c=3):")
        memory.set_document(str(tmp_path / "helper.py"), edited, 2)
        after = _pack_at(packer, tmp_path / "user.py", "return helper(1, 2)")
        assert "def helper(a, b, renamed_c=3):" in after
        assert after == _pack_at(Packer(memory), tmp_path / "user.py", "return helper(1, 2)")


def test_a_word_searched_alone_is_where_the_index_of_identifiers_puts_it() -> None:
    """A long function scope searches its first names one by one before it indexes every identifier:
    both find a name at the same places (whole identifiers only, `$` and digits part of them)."""
    rng = random.Random(7)
    alphabet = [b"a", b"b", b"ab", b"$", b"_", b"1", b" ", b".", b"(", b"\n", "é".encode(), b"->"]
    for _ in range(300):
        source = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        runs = _identifier_runs(source)
        for word in [b"a", b"b", b"ab", b"a$", b"$", b"_a", b"1", b"ab1", *runs]:
            assert find_word(source, word) == runs.get(word, []), (source, word)


def _far_users(helper: str) -> str:
    """Helpers, then a dozen functions far from the stub, all calling `helper`: what the far siblings use
    (generate mode's file-wide scores) is all that tells the helpers apart."""
    helpers = "".join(f"def {name}_helper():\n    return {i}\n\n\n" for i, name in enumerate("abcdefgh"))
    far = "".join(f"def far_{i}(x):\n    return {helper}_helper() + x\n\n\n" for i in range(12))
    near = "".join(f"def near_{i}(x):\n    return x * {i}\n\n\n" for i in range(8))
    return helpers + far + near + 'def build(payload):\n    """Build the payload."""\n    ...\n'


def test_the_far_siblings_scores_follow_an_edit(tmp_path: Path) -> None:
    """Generate mode keeps the file-wide part of its scores per file index and sibling list: after an edit
    that changes what the far siblings call, the prediction is the edited file's, as a fresh packer's."""
    path = tmp_path / "far.py"
    with _opened(path, _far_users("a")) as (memory, packer):

        def generate(with_packer: Packer) -> str:
            text = (memory.text(str(path)) or b"").decode()
            row = text.splitlines().index('    """Build the payload."""')
            return with_packer.pack(str(path), row, 4, budget=180, mode="generate").text

        first = generate(packer)
        assert "def a_helper" in first and "def f_helper" not in first
        memory.set_document(str(path), _far_users("f"), 2)
        after = generate(packer)
        assert "def f_helper" in after
        assert after == generate(Packer(memory))


def test_the_outline_follows_an_edit_adding_a_definition(tmp_path: Path) -> None:
    """The outline's candidates are listed once per text: a definition an edit adds beside the cursor is in
    the next packing's outline, as in a fresh packer's."""
    user = "def use(x):\n    return x\n\n\n"
    added = "class JustAdded:\n    pass\n\n\n"
    boxes = "".join(f"class Box{i}:\n    pass\n\n\n" for i in range(60))
    path = tmp_path / "outline.py"

    def outline(with_packer: Packer) -> tuple[str, list[str]]:
        packed = with_packer.pack(str(path), 1, 4, budget=120)
        return packed.text, [s.symbol_id or "" for s in packed.sections if s.kind == "outline"]

    with _opened(path, user + boxes) as (memory, packer):
        assert outline(packer)[1]
        memory.set_document(str(path), user + added + boxes, 2)
        after = outline(packer)
        assert "outline.py::JustAdded" in after[1]
        assert after == outline(Packer(memory))


def test_an_edited_file_keeps_one_view_and_packs_as_a_fresh_packer(tmp_path: Path) -> None:
    """The view of a file's text before an edit goes when the edited text gets its own: views no longer
    pile up one per keystroke (to be freed all at once inside a later request), and what is packed after
    many edits is what a fresh packer packs."""
    path = tmp_path / "mod.py"
    with _opened(path, _source(local_binding=False)) as (memory, packer):
        for version in range(2, 80):
            edited = _source(local_binding=False).replace("other = 3", f"other = {version}")
            memory.set_document(str(path), edited, version)
            packed = _pack_at(packer, path, "return far_away()")
            assert f"other = {version}" in packed
        kept = [key for key in packer.views._views if key[0] == memory.relpath(str(path))]
        assert len(kept) == 1
        assert packed == _pack_at(Packer(memory), path, "return far_away()")


def test_past_the_kept_files_only_the_least_recently_read_view_goes(tmp_path: Path) -> None:
    """Past `kept` files one view goes at a time, the least recently read: the file being edited, read by
    every packing, keeps its view while other files come and go (all of them used to be dropped at once)."""
    for i in range(80):
        (tmp_path / f"m{i}.py").write_text(f"def f{i}(a):\n    return a + {i}\n")
    user = "def use(a):\n    return a\n"
    with _opened(tmp_path / "user.py", user) as (memory, packer):
        views = packer.views
        current = memory.file(str(tmp_path / "user.py"))
        assert current is not None
        first = views.of(current)
        for i in range(80):
            other = memory.file(str(tmp_path / f"m{i}.py"))
            assert other is not None
            views.of(other)
            assert views.of(current) is first
            assert len(views._views) <= 64
        assert len(views._views) == 64
        assert _pack_at(packer, tmp_path / "user.py", "return a") == _pack_at(
            Packer(memory), tmp_path / "user.py", "return a"
        )


def _blocks(first_has_method: bool) -> str:
    """Four blocks of one class name. The second method `f` is `K.f#2` in the second block; without the
    first block's method, `K.f#2` is the method of the fourth block: one symbol id, another class around it."""
    first = (
        "class K:\n    def f(self):\n        return 1\n\n\n"
        if first_has_method
        else "class K:\n    x = 1\n\n\n"
    )
    return (
        first
        + "class K:\n    def f(self):\n        return K()\n\n\n"
        + "class K:\n    y = 2\n\n\n"
        + "class K:\n    def f(self):\n        return K.y\n"
    )


def test_the_ancestors_of_the_body_being_written_follow_an_edit(tmp_path: Path) -> None:
    """The definitions around the body being written (never candidates of its own context) are kept per
    file version and symbol: after an edit that puts another class block around the same symbol id, a
    re-pack answers as a fresh packer does."""
    path = tmp_path / "blocks.py"
    text = _blocks(first_has_method=True)
    with _opened(path, text) as (memory, packer):
        packer.pack(str(path), text.splitlines().index("        return K()"), 8, budget=400, mode="generate")
        edited = _blocks(first_has_method=False)
        memory.set_document(str(path), edited, 2)
        row = edited.splitlines().index("        return K.y")
        after = packer.pack(str(path), row, 8, budget=400, mode="generate").text
        # The second block is no longer around the body: it is one of the definitions of the `K` it uses.
        assert "        return K()" in after.split("(the body to write")[0]
        assert after == Packer(memory).pack(str(path), row, 8, budget=400, mode="generate").text


def _bodies(grow: str, far: str) -> str:
    """A module whose definitions stay as they are while the bodies of `Box.grow` and `far` change."""
    return (
        "import json\n"
        "from os import path\n\n"
        "_LIMIT = 3\n\n\n"
        "def _spare():\n    return 1\n\n\n"
        "class Box:\n"
        "    def __init__(self):\n        self._size = 1\n\n"
        f"    def grow(self):\n        return {grow}\n\n\n"
        f"def far(a):\n    return {far}\n\n\n"
        "def near(b):\n    return path.join(b)\n"
    )


def test_the_tables_carried_across_an_edit_are_those_built_anew(tmp_path: Path) -> None:
    """Generate mode's per-file tables are carried from the last index across an edit of some bodies
    (`carry.py`): after each edit every table equals the one built from the edited index alone, names
    that came, went or moved between the bodies included; an edit adding a definition builds anew."""
    edits = [
        ("self._size + _LIMIT", "json.dumps(a) + _spare()"),
        ("0", "json.dumps(a)"),
        ("_spare() + path.sep + self._size", "a"),
        ("self._size + _LIMIT", "json.dumps(a) + _spare()"),
        ("json.loads(self._size)", "_LIMIT + _LIMIT"),
    ]
    path = tmp_path / "mod.py"
    with _opened(path, _bodies(*edits[0])) as (memory, _packer):
        before = memory.file(str(path))
        assert before is not None
        _assert_tables_as_built(before)
        for number, (grow, far) in enumerate(edits[1:], start=2):
            memory.set_document(str(path), _bodies(grow, far), number)
            index = memory.file(str(path))
            assert index is not None
            change = references_changed(before, index)
            assert change is not None and {s.name for s in change.added} >= {"grow", "far"}
            _assert_tables_as_built(index)
            before = index
        memory.set_document(str(path), _bodies("0", "0") + "\n\ndef _added():\n    return _LIMIT\n", 9)
        added = memory.file(str(path))
        assert added is not None and references_changed(before, added) is None
        _assert_tables_as_built(added)
        # The functions' headers (`similar.py`) are the edited file's: the added one among them.
        assert "w:added" in similar._table(added)[0]


def _assert_tables_as_built(index: FileIndex) -> None:
    callables = tuple(s.id for s in tables.top_level(index) if s.kind in CALLABLE_KINDS)
    everything = tuple(s.id for s in tables.top_level(index))
    # A method's siblings are its class's members: the edited `grow` is one of them.
    methods = index.by_qualname["Box"][0].children
    # As dicts: a Counter compares a name left at zero equal to a missing one, a fresh count has none.
    assert dict(ref_counts(index)) == dict(Counter(r for s in index.symbols for r in s.refs))
    assert tables.file_habits(index) == tables._build_habits(index, None)
    keys, uses, members = tables.name_uses(index)
    fresh_keys, fresh_uses, fresh_members = tables._build_uses(index, None)
    assert (keys, dict(uses), members) == (fresh_keys, dict(fresh_uses), fresh_members)
    assert tables.internal_top(index) == tables._build_internal_top(index, None)
    assert tables.top_level_names(index) == Counter(s.name for s in tables.top_level(index))
    for kinds in (CALLABLE_KINDS, CALLABLE_KINDS | {SymbolKind.CLASS}):
        assert tables.top_level_of(index, kinds) == tuple(
            s for s in tables.top_level(index) if s.kind in kinds
        )
    assert similar._table(index) == similar._build_table(index, None)[2]
    assert _reached_through(index) == _build_reached(index, None)[1]
    for ids in (callables, everything, methods):
        assert dict(tables.sibling_totals(index, ids)) == dict(tables._build_sibling_totals(index, ids))
        assert tables.far_table(index, ids) == tables._build_far_table(index, ids)


def test_the_members_reached_through_imports_follow_an_edit_from_none(tmp_path: Path) -> None:
    """Where no code reaches through an imported name the table is carried empty (a C file's every edit), until
    an edited body does: then that body's entries are read (`members._carry_reached`)."""
    path = tmp_path / "mod.py"
    text = "import json\n\n\ndef f(a):\n    return a\n\n\ndef g(b):\n    return b\n"
    with _opened(path, text) as (memory, _packer):
        before = memory.file(str(path))
        assert before is not None and _reached_through(before) == ()
        for body, expected in (("json.dumps(a)", ((f"{before.path}::f", "json.dumps", "json"),)), ("a", ())):
            memory.set_document(str(path), text.replace("return a", f"return {body}"))
            index = memory.file(str(path))
            assert index is not None and references_changed(before, index) is not None
            assert _reached_through(index) == expected == _build_reached(index, None)[1]
            before = index


def test_the_tables_carried_across_an_editors_keystrokes_are_those_built_anew(tmp_path: Path) -> None:
    """As the editor edits (`Document.replace`, the unchanged definitions' chunks kept): each keystroke in a
    body leaves the tables equal to those built from the edited index alone."""
    path = tmp_path / "mod.py"
    text = _bodies("0", "a")
    with _opened(path, text) as (memory, _packer):
        doc = memory.document(str(path))
        assert doc is not None
        _assert_tables_as_built(doc.index)
        at = doc.text.index(b"return a\n") + len(b"return ")
        carried = 0
        # `return _spare()a` on the way does not parse: the tables still answer for what the memory holds.
        for typed in ("_", "spare", "()", " +", " "):
            before = doc.index
            doc.replace(at, at, typed)
            at += len(typed)
            memory.update_document(doc)
            carried += references_changed(before, doc.index) is not None
            _assert_tables_as_built(doc.index)
        assert b"return _spare() + a\n" in doc.text
        assert carried >= 3 and ref_counts(doc.index)["_spare"] == 1


def _c_program(first_body: str, target_body: str) -> str:
    """A C file whose functions use a header's declarations: `first` with `first_body`, the body being
    generated with `target_body` (what was typed so far)."""
    return (
        '#include "util.h"\n\n'
        f"int first(void) {{\n{first_body}}}\n\n"
        "int second(void) {\n    return util_two() + 2;\n}\n\n"
        f"int target(void) {{\n{target_body}}}\n"
    )


_CONF_LIMIT, _OTHER_LIMIT = "struct conf {\n    int limit;", "struct other {\n    int limit;"


def _c_locals(conf: str, other: str) -> str:
    """`first`'s body: two locals of the header's structs, the one named `c` used through `c->limit`."""
    return f"    struct {conf} *a = 0;\n    struct {other} *c = 0;\n    return util_one() + (a != 0) + c->limit;\n"


def _c_header() -> str:
    """`util.h`: two structs with a field `limit` each and two functions, long enough that the packer shows
    the declarations it chose, not the whole header."""
    padding = "".join(f"int pad_{i}(int a, int b, int c);\n" for i in range(200))
    return (
        (
            padding
            + "struct conf {\n    int conf_limit;\n};\nint util_one(void);\n"
            + padding.replace("pad_", "more_")
            + "struct other {\n    int other_limit;\n};\nint util_two(void);\n"
        )
        .replace("conf_limit", "limit")
        .replace("other_limit", "limit")
    )


def _generate_at(memory: Memory, path: Path, header: str, column: int) -> str:
    """A generate packing of a new packer of `memory` in the body after the line starting with `header`."""
    text = (memory.text(str(path)) or b"").decode()
    row = next(i for i, line in enumerate(text.splitlines()) if line.startswith(header)) + 1
    return Packer(memory).pack(str(path), row, column, budget=600, mode="generate").text


def _kept_and_fresh(memory: Memory, path: Path, header: str, column: int) -> tuple[str, str]:
    """The same generate packing with what `memory` keeps and in a fresh memory of the same texts."""
    kept = _generate_at(memory, path, header, column)
    with _fresh_memory(memory) as fresh:
        return kept, _generate_at(fresh, path, header, column)


def test_the_siblings_resolutions_follow_their_text_and_the_other_files(tmp_path: Path) -> None:
    """Generate mode keeps, per file, what the siblings' names led to and carries it across an edit of
    another function; an edit of the sibling itself, or of another file, leaves the kept answers unused."""
    header = _c_header()
    (tmp_path / "util.h").write_text(header)
    path = tmp_path / "main.c"
    with _opened(path, _c_program(_c_locals("conf", "other"), "    \n")) as (memory, packer):

        def generate(with_packer: Packer) -> str:
            text = (memory.text(str(path)) or b"").decode()
            row = text.splitlines().index("int target(void) {") + 1
            return with_packer.pack(str(path), row, 4, budget=600, mode="generate").text

        def edit(first_body: str, target_body: str, version: int) -> None:
            memory.set_document(str(path), _c_program(first_body, target_body), version)

        before = generate(packer)
        # The struct `c` points to shows its field; the other only its header line (`a`'s type, a name used).
        assert _OTHER_LIMIT in before and _CONF_LIMIT not in before
        # Typing in the body being generated: the siblings' answers carry over, as a fresh packer's.
        edit(_c_locals("conf", "other"), "    int n = 0;\n", 2)
        assert generate(packer) == _kept_and_fresh(memory, path, "int target(", 4)[1]
        # The sibling's locals swap their types (its references stay the same): `c->limit` is the other's.
        edit(_c_locals("other", "conf"), "    int n = 1;\n", 3)
        swapped = generate(packer)
        assert swapped == _kept_and_fresh(memory, path, "int target(", 4)[1]
        assert _CONF_LIMIT in swapped and _OTHER_LIMIT not in swapped
        # And back; then the header renames the struct: the kept answer must not outlive it.
        edit(_c_locals("conf", "other"), "    int n = 2;\n", 4)
        assert generate(packer) == before.replace("    \n}", "    int n = 2;\n}")
        memory.set_document(str(tmp_path / "util.h"), header.replace("struct other", "struct another"), 1)
        edit(_c_locals("conf", "other"), "    int n = 3;\n", 5)
        renamed = generate(packer)
        assert renamed == _kept_and_fresh(memory, path, "int target(", 4)[1]
        assert "struct another {\n    int limit;" not in renamed


def _go_program(made: str, target_body: str) -> str:
    """A Go file whose function `first` uses a field of what the constructor `newConf` declares it makes
    (`made`), beside the function being generated (`target_body` typed so far)."""
    return (
        "package main\n\n"
        f"func newConf() *{made} {{\n\treturn nil\n}}\n\n"
        "func first() int {\n\tc := newConf()\n\treturn c.limit + useOne()\n}\n\n"
        "func second() int {\n\treturn useTwo() + 2\n}\n\n"
        f"func target() int {{\n{target_body}}}\n"
    )


def _go_edited_program(made: str, target_body: str) -> str:
    """A Go file whose function `first` uses a field of what `target`, the function being generated
    (`target_body` typed so far), declares it returns (`made`)."""
    return (
        "package main\n\n"
        "func first() int {\n\tc := target()\n\treturn c.limit + useOne()\n}\n\n"
        "func second() int {\n\treturn useTwo() + 2\n}\n\n"
        f"func target() *{made} {{\n{target_body}}}\n"
    )


def _go_types() -> str:
    """`types.go`: two structs with a field `limit` each and two functions, far apart."""
    padding = "".join(f"func pad{i}(a, b, c int) int {{\n\treturn a + b + c\n}}\n\n" for i in range(150))
    return (
        "package main\n\n"
        + padding
        + "type conf struct {\n\tlimit int\n}\n\nfunc useOne() int {\n\treturn 1\n}\n\n"
        + padding.replace("pad", "more")
        + "type other struct {\n\tlimit int\n}\n\nfunc useTwo() int {\n\treturn 2\n}\n"
    )


@pytest.mark.parametrize("program", [_go_program, _go_edited_program], ids=["constructor", "edited function"])
def test_the_siblings_resolutions_follow_a_declared_result(
    tmp_path: Path, program: Callable[[str, str], str]
) -> None:
    """A sibling's local made by a call holds the type the callee's header declares (a constructor beside it,
    or the function being generated itself): an edit of that header (the sibling's own text and references
    the same) leaves the kept answers unused."""
    (tmp_path / "types.go").write_text(_go_types())
    path = tmp_path / "main.go"
    with _opened(path, program("conf", "\t\n")) as (memory, packer):

        def generate(with_packer: Packer) -> str:
            text = (memory.text(str(path)) or b"").decode()
            row = next(i for i, line in enumerate(text.splitlines()) if line.startswith("func target()")) + 1
            return with_packer.pack(str(path), row, 1, budget=600, mode="generate").text

        before = generate(packer)
        conf, other = "type conf struct {\n\tlimit int", "type other struct {\n\tlimit int"
        assert conf in before and other not in before
        # Typing in the body being generated: the kept answers hold, as a fresh packer's do.
        memory.set_document(str(path), program("conf", "\tn := 0\n"), 2)
        assert generate(packer) == _kept_and_fresh(memory, path, "func target()", 1)[1]
        # The header now declares another result: `c.limit` in `first` is the other struct's.
        memory.set_document(str(path), program("other", "\tn := 1\n"), 3)
        changed = generate(packer)
        assert changed == _kept_and_fresh(memory, path, "func target()", 1)[1]
        assert other in changed and conf not in changed


def test_the_warmed_siblings_answers_follow_an_edit_of_the_sibling(tmp_path: Path) -> None:
    """The answers the idle pass after didOpen resolved (`warm`) are the ones packings read: after the
    sibling's locals swap their types (its references the same), `c->limit` is the other struct's."""
    (tmp_path / "util.h").write_text(_c_header())
    path = tmp_path / "main.c"
    with _opened(path, _c_program(_c_locals("conf", "other"), "    \n")) as (memory, _):
        assert warm(memory, str(path)) > 0
        memory.set_document(str(path), _c_program(_c_locals("other", "conf"), "    int n = 1;\n"), 2)
        kept, fresh = _kept_and_fresh(memory, path, "int target(", 4)
        assert kept == fresh
        assert _CONF_LIMIT in kept and _OTHER_LIMIT not in kept


def test_the_warmed_siblings_answers_follow_an_edit_of_another_file(tmp_path: Path) -> None:
    """After the header the warmed answers led to renames a struct, they are not read."""
    header = _c_header()
    (tmp_path / "util.h").write_text(header)
    path = tmp_path / "main.c"
    with _opened(path, _c_program(_c_locals("conf", "other"), "    \n")) as (memory, _):
        assert warm(memory, str(path)) > 0
        memory.set_document(str(tmp_path / "util.h"), header.replace("struct other", "struct another"), 1)
        memory.set_document(str(path), _c_program(_c_locals("conf", "other"), "    int n = 3;\n"), 2)
        kept, fresh = _kept_and_fresh(memory, path, "int target(", 4)
        assert kept == fresh
        assert "struct another {\n    int limit;" not in kept


def test_the_warmed_siblings_answers_follow_an_edit_of_the_function_being_written(tmp_path: Path) -> None:
    """A sibling's local holds what the function being written declares it returns: after that header
    changes, the warmed answer (`c.limit` of the first struct) is not read."""
    (tmp_path / "types.go").write_text(_go_types())
    path = tmp_path / "main.go"
    with _opened(path, _go_edited_program("conf", "\t\n")) as (memory, _):
        assert warm(memory, str(path)) > 0
        memory.set_document(str(path), _go_edited_program("other", "\tn := 1\n"), 2)
        kept, fresh = _kept_and_fresh(memory, path, "func target()", 1)
        assert kept == fresh
        other = "type other struct {\n\tlimit int"
        assert other in kept and "type conf struct {\n\tlimit int" not in kept


def _spiral(helper_header: str) -> bytes:
    """A file whose `spiral` uses `helper`, defined far above it (`helper_header` its header line)."""
    fillers = "".join(f"def filler_{i}(value):\n    return value * {i}\n\n\n" for i in range(40))
    return (
        f"{helper_header}\n    return a + b\n\n\n{fillers}"
        "def spiral(turns):\n    total = helper(turns, 1)\n    \n    return total\n"
    ).encode()


def _context(memory: Memory, text: bytes, contexts: ContextCache | None, path: str = "m.py") -> str:
    byte = text.index(b"\n    return total")  # the end of the line before it: the cursor's
    return prompt_at(memory, completion_packer(memory), path, text, byte, 400, contexts).context


def test_a_kept_completion_context_follows_an_edit_outside_its_function(tmp_path: Path) -> None:
    """Completion keeps a packed context per function while the text outside the function is the same: an
    edit elsewhere in the file (a header the context shows) packs anew; a keystroke inside it does not."""
    text = _spiral("def helper(a, b):")
    (tmp_path / "m.py").write_bytes(text)
    memory = Memory(tmp_path, persist=False)
    memory.index_all()
    contexts = ContextCache()
    memory.open_document("m.py", text, 1)
    first = _context(memory, text, contexts)
    assert "def helper(a, b):" in first
    typed = text.replace(b"    \n    return total", b"    x\n    return total")
    memory.open_document("m.py", typed, 2)
    assert _context(memory, typed, contexts) is first  # the same function, the same text around it
    # Typing on a blank line after the function's last statement: past its end, still in it.
    last = text + b"    "
    memory.open_document("m.py", last, 4)
    ending = prompt_at(memory, completion_packer(memory), "m.py", last, len(last), 400, contexts).context
    for typed_count in (1, 2):
        now = last + b"return"[:typed_count]
        memory.open_document("m.py", now, 4 + typed_count)
        again = prompt_at(memory, completion_packer(memory), "m.py", now, len(now), 400, contexts).context
        assert again is ending
    memory.open_document("m.py", text, 7)
    # Of the same length: the function starts at the same byte, only the text before it differs.
    edited = _spiral("def helper(p, q):")
    memory.open_document("m.py", edited, 3)
    after = _context(memory, edited, contexts)
    assert "def helper(p, q):" in after
    assert after == _context(memory, edited, None)


def _open_caller_of_helper(tmp_path: Path) -> tuple[Memory, bytes, ContextCache]:
    """A memory of `other.py`'s `helper` and `m.py`'s `spiral` calling it, `m.py` open; its text, a context cache."""
    (tmp_path / "other.py").write_text("def helper(a, b):\n    return a + b\n")
    text = b"from other import helper\n\n\ndef spiral(turns):\n    total = helper(turns, 1)\n    \n    return total\n"
    (tmp_path / "m.py").write_bytes(text)
    memory = Memory(tmp_path, persist=False)
    memory.index_all()
    memory.open_document("m.py", text, 1)
    return memory, text, ContextCache()


def test_a_kept_completion_context_follows_an_edit_of_another_file(tmp_path: Path) -> None:
    """A context kept for a function is packed anew after another file it shows changes: on disk (the
    stored memory) and in an open editor buffer."""
    memory, text, contexts = _open_caller_of_helper(tmp_path)
    assert "def helper(a, b):" in _context(memory, text, contexts)
    (tmp_path / "other.py").write_text("def helper(a, b, saved_c=3):\n    return a + b\n")
    memory.refresh_paths(["other.py"])
    saved = _context(memory, text, contexts)
    assert "def helper(a, b, saved_c=3):" in saved and saved == _context(memory, text, None)
    memory.open_document("other.py", "def helper(a, b, typed_d=4):\n    return a + b\n", 1)
    typed = _context(memory, text, contexts)
    assert "def helper(a, b, typed_d=4):" in typed and typed == _context(memory, text, None)


def test_a_kept_completion_context_follows_another_buffer_closed(tmp_path: Path) -> None:
    """Closing another file's edited buffer gives the memory the disk's text back, though the store did not
    change: a context packed from the buffer's text is packed anew."""
    memory, text, contexts = _open_caller_of_helper(tmp_path)
    memory.open_document("other.py", "def helper(a, b, typed_d=4):\n    return a + b\n", 1)
    assert "def helper(a, b, typed_d=4):" in _context(memory, text, contexts)
    memory.close_document("other.py")
    closed = _context(memory, text, contexts)
    assert "def helper(a, b):" in closed and closed == _context(memory, text, None)


def test_a_view_after_an_edit_reads_the_lines_and_costs_of_its_own_text(tmp_path: Path) -> None:
    """A file's new view takes the old view's decoded lines and line costs for the lines an edit left alone
    (`FileView.carry_from`): after edits anywhere (lines added, removed, changed in place to the same length,
    at the start and at the end, non-ASCII text), every line and cost is the one of the new text."""
    rng = random.Random(7)
    lines = [f"def f_{i}(a):  # é{'x' * (i % 5)}\n    return a + {i}\n" for i in range(40)]
    text = "".join(lines)
    with _opened(tmp_path / "m.py", text) as (memory, packer):
        for version in range(2, 40):
            view = packer.views.of(memory.file("m.py"))  # type: ignore[arg-type]
            assert view.cost(range(1, len(view.lines) + 1)) > 0  # every line read and counted
            at = rng.randrange(len(text) + 1)
            at = text.rfind("\n", 0, at) + 1 if version % 3 else at  # at a line start or anywhere
            cut = rng.choice([0, 0, 1, 5, 40])
            new = rng.choice(["", "x", "\n", "    y = 1\n", "ü\n\n", "zz"])
            if version % 5 == 0:
                new = text[at : at + cut][::-1]  # the same length: no line moves
            if new == text[at : at + cut]:
                new = "q" * max(1, cut)  # an edit that changes the text
            text = text[:at] + new + text[at + cut :]
            memory.open_document(str(tmp_path / "m.py"), text, version)
            carried = packer.views.of(memory.file("m.py"))  # type: ignore[arg-type]
            assert carried is not view
            expected = text.split("\n")
            assert len(carried.lines) == len(expected)
            assert [carried.lines[n] for n in range(len(expected))] == expected
            costs = [carried.cost([n + 1]) for n in range(len(expected))]
            assert costs == [packer.counter.count(line + "\n") for line in expected]


def test_the_top_level_words_carried_across_an_edit_follow_the_names(tmp_path: Path) -> None:
    """`tables.top_level_words` is carried across an edit of bodies (the same table object) and built anew
    when a top-level name changes: the renamed function is found by its new word, not its old one."""
    path = tmp_path / "mod.py"
    with _opened(path, _bodies("0", "a")) as (memory, _packer):
        before = memory.file(str(path))
        assert before is not None
        table = tables.top_level_words(before, CALLABLE_KINDS)
        assert table.get("far") == ("far",)
        memory.set_document(str(path), _bodies("json.dumps(0)", "a + 1"), 2)
        edited = memory.file(str(path))
        assert edited is not None and references_changed(before, edited) is not None
        carried = tables.top_level_words(edited, CALLABLE_KINDS)
        assert carried is table
        assert carried == tables._build_top_level_words(edited, CALLABLE_KINDS)
        memory.set_document(str(path), _bodies("0", "a").replace("def far(", "def distant("), 3)
        renamed = memory.file(str(path))
        assert renamed is not None and references_changed(edited, renamed) is None
        fresh = tables.top_level_words(renamed, CALLABLE_KINDS)
        assert fresh.get("distant") == ("distant",) and fresh.get("far") == ()
        assert fresh == tables._build_top_level_words(renamed, CALLABLE_KINDS)


def test_the_top_level_definitions_of_some_kinds_carried_across_an_edit_follow_the_definitions(
    tmp_path: Path,
) -> None:
    """`tables.top_level_of` (a generate packing's siblings) takes the places of an edit of bodies over (the same
    places) and reads them anew when a definition is added: the added function is among them."""
    path = tmp_path / "mod.py"
    with _opened(path, _bodies("0", "a")) as (memory, _packer):
        before = memory.file(str(path))
        assert before is not None
        places = tables._TOP_KIND_PLACES.get(before, CALLABLE_KINDS)
        memory.set_document(str(path), _bodies("json.dumps(0)", "a + 1"), 2)
        edited = memory.file(str(path))
        assert edited is not None and references_changed(before, edited) is not None
        assert tables._TOP_KIND_PLACES.get(edited, CALLABLE_KINDS) is places
        assert [s.refs for s in tables.top_level_of(edited, CALLABLE_KINDS) if s.name == "far"] == [
            next(s.refs for s in edited.symbols if s.name == "far")
        ]
        memory.set_document(str(path), _bodies("0", "a") + "\n\ndef _added():\n    return 1\n", 3)
        added = memory.file(str(path))
        assert added is not None and references_changed(edited, added) is None
        assert [s.name for s in tables.top_level_of(added, CALLABLE_KINDS)][-1] == "_added"


def test_the_struct_names_carried_across_an_edit_follow_the_bodies_and_the_names(tmp_path: Path) -> None:
    """`made._struct_names` (the types a function's name may say it makes): carried across an edit of bodies,
    yet the imported types the bodies use are counted again, and a renamed struct is built anew."""
    py = tmp_path / "mod.py"
    text = "import ast\n\n\ndef parse_unary(a):\n    return ast.UnaryExpr(a)\n"
    with _opened(py, text) as (memory, _packer):
        before = memory.file(str(py))
        assert before is not None
        assert "ast.UnaryExpr" in dict(made._struct_names(before))
        memory.set_document(str(py), text.replace("UnaryExpr", "BinaryExpr"), 2)
        edited = memory.file(str(py))
        assert edited is not None and references_changed(before, edited) is not None
        names = dict(made._struct_names(edited))
        assert "ast.BinaryExpr" in names and "ast.UnaryExpr" not in names
        assert made._struct_names(edited) == made._build_struct_names(edited, None)
    c = tmp_path / "m.c"
    # An include binds no name in C (its stem `parse` is not read as a package): the table carries as it is.
    source = (
        '#include "parse.h"\n\nstruct parse_state { int depth; };\n\nint parse_one(int a) {\n  return a;\n}\n'
    )
    with _opened(c, source) as (memory, _packer):
        before = memory.file(str(c))
        assert before is not None
        table = made._struct_names(before)
        assert dict(table) == {"parse_state": frozenset({"parse", "state"})}
        memory.set_document(str(c), source.replace("return a;", "return a + 1;"), 2)
        edited = memory.file(str(c))
        assert edited is not None and references_changed(before, edited) is not None
        assert made._struct_names(edited) is table
        memory.set_document(str(c), source.replace("parse_state", "scan_state"), 3)
        renamed = memory.file(str(c))
        assert renamed is not None
        assert dict(made._struct_names(renamed)) == {"scan_state": frozenset({"scan", "state"})}


def test_a_view_after_an_edit_reads_the_header_extents_of_its_own_text(tmp_path: Path) -> None:
    """A file's new view takes the old view's header extents for the definitions an edit left alone
    (`FileView.carry_from`): after edits anywhere (inside a header spread over lines, between a header and
    its body's comment, lines added above, a definition broken by a syntax error), every definition's header
    lines are those a view made afresh from the new text reads."""
    rng = random.Random(11)
    blocks = [
        f"@decorate({i})\ndef f_{i}(\n    a,\n    b=({i}),\n):\n    # why\n    return a + b\n\n\n"
        f"class C_{i}(Base):\n    x = {i}\n\n    def m(self, y):  # é\n        return y\n\n\n"
        for i in range(12)
    ]
    text = "".join(blocks)
    with _opened(tmp_path / "m.py", text) as (memory, packer):
        carried_any = False
        for version in range(2, 40):
            view = packer.views.of(memory.file("m.py"))  # type: ignore[arg-type]
            for symbol in view.index.symbols[1:]:
                view.header_lines(symbol)  # every extent read, to be carried
            at = text.rfind("\n", 0, rng.randrange(len(text) + 1)) + 1
            at += rng.choice([0, 0, 4, 8])  # a line start, or inside its indentation or a header
            cut = rng.choice([0, 0, 1, 6])
            new = rng.choice(["", "\n", "    # note\n", "z", ",\n    c", "def (\n", "    q = 1\n"])
            if new == text[at : at + cut]:
                new = "\n"
            text = text[:at] + new + text[at + cut :]
            memory.open_document(str(tmp_path / "m.py"), text, version)
            index = memory.file("m.py")
            assert index is not None
            carried = packer.views.of(index)
            assert carried is not view
            carried_any = carried_any or bool(carried._carried)
            fresh = FileView(memory, index, packer.counter, {})
            for symbol in index.symbols[1:]:
                assert carried.header_lines(symbol) == fresh.header_lines(symbol), (version, symbol.qualname)
        assert carried_any  # the extents were carried, not only read again


def test_the_outline_list_is_read_once_a_version_for_every_packers_view(tmp_path: Path) -> None:
    """The definitions an outline may list are read once per version (`fileview._outlined`), not once per view: the
    idle pass's packer and a request's each make a view of the edited text, and both read one list; an edit adding
    a definition reads a new one, which lists it."""
    path = tmp_path / "walk.c"
    text = "static int a(void) {\n    return 1;\n}\n\nint b(void) {\n    return a();\n}\n"
    with _opened(path, text) as (memory, packer):
        index = memory.file(str(path))
        assert index is not None
        other = Packer(memory)
        mine, theirs = packer.views.of(index), other.views.of(index)
        assert mine is not theirs
        assert fileview._outlined(index) is fileview._outlined(index)
        assert [s.name for s in mine.outline_nearest(6, 10, ())] == ["b", "a"]
        assert mine.outline_nearest(6, 10, ()) == theirs.outline_nearest(6, 10, ())
        memory.set_document(str(path), text + "\nint c(void) {\n    return b();\n}\n", 2)
        edited = memory.file(str(path))
        assert edited is not None and edited is not index
        assert fileview._outlined(edited) is not fileview._outlined(index)
        assert [s.name for s in packer.views.of(edited).outline_nearest(10, 10, ())] == ["c", "b", "a"]


def test_a_header_read_on_one_packers_view_is_read_on_the_others(tmp_path: Path) -> None:
    """Header extents are kept per version (`fileview._headers_of`): the request's view of the text the idle pass
    packed finds those the pass's view read, the same extent; an edit's next version reads its own."""
    path = tmp_path / "walk.c"
    text = "static int a(int x,\n             int y) {\n    return x + y;\n}\n"
    with _opened(path, text) as (memory, packer):
        index = memory.file(str(path))
        assert index is not None
        a = next(s for s in index.symbols if s.name == "a")
        first = packer.views.of(index).header_lines(a)
        assert first == frozenset({1, 2})
        assert Packer(memory).views.of(index).header_lines(a) is first
        memory.set_document(str(path), "\n" + text, 2)
        edited = memory.file(str(path))
        assert edited is not None
        moved = next(s for s in edited.symbols if s.name == "a")
        assert Packer(memory).views.of(edited).header_lines(moved) == frozenset({2, 3})


def test_the_extents_carried_to_a_version_are_carried_once_for_every_packers_view(tmp_path: Path) -> None:
    """The header extents carried across an edit (`FileView._carry_headers`) are kept per version
    (`fileview._carried_of`): the request's view of the edited text finds those the idle pass's view carried from
    the same earlier version, without walking them again."""
    path = tmp_path / "walk.c"
    text = "static int a(int x,\n             int y) {\n    return x + y;\n}\n"
    with _opened(path, text) as (memory, packer):
        other = Packer(memory)
        index = memory.file(str(path))
        assert index is not None
        a = next(s for s in index.symbols if s.name == "a")
        extent = packer.views.of(index).header_lines(a)
        other.views.of(index)
        memory.set_document(str(path), text + "\nint b(void) {\n    return 0;\n}\n", 2)
        edited = memory.file(str(path))
        assert edited is not None
        mine, theirs = packer.views.of(edited), other.views.of(edited)
        assert mine is not theirs and mine._carried is theirs._carried
        assert fileview._carried_of(edited)[1] == {id(index)}
        moved = next(s for s in edited.symbols if s.name == "a")
        assert theirs.header_lines(moved) is extent


def test_a_view_after_an_edit_keeps_the_lines_the_documents_change_left(tmp_path: Path) -> None:
    """The view of an edited text keeps its earlier view's decoded lines and line costs outside the edit the document
    says it made (`Document.change`), not found by comparing the texts: every line kept is the new text's line, and
    its cost that line's, along random edits that add, remove and change lines."""
    path = tmp_path / "walk.c"
    rng = random.Random(29)
    lines = [f"static int f{i}(int x) {{\n    return x + {i};\n}}\n" for i in range(40)]
    with _opened(path, "".join(lines)) as (memory, packer):
        for version in range(2, 40):
            index = memory.file(str(path))
            assert index is not None
            view = packer.views.of(index)
            for n in rng.sample(range(1, len(view.lines) + 1), 60):
                view.cost([n])  # lines read, decoded and counted: what the next view keeps
            at = rng.randrange(len(lines))
            lines[at] = rng.choice(
                ["", "static int g(void) {\n    return 2;\n}\n", lines[at].replace("x +", "x -")]
            )
            memory.set_document(str(path), "".join(lines), version)
            doc = memory.document(str(path))
            edited = memory.file(str(path))
            assert doc is not None and edited is not None
            assert doc.change(index, edited) is not None
            after = packer.views.of(edited)
            text = "".join(lines).split("\n")
            for n, line in after.lines._decoded.items():
                assert line == text[n], (version, n)
            for n, cost in after._costs.items():
                assert cost == packer.counter.count(text[n - 1] + "\n"), (version, n)
