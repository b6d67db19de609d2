"""Completion's part of the idle pass after didOpen resolves the file's ranked names from a function of every
group (`inline_warm.warm_group_answers`): a first request in a group `indexer/warm.py` did not warm then reads
the kept answers, and packs the same prompt."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.kept_answers import answers, free_key
from archmem.indexer.languages import BY_NAME
from archmem.indexer.warm import warm
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline import completion_packer, prompt_at
from archmem.server.actions.inline_warm import _ranked_refs, warm_group_answers, warmed

# The methods of `Many` are the largest group, which `warm.py` resolves from; `Other`'s are another.
SOURCE = (
    "import os\nimport re\n\nLIMIT = 10\n\n\n"
    + "".join(
        f"def helper_{i}(value):\n    return os.path.join(value, str(LIMIT + {i}))\n\n\n" for i in range(12)
    )
    + "class Many:\n"
    + "".join(f"    def m{i}(self, v):\n        return helper_{i}(re.escape(v))\n\n" for i in range(14))
    + "\nclass Other:\n"
    + "    def first(self, v):\n        w = helper_1(v)\n        return w\n\n"
    + "    def second(self, v):\n        s = Many()\n        margin = helper_2(v)\n        return s.m1(margin)\n"
)


def _opened(tmp_path: Path, grouped: bool) -> Memory:
    tmp_path.mkdir()
    (tmp_path / "m.py").write_text(SOURCE)
    memory = Memory(tmp_path, persist=False)
    memory.index_all()
    memory.open_document("m.py", SOURCE, 1)
    warm(memory, "m.py")
    if grouped:
        assert warm_group_answers(memory, "m.py") > 0
    return memory


def _kept_in_other(memory: Memory, text: str = SOURCE) -> list[bool]:
    """For each ranked name, whether its answer from the body of `Other.second` is kept for the file."""
    index = memory.file("m.py")
    assert index is not None
    scope = next(s for s in index.symbols if s.qualname == "Other.second")
    kept = answers(memory, index)
    spec = BY_NAME[index.language]
    out = []
    for ref in _ranked_refs(memory, index, None):
        key = free_key(spec, index, text.encode(), scope, ref, 0, {})
        if key is not None:
            out.append(kept.whole_of(index, key) is not None)
    return out


def test_the_ranked_names_of_another_group_are_kept_after_the_idle_pass(tmp_path: Path) -> None:
    before = _kept_in_other(_opened(tmp_path / "plain", grouped=False))
    after = _kept_in_other(_opened(tmp_path / "grouped", grouped=True))
    assert len(before) == len(after) > 10
    assert not all(before)  # warm.py resolved them from a method of `Many` only
    assert all(after)


def test_a_first_request_in_the_other_group_packs_the_same_prompt(tmp_path: Path) -> None:
    lines = SOURCE.split("\n")
    hidden = next(i for i, line in enumerate(lines) if line.startswith("        margin = "))
    shown = "\n".join([*lines[:hidden], "        ", *lines[hidden + 1 :]]).encode()
    byte = len("\n".join(lines[:hidden]).encode()) + 1 + 8
    prompts = []
    for grouped in (False, True):
        memory = _opened(tmp_path / str(grouped), grouped)
        memory.open_document("m.py", shown, 2)
        prompts.append(prompt_at(memory, completion_packer(memory), "m.py", shown, byte, 1500))
    assert prompts[0] == prompts[1] and prompts[0].context


def test_an_edit_that_starts_the_answers_anew_asks_for_the_pass_again(tmp_path: Path) -> None:
    """`warmed` says whether the answers the open text reads were filled by the pass: an edit inside a body
    keeps them (they follow it), one adding a definition (a field assigned in a method) drops those naming it and
    starts the siblings' answers anew (`Answers.redefined`): the pass runs again."""
    memory = _opened(tmp_path / "m", grouped=False)
    assert not warmed(memory, "m.py")
    warm_group_answers(memory, "m.py")
    assert warmed(memory, "m.py")
    inside = SOURCE.replace("        w = helper_1(v)\n", "        w = helper_3(v)\n")
    memory.open_document("m.py", inside, 2)
    assert warmed(memory, "m.py")
    field = inside.replace("        w = helper_3(v)\n", "        self.w = helper_3(v)\n        w = self.w\n")
    memory.open_document("m.py", field, 3)
    assert not warmed(memory, "m.py")
    warm_group_answers(memory, "m.py")
    assert warmed(memory, "m.py")
    assert all(_kept_in_other(memory, field))
