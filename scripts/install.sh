#!/usr/bin/env bash
# Install archmem where editors find it, the way pipx and `uv tool install` do: its own environment in
# ~/.local/share/archmem/venv and the `archmem` command linked into ~/.local/bin. Needs only python3 (3.11+).
# Idempotent: run it again to upgrade from this checkout. Usage: bash scripts/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
home_dir=${XDG_DATA_HOME:-$HOME/.local/share}/archmem
bin_dir=$HOME/.local/bin
venv=$home_dir/venv
if [ ! -x "$venv/bin/python" ]; then
  "$PY" -m venv "$venv"
fi
# Not editable: the installed command keeps working if this checkout moves or changes.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade .
mkdir -p "$bin_dir"
ln -sfn "$venv/bin/archmem" "$bin_dir/archmem"
echo "installed $("$bin_dir/archmem" --version) in $venv"
echo "  command: $bin_dir/archmem"
echo "  remove:  rm -rf $venv $bin_dir/archmem"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *)
    echo "  $bin_dir is not on your PATH: add this line to ~/.profile (or your shell's rc file), then log in again:"
    echo "    export PATH=\"\$HOME/.local/bin:\$PATH\""
    ;;
esac
