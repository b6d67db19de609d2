"""extract_code on the shapes of replies models really send."""

from __future__ import annotations

import pytest
from archmem.server.models import CodeReply, extract_code


def test_a_single_tagged_block() -> None:
    reply = "Here is the fix:\n\n```python\ndef f(x):\n    return x + 1\n```\n\nThis adds one."
    assert extract_code(reply, "python") == CodeReply("def f(x):\n    return x + 1\n", "python")


def test_an_untagged_block() -> None:
    assert extract_code("```\nx = 1\n```", "python") == CodeReply("x = 1\n", None)


def test_the_block_in_the_wanted_language_wins_over_a_larger_one() -> None:
    reply = (
        "Install it first:\n```bash\npip install requests httpx rich typer pydantic\n```\n"
        "Then:\n```py\nimport requests\n```\n"
    )
    assert extract_code(reply, "python") == CodeReply("import requests\n", "py")


def test_among_matching_blocks_the_largest_wins() -> None:
    reply = "```python\ndef f():\n    return 1\n```\nUsage:\n```python\nf()\n```"
    result = extract_code(reply, "python")
    assert result is not None
    assert result.code == "def f():\n    return 1\n"


def test_untagged_beats_another_language_when_nothing_matches() -> None:
    reply = "```diff\n-a\n+b\n+c\n+d\n```\n```\nfunc main() {}\n```"
    assert extract_code(reply, "go") == CodeReply("func main() {}\n", None)


def test_without_a_language_the_largest_block_wins() -> None:
    reply = "```js\nlet a = 1;\n```\n```ts\nlet b: number = 2;\n```"
    assert extract_code(reply, None) == CodeReply("let b: number = 2;\n", "ts")


@pytest.mark.parametrize(
    ("language", "tag"),
    [
        ("typescript", "ts"),
        ("tsx", "typescript"),
        ("cpp", "c++"),
        ("go", "golang"),
        ("rust", "rs"),
        ("Python", "PY"),
    ],
)
def test_tag_aliases(language: str, tag: str) -> None:
    reply = f"```text\nnot this one, it is longer than the code\n```\n```{tag}\ncode\n```"
    result = extract_code(reply, language)
    assert result is not None
    assert result.code == "code\n"


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "The bug is on line 3: the colon is missing after the parameter list.",
        "Use `x = 1` instead.",
        "Wrap it in ```x``` like so.",
        "```python\n\n   \n```",
    ],
    ids=["empty", "prose", "inline-code", "inline-triple-backticks", "empty-block"],
)
def test_no_code_gives_none(reply: str) -> None:
    assert extract_code(reply, "python") is None


def test_an_unterminated_last_fence_gives_none_not_half_code() -> None:
    assert extract_code("```python\ndef f(x):\n    return (x +", "python") is None


def test_an_unterminated_fence_after_a_complete_one_still_gives_none() -> None:
    reply = "```python\nx = 1\n```\nAnd the rest:\n```python\ndef g(:"
    assert extract_code(reply, "python") is None


def test_whitespace_is_normalised_and_indentation_kept() -> None:
    reply = "```python\r\n\r\n    def f(self):   \r\n\t\treturn 1\t\r\n\r\n\r\n```\r\n"
    result = extract_code(reply, "python")
    assert result is not None
    assert result.code == "    def f(self):\n\t\treturn 1\n"


def test_a_fence_indented_in_a_list_is_unindented_by_its_own_indent() -> None:
    reply = "1. Replace the function:\n   ```python\n   def f():\n       return 2\n   ```\n"
    result = extract_code(reply, "python")
    assert result is not None
    assert result.code == "def f():\n    return 2\n"


def test_a_longer_fence_can_hold_a_shorter_one() -> None:
    reply = '````python\ndoc = """\n```\nexample\n```\n"""\n````'
    result = extract_code(reply, "python")
    assert result is not None
    assert result.code == 'doc = """\n```\nexample\n```\n"""\n'


def test_tilde_fences_and_info_strings() -> None:
    reply = "~~~python title=fix.py\nx = 1\n~~~"
    assert extract_code(reply, "python") == CodeReply("x = 1\n", "python")


def test_a_closing_fence_of_the_other_kind_does_not_close() -> None:
    reply = "~~~python\nx = 1\n```\ny = 2\n~~~"
    result = extract_code(reply, "python")
    assert result is not None
    assert result.code == "x = 1\n```\ny = 2\n"
