"""Overloaded call signatures in TypeScript object types (effect's `dual`, `pipe`, every overloaded
`const`): tree-sitter-typescript 0.23.2 reads `): A` + newline + `<B>(...)` as `A<B>(...)` and made
effect's whole Function.ts one ERROR node, so `dual`, `identity` and `pipe` were not in the memory. The
TypeScript spec separates such signatures before parsing, byte for byte in place; TSX's JSX is left alone."""

from __future__ import annotations

from archmem.indexer.languages import BY_NAME
from archmem.indexer.languages.typescript import blank_escaped_backticks, repair_call_signatures

from tests.support.memory import index_text, kinds

# Cut down from effect 3.12.0's src/Function.ts.
FUNCTION_TS = """/**
 * @since 2.0.0
 */
export const dual: {
  /**
   * Creates a function that can be used in a data-last or data-first style.
   */
  <DataLast extends (...args: Array<any>) => any, DataFirst extends (...args: Array<any>) => any>(
    arity: Parameters<DataFirst>["length"],
    body: DataFirst
  ): DataLast & DataFirst
  /**
   * With a predicate.
   */
  <DataLast extends (...args: Array<any>) => any, DataFirst extends (...args: Array<any>) => any>(
    isDataFirst: (args: IArguments) => boolean,
    body: DataFirst
  ): DataLast & DataFirst
} = function(arity, body) {
  return body
}

export interface FunctionN<A extends ReadonlyArray<unknown>, B> {
  (...args: A): B
}

export const identity = <A>(a: A): A => a

export const compose: {
  <B, C>(bc: (b: B) => C): <A>(self: (a: A) => B) => (a: A) => C
  <A, B, C>(self: (a: A) => B, bc: (b: B) => C): (a: A) => C
} = dual(2, <A, B, C>(ab: (a: A) => B, bc: (b: B) => C): (a: A) => C => (a) => bc(ab(a)))
"""
GENERIC_ARROWS_TS = (
    "export const f =\n  <A>(a: A) => a\n\nexport const g = pipe(\n  x,\n  <B>(b: B) => b\n)\n"
)
VIEW_TSX = "export function View() {\n  return (\n    <div>\n      <Item />\n    </div>\n  )\n}\n"


def test_overloaded_signatures_parse_and_their_definitions_are_in_the_memory() -> None:
    assert not BY_NAME["typescript"].parse(FUNCTION_TS.encode()).root_node.has_error
    found = kinds(index_text("Function.ts", FUNCTION_TS))
    # `dual` is typed with its overloads: a variable, whose header is its first line, not 95 of them.
    expected = {"dual": "variable", "FunctionN": "interface", "identity": "function", "compose": "variable"}
    assert {name: found.get(name) for name in expected} == expected


def test_the_repair_keeps_every_byte_in_place_and_touches_only_such_signatures() -> None:
    text = FUNCTION_TS.encode()
    repaired = repair_call_signatures(text)
    assert len(repaired) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, repaired, strict=True)) if a != b]
    # The second overload of `dual` (after the first's `DataFirst` and a JSDoc) and `compose`'s second.
    assert [repaired[i : i + 2] for i in changed] == [b";<", b";<"]
    # A generic arrow after `=` or `,` starts no member: nothing to separate.
    assert repair_call_signatures(GENERIC_ARROWS_TS.encode()) == GENERIC_ARROWS_TS.encode()


def test_tsx_elements_on_their_own_lines_are_left_alone() -> None:
    tree = BY_NAME["tsx"].parse(VIEW_TSX.encode())
    assert not tree.root_node.has_error
    assert kinds(index_text("View.tsx", VIEW_TSX)) == {"View": "function"}


# effect's Schema.ts: a template literal type with escaped backticks, which the grammar reads no escape in
# (the whole file was one ERROR root: the definitions after it were lost); then an escaped backslash before
# a closing backtick, which is no escaped backtick.
TEMPLATE_TYPE_TS = (
    'type MissingSelfGeneric<Usage extends string, Params extends string = ""> =\n'
    "  `Missing \\`Self\\` generic - use \\`class Self extends ${Usage}<Self>()(${Params}{ ... })\\``\n\n"
    "export const Class = <Self = never>(identifier: string) =>\n"
    '  (fields: number): [Self] extends [never] ? MissingSelfGeneric<"Class"> : number => fields\n\n'
    "export interface Later {\n  readonly x: number\n}\n"
    "const greeting = `say \\\\`\nexport function after(): string {\n  return greeting\n}\n"
)


def test_escaped_backticks_in_a_template_literal_type_lose_no_definition() -> None:
    assert [s.qualname for s in index_text("schema.ts", TEMPLATE_TYPE_TS).symbols[1:]] == [
        "MissingSelfGeneric",
        "Class",
        "Later",
        "Later.x",
        "greeting",
        "after",
    ]
    text = TEMPLATE_TYPE_TS.encode()
    blanked = blank_escaped_backticks(text)
    assert len(blanked) == len(text)
    assert blanked.count(b"\\`") == 1  # the escaped backslash's closing backtick is kept
