#!/usr/bin/env bash
# Install the oracles of bench/context_recall_langs.py (idempotent; a second run only checks). Never needed
# by the test suite. From Debian: clangd (C), gopls with golang-go (Go 1.19, whose standard library source
# is the Go corpus), node and npm (the TypeScript compiler itself comes from npm, fetched by the benchmark).
# Usage: bash scripts/install-oracles.sh
set -euo pipefail
missing=()
for tool in clangd gopls go node npm; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -eq 0 ] && [ -f /usr/lib/go-1.19/src/net/http/server.go ]; then
  echo "install-oracles: clangd, gopls, go 1.19 sources, node and npm present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-oracles: missing ${missing[*]:-Go 1.19 sources}; installing needs root: sudo apt-get install clangd gopls golang-go nodejs npm" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends clangd gopls golang-go golang-1.19-src nodejs npm >/dev/null
clangd --version | head -1
go version
