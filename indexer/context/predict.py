"""Predicting, in generate mode: what a body still to be written will need, ranked by the signs weighed in
`weights.py` (what its neighbours and the functions shaped like it use, the class's members, words it
shares, names waiting for their first use, members of imported classes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import compress, repeat
from operator import add, itemgetter, mul, not_, sub
from weakref import WeakKeyDictionary

from ..fileindex import FileIndex
from ..languages import BY_NAME
from ..package_defines import defined_in_package
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolKind, SymbolNode
from ..resolve import descendants
from ..target import Target
from .alike_members import alike_members
from .blank_names import drop_blank_names
from .build import NAMES, Build, Unit, receiver_name, self_names_of
from .callback_this import callback_this
from .choose import add_resolved, add_targets
from .closure_locals import closure_locals
from .common_words import distinctive
from .declared_this import declared_this
from .elsewhere import elsewhere_alike
from .enclosing_uses import enclosing_uses
from .exported_beside import exported_beside
from .file_wide import discount_far_uses
from .globbed import glob_bound, waiting_globs
from .guarded_fields import guarded_fields
from .handled_namesakes import handled_namesakes
from .header_packages import header_packages
from .header_paths import header_paths
from .held import field_type_methods
from .idle_types import idle_types
from .implementing_unions import implementing_unions
from .literal_keys import literal_key_fields
from .macros import sibling_macros
from .made import named_struct_fields
from .members import MemberGuess, guess_members, name_words, words
from .module_namesakes import module_namesakes
from .module_words import module_word_types
from .named import analogous_names, delegate_variants, named_type_members, named_variants
from .narrowed_variants import narrowed_variants
from .noted import add_each, set_each
from .own_headers import own_header_names
from .own_namesakes import own_namesakes
from .own_parameters import parameter_heads
from .package_word_pairs import package_word_pairs
from .package_words import package_word_members
from .parameter_macros import parameter_macros
from .parameter_members import parameter_members
from .parameter_types import parameter_type_fields
from .piped_results import piped_results
from .popular_members import popular_members
from .possessive import possessive_members
from .preceding import preceding_definitions
from .predicted_order import follows_members, order_predicted, push_import_of
from .property_lambdas import property_lambdas
from .ranked import HEAD, in_rank_order
from .receivers import receiver_members
from .renamed import drop_renaming_macros
from .result_kin import result_kin_types
from .returned_variants import returned_variants
from .sections import discount_far_sections, far_start
from .siblings import sibling_definitions
from .signature import signature_members
from .similar import score_similar, similar_siblings
from .small_structs import small_struct_fields
from .switch_arms import switch_arm_members
from .tables import (
    far_score,
    file_habits,
    sibling_totals,
    top_level_ids,
    top_level_names,
    top_level_of,
    top_level_words,
)
from .trait_impls import trait_siblings
from .types_only import drop_unreachable_values
from .visible import drop_unseen
from .waiting import waiting_helpers
from .waiting_field_members import waiting_field_members
from .waiting_imports import waiting_import_members
from .waiting_names import waiting_names
from .weights import (
    BESIDE,
    BUDGET_SPAN,
    CLASS_FIELD,
    CLASS_MEMBER,
    HEADER_OVERHEAD,
    MEMBER_LIST_SHARE,
    MEMBER_NAME_COST,
    MENTIONED,
    NEAR_SIBLING,
    NEAR_SIBLINGS,
    SHARED_WORD,
    SHARED_WORDS,
    SMALL_CLASS,
    WAITING,
    WAITING_NEAR,
)
from .wrapped import wrapped_functions
from .wrapped_generators import wrapped_generators


def predict(build: Build) -> None:
    """What a body still to be written is likely to need, ranked (weights: `weights.py`)."""
    scores, cls, neighbours = _usage_scores(build)
    near = {n.id for n in neighbours}
    # Functions shaped like the body's anywhere in the file (`similar.py`), beyond the near ones.
    # An anonymous function (`dual(2, (self, f) => ...)`) is shaped like the definition holding it.
    shape = build.target if build.target is not None else _siblings(build)[1]
    alike = [] if shape is None else similar_siblings(build.index, shape)
    alike = [(s, w) for s, w in alike if s.id not in near]
    score_similar(build.index, alike, scores)
    header_packages(build, scores)
    enclosing_uses(build, scores)
    waiting_import_members(build, scores)
    package_word_members(build, scores)
    package_word_pairs(build, scores)
    parameter_members(build, scores)
    resolved = sibling_definitions(build, [*((n, NEAR_SIBLING) for n in neighbours), *alike], scores)
    resolved.update(sibling_macros(build, [*((n, NEAR_SIBLING) for n in neighbours), *alike], scores))
    resolved.update(switch_arm_members(build, [*((n, NEAR_SIBLING) for n in neighbours), *alike], scores))
    resolved.update(literal_key_fields(build, [*((n, NEAR_SIBLING) for n in neighbours), *alike], scores))
    resolved.update(signature_members(build, neighbours, scores))
    build.give_way()
    reached: set[str] = set()
    resolved.update(returned_variants(build, scores))
    resolved.update(elsewhere_alike(build, scores, reached))
    resolved.update(own_header_names(build, scores))
    resolved.update(waiting_helpers(build, cls, scores))
    resolved.update(delegate_variants(build, _siblings(build)[2], scores))
    resolved.update(receiver_members(build, scores))
    resolved.update(named_struct_fields(build, scores))
    resolved.update(result_kin_types(build, scores))
    resolved.update(possessive_members(build, scores))
    drop_unseen(build, resolved)
    drop_renaming_macros(resolved)
    alike_members(reached, resolved, scores)
    resolved.update(closure_locals(build, scores))
    exported_beside(build, scores)
    build.give_way()
    reasons = _binding_scores(build, scores, cls, neighbours)
    reasons.update(wrapped_functions(build, scores))
    preceding_definitions(build, scores)
    parameter_macros(build, scores)
    parameter_type_fields(build, scores)
    field_type_methods(build, cls, scores)
    waiting_field_members(build, cls, scores)
    named_variants(build, scores, reasons)
    resolved.update(analogous_names(build, _siblings(build)[2], scores))
    build.give_way()
    module_namesakes(build, shape, scores, reasons)
    named_type_members(build, scores, reasons)
    small_struct_fields(build, scores, reasons)
    build.give_way()
    discount_far_uses(build, scores, _siblings(build)[2])
    scores = discount_far_sections(build, scores, _siblings(build)[2])
    popular_members(build, scores)
    handled_namesakes(build, scores)
    own_namesakes(build, scores)
    header_paths(build, scores)
    resolved.update(property_lambdas(build, scores))
    resolved.update(wrapped_generators(build, scores))
    idle_types(build, scores)
    resolved.update(guarded_fields(build, scores))
    resolved.update(declared_this(build, scores))
    resolved.update(narrowed_variants(build, scores))
    resolved.update(implementing_unions(build, scores))
    resolved.update(piped_results(build, scores))
    resolved.update(callback_this(build, scores))
    drop_unreachable_values(build, scores)
    drop_blank_names(build, scores, resolved)
    build.give_way()
    if not follows_members(build):
        _push_imports(build)
    _take_ranked(build, scores, reasons, resolved)
    order_predicted(build)


_ID = itemgetter(SymbolNode._fields.index("id"))


def _usage_scores(build: Build) -> tuple[Counter[str], SymbolNode | None, list[SymbolNode]]:
    """Scores of the names the code around the body uses: its siblings (near ones most), the whole
    file, the target's own docstring and comments; with the enclosing class and the near siblings."""
    index = build.index
    target = build.target
    cls, _anchor, siblings = _siblings(build)
    # Neighbours say most about a new body (methods are grouped by purpose); the rest of the class or
    # module a little.
    pos = _position(build)
    neighbours: list[SymbolNode] = []
    # The near siblings and the target are left out of the far sum: taken off the file's totals.
    excluded: Counter[str] = Counter()
    near_uses: list[Counter[str]] = []
    ids = _sibling_ids(build)
    # Only the near ones and the target are read (looked for in C): a file of thousands of functions has few.
    places: Sequence[int] = range(max(0, pos - NEAR_SIBLINGS), min(len(siblings), pos + NEAR_SIBLINGS + 1))
    if target is not None and target.id in ids and ids.index(target.id) not in places:
        places = sorted({*places, ids.index(target.id)})
    for i in places:
        s = siblings[i]
        is_target = target is not None and s.id == target.id
        near = abs(i - pos) <= NEAR_SIBLINGS
        tree = [s, *descendants(index, s)]
        used = Counter(ref for d in tree for ref in d.refs)
        excluded.update(used)
        if near and not is_target:
            neighbours.extend(tree)
            near_uses.append(used)
    scores = _far_and_habits(index, ids, excluded)
    for used in near_uses:  # added in C: ~1,000 names a packing in sqlite3.c
        add_each(scores, list(used), map(mul, used.values(), repeat(NEAR_SIBLING)))
    # Names mentioned in the docstring and comments of the target.
    if target is not None:
        text = "\n".join(build.view.lines[n - 1] for n in sorted(build.window))
        for plain, member in NAMES.findall(text):
            scores[plain] += MENTIONED
            if member:
                scores[f"{plain}.{member}"] += MENTIONED
    return scores, cls, neighbours


