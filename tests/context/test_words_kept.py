"""The words of a text (`members.words`) fold each distinct word once, kept (`_folded`), and a name's stemmed words
are kept (`named.stemmed_words`, `named.stem`): session 21 (jrspeed15), for speed only. Each must give what the
loop it replaced gives, on real code and on awkward words (plurals, `ss` endings, acronyms, digits, stop words)."""

from __future__ import annotations

import random
import re
import sysconfig
from pathlib import Path

from archmem.indexer.context.members import STOP_WORDS, name_words, words
from archmem.indexer.context.named import stem, stemmed_words

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_AWKWARD = "classes Class class ss bus buses HTTPServerStates getHTTPS get_the_items parse2Hex x1 ñandú self_ the_the"


def _words_by_loop(text: str) -> set[str]:
    out: set[str] = set()
    for ident in _IDENTIFIER.findall(text):
        for word in _WORDS.findall(ident):
            w = word.lower()
            if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
                w = w[:-1]
            if len(w) >= 3 and w not in STOP_WORDS:
                out.add(w)
    return out


def _stem_by_loop(word: str) -> str:
    ending = next((e for e in ("ing", "ed", "er") if word.endswith(e) and len(word) - len(e) >= 4), None)
    return word if ending is None else _stem_by_loop(word[: -len(ending)])


def _texts() -> list[str]:
    rng = random.Random(21)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    texts = [_AWKWARD, "", "_ __ 123", " ".join(sorted(STOP_WORDS))]
    for path in rng.sample(sorted(stdlib.glob("*.py")), 20):
        lines = path.read_text("utf-8", "replace").split("\n")
        start = rng.randrange(len(lines))
        texts.append("\n".join(lines[start : start + rng.randrange(1, 200)]))
    return texts


def test_the_words_of_a_text_are_those_the_loop_finds() -> None:
    for text in _texts():
        expected = _words_by_loop(text)
        assert words(text) == expected
        assert words(text) == expected  # again, from the kept foldings
    assert {"bus", "http", "server", "state", "item", "parse", "hex"} <= words(_AWKWARD)  # not vacuous


def test_the_stemmed_words_of_a_name_are_those_the_loop_finds() -> None:
    names = [n for text in _texts() for n in _IDENTIFIER.findall(text)]
    names += ["NestLimitExceeded", "GroupUnopened", "nesting_limiter", "Exceeding", "RepetitionCountUnclosed"]
    for name in names:
        expected = frozenset(_stem_by_loop(w) for w in name_words(name))
        assert stemmed_words(name) == expected
        assert all(stem(w) == _stem_by_loop(w) for w in name_words(name))
    assert stemmed_words("NestLimitExceeded") == {"nest", "limit", "exce"}
