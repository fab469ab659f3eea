#!/usr/bin/env bash
# Regenerates the committed expected outputs of the sample project, then lists what changed:
#   sample_project/requirements/**     relocked in place (unchanged inputs keep their files)
#   expected-output/linux_x86_64/**    the published manifests and each Linux app's output line
# It runs the expected-output test with VENVSTACKS_UPDATE_EXPECTED_OUTPUT=1, which writes the
# regenerated files over the committed ones and then fails on purpose (a re-record is never
# silent). The test leaves .build/expected-output-recorded only when every step (lock, build,
# publish, deploy, run) succeeded: without it this script fails. `venvstacks diff --summary`
# then says layer by layer what changed against the committed files (and why, where it can
# tell). Review with `git diff`, commit.
# Usage: misc/update-expected-output.sh [OUTFILE]   (OUTFILE: also write the list of changed files there)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
outfile=${1:-}

bash misc/setup.sh --quiet
source misc/tool-env.sh
swift build --build-tests --quiet

# The committed versions, to compare the regenerated ones with.
committed=$(mktemp -d)
trap 'rm -rf "$committed"' EXIT
git archive HEAD expected-output sample_project/requirements | tar -x -C "$committed"

marker="$root/.build/expected-output-recorded"
rm -f "$marker"
VENVSTACKS_EXPECTED_OUTPUT_TESTS=1 VENVSTACKS_UPDATE_EXPECTED_OUTPUT=1 \
  swift test --skip-build --filter ExpectedOutputTests || true
status=0
[ -f "$marker" ] || status=1

changes=$(git status --porcelain --untracked-files=all -- sample_project/requirements expected-output)
if [ -z "$changes" ]; then
  echo "== expected output unchanged"
else
  echo "== changed expected output (review with git diff, then commit):"
  echo "$changes"
  for pair in "sample_project/requirements" "expected-output/linux_x86_64"; do
    echo "== venvstacks diff --summary (committed -> regenerated): $pair"
    .build/debug/venvstacks diff --summary "$committed/$pair" "$pair" || true
  done
fi
if [ -n "$outfile" ]; then
  { echo "$changes" | sed 's/^...//'; echo "expected-output-config.toml"; } >"$outfile"
fi
if [ "$status" -ne 0 ]; then
  echo "a step of the expected-output run failed (lock, build, publish, deploy or an app run; see above): nothing to commit" >&2
fi
exit "$status"
