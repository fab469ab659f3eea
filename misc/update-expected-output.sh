#!/usr/bin/env bash
# Regenerates the committed expected outputs of the sample project, then lists what changed:
#   sample_project/requirements/**     relocked in place (unchanged inputs keep their files)
#   expected-output/linux_x86_64/**    the published manifests and each Linux app's output line
# It runs the expected-output test with VENVSTACKS_UPDATE_EXPECTED_OUTPUT=1, which writes the
# regenerated files over the committed ones instead of failing. Review with `git diff`, commit.
# Usage: misc/update-expected-output.sh [OUTFILE]   (OUTFILE: also write the list of changed files there)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
outfile=${1:-}

bash misc/setup.sh --quiet
source misc/tool-env.sh
swift build --build-tests --quiet

status=0
VENVSTACKS_EXPECTED_OUTPUT_TESTS=1 VENVSTACKS_UPDATE_EXPECTED_OUTPUT=1 \
  swift test --skip-build --filter ExpectedOutputTests || status=$?

changes=$(git status --porcelain --untracked-files=all -- sample_project/requirements expected-output)
if [ -z "$changes" ]; then
  echo "== expected output unchanged"
else
  echo "== changed expected output (review with git diff, then commit):"
  echo "$changes"
fi
if [ -n "$outfile" ]; then
  { echo "$changes" | sed 's/^...//'; echo "expected-output-config.toml"; } >"$outfile"
fi
if [ "$status" -ne 0 ]; then
  echo "the expected-output test failed for another reason than changed outputs (exit $status); see above" >&2
fi
exit "$status"
