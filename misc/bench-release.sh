# Sourced by the misc/bench-*.sh scripts: builds the venvstacks binary in release mode
# (benchmarks never time debug builds) and sets $bin to it.
# BENCH_CONFIG=debug times a debug build instead (for comparing, never for quoting).
bench_config=${BENCH_CONFIG:-release}
echo "building venvstacks ($bench_config) ..." >&2
(cd "$root" && swift build -c "$bench_config" --product venvstacks >/dev/null)
bin="$(cd "$root" && swift build -c "$bench_config" --show-bin-path)/venvstacks"
[ -x "$bin" ] || { echo "the $bench_config build did not produce $bin" >&2; exit 1; }