def _far_and_habits(index: FileIndex, sibling_ids: tuple[str, ...], excluded: Counter[str]) -> Counter[str]:
    """What all the siblings but the `excluded` uses (the near ones and the target) use, capped, plus the
    file's habits: the file-wide part of the scores, copied from a table kept per file and sibling list
    (a Python loop over its tens of thousands of names cost a pack in sqlite3.c some 20 ms), then
    corrected for the few names the excluded code uses."""
    totals = sibling_totals(index, sibling_ids)
    habits = file_habits(index)
    scores = far_start(index, sibling_ids)
    # Each excluded name the siblings use: its far score is what the others' uses score (`far_score` of the count
    # left) and its habit; none left, its habit alone, or nothing. Read and written in C (a Python step for each of
    # ~1,000 names a sqlite3.c packing): the scores hold each name once, so the order of the writes changes nothing.
    refs = list(filter(totals.__contains__, excluded))
    lefts = list(map(sub, map(totals.__getitem__, refs), map(excluded.__getitem__, refs)))
    some = list(compress(refs, lefts))
    set_each(
        scores,
        some,
        map(add, map(_FAR_SCORES.__getitem__, filter(None, lefts)), map(habits.get, some, repeat(0))),
    )
    for ref in compress(refs, map(not_, lefts)):
        if ref in habits:
            scores[ref] = habits[ref]
        else:
            del scores[ref]
    return scores


