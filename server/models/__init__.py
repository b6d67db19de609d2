"""The model layer: configured endpoints, a streaming OpenAI-compatible client, and reply parsing."""

from archmem.server.models.client import Completion, ModelClient, Usage
from archmem.server.models.endpoints import (
    Endpoint,
    ModelAction,
    ModelSettings,
    parse_model_settings,
)
from archmem.server.models.errors import ModelError, ModelErrorKind
from archmem.server.models.messages import ChatMessage, Role
from archmem.server.models.replies import CodeReply, extract_code
from archmem.server.setting_reader import SettingError

__all__ = [
    "ChatMessage",
    "CodeReply",
    "Completion",
    "Endpoint",
    "ModelAction",
    "ModelClient",
    "ModelError",
    "ModelErrorKind",
    "ModelSettings",
    "Role",
    "SettingError",
    "Usage",
    "extract_code",
    "parse_model_settings",
]
