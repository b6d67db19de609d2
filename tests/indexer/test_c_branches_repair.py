"""C: the repair of an edited text (`c_branches.repair`) read from the previous repair by the change alone equals
a scan of the whole new text, in bytes and in what the scan records, after random edits anywhere: in code far
from any directive (the change's own path, a sixth of them here), beside a directive and across one
(a whole scan). The groups include uneven ones, even ones, ones read inside a statement, nested ones and one
left open; code between directives runs longer than the `_NEAR` bytes a group's neighbourhood is read over,
as a function body between two groups does in sqlite3.c."""

from __future__ import annotations

import random

from archmem.indexer.document import Document
from archmem.indexer.languages import c_branches, language_for
from archmem.indexer.languages.c_branches import Repair, repair

_FILLER = "".join(f"  total += step{i}(total, {i});\n" for i in range(14))  # ~400 bytes of code


def _body(name: str) -> str:
    return f"int {name}(int total) {{\n{_FILLER}  if( total ){{\n{_FILLER}  }}\n  return total;\n}}\n"


PARTS = (
    _body("plain"),
    f"int loop(int x, int y) {{\n{_FILLER}#if A\n  while( x ){{\n#else\n  while( y ){{\n#endif\n{_FILLER}  }}\n"
    f"  return x;\n}}\n",
    f"#ifdef _WIN32\n{_body('sepWin')}#else\n{_body('sepUnix')}#endif\n",
    f"#if OUTER\n{_body('outerA')}#if INNER\n  int inner = 1;\n#else\n  int inner = 2;\n#endif\n"
    f"{_body('outerB')}#elif OTHER\n{_body('otherA')}#else\n{_body('otherB')}#endif\n",
    f"int cond(int a, int b) {{\n{_FILLER}  if( a && (\n#ifdef X\n    b\n#else\n    !b\n#endif\n  )) return 1;\n"
    f"{_FILLER}  return 0;\n}}\n",
    f"#if OUTER\n{_body('outerC')}#if INNER\n{_body('innerA')}#else\n{_body('innerB')}#endif\n{_body('outerD')}"
    f"#else\n{_body('outerE')}#endif\n",
    f'#ifndef OMIT_ALL\n{_body("kept")}#define OPEN {{\n/* {{ in a comment */\nstatic const char *s = "{{";\n',
)
PIECES = (
    "{",
    "}",
    "x",
    "",
    "\n#else\n",
    "\n#endif\n",
    "\n#if B\n",
    "/*",
    "*/",
    '"',
    "\\\n",
    "  while( z ){\n",
)


def _sample(rng: random.Random) -> bytes:
    parts = [rng.choice(PARTS[:-1]) for _ in range(6)]
    if rng.random() < 0.5:
        parts.append(PARTS[-1])  # a group never closed
    return "".join(parts).encode()


def _same(got: Repair, want: Repair) -> None:
    assert got.out == want.out
    assert (got.record is None) == (want.record is None)
    if got.record is not None:
        for name in got.record.__slots__:
            assert getattr(got.record, name) == getattr(want.record, name), name


def test_an_edited_texts_repair_equals_a_whole_scan() -> None:
    rng = random.Random(15)
    by_change = flips = 0
    for _ in range(12):
        previous = repair(_sample(rng))
        for _ in range(40):
            text = previous.text
            at = rng.randrange(len(text) + 1)
            directive = text.find(b"\n#", at)
            if directive >= 0 and rng.random() < 0.5:  # beside a directive: a group's neighbourhood is read
                after = text.find(b"\n", directive + 1) + 1 or len(text)
                near = max(0, min(len(text), directive + rng.randrange(-350, 350)))
                at = rng.choice((directive, after, near))
            cut = min(len(text), at + rng.choice((0, 0, 1, 3)))
            new = text[:at] + rng.choice(PIECES).encode() + text[cut:]
            want = c_branches._scan(new)
            assert previous.record is not None
            alone = c_branches._after_edit(previous, previous.record, new)
            if alone is not None:
                by_change += 1
                flips += alone.record is not None and alone.record.blanking != previous.record.blanking
                _same(alone, want)
            got = repair(new, previous)
            _same(got, want)
            previous = got
    assert by_change >= 50 and flips >= 5, (by_change, flips)  # many read by the change alone, some flip


def test_a_brace_typed_far_from_the_directives_blanks_the_group_and_matches_a_fresh_parse() -> None:
    spec = language_for("t.c")
    assert spec is not None
    text = (f"#if A\n{_body('first')}#else\n{_body('second')}#endif\n{_body('after')}").encode()
    doc = Document("t.c", spec, text)
    assert b"second" in spec.repaired(doc.text)
    at = text.index(b"  if( total ){\n", text.index(b"second"))  # ~400 bytes from either directive
    before = spec.repaired(doc.text)
    doc.replace(at, at, "  {\n")
    assert (
        c_branches._after_edit(repair(text), repair(text).record, doc.text) is not None
    )  # read by the change
    assert b"second" not in spec.repaired(doc.text) and before is not spec.repaired(doc.text)
    fresh = Document("t.c", spec, doc.text)
    assert str(doc.tree.root_node) == str(fresh.tree.root_node)
    assert doc.index.snapshot_key() == fresh.index.snapshot_key()


def test_a_change_beside_a_group_reads_whether_it_stands_inside_a_statement() -> None:
    # A `(` or `&&` typed at the end of the line before a group, or a `)` at the start of the line after
    # it, puts the group inside a statement (its directives blanked); typed anywhere else, nothing changes.
    text = "".join((_body("before"), *PARTS[1:5], _body("after"))).encode()
    previous = repair(text)
    starts = [text.index(b"\n#", 0)]
    while (found := text.find(b"\n#", starts[-1] + 1)) >= 0:
        starts.append(found)
    flipped = 0
    for directive in starts:
        line_after = text.index(b"\n", directive + 1) + 1
        for at in (directive, line_after, directive - 5, line_after + 2):
            for piece in (b"(", b")", b" &&", b"x", b"{"):
                new = text[:at] + piece + text[at:]
                want = c_branches._scan(new)
                _same(repair(new, previous), want)
                assert previous.record is not None and want.record is not None
                flipped += previous.record.split != want.record.split
    assert flipped >= 10, flipped
