"""Secrets planted in a repository's code never reach the model, whichever action sends it: explain, generate
and self-debug each run with the real openai SDK against the scripted server, and neither the HTTP bodies
it received nor the last-prompt view hold any of the ten formats that once passed the redactor."""

from __future__ import annotations

import json
import re
from pathlib import Path

from archmem.server.actions import ProposedEdit, self_debug
from archmem.server.actions.explain import explain
from archmem.server.actions.generate import generate, list_generate_targets
from archmem.server.actions.prompt_log import PromptLog
from archmem.server.actions.self_debug import ModelProvider
from archmem.server.models import ChatMessage, ModelClient

from tests.actions.genexplain_projects import client, memory, write
from tests.actions.helpers import workspace
from tests.context.test_redact import CORPUS
from tests.support.endpoints import ENV, endpoint
from tests.support.fake_openai import FakeOpenAI, RecordedRequest, Reply, text

# The formats issue 13 found reaching the model.
ISSUE_FORMATS = (
    "aws-secret-key-with-slash",
    "stripe-live-key",
    "authorization-bearer-dict",
    "x-api-key-dict",
    "quoted-password-key",
    "database-url-password",
    "slack-webhook-url",
    "azure-account-key",
    "huggingface-token",
    "token-with-dot",
)
PLANTED = [(line, secret) for fmt, line, secret in CORPUS if fmt in ISSUE_FORMATS]
# Names the planted lines use, so that the only problem a checker finds is the one planted on purpose.
PRELUDE = "import json\n\nstripe = session = self = None\n\n\ndef login(token):\n    return token\n\n\n"


def _body(lines: list[str], indent: str) -> str:
    return "".join(f"{indent}{line}\n" for line in lines)


def _assigned(lines: list[str]) -> str:
    """The local names the planted lines assign, so that none is reported as unused."""
    return ", ".join(line.split(" = ")[0] for line in lines if re.match(r"^\w+ = ", line))


def _assert_nothing_leaked(fake: FakeOpenAI, log: PromptLog) -> None:
    assert fake.chat_requests
    sent = "\n".join(json.dumps(r.body, ensure_ascii=False) for r in fake.chat_requests)
    shown = log.render_markdown()
    assert len(PLANTED) == len(ISSUE_FORMATS)
    for line, secret in PLANTED:
        # The line was sent (its text up to the secret), the secret was not.
        assert json.dumps(line[: line.index(secret)], ensure_ascii=False)[1:-1] in sent, line
        assert secret not in sent and secret not in shown, line
    assert "«redacted»" in sent and "«redacted»" in shown


async def test_explain_sends_no_planted_secret(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    source = (
        PRELUDE + "def connect():\n" + _body([line for line, _s in PLANTED], "    ") + "    return headers\n"
    )
    write(tmp_path, {"settings.py": source})
    mem = memory(tmp_path)
    line = source.splitlines().index("def connect():")
    fake_openai.enqueue(text("It connects."))
    log = PromptLog()
    async with client(fake_openai) as model:
        await explain(mem, "settings.py", line, 4, client=model, prompt_log=log)
    _assert_nothing_leaked(fake_openai, log)


async def test_generate_sends_no_planted_secret(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    lines = [line for line, _s in PLANTED]
    helper = "def credentials():\n" + _body(lines, "    ") + f"    return {_assigned(lines)}\n"
    source = PRELUDE + helper + '\n\ndef connect():\n    """Open a session with credentials()."""\n    pass\n'
    write(tmp_path, {"app.py": source})
    mem = memory(tmp_path)
    line = source.splitlines().index("def connect():")
    target = list_generate_targets(mem, "app.py", line + 1, 4)[0]
    fake_openai.enqueue(text("```python\ndef connect():\n    return headers\n```"))
    log = PromptLog()
    async with client(fake_openai) as model:
        # The user's instruction quotes the code too: text no packer sees, redacted where messages are built.
        instruction = "use these settings:\n" + "\n".join(lines)
        await generate(mem, "app.py", target, client=model, prompt_log=log, instruction=instruction)
    _assert_nothing_leaked(fake_openai, log)


async def test_self_debug_sends_no_planted_secret(tmp_path: Path, fake_openai: FakeOpenAI) -> None:
    lines = [line for line, _s in PLANTED]
    source = (
        PRELUDE
        + "def load(path):\n"
        + _body(lines, "    ")
        + f"    return jsn.load(path), {_assigned(lines)}\n"
    )
    memory_ = workspace(tmp_path, {"m.py": source.encode()})

    def echo(request: RecordedRequest) -> Reply:
        # The model keeps the markers; archmem puts the secrets back into the edit, never into the prompt.
        code = request.prompt.split("```python\n")[1].split("```")[0].replace("jsn.", "json.")
        return text(f"```python\n{code}```\n")

    fake_openai.set_handler(echo)
    log = PromptLog()
    provider = ModelProvider(ModelClient(endpoint(fake_openai), ENV, initial_backoff_s=0.001), prompt_log=log)
    try:
        result = await self_debug(memory_, "m.py", None, provider=provider)
    finally:
        await provider.aclose()
    _assert_nothing_leaked(fake_openai, log)
    assert isinstance(result, ProposedEdit), result
    fixed = result.apply(source.encode()).decode()
    assert all(secret in fixed for _line, secret in PLANTED) and "json.load(path), " in fixed


def test_a_message_redacts_its_own_content_however_it_is_built() -> None:
    for line, secret in PLANTED:
        for role in ("system", "user", "assistant"):
            message = ChatMessage(role, f"context:\n{line}\n")  # type: ignore[arg-type]
            assert secret not in message.content and message.redactions >= 1
