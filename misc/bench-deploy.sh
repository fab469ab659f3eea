#!/usr/bin/env bash
# Deploying the sample project's scipy app (cpython-3.11, framework-scipy@1, app-scipy-import@1)
# from its published tar.xz archives, two ways, in one run (rounds alternate; median shown):
#   by hand   tar -xJf each archive, then each layer's postinstall.py run one by one with the
#             runtime's Python, runtime first (the Python tool's documented procedure)
#   deploy    venvstacks deploy <published> <target> app-scipy-import   (also checks every
#             archive's size and SHA-256 and every entry before extracting)
# Both deployments are then checked by running the app. Prints times and the ratio
# by hand / deploy (target: > 1, i.e. deploy is faster).
# Usage: misc/bench-deploy.sh [ROUNDS]   (default 3; needs misc/setup.sh; builds the release binary;
# publishes the three layers into a temporary folder first, about a minute)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-3}
source "$root/misc/bench-release.sh"
source "$root/misc/tool-env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/sample_project" "$work/"
rm -rf "$work/sample_project/_build" "$work/sample_project/_artifacts" "$work/sample_project/_export" \
  "$work/sample_project/_deployed"
spec="$work/sample_project/venvstacks.toml"
published="$work/published"
echo "building and publishing the scipy app's layers ..."
"$bin" build -q --build-dependencies --include app-scipy-import "$spec" >/dev/null
"$bin" publish -q --publish-dependencies --include app-scipy-import --output-dir "$published" "$spec" >/dev/null
layers="cpython-3.11 framework-scipy@1 app-scipy-import@1"
du -ch "$published"/*.tar.xz | tail -n 1 | sed 's/\ttotal/ of archives/'

by_hand() {
  local target=$1 layer
  mkdir -p "$target"
  for layer in $layers; do tar -xJf "$published/$layer.tar.xz" -C "$target"; done
  for layer in $layers; do "$target/cpython-3.11/bin/python" "$target/$layer/postinstall.py"; done
}
with_deploy() {
  "$bin" deploy -q "$published" "$1" app-scipy-import >/dev/null
}
seconds() {  # seconds taken by "$@"
  local start end
  start=$EPOCHREALTIME
  "$@"
  end=$EPOCHREALTIME
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
check() {
  local output
  output=$(cd /tmp && "$1/app-scipy-import@1/bin/python" -m scipy_import)
  [ "$output" = "scipy-import: OK (numpy 2.3.2, scipy 1.16.1)" ] || { echo "bad deployment in $1: $output" >&2; exit 1; }
}

cat "$published"/*.tar.xz >/dev/null  # both start with the archives in the page cache
hand_times=() deploy_times=()
for round in $(seq "$rounds"); do
  rm -rf "$work/hand" "$work/deploy"
  hand_times+=("$(seconds by_hand "$work/hand")")
  deploy_times+=("$(seconds with_deploy "$work/deploy")")
  check "$work/hand"
  check "$work/deploy"
  echo "round $round: by hand ${hand_times[-1]}s, deploy ${deploy_times[-1]}s"
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
hand=$(median "${hand_times[@]}")
deploy=$(median "${deploy_times[@]}")
printf '\nmethod                              median time\n'
printf 'by hand (tar -xJf + postinstall.py)   %6.2fs\n' "$hand"
printf 'venvstacks deploy                     %6.2fs\n' "$deploy"
awk -v a="$hand" -v b="$deploy" 'BEGIN { printf "\nby hand / deploy: %.2f (target > 1)\n", a / b }'
