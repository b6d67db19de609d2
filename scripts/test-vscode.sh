#!/usr/bin/env bash
# The VS Code extension's whole gate: clean install from the lockfile, type check, unit tests (node --test),
# package the .vsix, then the end-to-end scenarios in the real VS Code workbench (vscode-client/e2e/run.sh).
# Installs its toolchain itself (Node 24, code-server, Chromium; cached outside the repo, see
# vscode-client/e2e/toolchain.sh). Usage: bash scripts/test-vscode.sh   (extra arguments go to run.sh)
set -euo pipefail
cd "$(dirname "$0")/../vscode-client"
. e2e/toolchain.sh
archmem_ensure_debian
archmem_ensure_node
archmem_ensure_code_server

echo "== npm ci (node $(node --version))"
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json node_modules/.archmem-lock

echo "== tsc --noEmit"
npm run --silent typecheck

echo "== unit tests (node --test)"
npm test --silent

echo "== package"
npm run --silent package | tail -1

echo "== end to end (code-server $ARCHMEM_CODE_SERVER_VERSION, headless Chromium)"
ARCHMEM_E2E_SKIP_BUILD=1 bash e2e/run.sh "$@"
