"""archmem with a model in real headless Neovim (0.11.4 from PyPI, 0.7.2 from Debian), the model being the
scripted OpenAI-compatible server on 127.0.0.1: self-debug's loop and generate through Neovim's own
code-action path, the helper's fix-all, and cancelling a slow model request from inside Neovim."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.editors.test_neovim import DEBIAN_NVIM, HELPER, VENV_NVIM, nvim_version, run_nvim
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI, RecordedRequest, Reply

SCRIPTS = Path(__file__).parent / "nvim"
API_KEY = "sk-archmem-neovim-planted-7070"
NEOVIMS = pytest.mark.parametrize(
    ("binary", "wanted"), [(VENV_NVIM, "0.11."), (DEBIAN_NVIM, "0.7.")], ids=["nvim-0.11", "nvim-0.7"]
)

LOAD_BROKEN = (
    "import json\n\n\ndef load(path):\n    with open(path) as handle:\n        return jsn.load(handle)\n"
)
LOAD_WRONG = "def load(path):\n    with open(path) as handle:\n        return jsn.loads(handle.read())\n"
LOAD_RIGHT = "def load(path):\n    with open(path) as handle:\n        return json.load(handle)\n"
STUB = 'def total(xs):\n    """The sum of xs."""\n    pass\n'
TOTAL = 'def total(xs):\n    """The sum of xs."""\n    result = 0\n    for x in xs:\n        result += x\n    return result\n'
AREA_BROKEN = "def area(r):\n    return pi * r * r\n"
AREA_RIGHT = "def area(r):\n    return 3.14159 * r * r\n"


def block(code: str) -> str:
    return f"Here it is:\n\n```python\n{code}```\n"


# Long enough (20 s) that only a cancel closes it while the test still runs.
SLOW = fake_openai.stream(["```python\n"] + ["    # thinking\n"] * 400, delay_s=0.05)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


class Signals:
    """The fake server's replies in order, and what it sees told to the Lua script through files it polls:
    `request-N` when the Nth chat request arrives, `closed-N` when the client closed that request's
    connection before the answer ended (a cancelled request; a finished one never writes it)."""

    def __init__(self, fake: FakeOpenAI, folder: Path, replies: Sequence[Reply]) -> None:
        self.fake = fake
        self.folder = folder
        self.replies = list(replies)
        folder.mkdir()
        fake.set_handler(self)

    def __call__(self, request: RecordedRequest) -> Reply:
        number = len(self.fake.chat_requests)
        threading.Thread(target=self._watch, args=(request, number), daemon=True).start()
        (self.folder / f"request-{number}").touch()
        if not self.replies:
            return fake_openai.status(400, message=f"unscripted request {number}")
        return self.replies.pop(0)

    def _watch(self, request: RecordedRequest, number: int) -> None:
        while not self.fake.closing.is_set():
            if request.disconnected.wait(0.05):
                (self.folder / f"closed-{number}").touch()
                return


def neovim(binary: Path, wanted: str) -> None:
    version = nvim_version(binary)
    assert version is not None and version.startswith(wanted), (
        f"Neovim {wanted}x not found at {binary} (found {version!r}): run `bash scripts/install-neovim.sh`"
    )


def drive(
    binary: Path, script: str, root: Path, tmp_path: Path, fake: FakeOpenAI, extra: dict[str, str]
) -> tuple[list[str], str]:
    """Run the Lua script with the model configured the way docs/editors/neovim.md says (the environment
    Neovim starts the server in); the PASS steps it printed, and what to show when it failed."""
    env = {
        "ARCHMEM_HELPER": str(HELPER),
        "OPENAI_BASE_URL": fake.base_url,
        "ARCHMEM_MODEL": "fake-model",
        "OPENAI_API_KEY": API_KEY,
        **extra,
    }
    done = run_nvim(binary, SCRIPTS / script, root, tmp_path, env, timeout=150)
    lines = [line.strip() for line in done.stdout.splitlines()]
    lsp_log = next((tmp_path / "home").rglob("lsp.log"), None)
    log_text = lsp_log.read_text(errors="replace") if lsp_log is not None else ""
    context = f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}\nlsp.log:\n{log_text[-4000:]}"
    assert not [line for line in lines if line.startswith("FAIL")], context
    assert "ALL PASSED" in lines and done.returncode == 0, context
    assert API_KEY not in log_text, "the API key reached Neovim's log"
    return [line.removeprefix("PASS ") for line in lines if line.startswith("PASS")], log_text


@NEOVIMS
def test_self_debug_and_generate_with_the_model(
    binary: Path, wanted: str, tmp_path: Path, fake: FakeOpenAI
) -> None:
    neovim(binary, wanted)
    root = tmp_path / "workspace"
    root.mkdir()
    files = {"broken.py": LOAD_BROKEN, "stub.py": STUB, "broken2.py": AREA_BROKEN}
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    fake.enqueue(
        fake_openai.text(block(LOAD_WRONG)),
        fake_openai.text(block(LOAD_RIGHT)),
        fake_openai.stream([block(TOTAL)[:30], block(TOTAL)[30:]]),
        fake_openai.text(block(AREA_RIGHT)),
    )
    steps, _ = drive(binary, "archmem_model.lua", root, tmp_path, fake, {})
    assert steps == [
        "attach",
        "diagnostics",
        "self-debug applied",
        "self-debug written",
        "generate listed",
        "generate applied",
        "generate written",
        "fix-all diagnostics",
        "helper fix-all applied",
        "fix-all written",
    ]
    assert (root / "broken.py").read_text() == LOAD_BROKEN.replace("jsn.load", "json.load")
    assert (root / "stub.py").read_text() == TOTAL
    assert (root / "broken2.py").read_text() == AREA_RIGHT
    requests = fake.chat_requests
    assert len(requests) == 4 and fake.pending == 0
    # The loop: the wrong answer was re-checked and sent back with what is still wrong.
    assert "undefined name 'jsn'" in requests[1].body["messages"][-1]["content"]
    assert all(r.headers["authorization"] == f"Bearer {API_KEY}" for r in requests)
    assert all(API_KEY not in r.prompt for r in requests)


@NEOVIMS
def test_cancelling_a_slow_model_request_from_neovim(
    binary: Path, wanted: str, tmp_path: Path, fake: FakeOpenAI
) -> None:
    neovim(binary, wanted)
    root = tmp_path / "workspace"
    root.mkdir()
    (root / "stub.py").write_text(STUB, encoding="utf-8")
    (root / "broken.py").write_text(AREA_BROKEN, encoding="utf-8")
    signals = Signals(fake, tmp_path / "signals", [SLOW] * 4 + [fake_openai.text(block(TOTAL))])
    steps, log_text = drive(
        binary, "archmem_cancel.lua", root, tmp_path, fake, {"ARCHMEM_SIGNALS": str(signals.folder)}
    )
    assert steps == [
        "attach",
        "generate listed",
        "resolve sent",
        "cancel_request closed the model request",
        "progress announced",
        "progress cancel closed the model request",
        "menu action sent",
        "helper cancel of the menu action closed the model request",
        "no answer, buffer unchanged",
        "fix-all diagnostics",
        "fix-all sent",
        "helper cancel of fix-all closed the model request",
        "fix-all: nothing applied",
        "statusline ready again",
        "served after the cancels",
        "generate written",
    ]
    requests = fake.chat_requests
    assert len(requests) == 5 and not signals.replies
    assert [r.disconnected.is_set() for r in requests] == [True, True, True, True, False]
    assert (root / "broken.py").read_text() == AREA_BROKEN
    assert (root / "stub.py").read_text() == TOTAL
    # Each cancelled request was answered RequestCancelled (-32800), which Neovim logs and drops.
    assert log_text.count("Received cancellation ack") == 4, log_text[-4000:]
