#!/usr/bin/env bash
# Set archmem up and show its main job on its embedded defaults (no model, no network), in story order:
# the memory of a fresh store, a verified fix, then the context deep in a long file: the ledger of what went
# in and why first, then the text it explains. Usage: bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT

echo "== 1. the memory of a real workspace (this repository), built in a fresh store"
archmem index --cache-dir "$store"

echo
echo "== 2. self-debug, offline, on a shipped example with real bugs (examples/buggy): the verified fix as a diff"
echo "   (nothing is written: add --apply to write it)"
archmem fix examples/buggy/shop/report.py --offline --cache-dir "$store" || true

echo
echo "== 3. the context a model gets deep inside a long file (the standard library's _pydecimal.py)"
stdlib=$(python -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
long="$store/long"
mkdir -p "$long" && cp "$stdlib/_pydecimal.py" "$long/"
line=$(grep -n "def _round_half_even" "$long/_pydecimal.py" | head -1 | cut -d: -f1)
archmem context "$long/_pydecimal.py:$((line + 2))" --root "$long" --budget 1024 --cache-dir "$store" \
  > "$store/context.txt"
echo "-- the ledger: what went in, how far it was degraded, and why"
sed -n '/^--- ledger$/,$p' "$store/context.txt" | tail -n +2
echo
echo "-- the text it explains: the code at the cursor in full, then what it depends on, far back in the file"
sed -n '/^--- ledger$/q;p' "$store/context.txt"
