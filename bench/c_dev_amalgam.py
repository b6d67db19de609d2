"""Scratch: a dev workspace shaped like the held-out amalgamations, built from tuned files only: each of
AMALG's .c files with its quoted includes inlined (the first time each; as SQLite's mksqlite3c does),
sqlite3.h/sqlite3ext.h kept shared. The held-out files are left out.

With `--all` (session 15, c9), one more file, `sqlean-all.c`, shaped like `sqlite3.c` itself: every tuned
extension of LONG, one after the other in one file, each header inlined the first time any of them includes it
in `build/c9allroot` (56,000 lines; PCRE2's `compile_block *cb`, `match_block *mb` bodies tens of thousands of lines below their
structs, as `Parse *pParse` is in `sqlite3.c`)."""

import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.context_recall_langs import part_of

SRC = Path(__file__).resolve().parent.parent / "bench/_data/sqlean-py-3.50.4.5"
DST = Path(__file__).resolve().parent.parent / "build" / "c7devroot"
AMALG = ["sqlean-regexp.c", "sqlean-crypto.c", "sqlean-fuzzy.c", "sqlean-text.c"]
KEEP = {"sqlite3.h", "sqlite3ext.h"}
INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
LONG = (
    "sqlean-regexp.c",
    "sqlean-crypto.c",
    "sqlean-fuzzy.c",
    "sqlean-text.c",
    "sqlean-time.c",
    "sqlean-fileio.c",
)
HELD = {"sqlite3.c", "shell.c", "sqlean-vsv.c", "sqlean-unicode.c"}
ALL = "sqlean-all.c"
ALL_DST = DST.parent / "c9allroot"


def inline(path: Path, seen: set[Path], out: list[str]) -> None:
    for line in path.read_text(errors="replace").splitlines(keepends=True):
        m = INC.match(line)
        if m and m.group(1) not in KEEP:
            for base in (path.parent, SRC):
                cand = (base / m.group(1)).resolve()
                if cand.is_file():
                    if cand not in seen:
                        seen.add(cand)
                        out.append(f"/************** Begin file {m.group(1)} **************/\n")
                        inline(cand, seen, out)
                        out.append(f"/************** End of {m.group(1)} **************/\n")
                    break
            else:
                out.append(line)
            continue
        out.append(line)


def main() -> None:
    assert all(part_of(f) == "tuned" for f in LONG) and not HELD & set(LONG)
    if DST.exists():
        shutil.rmtree(DST)
    shutil.copytree(SRC, DST, ignore=lambda d, names: [n for n in names if n in HELD and Path(d) == SRC])
    for name in AMALG:
        out: list[str] = []
        inline(SRC / name, set(), out)
        (DST / name).write_text("".join(out))
        print(name, len(out), "lines")
    if "--all" in sys.argv:
        # A workspace of its own (build/c9allroot), without the extensions it holds: their bodies once.
        if ALL_DST.exists():
            shutil.rmtree(ALL_DST)
        shutil.copytree(
            SRC,
            ALL_DST,
            ignore=lambda d, names: [n for n in names if n in HELD | set(LONG) and Path(d) == SRC],
        )
        seen: set[Path] = set()
        out = []
        for name in LONG:
            out.append(f"/************** Begin file {name} **************/\n")
            inline(SRC / name, seen, out)
        (ALL_DST / ALL).write_text("".join(out))
        print(ALL, len(out), "lines")


if __name__ == "__main__":
    main()
