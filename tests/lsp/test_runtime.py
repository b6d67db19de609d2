"""How the server spends its process: full garbage collections at quiet moments, pyflakes in a worker
process that answers like pyflakes in-process, and a start-up that does not import the model SDK."""

from __future__ import annotations

import asyncio
import gc
import pickle
import subprocess
import sys

from archmem.server.checks.pyflakes_check import run_pyflakes
from archmem.server.lsp import worker
from archmem.server.lsp.collector import BACKSTOP, PENDING, Collector

from tests.lsp.harness import eventually


async def test_a_quiet_server_collects_what_is_pending_and_restores_the_schedule() -> None:
    saved = gc.get_threshold()
    collector = Collector(idle_s=0.01)
    survivor: list[object] = []  # a list is always tracked (a dict of strings is not)
    try:
        collector.touch()
        assert gc.get_threshold() == (saved[0], saved[1], BACKSTOP)
        for _ in range(PENDING):
            gc.collect(1)  # each collection of the middle generation counts towards a full one
        await eventually(lambda: collector.passes >= 1, "a full collection once the server is quiet")
        assert gc.get_count()[2] < PENDING
        # What survived the pass is frozen: the next pass that lands in a request does not walk it again.
        assert gc.is_tracked(survivor) and not any(o is survivor for o in gc.get_objects())
    finally:
        collector.stop()
    assert gc.get_threshold() == saved


def test_pyflakes_findings_survive_the_trip_from_the_worker() -> None:
    text = b"import os\n\n\ndef where(name):\n    return Path(name)\n"
    direct = run_pyflakes(text, "names.py")
    assert direct.diagnostics, "the sample must give findings, with data"
    assert any(d.data for d in direct.diagnostics)
    plain = worker.pyflakes(text, "names.py")
    # What crosses between processes is pickled: the plain form must survive it.
    assert worker.result_of(pickle.loads(pickle.dumps(plain))) == direct


async def test_the_worker_process_answers_like_pyflakes_and_stays_in_step() -> None:
    text = b"import os\n\n\ndef where(name):\n    return Path(name)\n"
    direct = run_pyflakes(text, "names.py")
    process = worker.WorkerProcess()
    try:
        assert await process.pyflakes(text, "names.py") == direct
        # A caller cancelled while the worker is busy: the next caller still gets its own answer.
        busy = asyncio.create_task(process.pyflakes(b"x = 1\n" * 20000, "long.py"))
        await asyncio.sleep(0)
        busy.cancel()
        other = b"import sys\n"
        assert await process.pyflakes(other, "other.py") == run_pyflakes(other, "other.py")
    finally:
        await process.aclose()


def test_starting_the_server_does_not_import_the_model_sdk() -> None:
    code = "import sys, archmem.server.lsp.app, archmem.server.cli; print('openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