class _FarScores(dict[int, int]):
    """A count of far uses -> its `far_score`, each computed once (a few dozen counts)."""

    def __missing__(self, count: int) -> int:
        found = self[count] = far_score(count)
        return found


_FAR_SCORES = _FarScores()


Siblings = tuple[SymbolNode | None, SymbolNode | None, list[SymbolNode]]
# `_siblings`' answer for each packing, asked seven times a packing: a module's siblings are a list of its top-level
# functions, 7,000-11,000 in sqlite3.c, each a new container the young collections walked.
_SIBLINGS: WeakKeyDictionary[Build, Siblings] = WeakKeyDictionary()


def _siblings(build: Build) -> Siblings:
    """`_read_siblings`, once per packing (its target and scope are chosen before `predict` runs)."""
    found = _SIBLINGS.get(build)
    if found is None:
        found = _SIBLINGS[build] = _read_siblings(build)
    return found


def _read_siblings(build: Build) -> Siblings:
    """The enclosing class, the definition the body sits in among its siblings, and those siblings.

    The anchor is the outermost definition around the body below its class or module: the target
    itself, the method around a function nested in it (whose class and `self` it shares), the `const`
    holding an arrow function (`export const some = dual(2, (self, f) => ...)`, which has no symbol).
    Its siblings are the functions and the definitions of its kind around it."""
    index = build.index
    start = build.target or build.scope
    if start.kind is SymbolKind.MODULE:
        _SIBLING_KINDS[build] = CALLABLE_KINDS
        return None, None, list(top_level_of(index, CALLABLE_KINDS))
    anchor = start
    for outer in index.enclosing(start):
        if outer.kind in CLASS_KINDS:
            members = [index.by_id[c] for c in outer.children if c in index.by_id]
            return outer, anchor, trait_siblings(index, outer) or members
        if outer.kind is SymbolKind.MODULE:
            break
        anchor = outer
    kinds = _SIBLING_KINDS[build] = CALLABLE_KINDS | {anchor.kind}
    return None, anchor, list(top_level_of(index, kinds))


