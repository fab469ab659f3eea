#!/usr/bin/env bash
# Building the sample project's Linux layers from their committed locks, three ways, in one run
# (rounds alternate; medians shown), all from the same warm caches (the runtime cache, uv's cache):
#   by hand     what the Python tool does per layer, one layer after another in build order:
#               a runtime is a copy of the cached runtime (`cp -a`, EXTERNALLY-MANAGED removed),
#               a framework or application a `python -m venv --without-pip --symlinks` of its
#               runtime's Python with a sitecustomize.py linking the layers below (and an app's
#               modules copied in); then `uv pip install -r <the layer's pylock>`. No import check.
#   build       venvstacks build --clean   (--jobs = the number of cores, the default; with its
#               post-build check, docs/behaviour.md#post-build-check)
#   build -j1   venvstacks build --clean --jobs 1   (what building layers concurrently buys)
#   build, cold venvstacks build --clean with the check's byte-code cache removed first (what a
#               first build in a new build folder costs; the other builds find the byte code an
#               earlier build's check compiled, as a developer's rebuilds do)
# Prints each round, the medians and the ratio build / by hand (target: at most 1.0), then the
# peak RSS of one more build and of one more by-hand run: GNU time's %M, which is the largest
# peak of any one process in the tree (venvstacks itself or one of its uv/Python children; not
# their sum), and venvstacks' own peak alone (VmHWM sampled from /proc while it runs).
# Usage: misc/bench-build.sh [ROUNDS]   (default 3; needs misc/setup.sh; builds the release binary)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-3}
cores=$(nproc)
source "$root/misc/bench-release.sh"
source "$root/misc/tool-env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/sample_project" "$work/"
rm -rf "$work/sample_project/_build"
project="$work/sample_project"
spec="$project/venvstacks.toml"
# A runtime cache of its own, so the by-hand run finds the one copy venvstacks uses.
export VENVSTACKS_CACHE_DIR="$work/cache"
uv="$VENVSTACKS_UV"
echo "warming the caches (runtimes into the runtime cache, wheels into uv's cache) ..." >&2
"$bin" build -q --clean "$spec" >/dev/null

# The sample project's layers on Linux, in build order: name, kind, runtime (a version for a
# runtime layer), the frameworks below it ("-" for none), its modules (an application's).
layers=(
  "cpython-3.11 runtime 3.11.7 -"
  "cpython-3.12 runtime 3.12.1 -"
  "framework-scipy framework cpython-3.11 -"
  "framework-sklearn framework cpython-3.12 -"
  "framework-http-client framework cpython-3.11 -"
  "app-scipy-import app cpython-3.11 framework-scipy launch_modules/scipy_import.py support_modules/layer_checks.py support_modules/report_format"
  "app-sklearn-import app cpython-3.12 framework-sklearn launch_modules/sklearn_import.py"
)
site_packages() {  # site_packages ENV
  local lib
  lib=$(cd "$1/lib" && echo python3.*)
  echo "$1/lib/$lib/site-packages"
}
by_hand() {  # by_hand BUILD_DIR
  local out=$1 entry name kind base frameworks modules module env pylock site lower
  rm -rf "$out"
  mkdir -p "$out"
  for entry in "${layers[@]}"; do
    read -r name kind base frameworks modules <<<"$entry"
    env="$out/$name"
    pylock=$(echo "$project/requirements/$name"/pylock.*.toml)
    if [ "$kind" = runtime ]; then
      mkdir "$env"
      cp -a "$VENVSTACKS_CACHE_DIR"/runtimes/*/cpython-"$base"-*/. "$env/"
      rm -f "$env"/lib/python3.*/EXTERNALLY-MANAGED
    else
      "$out/$base/bin/python" -X utf8 -Im venv --without-pip --symlinks "$env"
      site=$(site_packages "$env")
      {
        echo "from site import addsitedir"
        for lower in ${frameworks#-} $base; do echo "addsitedir('$(site_packages "$out/$lower")')"; done
      } >"$site/sitecustomize.py"
      for module in $modules; do cp -r "$project/$module" "$site/"; done
    fi
    "$uv" pip install --python "$env/bin/python" --quiet --no-config -r "$pylock"
  done
}
with_build() {  # with_build [--jobs N]
  "$bin" build -q --clean "$@" "$spec" >/dev/null
}
with_cold_build() {
  rm -rf "$project/_build/.venvstacks-check-bytecode"
  with_build
}
seconds() {  # seconds taken by "$@"
  local start end
  start=$EPOCHREALTIME
  "$@"
  end=$EPOCHREALTIME
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
check() {  # check BUILD_DIR: the sklearn app runs on its layers
  local output
  output=$(cd /tmp && "$1/app-sklearn-import/bin/python" -c "import sklearn, scipy; print('ok')")
  [ "$output" = ok ] || { echo "bad build in $1: $output" >&2; exit 1; }
}

hand_times=() build_times=() serial_times=() cold_times=()
for round in $(seq "$rounds"); do
  hand_times+=("$(seconds by_hand "$work/hand")")
  build_times+=("$(seconds with_build)")
  serial_times+=("$(seconds with_build --jobs 1)")
  cold_times+=("$(seconds with_cold_build)")
  check "$work/hand"
  check "$project/_build"
  echo "round $round: by hand ${hand_times[-1]}s, build ${build_times[-1]}s, build --jobs 1 ${serial_times[-1]}s, build, cold ${cold_times[-1]}s"
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
hand=$(median "${hand_times[@]}")
build=$(median "${build_times[@]}")
serial=$(median "${serial_times[@]}")
cold=$(median "${cold_times[@]}")

# Peak memory: GNU time for the whole tree; VmHWM sampled for venvstacks alone.
/usr/bin/time -f %M -o "$work/hand.rss" bash -c "set -euo pipefail; $(declare -p layers project uv)
  $(declare -f site_packages by_hand); by_hand '$work/hand'"
/usr/bin/time -f %M -o "$work/build.rss" "$bin" build -q --clean "$spec" >/dev/null &
timer=$!
own=0
while kill -0 "$timer" 2>/dev/null; do
  for pid in $(ps -o pid= --ppid "$timer" || true); do
    hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/"$pid"/status 2>/dev/null || true)
    [ -n "$hwm" ] && [ "$hwm" -gt "$own" ] && own=$hwm
  done
  sleep 0.02
done
wait "$timer"

printf '\nmethod (%d layers, sample project)       median time\n' "${#layers[@]}"
printf 'by hand (venv + uv pip install, serial)    %6.2fs\n' "$hand"
printf 'venvstacks build --clean (--jobs %d)        %6.2fs\n' "$cores" "$build"
printf 'venvstacks build --clean --jobs 1          %6.2fs\n' "$serial"
printf 'venvstacks build --clean, cold check cache %6.2fs\n' "$cold"
awk -v h="$hand" -v b="$build" -v s="$serial" -v c="$cold" 'BEGIN {
  printf "\nbuild / by hand: %.2f (target 1.0: %s)   build --jobs 1 / by hand: %.2f   cold / by hand: %.2f\n",
    b / h, (b / h <= 1.0 ? "met" : "NOT met"), s / h, c / h }'
awk -v h="$(cat "$work/hand.rss")" -v b="$(cat "$work/build.rss")" -v o="$own" 'BEGIN {
  printf "peak RSS, largest process in the tree: by hand %.0f MiB, build %.0f MiB;", h / 1024, b / 1024
  printf " venvstacks alone: %.0f MiB\n", o / 1024 }'
