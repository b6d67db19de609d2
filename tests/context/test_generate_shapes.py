"""Generate mode predicts from the body's shape: what the file's functions with headers like its own use
(an SQLite extension's `xFunc`s all call `sqlite3_value_*` and `sqlite3_result_*`), and what the file uses
of the packages its header takes types from (`x constant.Value` -> `constant.ToFloat`), even where the
functions around the body are about something else (issue 15)."""

from __future__ import annotations

from pathlib import Path

from archmem.indexer.context import Packer
from archmem.indexer.context.result import PackedContext
from archmem.indexer.workspace import Memory

from tests.support.memory import write_tree

# sqlean's shape (sqlean-regexp.c): the functions registered with SQLite share one header and use its API;
# the file's other functions, hundreds of lines of a library, use each other.
SQLITE_H = (
    "typedef struct sqlite3_value sqlite3_value;\n"
    "typedef struct sqlite3_context sqlite3_context;\n"
    "const unsigned char *sqlite3_value_text(sqlite3_value*);\n"
    "int sqlite3_value_int(sqlite3_value*);\n"
    "void sqlite3_result_error(sqlite3_context*, const char*, int);\n"
    "void sqlite3_result_int(sqlite3_context*, int);\n"
    "void sqlite3_result_text(sqlite3_context*, const char*, int, void(*)(void*));\n"
)


def _helpers(first: int, count: int) -> str:
    # Each helper calls the next two: neighbours of the body that say nothing about the SQLite API.
    return "".join(
        f"static int match_step{i}(const char *p, int n) {{\n"
        f"    int a = match_step{i + 1}(p, n - 1);\n    int b = match_step{i + 2}(p + 1, n);\n"
        f"    return a + b + MATCH_LIMIT_{i % 7};\n}}\n\n"
        for i in range(first, first + count)
    )


_XFUNCS = (
    "static void fn_like(sqlite3_context *ctx, int argc, sqlite3_value **argv) {\n"
    "    const char *s = (const char *)sqlite3_value_text(argv[0]);\n"
    '    if (!s) { sqlite3_result_error(ctx, "no text", -1); return; }\n'
    "    sqlite3_result_int(ctx, match_step0(s, argc));\n}\n\n"
    "static void fn_extract(sqlite3_context *ctx, int argc, sqlite3_value **argv) {\n"
    "    const char *s = (const char *)sqlite3_value_text(argv[0]);\n"
    "    int group = sqlite3_value_int(argv[1]);\n"
    '    if (!s) { sqlite3_result_error(ctx, "no text", -1); return; }\n'
    "    sqlite3_result_text(ctx, s + group, -1, 0);\n}\n\n"
)
EXTENSION = (
    '#include "sqlite3.h"\n\n'
    + "".join(f"#define MATCH_LIMIT_{i} {i + 10}\n" for i in range(7))
    + "\n"
    + _XFUNCS
    + _helpers(0, 60)
    + "static void fn_count(sqlite3_context *ctx, int argc, sqlite3_value **argv) {\n    \n}\n\n"
    + _helpers(60, 20)
)


def _pack_generate(root: Path, rel: str, source: str, body_line: str, budget: int) -> PackedContext:
    """Generate mode at the body's one (empty) line."""
    cursor = source.splitlines().index(body_line)
    ctx = Packer(Memory.open(root)).pack(rel, cursor, len(body_line), budget=budget, mode="generate")
    assert ctx.tokens <= budget
    return ctx


def test_the_functions_shaped_like_the_body_say_what_api_it_calls(tmp_path: Path) -> None:
    write_tree(tmp_path, {"sqlite3.h": SQLITE_H, "ext.c": EXTENSION})
    ctx = _pack_generate(tmp_path, "ext.c", EXTENSION, "    ", budget=1024)
    header = SQLITE_H.splitlines()
    shown = ctx.included_lines("sqlite3.h")
    for name in ("sqlite3_value_text", "sqlite3_result_error", "sqlite3_result_int"):
        line = next(n for n, text in enumerate(header, 1) if f"{name}(" in text)
        assert line in shown, (name, ctx.ledger())


