#!/usr/bin/env bash
# Deploying the sample project's scipy app (cpython-3.11, framework-scipy@1, app-scipy-import@1)
# from its published tar.xz archives, two ways, in one run (rounds alternate; median shown):
#   by hand   tar -xJf each archive, then each layer's postinstall.py run one by one with the
#             runtime's Python, runtime first (the Python tool's documented procedure)
#   deploy    venvstacks deploy <published> <target> app-scipy-import   (also checks every
#             archive's size and SHA-256 and every entry before extracting)
#   deploy, precompiled   the same from archives published with --precompiled (byte code
#             shipped: nothing is compiled on the target; docs/precompiled.md)
# Every deployment is then checked by running the app. Prints the publish time and archive
# size with and without --precompiled, the deploy times and the ratios by hand / deploy
# (targets: 1.5 for ordinary archives, 2.5 for precompiled ones), and the peak memory of one
# more deploy of each kind (measured apart from the timed rounds).
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
precompiled="$work/precompiled"
echo "building and publishing the scipy app's layers, without and with --precompiled ..."
"$bin" build -q --build-dependencies --include app-scipy-import "$spec" >/dev/null
publish_into() {  # publish_into FOLDER [--precompiled]
  "$bin" publish -q --publish-dependencies --include app-scipy-import --output-dir "$@" "$spec" >/dev/null
}
layers="cpython-3.11 framework-scipy@1 app-scipy-import@1"

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

plain_publish=$(seconds publish_into "$published")
pre_publish=$(seconds publish_into "$precompiled" --precompiled)
plain_size=$(cat "$published"/*.tar.xz | wc -c)
pre_size=$(cat "$precompiled"/*.tar.xz | wc -c)
with_deploy_precompiled() {
  "$bin" deploy -q "$precompiled" "$1" app-scipy-import >/dev/null
}

cat "$published"/*.tar.xz "$precompiled"/*.tar.xz >/dev/null  # all start with the archives in the page cache
hand_times=() deploy_times=() pre_times=()
for round in $(seq "$rounds"); do
  rm -rf "$work/hand" "$work/deploy" "$work/deploy-pre"
  hand_times+=("$(seconds by_hand "$work/hand")")
  deploy_times+=("$(seconds with_deploy "$work/deploy")")
  pre_times+=("$(seconds with_deploy_precompiled "$work/deploy-pre")")
  check "$work/hand"
  check "$work/deploy"
  check "$work/deploy-pre"
  echo "round $round: by hand ${hand_times[-1]}s, deploy ${deploy_times[-1]}s, deploy precompiled ${pre_times[-1]}s"
done
peak_rss() {  # peak resident memory in MiB of "$@" (GNU time; the largest of the process and each program it waited for)
  local log=$work/rss.log
  /usr/bin/time -o "$log" -f %M "$@" >/dev/null
  awk '{ printf "%.0f", $1 / 1024 }' "$log"
}
rm -rf "$work/rss"
rss_deploy=$(peak_rss "$bin" deploy -q "$published" "$work/rss" app-scipy-import)
rm -rf "$work/rss"
rss_pre=$(peak_rss "$bin" deploy -q "$precompiled" "$work/rss" app-scipy-import)
rm -rf "$work/rss"
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
hand=$(median "${hand_times[@]}")
deploy=$(median "${deploy_times[@]}")
pre=$(median "${pre_times[@]}")
printf '\npublish (3 layers)        time     archives\n'
awk -v t="$plain_publish" -v s="$plain_size" 'BEGIN { printf "ordinary              %6.2fs   %6.1f MB\n", t, s / 1e6 }'
awk -v t="$pre_publish" -v s="$pre_size" -v t0="$plain_publish" -v s0="$plain_size" 'BEGIN {
  printf "--precompiled         %6.2fs   %6.1f MB   (+%.0f%% time, +%.0f%% size)\n", t, s / 1e6, (t / t0 - 1) * 100, (s / s0 - 1) * 100 }'
printf '\nmethod                                  median time\n'
printf 'by hand (tar -xJf + postinstall.py)       %6.2fs\n' "$hand"
printf 'venvstacks deploy                         %6.2fs\n' "$deploy"
printf 'venvstacks deploy, precompiled archives   %6.2fs\n' "$pre"
printf '\npeak memory: venvstacks deploy %s MiB, precompiled %s MiB (target: at most 1.5 x the Python tool'"'"'s 53 MiB)\n' \
  "$rss_deploy" "$rss_pre"
awk -v a="$hand" -v b="$deploy" -v c="$pre" 'BEGIN {
  printf "\nby hand / deploy: %.2f (target 1.5: %s)   by hand / deploy precompiled: %.2f (target 2.5: %s)\n",
    a / b, (a / b >= 1.5 ? "met" : "NOT met"), a / c, (a / c >= 2.5 ? "met" : "NOT met") }'
