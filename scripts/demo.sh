#!/usr/bin/env bash
# Set archmem up and show its main job on its embedded defaults: no model, no network.
# Usage: bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT

echo "== 1. self-debug, offline, on a shipped example with real bugs (examples/buggy): the verified fix as a diff"
echo "   (nothing is written: add --apply to write it)"
archmem fix examples/buggy/shop/report.py --offline --cache-dir "$store" || true

echo
echo "== 2. the memory of a real workspace: this repository"
archmem index . --cache-dir "$store"

echo
echo "== 3. one file's hierarchy"
archmem outline indexer/positions.py

echo
echo "== 4. the context a model gets deep inside a long file (the standard library's _pydecimal.py)"
stdlib=$(python -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
line=$(grep -n "def _round_half_even" "$stdlib/_pydecimal.py" | head -1 | cut -d: -f1)
archmem context "$stdlib/_pydecimal.py:$((line + 2))" --root "$stdlib" --exclude site-packages/ --exclude test/ \
  --budget 1024 --cache-dir "$store" | tail -n 40
echo "   (the end of the output: the window, then the ledger of what was included and why)"
