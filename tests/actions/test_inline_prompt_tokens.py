"""The FIM prompt's token count, now counted when read: it is the count of what the prompt sends (the packed
context, the fitted and redacted prefix and suffix), not of the file's text around the cursor."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context.tokens import tokenizer
from archmem.indexer.workspace import Memory
from archmem.server.actions.inline import PREFIX_TOKENS, completion_packer, prompt_at

_SECRET = 'API_KEY = "sk-proj-Q7fLm2ZxR9vT4pWc8HnJ3kYd6GsB1aEu5oNiVqXr0tLhMzCy"\n'


def _workspace(tmp_path: Path) -> tuple[Memory, bytes, int]:
    helpers = "".join(
        f"def helper_{i}(value: int) -> int:\n    return value * {i} + {i * 7}\n\n" for i in range(300)
    )
    source = (
        helpers
        + _SECRET
        + "\ndef spiral(turns: int) -> int:\n    total = helper_3(turns)\n    \n    return total\n"
    )
    (tmp_path / "m.py").write_text(source)
    memory = Memory(tmp_path, persist=False)
    memory.index_all()
    text = source.encode()
    return memory, text, text.index(b"    \n    return total") + 4


def test_the_count_is_of_the_sent_prefix_and_suffix_with_the_context(tmp_path: Path) -> None:
    memory, text, byte = _workspace(tmp_path)
    memory.open_document("m.py", text, 1)
    prompt = prompt_at(memory, completion_packer(memory), "m.py", text, byte, 400)
    count = tokenizer().count
    assert prompt.context_tokens > 0 and "helper_3" in prompt.context
    # The prefix was cut to its budget and the key redacted: the count is of the text sent, not of the file.
    assert "sk-proj-" not in prompt.prefix and "«redacted»" in prompt.prefix
    assert count(prompt.prefix) <= PREFIX_TOKENS < count(text[:byte].decode())
    expected = prompt.context_tokens + count(prompt.prefix) + count(prompt.suffix)
    assert prompt.prompt_tokens == expected


def test_without_context_the_count_is_the_prefix_and_suffix(tmp_path: Path) -> None:
    memory, text, byte = _workspace(tmp_path)
    prompt = prompt_at(memory, None, "m.py", text, byte, 400)
    count = tokenizer().count
    assert prompt.context == "" and prompt.context_tokens == 0
    assert prompt.prompt_tokens == count(prompt.prefix) + count(prompt.suffix) > 0