# The kinds of the top-level definitions a packing's siblings are, where they are the file's (`top_level_of`).
_SIBLING_KINDS: WeakKeyDictionary[Build, frozenset[SymbolKind]] = WeakKeyDictionary()


def _sibling_ids(build: Build) -> tuple[str, ...]:
    """The ids of the siblings (`_siblings`), read in C once per packing (11,000 in sqlite3.c: two rules ask)."""
    found = _SIBLING_IDS.get(build)
    if found is None:
        siblings = _siblings(build)[2]
        kinds = _SIBLING_KINDS.get(build)
        # The file's top-level definitions' ids are kept per version; a class's members are read here.
        found = top_level_ids(build.index, kinds) if kinds is not None else tuple(map(_ID, siblings))
        _SIBLING_IDS[build] = found
    return found


_SIBLING_IDS: WeakKeyDictionary[Build, tuple[str, ...]] = WeakKeyDictionary()


def _position(build: Build) -> int:
    """Where the body sits among its siblings (`_siblings`), once per packing (two rules ask)."""
    found = _POSITIONS.get(build)
    if found is None:
        found = _POSITIONS[build] = _read_position(build, *_siblings(build)[1:])
    return found


_POSITIONS: WeakKeyDictionary[Build, int] = WeakKeyDictionary()


def _read_position(build: Build, anchor: SymbolNode | None, siblings: list[SymbolNode]) -> int:
    """The anchor's place among the siblings, or the cursor's between them."""
    if anchor is not None:
        # Looked for in C: a generator over sqlite3.c's 11,000 functions cost ~1 ms.
        try:
            return _sibling_ids(build).index(anchor.id)
        except ValueError:
            return 0
    return sum(1 for s in siblings if s.start[0] + 1 < build.line)


def _beside(build: Build) -> set[str]:
    """The names of the definitions within BESIDE siblings of the body's."""
    siblings = _siblings(build)[2]
    pos = _position(build)
    return {s.name for s in siblings[max(0, pos - BESIDE) : pos + BESIDE + 1]}


def _binding_scores(
    build: Build, scores: Counter[str], cls: SymbolNode | None, neighbours: list[SymbolNode]
) -> dict[str, str]:
    """Scores of the names the file and the class bind (members, names sharing a word with the code
    being written, names waiting for their first use, members of imported classes); their reasons."""
    index, target = build.index, build.target
    about = distinctive(index, _about_words(build))
    reasons: dict[str, str] = {}
    if cls is not None:
        # The class's own state and methods (and those of its in-file bases) are what a new method
        # most often touches: fields first, they cost a line each.
        classes = [
            cls,
            *_same_type(build, cls),
            *(b for b in build.resolver.bases(index, cls) if b.path == index.path),
        ]
        spec = BY_NAME.get(index.language)
        # Named through the language's receiver (`this.x` in TypeScript and Java): `_take_ranked` drops a
        # name whose head the file cannot reach, as `self` is in those.
        receiver = receiver_name(index.language)
        scored: set[str] = set()
        for owner in classes:
            for child_id in owner.children:
                child = index.by_id.get(child_id)
                if child is None or child.id == (target.id if target else None):
                    continue
                ref = f"{receiver}.{child.name}"
                if ref in scored:
                    continue  # overloads of one name (Java's eighteen `sort`s) are one name to rank
                scored.add(ref)
                scores[ref] += CLASS_FIELD if child.kind is SymbolKind.FIELD else CLASS_MEMBER
                if spec is not None and spec.implicit_members:
                    # Methods reach their class's members bare (`ctl`, not `this.ctl`): what the file's code
                    # says of the bare name is said of the member.
                    scores[ref] += scores[child.name]
                shared = sorted(name_words(child.name) & about)
                if shared:
                    # `update_screen` is written next to `update_screen_lines`, which it calls.
                    scores[ref] += SHARED_WORD * min(SHARED_WORDS, len(shared))
                    reasons[ref] = f"shares '{', '.join(shared[:2])}' with the code being written"
    # A name the file binds (a top-level definition, an import) that shares a word with the code being
    # written is likely what it is about.
    # Read once per set of words shared, and written in C: sqlite3.c's functions share `sqlite3` with most headers,
    # 1,450 names a pack.
    sharing = list(_sharing_names(build, about))
    shared_words = list(map(frozenset.intersection, map(name_words, sharing), repeat(about)))
    said = {words_shared: _shared_score(words_shared) for words_shared in set(shared_words)}
    score_reasons = list(map(said.__getitem__, shared_words))
    add_each(scores, sharing, map(_SCORE, score_reasons))
    reasons.update(zip(sharing, map(_REASON, score_reasons), strict=True))
    beside = _beside(build)
    waiting = list(dict.fromkeys(waiting_names(build, cls)))  # a name bound twice waits once
    add_each(scores, waiting, repeat(WAITING))
    # A helper right beside the body that nothing calls yet: the body is most likely its caller (`fn_like` just
    # above the `regexp_init` that registers it).
    near = list(compress(waiting, map(beside.__contains__, waiting)))
    add_each(scores, near, repeat(WAITING_NEAR))
    reasons.update(dict.fromkeys(near, "defined beside the body, not used yet"))
    module_word_types(build, about, scores, reasons)
    waiting_globs(build, scores, reasons)
    for guess in _member_guesses(build, cls, neighbours, about):
        scores[guess.ref] += guess.score
        reasons[guess.ref] = guess.reason
    return reasons


