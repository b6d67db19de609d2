"""The actions: self-debug, generate, explain and the offline provider; protocol-agnostic engines that the
LSP adapter and the command line both call. Nothing here knows LSP; edits come back as `ProposedEdit`s.

`provider_for` picks where self-debug's fixes come from: the configured model endpoint (with its
escalation endpoint), or the offline rules when no model is configured or offline is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping

from archmem.indexer.context import Packer
from archmem.server.actions.edits import ProposedEdit, TextEdit, apply_edits, replace_symbol, unified_diff
from archmem.server.actions.fix_types import (
    Failure,
    FixPlan,
    FixProgress,
    FixProvider,
    SelfDebugResult,
    SelfDebugSettings,
)
from archmem.server.actions.fix_units import list_fixable
from archmem.server.actions.model_fix import ModelProvider
from archmem.server.actions.offline import OfflineProvider
from archmem.server.actions.prompt_log import PromptLog
from archmem.server.actions.prompting import MAX_CONTEXT_TOKENS
from archmem.server.actions.self_debug import self_debug
from archmem.server.actions.verify import Verification, verify
from archmem.server.models import ModelClient, ModelSettings

__all__ = [
    "Failure",
    "FixPlan",
    "FixProgress",
    "FixProvider",
    "ModelProvider",
    "OfflineProvider",
    "ProposedEdit",
    "SelfDebugResult",
    "SelfDebugSettings",
    "TextEdit",
    "Verification",
    "apply_edits",
    "list_fixable",
    "provider_for",
    "replace_symbol",
    "self_debug",
    "unified_diff",
    "verify",
]


def provider_for(
    settings: ModelSettings,
    env: Mapping[str, str],
    *,
    offline: bool = False,
    prompt_log: PromptLog | None = None,
    context_cap: int = MAX_CONTEXT_TOKENS,
    packer: Packer | None = None,
) -> OfflineProvider | ModelProvider:
    """The self-debug provider these model settings call for: the offline one when `offline` is asked
    or no endpoint is configured for self-debug; a model provider falls back on the offline rules when it
    fails. The caller closes a ModelProvider (`aclose`). Prompts a
    model provider sends are recorded in `prompt_log` (for `archmem.showLastPrompt`); its contexts are packed with `packer`
    when given (the memory's shared one), else with its own."""
    endpoint = settings.endpoint_for("self_debug")
    if offline or endpoint is None:
        return OfflineProvider()
    escalation = settings.endpoint_for("self_debug_escalation")
    return ModelProvider(
        ModelClient(endpoint, env),
        ModelClient(escalation, env) if escalation is not None and escalation != endpoint else None,
        prompt_log=prompt_log,
        fallback=OfflineProvider(),
        context_cap=context_cap,
        packer=packer,
    )
