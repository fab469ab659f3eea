#!/usr/bin/env bash
# The main job on the sample project, from a fresh machine: set-up, build the tool,
# then run it on sample_project/venvstacks.toml. Prints a timing line per step.
# (Later steps — lock, build, publish, deploy, run — join as they land.)
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
step show "$bin" show "$spec"
