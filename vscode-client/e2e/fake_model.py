"""The scripted OpenAI-compatible endpoint of the e2e model scenario, as a process the Node driver starts.

Wraps the project's fake (tests/support/fake_openai.py) so the model is faked at the wire: it prints
"PORT <n>" once listening, answers every chat request with the fixed version of the e2e fixture's buggy
function and every fill-in-the-middle request with the member of the completion scenario (when its
prompt carries that member's definition), and on stdin EOF (or SIGTERM) writes what it received to the JSON file named by its one argument,
so the driver can check, for instance, which key arrived in the Authorization header. The answers follow
the self-debug prompt of server/actions/prompts.py: one fenced block with the whole corrected unit.

Usage: python fake_model.py RECORD.json   (from any directory; finds the repo from its own path)
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.support.fake_openai import FakeOpenAI, RecordedRequest, Reply, text  # noqa: E402

# What a competent model answers for each part of the fixture it may be asked to fix. Self-debug sends the
# smallest enclosing unit of each diagnostic under "Code to fix:" and wants it back whole, in one fenced
# block (server/actions/prompts.py); an empty block deletes the unit.
FIXED_LOAD = (
    "def load(path):\n"
    "    with open(path) as handle:\n"
    '        return [line.strip().split(",") for line in handle if line.strip()]\n'
)


# The completion scenario types `book.` after `book = LedgerBook(n)`; the member exists only in another file,
# so a model can name it only when archmem's packed context put its definition in the prompt.
MEMBER = "reconcile_balances_carefully"


def complete(body: object) -> Reply:
    """The member at `book.` when the prompt defines it, something plausible but wrong otherwise."""
    prompt = str(body.get("prompt", "")) if isinstance(body, dict) else ""
    if not prompt.endswith("book."):
        return text("")
    return text(f"{MEMBER}(n)\n" if f"def {MEMBER}(" in prompt else "balance()\n")


def answer(request: RecordedRequest) -> Reply:
    """The fix of the code the conversation is about (a feedback round repeats the first request)."""
    if request.path.split("?")[0].endswith("/v1/completions"):
        return complete(request.body)
    prompt = request.prompt
    asked = prompt[prompt.rfind("Code to fix:") :] if "Code to fix:" in prompt else prompt
    if "def load" in asked:
        return text(f"```python\n{FIXED_LOAD}```")
    if "import os" in asked:
        return text("```python\n```")
    return text("I cannot fix this.")


def main() -> int:
    record = Path(sys.argv[1])
    fake = FakeOpenAI()
    fake.set_handler(answer)
    fake.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())

    def wait_for_eof() -> None:
        sys.stdin.read()
        done.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    print(f"PORT {fake.port}", flush=True)
    done.wait()
    requests = [
        {"method": r.method, "path": r.path, "headers": r.headers, "body": r.body} for r in fake.requests
    ]
    fake.stop()
    record.write_text(json.dumps(requests, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
