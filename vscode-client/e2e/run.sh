#!/usr/bin/env bash
# End-to-end tests of the archmem extension in the real VS Code workbench (code-server in headless
# Chromium, driven by playwright-core). Installs what it needs itself, idempotently (see toolchain.sh),
# builds the .vsix, and runs e2e/main.ts. Last line: "N passed, M failed, K skipped"; exit 1 on failure.
#
# Usage: bash vscode-client/e2e/run.sh [--update-docs] [--only SUBSTRING]
#   --update-docs   also write the screenshots of docs/vscode.md into docs/images/
#   --only S        run only the scenarios whose name contains S
# Environment: ARCHMEM_E2E_CACHE (toolchain cache, default ~/.cache/archmem-vscode-e2e),
#   ARCHMEM_E2E_STRICT=1 (a scenario skipped for a missing server feature counts as failed),
#   ARCHMEM_E2E_SKIP_BUILD=1 (use the .vsix already built by scripts/test-vscode.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
client=$(dirname "$here")
repo=$(dirname "$client")

while [ $# -gt 0 ]; do
  case "$1" in
    --update-docs) export ARCHMEM_E2E_DOCS_IMAGES="$repo/docs/images" ;;
    --only) shift; export ARCHMEM_E2E_ONLY="$1" ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

# shellcheck source=toolchain.sh
. "$here/toolchain.sh"
archmem_ensure_debian
archmem_ensure_node
archmem_ensure_code_server

# The server under test: the repo's own environment (scripts/setup.sh makes it).
mkdir -p "$client/.e2e"
bash "$repo/scripts/setup.sh" >"$client/.e2e/setup.log" 2>&1 || { cat "$client/.e2e/setup.log" >&2; exit 1; }

cd "$client"
version=$(node -p 'require("./package.json").version')
vsix="$client/archmem-$version.vsix"
if [ "${ARCHMEM_E2E_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$vsix" ]; then
  stamp=node_modules/.archmem-lock
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
  npm run --silent package >/dev/null
fi
node esbuild.mjs --e2e

export ARCHMEM_E2E_CODE_SERVER="$ARCHMEM_CODE_SERVER"
export ARCHMEM_E2E_VSIX="$vsix"
export ARCHMEM_E2E_SERVER="$repo/.venv/bin/archmem"
export ARCHMEM_E2E_PYTHON="$repo/.venv/bin/python"
export ARCHMEM_E2E_REPO="$repo"
export ARCHMEM_E2E_WORK="$client/.e2e/work"
export ARCHMEM_E2E_ARTIFACTS="$client/.e2e/artifacts"
exec node "$client/.e2e/build/e2e.cjs"