# go/types' shape (expr.go): `keyVal(x constant.Value)` sits among methods of `*Checker` about operands; the
# file reaches `constant`'s functions far from it.
CONSTANT_GO = (
    "package constant\n\ntype Kind int\n\nconst (\n\tUnknown Kind = iota\n\tInt\n\tFloat\n)\n\n"
    "type Value interface {\n\tKind() Kind\n}\n\n"
    "func ToFloat(x Value) Value { return x }\n\nfunc ToInt(x Value) Value { return x }\n\n"
    "func Float64Val(x Value) (float64, bool) { return 0, false }\n\n"
    "func Int64Val(x Value) (int64, bool) { return 0, false }\n\n"
    "func MakeBool(b bool) Value { return nil }\n"
)


def _methods(first: int, count: int) -> str:
    return "".join(
        f"func (check *Checker) step{i}(x *operand) {{\n\tcheck.step{i + 1}(x)\n\tx.mode = mode{i % 5}\n"
        f"\tcheck.record(x, limit{i % 50})\n}}\n\n"
        for i in range(first, first + count)
    )


EXPR_GO = (
    'package types\n\nimport "example.com/app/constant"\n\n'
    "type operand struct {\n\tmode int\n\tval constant.Value\n}\n\n"
    "type Checker struct{}\n\n"
    + "".join(f"const mode{i} = {i}\n" for i in range(5))
    + "".join(f"const limit{i} = {i}\n" for i in range(50))
    + "\nfunc (check *Checker) record(x *operand, n int) {}\n\n"
    "func (check *Checker) convert(x *operand) {\n\tf := constant.ToFloat(x.val)\n"
    "\tif v, ok := constant.Float64Val(f); ok {\n\t\tx.val = constant.ToInt(f)\n\t\t_ = v\n\t}\n"
    "\tif constant.ToInt(x.val).Kind() == constant.Int {\n\t\treturn\n\t}\n}\n\n"
    + _methods(0, 150)
    + "func keyVal(x constant.Value) interface{} {\n\t\n}\n\n"
    + _methods(150, 20)
)


def test_the_package_of_a_parameter_type_says_what_the_body_calls(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "go.mod": "module example.com/app\n\ngo 1.19\n",
            "constant/value.go": CONSTANT_GO,
            "types/expr.go": EXPR_GO,
        },
    )
    ctx = _pack_generate(tmp_path, "types/expr.go", EXPR_GO, "\t", budget=512)
    declared = CONSTANT_GO.splitlines()
    shown = ctx.included_lines("constant/value.go")
    for name in ("func ToFloat(", "func Float64Val(", "func ToInt(", "\tInt"):
        line = next(n for n, text in enumerate(declared, 1) if text.startswith(name))
        assert line in shown, (name, ctx.ledger())


# crypto/tls's shape (common.go): `(c *Config) cipherSuites()` reads the field it is named for, one of the
# dozens of a large struct, which none of the methods around it touches.
CONFIG_GO = (
    "package tls\n\ntype Config struct {\n"
    + "".join(
        f"\t// Option{i} sets how the handshake treats case {i}.\n\tOption{i} int\n\n" for i in range(30)
    )
    + "\t// CipherSuites is a list of enabled cipher suites.\n\tCipherSuites []uint16\n\n"
    + "".join(f"\t// Setting{i} names setting {i}.\n\tSetting{i} string\n\n" for i in range(30))
    + "}\n\n"
    + "".join(
        f"func (c *Config) option{i}() int {{\n\treturn c.Option{i} + c.Option{i + 1}\n}}\n\n"
        for i in range(12)
    )
    + "func (c *Config) cipherSuites() []uint16 {\n\t\n}\n\n"
    + "".join(f"func (c *Config) setting{i}() string {{\n\treturn c.Setting{i}\n}}\n\n" for i in range(6))
)


