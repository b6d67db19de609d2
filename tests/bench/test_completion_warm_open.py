"""The completion bench opens each file and runs the server's idle pass after didOpen before its first hidden
line (`indexer/warm.py`, `inline.warm_counts`), as an editor opens a file before typing in it: the pass
fills the siblings' answers and the line counts the first requests read, and changes no prompt."""

from __future__ import annotations

import gc
from pathlib import Path

from archmem.indexer.context import siblings

from bench import completion

SOURCE = "".join(
    f"def helper_{i}(value):\n    total = value * {i}\n    other = helper_{(i + 1) % 30}(total)\n"
    f"    return other + total\n\n\n"
    for i in range(30)
)


def _run(tmp_path: Path, *flags: str) -> tuple[completion.Run, int]:
    tmp_path.mkdir()
    (tmp_path / "m.py").write_text(SOURCE)
    args = completion._args(["--files", "1", "--positions", "6", "--no-ts", "--no-peers", *flags])
    thresholds = gc.get_threshold()
    try:
        memory, packer, paths = completion.corpus(tmp_path, (".py",), args)
    finally:
        gc.set_threshold(*thresholds)  # the bench sets the server's, for the rest of its process
    run = completion.Run()
    completion.measure_file(memory, packer, paths[0], args, run)
    kept = siblings._KEPT.get(memory, {}).get("m.py")
    return run, 0 if kept is None else len(kept.siblings)


def test_the_idle_pass_runs_before_the_first_hidden_line_and_changes_no_prompt(tmp_path: Path) -> None:
    warm, warm_siblings = _run(tmp_path / "warm")
    cold, cold_siblings = _run(tmp_path / "cold", "--cold-open")
    assert warm.prompts.hexdigest() == cold.prompts.hexdigest()
    assert len(warm.recall) == len(cold.recall) and warm.recall == cold.recall
    assert cold.warmed == [] and len(warm.warmed) == 1 and warm.warmed[0][0] > 0
    # The warm pass read every function as a sibling; the cold packings only those near the hidden lines.
    assert warm_siblings == 30 > cold_siblings
