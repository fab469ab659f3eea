#!/usr/bin/env bash
# The main job on the sample project, from a fresh machine: set-up, build the tool,
# then run it on sample_project/venvstacks.toml. Prints a timing line per step.
# (Later steps — publish, deploy — join as they land.)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
spec=sample_project/venvstacks.toml

step() {
  local name=$1; shift
  local start=$SECONDS
  "$@"
  printf '== %-10s %4ds\n' "$name" $((SECONDS - start)) >&2
}

step setup bash misc/setup.sh --quiet
step compile swift build --product venvstacks --quiet
bin=$(swift build --show-bin-path)/venvstacks
export VENVSTACKS_UV="$root/.tools/bin/uv"
step lock "$bin" lock "$spec"
step build "$bin" build "$spec"
run_apps() {
  (cd /tmp && "$root/sample_project/_build/app-scipy-import/bin/python" -m scipy_import \
    && "$root/sample_project/_build/app-sklearn-import/bin/python" -m sklearn_import)
}
step run run_apps
step show "$bin" show "$spec"