def test_a_method_named_for_a_field_of_its_receiver_reads_it(tmp_path: Path) -> None:
    write_tree(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.19\n", "tls/common.go": CONFIG_GO})
    ctx = _pack_generate(tmp_path, "tls/common.go", CONFIG_GO, "\t", budget=512)
    field = CONFIG_GO.splitlines().index("\tCipherSuites []uint16") + 1
    assert field in ctx.included_lines("tls/common.go"), ctx.ledger()


# sqlean's text/bstring.h: an anonymous struct named by its typedef's last line.
BSTRING_H = (
    "#include <stddef.h>\n\ntypedef struct {\n"
    + "".join(f"    // field {i} of the string\n    size_t field{i};\n" for i in range(20))
    + "} ByteString;\n\nByteString bstring_new(void);\n"
)
BSTRING_C = (
    '#include "bstring.h"\n\n'
    + "".join(f"static int helper{i}(int n) {{\n    return n + {i};\n}}\n\n" for i in range(30))
    + "ByteString bstring_reverse(ByteString str) {\n    \n}\n"
)


def test_a_typedef_struct_shown_at_its_header_shows_its_name(tmp_path: Path) -> None:
    """`typedef struct {` alone names nothing: the header of a typedef'd struct includes its name's line."""
    write_tree(tmp_path, {"bstring.h": BSTRING_H, "bstring.c": BSTRING_C})
    ctx = _pack_generate(tmp_path, "bstring.c", BSTRING_C, "    ", budget=256)
    name = BSTRING_H.splitlines().index("} ByteString;") + 1
    assert name in ctx.included_lines("bstring.h"), ctx.ledger()


# effect's shape (Record.ts, ParseResult.ts): an anonymous function under `dual` takes an `Option.Option`;
# the file reaches `Option`'s functions far from it.
OPTION_TS = (
    "export interface Option<A> { readonly _tag: string; readonly value: A }\n\n"
    "export const isSome = <A>(self: Option<A>): boolean => self._tag === 'Some'\n\n"
    "export const getOrElse = <A>(self: Option<A>, f: () => A): A => (isSome(self) ? self.value : f())\n\n"
    "export const none = <A>(): Option<A> => ({ _tag: 'None' } as any)\n"
)
RECORD_TS = (
    'import * as Option from "./Option"\n\n'
    "declare const dual: any\n\n"
    "export const firstSome = (self: Array<Option.Option<number>>) => self.find(Option.isSome) ?? Option.none()\n\n"
    + "".join(
        f"export const step{i} = (n: number): number => step{i + 1}(n) + limit{i % 40}\n\n"
        for i in range(120)
    )
    + "".join(f"const limit{i} = {i}\n" for i in range(40))
    + "\nexport const getSome = dual(2, <A>(self: Option.Option<A>, onNone: () => A): A => {\n  \n})\n\n"
    + "".join(f"export const after{i} = (n: number): number => step{i}(n)\n\n" for i in range(10))
)


def test_an_anonymous_function_s_parameter_namespace_says_what_it_calls(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Option.ts": OPTION_TS, "Record.ts": RECORD_TS})
    ctx = _pack_generate(tmp_path, "Record.ts", RECORD_TS, "  ", budget=512)
    declared = OPTION_TS.splitlines()
    shown = ctx.included_lines("Option.ts")
    for name in ("export const isSome", "export const none"):
        line = next(n for n, text in enumerate(declared, 1) if text.startswith(name))
        assert line in shown, (name, ctx.ledger())


def test_what_the_workspace_uses_most_of_a_parameter_namespace_comes_too(tmp_path: Path) -> None:
    """`Option.getOrElse`, which this file never called but the workspace's other files do, is among what a
    body taking an `Option.Option` will call."""
    users = {
        f"user{i}.ts": f'import * as Option from "./Option"\n\nexport const use{i} = (o: Option.Option<number>) => '
        "Option.getOrElse(o, () => 0)\n"
        for i in range(3)
    }
    write_tree(tmp_path, {"Option.ts": OPTION_TS, "Record.ts": RECORD_TS, **users})
    ctx = _pack_generate(tmp_path, "Record.ts", RECORD_TS, "  ", budget=512)
    line = next(
        n for n, text in enumerate(OPTION_TS.splitlines(), 1) if text.startswith("export const getOrElse")
    )
    assert line in ctx.included_lines("Option.ts"), ctx.ledger()
