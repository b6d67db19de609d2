"""Context packing: the prompt a model sees, within a token budget, with provenance."""

from .pack import Interrupted, Packer, pack
from .redact import REDACTED, redact
from .result import GAP, Mode, PackedContext, Section
from .tokens import tokenizer

__all__ = [
    "GAP",
    "REDACTED",
    "Interrupted",
    "Mode",
    "PackedContext",
    "Packer",
    "Section",
    "pack",
    "redact",
    "tokenizer",
]
