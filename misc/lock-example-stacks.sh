#!/usr/bin/env bash
# Relocks every example stack (examples/*/venvstacks.toml) with this project's built tool,
# rewriting the committed lock files in each example's requirements/ folder (only files whose
# content changes are written). With --build, also rebuilds each example from scratch
# (`build --clean`), which checks that its locks install.
# Usage: misc/lock-example-stacks.sh [--build]   (needs misc/setup.sh and `swift build`)
#
# uv: $VENVSTACKS_UV when set, else the pinned .tools/bin/uv when present (else the tool's own
# default). Runtimes: $UV_PYTHON_DOWNLOADS_JSON_URL when set, else the offline mirror in
# .tools/python-mirror/ when present.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

build=0
case "${1:-}" in
  "") ;;
  --build) build=1 ;;
  *) echo "usage: misc/lock-example-stacks.sh [--build]" >&2; exit 64 ;;
esac

bin="$(swift build --show-bin-path)/venvstacks"
[ -x "$bin" ] || { echo "build the tool first: swift build (no $bin)" >&2; exit 1; }
if [ -z "${VENVSTACKS_UV:-}" ] && [ -x "$root/.tools/bin/uv" ]; then
  export VENVSTACKS_UV="$root/.tools/bin/uv"
fi
if [ -z "${UV_PYTHON_DOWNLOADS_JSON_URL:-}" ] && [ -f "$root/.tools/python-mirror/download-metadata.json" ]; then
  export UV_PYTHON_DOWNLOADS_JSON_URL="$root/.tools/python-mirror/download-metadata.json"
fi

specs=(examples/*/venvstacks.toml)
[ -f "${specs[0]}" ] || { echo "no examples/*/venvstacks.toml found" >&2; exit 1; }
for spec in "${specs[@]}"; do
  echo "== lock $spec"
  "$bin" lock "$spec"
  if [ "$build" = 1 ]; then
    echo "== build --clean $spec"
    "$bin" build --clean "$spec" >/dev/null
    echo "built $(dirname "$spec")/_build"
  fi
done

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  changed=$(git status --short -- examples/*/requirements)
  if [ -n "$changed" ]; then
    printf '== lock files that differ from the last commit:\n%s\n' "$changed"
  else
    echo "== every example's lock files match the last commit"
  fi
fi
