#!/usr/bin/env bash
# Measures whether building independent layers concurrently pays off on this machine:
# `venvstacks build --clean` of the sample project with --jobs 1 and with --jobs <cores>,
# alternating, several rounds, in one run. Prints each time, the medians and their ratio.
# Usage: misc/bench-build.sh [rounds]   (default 3; needs misc/setup.sh; builds the release binary)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-3}
cores=$(nproc)
source "$root/misc/bench-release.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/sample_project" "$work/"
rm -rf "$work/sample_project/_build"
spec="$work/sample_project/venvstacks.toml"
source "$root/misc/tool-env.sh"
# Warm-up: runtimes in the runtime cache, wheels in uv's cache.
"$bin" build -q --clean "$spec" >/dev/null

time_build() {
  local start end
  start=$(date +%s.%N)
  "$bin" build -q --clean --jobs "$1" "$spec" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

serial=() parallel=()
for round in $(seq "$rounds"); do
  serial+=("$(time_build 1)")
  parallel+=("$(time_build "$cores")")
  echo "round $round: --jobs 1 ${serial[-1]}s, --jobs $cores ${parallel[-1]}s"
done
s=$(printf '%s\n' "${serial[@]}" | median)
p=$(printf '%s\n' "${parallel[@]}" | median)
awk -v s="$s" -v p="$p" -v c="$cores" 'BEGIN { printf "median --jobs 1: %.2fs   median --jobs %d: %.2fs   ratio: %.2f\n", s, c, p, p / s }'
