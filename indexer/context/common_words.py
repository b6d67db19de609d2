"""Generate mode: the words of the body's header too common among its file's names to point at any one of them.

A name sharing a word with the header of the body being written ranks higher (`predict._binding_scores`:
`get_atom` reaches for `Atom`). In a file where most names carry the word (every name of effect's internals
says `effect`, `fiber` or `map`) the word singles none out: of the 625 predicted lines fitted at 2,048 tokens on
that sign alone, none was used by the hidden body. A word more than COMMON_WORD_NAMES of the names the file binds
carry is left out of the header's words, where the language says so (`LanguageSpec.common_header_words`): on
samples of the other languages it moved Go's generate recall up a little and C's held-out part down.
"""

from __future__ import annotations

from collections import Counter

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..per_version import per_version
from .members import name_words
from .tables import top_level
from .weights import COMMON_WORD_NAMES


def distinctive(index: FileIndex, about: set[str]) -> set[str]:
    """`about` (the words of the body's header and doc comment) less the words common among the file's names."""
    spec = BY_NAME.get(index.language)
    if not about or spec is None or not spec.common_header_words:
        return about
    counts = _word_counts(index)
    return {word for word in about if counts.get(word, 0) <= COMMON_WORD_NAMES}


@per_version
def _word_counts(index: FileIndex) -> Counter[str]:
    """How many of the names the file binds (its top-level definitions, its imports) carry each word. Per file
    version: each generate packing asks once."""
    names = {s.name for s in top_level(index)}
    names.update(imp.bound for imp in index.imports if imp.bound and imp.bound != "*")
    return Counter(word for name in names for word in name_words(name))
