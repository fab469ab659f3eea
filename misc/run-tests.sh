#!/usr/bin/env bash
# The project's test command: set-up, a warning-free build, then every test group.
#   fast            always
#   slow            real uv, real PyPI, real runtimes     (VENVSTACKS_SLOW_TESTS=1)
#   expected-output compares committed golden outputs     (VENVSTACKS_EXPECTED_OUTPUT_TESTS=1)
# Usage: misc/run-tests.sh [--fast-only] [extra `swift test` arguments]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash misc/setup.sh --quiet

if [ "${1:-}" = "--fast-only" ]; then
  shift
  export VENVSTACKS_SLOW_TESTS=0 VENVSTACKS_EXPECTED_OUTPUT_TESTS=0
else
  export VENVSTACKS_SLOW_TESTS=1 VENVSTACKS_EXPECTED_OUTPUT_TESTS=1
fi
# The pinned uv, and the offline runtime mirror misc/setup.sh made (unless uv is already
# pointed somewhere, or GitHub is reachable and no mirror was made).
source misc/tool-env.sh

echo "== swift format lint (the tree stays formatted: run 'swift format format -i -r Sources Tests Package.swift examples/swift-api')"
swift format lint --strict -r Sources Tests Package.swift examples/swift-api

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== swift build (warnings in this project are errors)"
swift build --build-tests 2>&1 | tee "$log" | grep -E 'error:|warning:|Build complete' || true
if grep -E "^$root/(Sources|Tests)/.*(warning|error):" "$log" >/dev/null; then
  echo "Build has warnings or errors in project sources:" >&2
  grep -E "^$root/(Sources|Tests)/.*(warning|error):" "$log" >&2
  exit 1
fi
grep -q "Build complete" "$log" || { echo "swift build failed" >&2; tail -30 "$log" >&2; exit 1; }

echo "== swift test (slow=${VENVSTACKS_SLOW_TESTS} expected-output=${VENVSTACKS_EXPECTED_OUTPUT_TESTS})"
swift test --skip-build "$@"
