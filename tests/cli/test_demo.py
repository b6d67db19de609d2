"""scripts/demo.sh tells its story in order: the memory of a fresh store, a verified fix, then the context deep
in a long file with the ledger first and the text it explains after."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_demo_shows_a_fresh_memory_a_verified_fix_then_the_ledger_and_its_text() -> None:
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "demo.sh")], capture_output=True, text=True, timeout=300, cwd=REPO
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    memory, fix, context = (out.index(f"== {n}. ") for n in (1, 2, 3))
    assert memory < fix < context
    # A store the demo just made has parsed every file: nothing can be "unchanged" in it.
    counts = re.search(r"(\d+) files: (\d+) parsed, (\d+) unchanged", out[memory:fix])
    assert counts is not None and counts[1] == counts[2] and counts[3] == "0", out[memory:fix]
    assert "+++ b/examples/buggy/shop/report.py" in out[fix:context]
    ledger = out.index("-- the ledger", context)
    text = out.index("-- the text it explains", context)
    assert ledger < text
    assert "definition full" in out[ledger:text]
    assert "# file: _pydecimal.py" in out[text:]
