"""What a packing spends after choosing, kept from one packing to the next without changing a prompt: the exact
count of each rendering summed from the remembered counts of its runs of lines, the redactor's ASCII
lower-casing of a prompt holding non-ASCII characters (every prompt's gap marker is one), and what the
redactor looks for in a text read from its lines' hints, kept by each line's text."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from archmem.indexer.context import Packer
from archmem.indexer.context.redact import (
    _KEYWORD,
    _LINE_HINTS,
    _PLAN,
    REDACTED,
    _hints,
    ascii_lowered,
    redact,
)
from archmem.indexer.context.tokens import (
    DEFAULT_ENCODING,
    RememberedCounts,
    remembered_counts,
    tokenizer,
)
from archmem.indexer.workspace import Memory


class _Counting:
    """The real tokenizer, with a tally of the texts it was asked to count."""

    def __init__(self) -> None:
        self.name = tokenizer().name
        self.asked: list[str] = []

    def count(self, text: str) -> int:
        self.asked.append(text)
        return tokenizer().count(text)


def _memory(tmp_path: Path) -> Memory:
    (tmp_path / "shapes.py").write_text(
        "".join(
            f"class Shape{i}:\n    '''A shape — the {i}th.'''\n\n    def area(self, scale):\n"
            f"        return scale * {i}\n\n\n"
            for i in range(40)
        )
    )
    (tmp_path / "main.py").write_text(
        "from shapes import Shape3, Shape7\n\n\n"
        "def total(scale):\n    first = Shape3().area(scale)\n    return first + Shape7().area(scale)\n"
    )
    memory = Memory(tmp_path, persist=False)
    memory.index_all()
    return memory


def test_a_packer_remembers_its_counts_and_counts_a_prompt_exactly(tmp_path: Path) -> None:
    """The exact count of a rendering (~7 kB, one or two a packing) was a whole tiktoken encode each time:
    now the sum of its runs of lines, most remembered. The count is the tokenizer's, and a second packing
    at the same place asks the tokenizer for nothing."""
    memory = _memory(tmp_path)
    packer = Packer(memory)
    assert isinstance(packer.counter, RememberedCounts)
    tally = _Counting()
    packer.counter = packer.views.counter = RememberedCounts(tally)
    path = str(tmp_path / "main.py")
    for mode in ("edit", "generate"):
        first = packer.pack(path, 4, 8, budget=300, mode=mode)
        assert "…" in first.text and first.tokens == tokenizer().count(first.text)
        assert max(len(text) for text in tally.asked) < len(first.text)  # counted by runs, not whole
        tally.asked.clear()
        again = packer.pack(path, 4, 8, budget=300, mode=mode)
        assert (again.text, again.tokens) == (first.text, first.tokens) and tally.asked == []
    plain = Packer(memory)
    plain.counter = plain.views.counter = tokenizer()
    assert plain.pack(path, 4, 8, budget=300).text == packer.pack(path, 4, 8, budget=300).text


def test_a_new_packer_counts_nothing_another_packer_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server packs with several packers (a fresh one per action's request, the idle passes' own): the
    counts are the process's, so a packer made after another packed the same place asks the tokenizer for
    nothing (each counted the file's lines again before) and packs the same prompt."""
    memory = _memory(tmp_path)
    path = str(tmp_path / "main.py")
    first = Packer(memory).pack(path, 4, 8, budget=300, mode="generate")
    second = Packer(memory)
    tally = _Counting()
    monkeypatch.setattr(second.counter, "_counter", tally)
    again = second.pack(path, 4, 8, budget=300, mode="generate")
    assert (again.text, again.tokens) == (first.text, first.tokens) and "…" in again.text
    assert tally.asked == []
    # One memory per encoding however it is named: the default argument or the encoding spelled out.
    assert remembered_counts() is remembered_counts(DEFAULT_ENCODING) is second.counter


