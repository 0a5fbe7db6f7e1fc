#!/usr/bin/env bash
# Writes requirements/{runtime,dev,bench}.lock from pyproject.toml with uv, every pin with its
# hashes (pip install --require-hashes). A lock's existing pins are kept; UPGRADE=1 lets them
# move. dev and bench are compiled under runtime's pins (bench also under dev's), so the three
# agree wherever they overlap and installing one beside another changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.8
TOOL=var/tools/uv
if [[ ! -x $TOOL/bin/uv ]] || [[ $($TOOL/bin/uv --version) != "uv $UV_VERSION"* ]]; then
  python3.11 -m venv "$TOOL"
  "$TOOL/bin/pip" install --quiet "uv==$UV_VERSION"
fi
upgrade=()
[[ ${UPGRADE:-0} == 1 ]] && upgrade=(--upgrade)
compile() {
  local out=$1; shift
  "$TOOL/bin/uv" pip compile pyproject.toml --quiet --python-version 3.11 --generate-hashes \
    --custom-compile-command scripts/lock.sh "${upgrade[@]}" -o "requirements/$out" "$@"
}
mkdir -p requirements
compile runtime.lock
compile dev.lock --extra dev -c requirements/runtime.lock
compile bench.lock --extra bench -c requirements/runtime.lock -c requirements/dev.lock
