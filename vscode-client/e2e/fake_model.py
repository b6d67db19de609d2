"""The scripted OpenAI-compatible endpoint of the e2e model scenario, as a process the Node driver starts.

Wraps the project's fake (tests/support/fake_openai.py) so the model is faked at the wire: it prints
"PORT <n>" once listening, answers every chat request with the fixed version of the e2e fixture's buggy
function, and on stdin EOF (or SIGTERM) writes what it received to the JSON file named by its one argument,
so the driver can check, for instance, which key arrived in the Authorization header.

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

# The fixture's `load` with its missing colon restored, in the fenced form models answer with.
FIXED_LOAD = """```python
def load(path):
    with open(path) as handle:
        return [line.strip().split(",") for line in handle if line.strip()]
```"""


def answer(_request: RecordedRequest) -> Reply:
    return text(FIXED_LOAD)


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