_SCORE, _REASON = itemgetter(0), itemgetter(1)


def _shared_score(words_shared: frozenset[str]) -> tuple[int, str]:
    """The score and reason of a name sharing `words_shared` with the code being written."""
    shared = sorted(words_shared)
    return SHARED_WORD * min(
        SHARED_WORDS, len(shared)
    ), f"shares '{', '.join(shared[:2])}' with the code being written"


def _sharing_names(build: Build, about: set[str]) -> set[str]:
    """The names the file binds (its top-level definitions but the body's own, its imports) sharing a word with
    `about`: read from the file's names by word (a large file binds thousands, most sharing nothing)."""
    index, target = build.index, build.target
    table = top_level_words(index, _ALL_KINDS)
    found: set[str] = set()
    for word in about:
        found.update(table.get(word))
    found.update(
        imp.bound for imp in index.imports if imp.bound and imp.bound != "*" and name_words(imp.bound) & about
    )
    # The body's own name, unless an import or another top-level definition is called so too (a Go method's
    # namesakes on other types).
    if (
        target is not None
        and target.name in found
        and not any(imp.bound == target.name for imp in index.imports)
        and top_level_names(index)[target.name] <= (target.parent == index.module_id)
    ):
        found.discard(target.name)
    return found


_ALL_KINDS = frozenset(SymbolKind)


def _same_type(build: Build, cls: SymbolNode) -> list[SymbolNode]:
    """The other definitions of the enclosing class's type in the file, where a language gives a type its
    methods in several blocks (Rust's `struct ParserI` and its two `impl` blocks): a method reaches the
    members of every one through its receiver (`self.span_char()` of the other block)."""
    spec = BY_NAME.get(build.index.language)
    if spec is None or not spec.impl_blocks:
        return []
    return [s for s in build.index.by_qualname.get(cls.qualname, ()) if s.id != cls.id]


def _push_imports(build: Build) -> None:
    """The file's own imports, a line each: what a new body reaches for first and the cheapest to show."""
    index = build.index
    module_imports = {
        imp.line
        for imp in index.imports
        if index.symbol_at(build.view.positions.line_start(imp.line)).kind is SymbolKind.MODULE
    }
    for line in sorted(module_imports):
        key = f"import:{index.path}:{line}"
        if key not in build.unit_keys:
            lines = build.view.statement_lines(line + 1)
            build.push(
                Unit(
                    key,
                    index.path,
                    "import",
                    "the file's imports",
                    None,
                    {"signature": lines, "full": lines},
                )
            )


