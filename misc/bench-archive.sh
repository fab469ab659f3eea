#!/usr/bin/env bash
# Measures the archive writer (DeterministicArchive) on a real tree against the xz and zstd
# command-line tools: time, size and peak resident memory (the numbers in
# docs/archive-format.md). The writer runs in the test binary (ArchiveBenchmarkTests), one
# process per format so each peak-memory figure is that format's alone.
# Usage: misc/bench-archive.sh DIR [what...]
#   what: writer (default), xz-t1, xz-t2, zstd-levels; "all" for everything.
#   ZSTD_LEVELS (default "3 6 9 10 12 15"), THREADS (default 2).
# Builds the tests in release mode first (BENCH_CONFIG=debug for a debug build); needs GNU tar,
# xz, zstd and /usr/bin/time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$(cd "${1:?usage: misc/bench-archive.sh DIR [writer|xz-t1|xz-t2|zstd-levels|all]...}" && pwd)
shift
what=("${@:-writer}")
[ "${what[0]}" = "all" ] && what=(xz-t2 writer zstd-levels xz-t1)
threads=${THREADS:-2}
bench_config=${BENCH_CONFIG:-release}
echo "building the tests ($bench_config) ..." >&2
(cd "$root" && swift build -c "$bench_config" --build-tests >/dev/null)
tests="$(cd "$root" && swift build -c "$bench_config" --show-bin-path)/venvstacksPackageTests.xctest"
[ -x "$tests" ] || { echo "the $bench_config build did not produce $tests" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=$(basename "$dir")

# "seconds peak-MiB" of a shell command.
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" bash -c "$1" >/dev/null
  awk '{ printf "%s %d\n", $1, $2 / 1024 }' "$work/time"
}
row() { printf '| %s | %s s | %s MiB | %s bytes |\n' "$1" "$2" "$3" "$4"; }

echo "| method ($name, $(du -sb "$dir" | cut -f1) bytes of files) | time | peak RSS | size |"
echo "| --- | ---: | ---: | ---: |"
tar -C "$(dirname "$dir")" --sort=name -cf "$work/tree.tar" "$name"
for item in "${what[@]}"; do
  case $item in
    xz-t1 | xz-t2)
      n=${item#xz-t}
      read -r s m < <(measure "tar -C '$(dirname "$dir")' --sort=name -cf - '$name' | xz -6 -T$n > '$work/x.xz'")
      row "tar --sort=name -cf - | xz -6 -T$n" "$s" "$m (xz)" "$(stat -c %s "$work/x.xz")" ;;
    zstd-levels)
      for level in ${ZSTD_LEVELS:-3 6 9 10 12 15}; do
        read -r s m < <(measure "zstd -q -$level -T$threads --long=27 < '$work/tree.tar' > '$work/x.zst'")
        row "zstd -$level -T$threads --long=27 (tar made beforehand)" "$s" "$m" "$(stat -c %s "$work/x.zst")"
      done ;;
    writer)
      for format in ${FORMATS:-tar.xz tar.zst tar.gz}; do
        read -r s m < <(measure "ARCHIVE_BENCH_SOURCE='$dir' ARCHIVE_BENCH_OUTPUT='$work' \
          ARCHIVE_BENCH_FORMATS=$format ARCHIVE_BENCH_THREADS=$threads \
          '$tests' --testing-library swift-testing --filter ArchiveBenchmarkTests > '$work/out' 2>&1")
        inner=$(sed -n 's/.*bench .* seconds=\([0-9.]*\).*/\1/p' "$work/out")
        [ -n "$inner" ] || { cat "$work/out" >&2; exit 1; }
        row "ArchiveWriter $format, $threads threads (write: $inner s)" "$s" "$m (process)" \
          "$(stat -c %s "$work/$name.$format")"
      done ;;
    *) echo "unknown measurement: $item" >&2; exit 1 ;;
  esac
done
