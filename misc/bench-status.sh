#!/usr/bin/env bash
# Measures `venvstacks status` on the built (and published) sample project against
# `venvstacks show` on the same spec in the same run (show loads the spec and judges the
# locks; status adds the build records, the published metadata and the folder sizes).
# Prints each median, the ratio, and the target: status under one second.
# Usage: misc/bench-status.sh [rounds] [SPEC]   (default 10 rounds; needs misc/setup.sh; builds
# the release binary. Without SPEC, builds and publishes a copy of the sample project first,
# which takes minutes; with SPEC, measures that stack as it is, e.g. a built sample_project.)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-10}
source "$root/misc/bench-release.sh"
source "$root/misc/tool-env.sh"
if [ -n "${2:-}" ]; then
  spec=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$root/sample_project" "$work/"
  rm -rf "$work/sample_project/_build" "$work/sample_project/_artifacts"
  spec="$work/sample_project/venvstacks.toml"
  echo "building and publishing the sample project ..." >&2
  "$bin" build -q --publish "$spec" >/dev/null
fi

seconds() {
  local start end
  start=$(date +%s.%N)
  "$bin" "$@" "$spec" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

shows=() statuses=()
for _ in $(seq "$rounds"); do
  shows+=("$(seconds show)")
  statuses+=("$(seconds status)")
done
"$bin" status "$spec"
show=$(printf '%s\n' "${shows[@]}" | median)
status=$(printf '%s\n' "${statuses[@]}" | median)
awk -v s="$show" -v t="$status" -v n="$rounds" 'BEGIN {
  printf "median of %d: show %.3fs   status %.3fs   status / show: %.2f   (target: status < 1s: %s)\n",
    n, s, t, t / s, (t < 1 ? "met" : "NOT met") }'
