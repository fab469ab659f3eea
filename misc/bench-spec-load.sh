#!/usr/bin/env bash
# Measures how loading a spec grows with its size (release build) on generated specs with N
# frameworks in a chain (each depends on the one before, the worst case for linearisation) and
# N independent frameworks, N = 10, 100, 1000, 3000. Two timings per spec, with the ratio to the
# N=10 run measured in the same run:
#   load   `show --include __none__ --allow-missing`: load, resolve, judge every lock, print nothing
#   show   `show`: the same plus the whole status tree
# A chain is quadratic by nature: each layer's linearised list (and its lock-input hash and its
# line in the tree) holds every layer below it, so its output and hash inputs grow as N²/2. Usage: misc/bench-spec-load.sh [--debug] [ROUNDS]   (default 3 rounds, median)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
config=release
if [ "${1:-}" = "--debug" ]; then config=debug; shift; fi
rounds=${1:-3}
swift build -c "$config" --product venvstacks >/dev/null
bin="$(swift build -c "$config" --show-bin-path)/venvstacks"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_spec() {  # make_spec SHAPE N FILE
  python3 - "$1" "$2" "$3" <<'PY'
import sys
shape, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
out = ['[[runtimes]]\nname = "cpython-3.11"\npython_implementation = "cpython@3.11.7"\nrequirements = []\n']
for i in range(n):
    dep = 'runtime = "cpython-3.11"' if shape == "flat" or i == 0 else f'frameworks = ["f{i-1}"]'
    out.append(f'[[frameworks]]\nname = "f{i}"\n{dep}\nrequirements = ["numpy"]\nplatforms = ["linux_x86_64"]\n')
out.append(f'[[applications]]\nname = "app"\nframeworks = ["f{n-1}"]\nlaunch_module = "app.py"\nrequirements = []\n')
open(path, "w").write("\n".join(out))
PY
}

for shape in chain flat; do
  for n in 10 100 1000 3000; do
    dir="$work/$shape-$n"; mkdir -p "$dir"; : >"$dir/app.py"
    make_spec "$shape" "$n" "$dir/venvstacks.toml"
  done
done

python3 - "$bin" "$work" "$rounds" <<'PY'
import os, statistics, subprocess, sys, time
bin, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
def timed(arguments):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([bin] + arguments, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)

print(f"{'shape':<6} {'layers':>6} {'load (s)':>9} {'vs N=10':>8} {'show (s)':>9} {'vs N=10':>8}")
for shape in ("chain", "flat"):
    base = None
    for n in (10, 100, 1000, 3000):
        spec = os.path.join(work, f"{shape}-{n}", "venvstacks.toml")
        load = timed(["show", "--include", "__none__", "--allow-missing", spec])
        show = timed(["show", spec])
        base = base or (load, show)
        print(f"{shape:<6} {n:>6} {load:>9.3f} {load / base[0]:>8.1f} {show:>9.3f} {show / base[1]:>8.1f}")
PY
