#!/usr/bin/env bash
# Exports the sample project's regenerated locks, manifests and archives to DIR, for comparing
# two machines' or two versions' outputs (for example with diffoscope):
#   DIR/expected-output/requirements/   the relocked lock files
#   DIR/expected-output/manifests/      __venvstacks__/ of the publish run
#   DIR/expected-output/archives/       the published archives
# The expected-output test exports whenever it fails and VENVSTACKS_EXPORT_TEST_ARTIFACTS names an
# existing folder; this script also sets VENVSTACKS_FORCE_TEST_EXPORT so it exports on success.
# Usage: misc/export_test_artifacts.sh DIR
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -ne 1 ]; then
  echo "usage: misc/export_test_artifacts.sh DIR" >&2
  exit 64
fi
mkdir -p "$1"
dir=$(cd "$1" && pwd)
cd "$root"

bash misc/setup.sh --quiet
source misc/tool-env.sh
swift build --build-tests --quiet

status=0
VENVSTACKS_EXPECTED_OUTPUT_TESTS=1 VENVSTACKS_EXPORT_TEST_ARTIFACTS="$dir" VENVSTACKS_FORCE_TEST_EXPORT=1 \
  swift test --skip-build --filter ExpectedOutputTests || status=$?
echo "== exported to $dir/expected-output:"
ls "$dir/expected-output" 2>/dev/null || echo "(nothing exported)"
exit "$status"
