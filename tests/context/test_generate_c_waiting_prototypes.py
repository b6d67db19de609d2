"""Generate mode in C reads the prototypes just above a body: an amalgamation inlines each part's headers right
above its code, and the functions they declare that no code calls yet (`md5_init`, `sha1_update` above the
`crypto_hash` dispatching to every hash) wait for the body below them (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.support.generate import missing_lines, pack_hidden_body


def _filler(prefix: str, count: int) -> str:
    # Functions of the file's other parts, each using a constant of its own: names the file's code uses often.
    return "".join(
        f"static int {prefix}{i}(int x) {{\n    return x * {prefix.upper()}K{i} + {i};\n}}\n\n"
        for i in range(count)
    ) + "".join(f"#define {prefix.upper()}K{i} ({i} * 3 + 1)\n" for i in range(count))


def _header(algo: str) -> str:
    # An inlined header: its context type, a few lengths, and the three calls of its API.
    upper = algo.upper()
    return (
        f"/************** Begin file crypto/{algo}.h **************/\n"
        f"#define {upper}_BLOCK_SIZE 64\n#define {upper}_DIGEST_SIZE 32\n#define {upper}_ROUNDS 80\n"
        f"typedef struct {{\n    unsigned char data[64];\n    unsigned long long bitlen;\n}} {upper}_CTX;\n\n"
        f"void* {algo}_init();\nvoid {algo}_update({upper}_CTX* ctx, const unsigned char data[], unsigned long len);\n"
        f"int {algo}_final({upper}_CTX* ctx, unsigned char hash[]);\n"
        f"/************** End of crypto/{algo}.h **************/\n"
    )


def _definitions(algo: str) -> str:
    # The part defining the header's API, after the extension's glue as an amalgamation orders it.
    upper = algo.upper()
    return (
        f"void* {algo}_init() {{\n    return 0;\n}}\n\n"
        f"void {algo}_update({upper}_CTX* ctx, const unsigned char data[], unsigned long len) {{\n"
        f"    ctx->bitlen += len * {upper}_ROUNDS;\n}}\n\n"
        f"int {algo}_final({upper}_CTX* ctx, unsigned char hash[]) {{\n    return hash[0] + ctx->data[0];\n}}\n\n"
    )


ALGOS = ("md5", "sha1", "sha256", "sha512")
HEADER = "static void crypto_hash(int algo, const unsigned char* data, unsigned long len) {"
CRYPTO_C = (
    _filler("base", 30)
    + "".join(_header(a) for a in ALGOS)
    + "\n"
    + HEADER
    + "\n    return;\n}\n\n"
    + _filler("encode", 20)
    + "".join(_definitions(a) for a in ALGOS)
)


def _missing_prototypes(root: Path, source: str) -> tuple[list[str], list[str]]:
    """The file's prototypes, and those the pack at `crypto_hash`'s hidden body leaves out."""
    ctx = pack_hidden_body(root, {"crypto.c": source}, "crypto.c", HEADER, budget=500)
    prototypes = [
        line
        for line in source.splitlines()
        if line.endswith(";") and line.startswith(("void* ", "void ", "int ")) and "(" in line
    ]
    return prototypes, missing_lines(ctx, "crypto.c", source, prototypes)


def test_the_prototypes_above_the_body_nothing_calls_are_predicted(tmp_path: Path) -> None:
    prototypes, missing = _missing_prototypes(tmp_path, CRYPTO_C)
    assert len(prototypes) == 3 * len(ALGOS)
    assert not missing


def test_prototypes_the_file_calls_already_do_not_wait(tmp_path: Path) -> None:
    # The same file with every hash called by a function of its own below: the prototypes are no longer waiting,
    # and what a body beside them calls is for the file's other signs to say.
    callers = "".join(
        f"static void use_{a}(void) {{\n    {a}_final(0, 0);\n    {a}_update(0, 0, 0);\n    {a}_init();\n}}\n\n"
        for a in ALGOS
    )
    prototypes, missing = _missing_prototypes(tmp_path, CRYPTO_C + callers)
    assert len(missing) > len(prototypes) // 2
