"""Shared pieces of the self-debug tests: a workspace on disk, a model provider on the fake server."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.workspace import Memory
from archmem.server.actions import ModelProvider, ProposedEdit
from archmem.server.actions.fix_types import SelfDebugResult
from archmem.server.models import Endpoint, ModelClient

from tests.support.endpoints import ENV, endpoint
from tests.support.fake_openai import FakeOpenAI

BROKEN = b"""import json


def load(path):
    with open(path) as handle:
        return jsn.load(handle)


def total(values):
    return sum(values)
"""

FIXED_LOAD = "def load(path):\n    with open(path) as handle:\n        return json.load(handle)\n"


def block(code: str, language: str = "python") -> str:
    return f"Here is the fix:\n\n```{language}\n{code}```\n"


def workspace(root: Path, files: dict[str, bytes]) -> Memory:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text)
    return Memory.open(root)


def model_provider(
    fake: FakeOpenAI, escalation: Endpoint | None = None, **overrides: object
) -> ModelProvider:
    # A tiny backoff keeps retry tests fast.
    return ModelProvider(
        ModelClient(endpoint(fake, **overrides), ENV, initial_backoff_s=0.001),
        ModelClient(escalation, ENV, initial_backoff_s=0.001) if escalation is not None else None,
    )


def applied(memory: Memory, path: str, result: SelfDebugResult) -> bytes:
    assert isinstance(result, ProposedEdit), result
    text = memory.text(path)
    assert text is not None
    return result.apply(text)
