#!/usr/bin/env bash
# Measures `venvstacks diff` of two publishes of the sample project in which every archive
# differs against `xz -dc` over both sides' archives, in the same run (the target: diff takes
# at most 1.3x the time of decompressing both sides). Also prints diff's peak memory.
#
# The new side is the old side with every member of every archive given a time one day later
# (re-packed with Python's tarfile and `xz -6 -T2 --block-size=24MiB`, like the writer's
# settings, with its metadata's size and SHA-256 updated), so every archive is opened, every
# member is hashed and every member differs.
#
# Usage: misc/bench-diff.sh [rounds] [OUTPUT_FOLDER]   (default 3 rounds; needs misc/setup.sh;
# builds the release binary. Without OUTPUT_FOLDER, builds and publishes a copy of the sample
# project first, which takes minutes; e.g. give sample_project/_artifacts once published.)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-3}
source "$root/misc/bench-release.sh"
source "$root/misc/tool-env.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${2:-}" ]; then
  old=$(cd "$2" && pwd)
else
  cp -r "$root/sample_project" "$work/"
  rm -rf "$work/sample_project/_build" "$work/sample_project/_artifacts"
  echo "building and publishing the sample project ..." >&2
  "$bin" build -q --publish "$work/sample_project/venvstacks.toml" >/dev/null
  old="$work/sample_project/_artifacts"
fi
new="$work/new"
echo "re-packing every archive with member times one day later ..." >&2
python3 - "$old" "$new" <<'PY'
import hashlib, json, os, subprocess, sys, tarfile
old, new = sys.argv[1], sys.argv[2]
meta_old = os.path.join(old, "__venvstacks__", "env_metadata")
meta_new = os.path.join(new, "__venvstacks__", "env_metadata")
os.makedirs(meta_new)
for name in sorted(os.listdir(meta_old)):
    snippet = json.load(open(os.path.join(meta_old, name)))
    archive = snippet["archive_name"]
    target = os.path.join(new, archive)
    with open(target, "wb") as out:
        xz = subprocess.Popen(["xz", "-6", "-T2", "--block-size=24MiB", "-c"], stdin=subprocess.PIPE, stdout=out)
        with tarfile.open(os.path.join(old, archive), "r|xz") as src, \
             tarfile.open(fileobj=xz.stdin, mode="w|", format=tarfile.PAX_FORMAT) as dst:
            for member in src:
                member.mtime += 86400
                dst.addfile(member, src.extractfile(member) if member.isfile() else None)
        xz.stdin.close()
        assert xz.wait() == 0
    data = open(target, "rb").read()
    snippet["archive_size"] = len(data)
    snippet["archive_hashes"] = {"sha256": hashlib.sha256(data).hexdigest()}
    with open(os.path.join(meta_new, name), "w") as out:
        json.dump(snippet, out, indent=2, sort_keys=True)
        out.write("\n")
PY

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null || [ $? -eq 1 ]
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
decompress_both() { for f in "$old"/*.tar.xz "$new"/*.tar.xz; do xz -dc "$f" >/dev/null; done; }

xzs=() diffs=()
for _ in $(seq "$rounds"); do
  xzs+=("$(seconds decompress_both)")
  diffs+=("$(seconds "$bin" diff --summary "$old" "$new")")
done
"$bin" diff --summary "$old" "$new" || true
memory=$(/usr/bin/time -f '%M' "$bin" diff --summary "$old" "$new" 2>&1 >/dev/null | tail -1 || true)
archives=$(ls "$old"/*.tar.xz | wc -l)
bytes=$(cat "$old"/*.tar.xz "$new"/*.tar.xz | wc -c)
xz_time=$(printf '%s\n' "${xzs[@]}" | median)
diff_time=$(printf '%s\n' "${diffs[@]}" | median)
awk -v x="$xz_time" -v d="$diff_time" -v n="$rounds" -v a="$archives" -v b="$bytes" -v m="$memory" 'BEGIN {
  printf "%d archives a side, %.1f MB of xz in all; median of %d: xz -dc of both sides %.2fs   diff %.2fs   diff / xz: %.2f   (target <= 1.3: %s)   diff peak memory %.0f MiB\n",
    a, b / 1e6, n, x, d, d / x, (d / x <= 1.3 ? "met" : "NOT met"), m / 1024 }'