def test_an_edited_line_is_counted_afresh(tmp_path: Path) -> None:
    """The counts are kept by text: a line an edit changed is a new text, counted anew (never stale)."""
    memory = _memory(tmp_path)
    packer = Packer(memory)
    path = str(tmp_path / "main.py")
    before = packer.pack(path, 4, 8, budget=300)
    edited = (tmp_path / "main.py").read_text().replace("first + Shape7", "first + first + Shape7")
    memory.set_document(path, edited)
    after = packer.pack(path, 4, 8, budget=300)
    assert "first + first" in after.text and after.text != before.text
    assert after.tokens == tokenizer().count(after.text)


def test_ascii_lowering_keeps_every_position_and_only_ascii_letters_change() -> None:
    text = "…\n\u212a API_Key = «x» \u0130 \uff21\n"  # the gap marker, a Kelvin sign, a dotted capital I, a full-width A
    lowered = ascii_lowered(text)
    assert len(lowered) == len(text)
    for a, b in zip(text, lowered, strict=True):
        assert b == (a.lower() if a.isascii() else "\0")
    assert "api_key" in lowered and "k" not in lowered.split("api")[0]  # the Kelvin sign is not a letter k


def test_a_secret_after_non_ascii_text_is_redacted_in_place() -> None:
    secret = "A1b2C3d4E5f6G7h8"
    text = f"…\n# ünïcode — «quoted»\n…\napi_key = '{secret}'\n…\n"
    redacted, count = redact(text)
    assert count == 1 and secret not in redacted
    assert redacted == text.replace(secret, REDACTED)


def test_what_a_text_holds_is_what_its_lines_hold() -> None:
    """The redactor runs a rule only where its literals stand, and looks for names only where one stands:
    read from each line's hints (kept by the line's text), which must tell what the whole text would."""
    corpus = Path(__file__).resolve().parent.parent / "fixtures" / "secrets" / "corpus.tsv"
    lines = [row.split("\t")[1] for row in corpus.read_text("utf-8").splitlines() if row and row[0] != "#"]
    plain = ["…", "fn parse(&self) -> Result<Ast> {", "    let token = self.bump();", "}", ""]
    for n in range(0, len(lines), 7):
        text = "\n".join([*plain, *lines[n : n + 7], *plain])
        rules, keyword, password = _hints(text)
        expected = {i for i, (_, lits) in enumerate(_PLAN) if lits and any(lit in text for lit in lits)}
        assert rules == expected
        assert keyword == (_KEYWORD.search(ascii_lowered(text)) is not None)
        assert password == ("assword" in text or "ASSWORD" in text or "pwd" in text.lower())
        assert redact(text) == redact(text)  # the second time from the kept lines' hints: the same answer
    assert "    let token = self.bump();" in _LINE_HINTS


def test_a_secret_on_a_line_seen_before_in_another_text_is_still_redacted() -> None:
    secret = "ghp_" + "a1B2c3D4e5F6g7H8i9J0" * 2
    line = f"const auth = '{secret}';"
    for before in ("…\nfn a() {}\n", "…\nfn b() {}\n…\n"):
        redacted, count = redact(before + line + "\n…\n")
        assert count >= 1 and secret not in redacted


def test_secrets_are_redacted_while_the_kept_hints_start_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """At `_KEPT_LINES` the kept hints start over: a text's new lines are judged from what was worked out for
    them, not read back from the kept hints (which another thread may empty meanwhile)."""
    redact_module = importlib.import_module("archmem.indexer.context.redact")
    monkeypatch.setattr(redact_module, "_KEPT_LINES", 4)
    secret = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    for n in range(3):
        text = "\n".join([f"fn f{n}_{i}() {{}}" for i in range(6)] + [f"let key = '{secret}';", "…"])
        redacted, count = redact(text)
        assert count >= 1 and secret not in redacted
        assert len(_LINE_HINTS) <= 8
