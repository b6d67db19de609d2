"""Generate mode in TypeScript (issue 15): a body handed a union of eight classes (effect's ParseResult.ts's
`ParseIssue`, read after `isRefinement(issue)` as `issue.kind`, `issue.issue`) is shown the fields its variants do not
all declare, not the discriminant every one of them does (`context/guarded_variants.py`,
`LanguageSpec.guarded_variants`); a union of more variants than the language reads is not offered."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import pack_at_line, shown_lines

# The neighbours use many helpers of another module, each shown before a handed type's members would be.
from .test_generate_ts_small_face_methods import HELPERS_TS

_VARIANTS = [
    "Type",
    "Missing",
    "Unexpected",
    "Forbidden",
    "Pointer",
    "Refinement",
    "Transformation",
    "Composite",
]
_OWN = {"Refinement": "readonly kind: string", "Transformation": "readonly inner: Issue"}


def _issue_ts(variants: list[str]) -> str:
    return (
        "".join(
            f"export class {name} {{\n"
            f'  readonly _tag = "{name}"\n'
            f"  constructor(\n    readonly actual: unknown,\n    {_OWN.get(name, f'readonly {name.lower()}Note: string')}\n"
            "  ) {}\n}\n\n"
            for name in variants
        )
        + f"export type Issue = {' | '.join(variants)}\n"
    )


FORMAT_TS = (
    'import * as helpers from "./helpers"\n'
    'import type { Issue } from "./issue"\n\n'
    "export const before = (n: number): string =>\n"
    + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(20))
    + '  ""\n\n'
    "export const getMessage = (issue: Issue): string => {\n"
    "  \n"
    "}\n\n"
    "export const after = (n: number): string =>\n"
    + "".join(f"  helpers.helper{i}(String(n), n) +\n" for i in range(20, 40))
    + '  ""\n\n'
    # The file's guards, built from a variant's tag, and a function merely named after a variant.
    + "const guard = (tag: string) => (issue: Issue): boolean => helpers.helper2(tag, 1) === tag\n\n"
    + 'export const isRefinement = guard("Refinement")\n\n'
    + "export const fromRefinement = (n: number): string => helpers.helper1(String(n), n)\n"
)
BUDGET = 400


def _shown(tmp_path: Path, issue_ts: str) -> set[str]:
    ctx = pack_at_line(
        tmp_path,
        {"issue.ts": issue_ts, "helpers.ts": HELPERS_TS, "format.ts": FORMAT_TS},
        "format.ts",
        "  ",
        BUDGET,
    )
    return shown_lines(ctx, "issue.ts", issue_ts)


def test_the_own_fields_of_a_handed_union_of_eight_are_shown(tmp_path: Path) -> None:
    shown = _shown(tmp_path, _issue_ts(_VARIANTS))
    assert "readonly kind: string" in shown, shown
    assert "readonly inner: Issue" in shown, shown
    # The discriminant every variant declares is not offered through the union.
    assert not any(line.startswith("readonly _tag") for line in shown), shown


def test_the_files_guards_built_from_a_variants_tag_are_shown(tmp_path: Path) -> None:
    ctx = pack_at_line(
        tmp_path,
        {"issue.ts": _issue_ts(_VARIANTS), "helpers.ts": HELPERS_TS, "format.ts": FORMAT_TS},
        "format.ts",
        "  ",
        BUDGET,
    )
    shown = shown_lines(ctx, "format.ts", FORMAT_TS)
    assert 'export const isRefinement = guard("Refinement")' in shown, shown
    assert not any(line.startswith("export const fromRefinement") for line in shown), shown


def test_a_union_of_more_variants_is_not_offered(tmp_path: Path) -> None:
    shown = _shown(tmp_path, _issue_ts([*_VARIANTS, "Extra"]))
    assert "readonly kind: string" not in shown, shown
