"""Generate mode's reading of the helpers only the body being written will call: a method its language calls
private (`LanguageSpec.private_method`: Rust's `fn` without `pub` in an inherent `impl`) that no code of the
file calls is dead code unless the body calls it (`peek_space`, which only `parse_set_class_range` calls), so
the method itself is as likely in the body as anything (where the type has few such: many say nothing); and the body chooses what it hands over: `push_class_op(
&self, next_kind: ast::ClassSetBinaryOpKind, ..)` waits for `parse_set_class`, which passes
`ClassSetBinaryOpKind::Intersection` and its two siblings. The variants of the small enums such a helper's
parameters take are scored as those a helper named after the body takes (`named.delegate_variants`)."""

from __future__ import annotations

from collections import Counter

from ..languages import BY_NAME
from ..records import CALLABLE_KINDS, CLASS_KINDS, SymbolNode
from ..resolve import descendants
from ..target import Target
from .build import Build, receiver_name
from .members import ref_counts
from .named import handed_variants
from .tables import name_uses
from .weights import CALLEE_VARIANT, UNCALLED_METHOD, UNCALLED_METHODS


def callee_variants(build: Build, cls: SymbolNode | None, scores: Counter[str]) -> dict[str, Target]:
    """Score the private methods of the body's type (its every block in the file) that no other code of the
    file calls, through the receiver (`self.peek_space`), and by `definition:` keys the variants of the small
    enums they take; what each key leads to."""
    target, index = build.target, build.index
    spec = BY_NAME.get(index.language)
    resolved: dict[str, Target] = {}
    if target is None or spec is None or cls is None:
        return resolved
    outer = [s.signature for s in index.enclosing(cls) if s.kind in CLASS_KINDS]
    own = {target.id, *(d.id for d in descendants(index, target))}
    receiver = receiver_name(index.language)
    users = name_uses(index)[2]
    counts = ref_counts(index)
    heads = ("", cls.name, *spec.self_type_names)
    uncalled: list[SymbolNode] = []
    for block in index.by_qualname.get(cls.qualname, (cls,)):
        classes = [block.signature, *outer]
        for child_id in block.children:
            helper = index.by_id.get(child_id)
            if helper is None or helper.id in own or helper.kind not in CALLABLE_KINDS:
                continue
            if any(f"{head}.{helper.name}" in counts for head in heads):
                continue  # called elsewhere (`Self::x()`, `ParserI::x()`, `.x()`): not waiting
            # Cheap tests first: a large type has a hundred methods, few of them private and uncalled. A caller
            # nested in the helper (itself, a closure of its own) does not count.
            callers = (index.by_id.get(c) for c in users.get(f"{receiver}.{helper.name}", ()) if c not in own)
            if any(
                c is not None and not helper.start_byte <= c.start_byte < helper.end_byte for c in callers
            ):
                continue  # called through the receiver (`self.x()`) by other code
            if not spec.private_method(helper.signature, classes):
                continue
            uncalled.append(helper)
            resolved.update(handed_variants(build, helper, CALLEE_VARIANT, scores))
    if len(uncalled) <= UNCALLED_METHODS:
        # Many uncalled (code kept for later, or for a `cfg` this file does not show): no sign of this body.
        for helper in uncalled:
            scores[f"{receiver}.{helper.name}"] += UNCALLED_METHOD
    return resolved