def _take_ranked(
    build: Build, scores: Counter[str], reasons: dict[str, str], resolved: dict[str, Target]
) -> None:
    """Targets for the best-scored names the file can reach (and the definitions the siblings' names
    led to, `resolved`), until their headers would overfill."""
    index = build.index
    known_top = index.by_qualname.names()
    bound = {imp.bound for imp in index.imports} | glob_bound(build)
    self_names = self_names_of(index.language)
    bound |= parameter_heads(build, {*bound, *self_names})
    # Where a package is a directory whose files share their top-level names without an import (Go), a
    # name another file of it defines is reached as plainly as one of this file's (`throw`, defined in
    # panic.go, beside mgcpacer.go). Not through includes (C): the headers' names the functions around
    # the body use are resolved where they use them (`siblings.py`); the file's far habits would crowd
    # out its own definitions.
    spec = BY_NAME.get(index.language)
    package = spec is not None and spec.package_is_directory
    follows = follows_members(build)

    def take(ref: str) -> list[Unit] | None:
        """The units `ref` adds; None for a name the file cannot reach (most are locals of the siblings)."""
        before = len(build.units)
        if ref in resolved:
            add_resolved(build, resolved[ref], "predicted", "the neighbouring functions use it")
        else:
            head = ref.partition(".")[0]
            plain = head in self_names or head in known_top or head in bound
            if not (plain or (package and defined_in_package(build.memory, index.path, head))):
                return None
            if follows and head in bound:
                push_import_of(build, head)
            add_targets(
                build, ref, tier="predicted", reason=reasons.get(ref, "likely needed by the new body")
            )
        added = build.units[before:]
        if added:
            rank = scores.get(ref, 0)
            for unit in added:
                unit.rank = rank
        return added

    ranked = in_rank_order(scores, resolved, None if package else (self_names, known_top, bound))
    # Stop ranking once the headers taken would fill the budget twice over: the rest cannot fit. Then
    # only the class's own members go on, as many as its compact member list can name (`fit.py`).
    estimate = 0
    names = int(MEMBER_LIST_SHARE * build.budget) // MEMBER_NAME_COST
    for ref in ranked:
        units = take(ref)
        for unit in units or ():
            view = build.view if unit.path == index.path else build.view_of(unit.path)
            if view is not None:
                estimate += view.cost(unit.levels.get("signature", _NO_LINES)) + HEADER_OVERHEAD
        if units is not None and names <= 0:
            return  # a budget too small to name even one member
        if estimate > BUDGET_SPAN * build.budget:
            break
    # The receiver's members among the thousands left, picked in C (`ranked.py`'s way): none where the language
    # has no receiver word (Go's is each method's own).
    rest = list(ranked) if self_names else []
    members = compress(rest, map(self_names.__contains__, map(HEAD, map(str.partition, rest, repeat(".")))))
    for ref in members:
        if names <= 0:
            break
        names -= len(take(ref) or ())


_NO_LINES: frozenset[int] = frozenset()


def _about_words(build: Build) -> set[str]:
    """What the code being written is about: the words of its header and of the summary line of its
    docstring (the rest of a docstring repeats the parameters at length); outside a function, of the
    enclosing scopes' headers."""
    view, target = build.view, build.target
    lines = set(build.scope_lines) if target is None else view.header_lines(target) | view.doc_lines(target)
    return words("\n".join(view.lines[n - 1] for n in sorted(lines)))


def _member_guesses(
    build: Build, cls: SymbolNode | None, neighbours: list[SymbolNode], about: set[str]
) -> list[MemberGuess]:
    """Members of imported classes the new body may reach through the class (see `members`)."""
    index, target = build.index, build.target
    here = "\n".join(build.view.lines[n - 1] for n in sorted(build.window | build.scope_lines))
    context = set(about)
    if cls is not None and len(cls.children) <= SMALL_CLASS:
        # The members of a small enclosing class say what it is about (`_styles`); a large one is
        # about everything.
        context |= words(" ".join(index.by_id[c].name for c in cls.children if c in index.by_id))
    skip = set() if target is None else {target.id, *(d.id for d in descendants(index, target))}
    return guess_members(build.resolver, index, here, context, neighbours, skip)
