#!/usr/bin/env bash
# The main job on the sample project, end to end from a fresh machine: set-up, build the
# tool, lock what needs locking, build, publish the archives, deploy them into a fresh
# folder and run every Linux app from there. Prints a timing line per step and a summary.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
spec=sample_project/venvstacks.toml
published=sample_project/_artifacts
deployed=sample_project/_deployed

timings=()
step() {
  local name=$1; shift
  local start=$SECONDS
  echo "== $name: $*" >&2
  "$@"
  local took=$((SECONDS - start))
  timings+=("$(printf '%-8s %5ds' "$name" "$took")")
  printf '== %-8s done in %ds\n' "$name" "$took" >&2
}

step setup bash misc/setup.sh --quiet
source misc/tool-env.sh
step compile swift build --product venvstacks --quiet
bin=$(swift build --show-bin-path)/venvstacks

step lock "$bin" lock --if-needed "$spec"
step build "$bin" build "$spec"
step publish "$bin" publish "$spec"   # into sample_project/_artifacts (the default)
# A fresh deployment every time, so the deploy step does the whole job.
rm -rf "$deployed"
step deploy "$bin" deploy "$published" "$deployed" 'app-*'

# Every application in the published manifest (only the layers built for this platform are
# published), each run through `deploy --run` (its layers are already deployed: nothing to do).
run_apps() {
  local app
  for app in $(python3 -c 'import json, sys
for app in json.load(open(sys.argv[1]))["layers"]["applications"]: print(app["install_target"])' \
    "$published/__venvstacks__/venvstacks.json"); do
    (cd /tmp && "$bin" deploy -q "$root/$published" "$root/$deployed" "$app" --run)
  done
}
step run run_apps

echo "== summary (sample_project: published in $published, deployed in $deployed)"
printf '  %s\n' "${timings[@]}"
echo "  total    $(printf '%5ds' "$SECONDS")"
