#!/usr/bin/env bash
# The main job on the sample project, from a fresh machine: set-up, build the tool,
# then run it on sample_project/venvstacks.toml. Prints a timing line per step.
# (deploy joins when it lands; today the published layers are run through local-export.)
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
step publish "$bin" publish "$spec"
step export "$bin" local-export "$spec"
run_exported() {
  local app
  for app in "$root"/sample_project/_export/app-scipy-import*/ "$root"/sample_project/_export/app-sklearn-import*/; do
    (cd /tmp && "${app}bin/python" -m "$(basename "$app" | sed 's/^app-//; s/@.*//; s/-/_/g')")
  done
}
step run-export run_exported
step show "$bin" show "$spec"
