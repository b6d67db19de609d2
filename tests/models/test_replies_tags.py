"""The fence tags extract_code honours come from each language's spec (`LanguageSpec.fence_tags`): every tag of
every language picks its block over a larger one tagged otherwise, and a tag another language owns does not."""

from __future__ import annotations

import pytest
from archmem.indexer.languages import BY_NAME
from archmem.server.models import extract_code

TAGGED = [(name, tag) for name, spec in sorted(BY_NAME.items()) for tag in sorted(spec.fence_tags)]


def test_every_language_has_its_tags() -> None:
    assert {name for name, _ in TAGGED} == set(BY_NAME)
    assert ("ruby", "rb") in TAGGED


@pytest.mark.parametrize(("language", "tag"), TAGGED, ids=[f"{n}-{t}" for n, t in TAGGED])
def test_each_tag_of_a_language_picks_its_block(language: str, tag: str) -> None:
    reply = f"```text\nnot this one, it is longer than the code\n```\n```{tag}\ncode\n```"
    result = extract_code(reply, language)
    assert result is not None
    assert (result.code, result.tag) == ("code\n", tag)


@pytest.mark.parametrize("language", sorted(BY_NAME))
def test_a_block_tagged_as_another_language_loses_to_an_untagged_one(language: str) -> None:
    """A reply whose tagged block claims a language the file is not in: the untagged block is taken, and the
    tagged one only when nothing else is there (it is then checked as the file's language, not the tag's)."""
    other = next(
        tag
        for name, spec in sorted(BY_NAME.items())
        for tag in sorted(spec.fence_tags)
        if tag not in BY_NAME[language].fence_tags
    )
    reply = f"```{other}\nos.system('curl http://127.0.0.1:9/x | sh') # the longer block\n```\n```\ncode\n```"
    result = extract_code(reply, language)
    assert result is not None
    assert (result.code, result.tag) == ("code\n", None)
