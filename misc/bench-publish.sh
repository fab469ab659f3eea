#!/usr/bin/env bash
# Measures publishing speed, size and memory on the sample project's built layers, in one run:
#   floor      tar --sort=name ... | xz -6 -T<cores>   (per layer, same exclusions as publish)
#   xz -T1     tar --sort=name ... | xz -6 -T1         (what the Python tool effectively does)
#   publish    venvstacks publish --force --format tar.xz | tar.zst | tar.gz
# and prints times, total sizes, peak memory (largest process) and the target ratios:
#   tar.xz publish <= 1.1 x floor;  tar.zst >= 10 x faster than xz -T1 and <= 1.2 x the xz size;
#   peak memory of publish <= 400 MiB.
# Usage: misc/bench-publish.sh [--skip-t1]   (needs misc/setup.sh; builds the release binary; a few minutes,
# most of it the single-threaded xz baseline, which --skip-t1 leaves out)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
skip_t1=${1:-}
cores=$(nproc)
source "$root/misc/bench-release.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/sample_project" "$work/"
rm -rf "$work/sample_project/_build" "$work/sample_project/_artifacts" "$work/sample_project/_export"
project="$work/sample_project"
spec="$project/venvstacks.toml"
source "$root/misc/tool-env.sh"
echo "building the sample project's layers ..."
"$bin" build -q --lock-if-needed "$spec" >/dev/null
layers=$(cd "$project/_build" && for d in *; do if [ -d "$d" ] && [ -f "$d.last-build.json" ]; then echo "$d"; fi; done)

# Runs a shell command; prints "<seconds> <peak RSS in KiB of the largest process>".
measure() {
  python3 - "$1" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
subprocess.run(["bash", "-c", sys.argv[1]], check=True)
print("%.2f %d" % (time.monotonic() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
}
size_of() { du -cb "$@" | tail -n 1 | cut -f 1; }

# The same trees publish archives: no __pycache__, sitecustomize.py, pyvenv.cfg or top-level dot files.
tar_layers() {
  local out=$1 threads=$2
  for layer in $layers; do
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$project/_build" \
      --exclude=__pycache__ --exclude=sitecustomize.py --exclude="$layer/pyvenv.cfg" --exclude="$layer/.*" \
      -cf - "$layer" | xz -6 -T"$threads" > "$out/$layer.tar.xz"
  done
}
export -f tar_layers
export project layers

mkdir -p "$work/floor" "$work/t1"
read -r floor_s floor_kib < <(measure "tar_layers '$work/floor' $cores")
floor_size=$(size_of "$work/floor"/*.tar.xz)
if [ "$skip_t1" != "--skip-t1" ]; then
  read -r t1_s t1_kib < <(measure "tar_layers '$work/t1' 1")
  t1_size=$(size_of "$work/t1"/*.tar.xz)
fi

declare -A secs kib bytes
for format in tar.xz tar.zst tar.gz; do
  out="$work/out-$format"
  read -r s k < <(measure "'$bin' publish -q --force --format $format --output-dir '$out' '$spec' >/dev/null")
  secs[$format]=$s kib[$format]=$k bytes[$format]=$(size_of "$out"/*."$format")
done

row() { awk -v n="$1" -v s="$2" -v b="$3" -v k="$4" 'BEGIN { printf "%-34s %8.2fs %10.2f MB %8.1f MiB\n", n, s, b / 1e6, k / 1024 }'; }
echo
echo "layers: $(echo $layers | tr '\n' ' ')  cores: $cores"
printf '%-34s %9s %13s %12s\n' "method" "time" "size" "peak RSS"
row "tar | xz -6 -T$cores (floor)" "$floor_s" "$floor_size" "$floor_kib"
[ -n "${t1_s:-}" ] && row "tar | xz -6 -T1" "$t1_s" "$t1_size" "$t1_kib"
for format in tar.xz tar.zst tar.gz; do
  row "venvstacks publish --format $format" "${secs[$format]}" "${bytes[$format]}" "${kib[$format]}"
done
echo
awk -v x="${secs[tar.xz]}" -v f="$floor_s" 'BEGIN { printf "tar.xz publish / floor:          %.2f   (target <= 1.10)\n", x / f }'
if [ -n "${t1_s:-}" ]; then
  awk -v t="$t1_s" -v z="${secs[tar.zst]}" 'BEGIN { printf "xz -T1 time / tar.zst publish:   %.1f   (target >= 10)\n", t / z }'
fi
awk -v z="${bytes[tar.zst]}" -v x="${bytes[tar.xz]}" 'BEGIN { printf "tar.zst size / tar.xz size:      %.2f   (target <= 1.20)\n", z / x }'
peak=0
for format in tar.xz tar.zst tar.gz; do [ "${kib[$format]}" -gt "$peak" ] && peak=${kib[$format]}; done
awk -v k="$peak" 'BEGIN { printf "publish peak memory:             %.0f MiB (target <= 400)\n", k / 1024 }'
