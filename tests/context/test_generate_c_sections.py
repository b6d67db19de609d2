"""Generate mode in C: in a file that is two programs in a row (an amalgamation: a regex engine, then a hash), the
far part's habits do not outrank the macros the body's own part of the file uses (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.generate import missing_lines, pack_hidden_body

OPTIONS = [f"RE_OPT{i}" for i in range(45)]


def _regex_part(per: int) -> str:
    # Eighty functions, each using `per` of the engine's 45 option macros: every macro reaches the file's caps.
    return (
        "".join(f"#define {name} (1u << {i})\n" for i, name in enumerate(OPTIONS))
        + "\ntypedef struct re_ctx { unsigned flags; int depth; } re_ctx;\n\n"
        + "".join(
            f"static int re_step{i}(re_ctx *c, int n) {{\n"
            f"    unsigned m = {' | '.join(OPTIONS[(i + k) % 45] for k in range(per))};\n"
            "    return (c->flags & m) ? n + c->depth : n;\n}\n\n"
            for i in range(80)
        )
    )


def _filler(count: int) -> str:
    return "".join(
        f"static int fill{i}(int a, int b) {{\n    int c = a * {i} + b;\n    return c - fill{i + 1}(a, b);\n}}\n\n"
        for i in range(count)
    )


HASH = (
    "#define HASH_BLOCK_LENGTH 64\n"
    "#define HASH_SHORT_BLOCK_LENGTH (HASH_BLOCK_LENGTH - 8)\n"
    "#define HASH_DIGEST_LENGTH 32\n\n"
    "typedef struct sha_ctx { unsigned state[8]; unsigned long long bitcount; unsigned char buffer[64]; } sha_ctx;\n\n"
    "static void sha_transform(sha_ctx *ctx, const unsigned char *data) {\n"
    "    ctx->state[0] += data[HASH_BLOCK_LENGTH - 1];\n}\n\n"
    "static void sha_update(sha_ctx *ctx, const unsigned char *data, int len) {\n"
    "    while (len >= HASH_BLOCK_LENGTH) { sha_transform(ctx, data); data += HASH_BLOCK_LENGTH; len -= HASH_BLOCK_LENGTH; }\n}\n\n"
    "static int sha_pad(sha_ctx *ctx, int used) {\n"
    "    return used <= HASH_SHORT_BLOCK_LENGTH ? HASH_SHORT_BLOCK_LENGTH - used : HASH_DIGEST_LENGTH;\n}\n\n"
)


def _amalgamation(gap: int, per: int) -> str:
    return (
        _regex_part(per)
        + _filler(gap).replace("fill", "gap")
        + HASH
        + _filler(12)
        + "static int sha_final(sha_ctx *ctx, unsigned char *out) {\n    return 0;\n}\n\n"
        + _filler(4).replace("fill", "tail")
    )


@pytest.mark.parametrize(("gap", "per", "budget"), [(40, 10, 500), (6, 45, 300)])
def test_the_bodys_own_part_of_an_amalgamation_outranks_a_far_parts_habits(
    tmp_path: Path, gap: int, per: int, budget: int
) -> None:
    # 6 functions between the parts: the regex part, each function of which uses every option, ends 22 functions
    # above the body, outside a section reaching 20 functions either side (sqlite3.c's parts, and sqlean's, are
    # often a few dozen functions long), inside one reaching 40.
    text = _amalgamation(gap, per)
    ctx = pack_hidden_body(
        tmp_path, {"all.c": text}, "all.c", "static int sha_final(sha_ctx *ctx, unsigned char *out) {", budget
    )
    wanted = ["#define HASH_BLOCK_LENGTH 64"]
    assert not missing_lines(ctx, "all.c", text, wanted), ctx.ledger()
