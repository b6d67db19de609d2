"""Generate mode in C reads what a file defines just above a body: a name is declared before its use, so the
macros written for a function (`ROUND256` above `SHA256_Transform`) come right before it (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body


def _functions(prefix: str, first: int, count: int) -> str:
    # Each uses its own constant: as much a use of a macro as the round macros' one other use.
    return "".join(
        f"static int {prefix}{i}(int x) {{\n    return x * K{i} + {i};\n}}\n\n"
        for i in range(first, first + count)
    )


CRYPTO_C = (
    "".join(f"#define K{i} ({i} * 7 + 1)\n" for i in range(30))
    + "\n"
    + _functions("fold", 0, 24)
    + "#define ROUND_A(a, b) ((a) ^ ((b) << 3))\n"
    "#define ROUND_B(a, b) ((a) + ((b) >> 5))\n\n"
    "static void mix_block(unsigned *state, const unsigned *data) {\n    return;\n}\n\n"
    + _functions("spread", 24, 6)
    + "static void mix_other(unsigned *s) {\n    s[0] = ROUND_A(s[0], s[1]);\n    s[1] = ROUND_B(s[1], s[0]);\n}\n"
)


def test_the_macros_just_above_the_body_are_predicted(tmp_path: Path) -> None:
    ctx = pack_hidden_body(
        tmp_path,
        {"crypto.c": CRYPTO_C},
        "crypto.c",
        "static void mix_block(unsigned *state, const unsigned *data) {",
        budget=400,
    )
    rounds = [line for line in CRYPTO_C.splitlines() if line.startswith("#define ROUND_")]
    assert len(rounds) == 2
    assert not missing_lines(ctx, "crypto.c", CRYPTO_C, rounds), ctx.ledger()
