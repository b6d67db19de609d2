#!/usr/bin/env bash
# Install the oracles of bench/context_recall_langs.py (idempotent; a second run only checks). Never needed
# by the test suite. From Debian: clangd (C), gopls with golang-go (Go 1.19, whose standard library source
# is the Go corpus), node and npm (the TypeScript compiler itself comes from npm, fetched by the benchmark),
# a JDK for javac (Java; the JDK's sources are fetched by the benchmark with `apt-get download`), and three
# Rust crates' sources (the Rust corpus: no rust-analyzer installs here, its targets are hand-checked).
# Usage: bash scripts/install-oracles.sh
set -euo pipefail
crates=(librust-regex-syntax-dev librust-syn-dev librust-serde-json-dev)
missing=()
for tool in clangd gopls go node npm javac; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
for crate in regex-syntax-0.6.27 syn-1.0.107 serde_json-1.0.87; do
  [ -f "/usr/share/cargo/registry/$crate/src/lib.rs" ] || missing+=("$crate")
done
if [ ${#missing[@]} -eq 0 ] && [ -f /usr/lib/go-1.19/src/net/http/server.go ]; then
  echo "install-oracles: clangd, gopls, go 1.19 sources, node, npm, javac and the Rust crates present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-oracles: missing ${missing[*]:-Go 1.19 sources}; installing needs root: sudo apt-get install clangd gopls golang-go nodejs npm openjdk-17-jdk-headless ${crates[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# node and npm only where missing: a machine with NodeSource's nodejs (which bundles npm) cannot take Debian's npm,
# whose package conflicts with it, and the whole install would fail.
node_pkgs=()
command -v node >/dev/null || node_pkgs+=(nodejs)
command -v npm >/dev/null || node_pkgs+=(npm)
apt-get install -y -qq --no-install-recommends clangd gopls golang-go golang-1.19-src "${node_pkgs[@]}" \
  openjdk-17-jdk-headless "${crates[@]}" >/dev/null
clangd --version | head -1
go version
javac -version
