#!/usr/bin/env bash
# Publishes the sample project twice, the second time with httpx pinned lower in
# framework-http-client (httpx<0.28), and prints `venvstacks diff` of the two output folders in
# each form: text, --summary, --markdown and --json. What the Python tool's reviewers do by hand
# (look for size jumps and packages that moved between layers), done by the tool.
# Usage: misc/demo-diff.sh [WORK_FOLDER]   (needs misc/setup.sh and a debug build; takes
# minutes: it locks, builds and publishes a copy of the sample project. The work folder is kept
# when given, removed otherwise.)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/misc/tool-env.sh"
bin="$root/.build/debug/venvstacks"
[ -x "$bin" ] || { echo "build first: swift build" >&2; exit 1; }
if [ -n "${1:-}" ]; then
  mkdir -p "$1"
  work=$(cd "$1" && pwd)
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work/sample_project" "$work/published-old" "$work/published-new"
cp -r "$root/sample_project" "$work/"
rm -rf "$work/sample_project/_build" "$work/sample_project/_artifacts"
spec="$work/sample_project/venvstacks.toml"
echo "building and publishing the sample project ..." >&2
"$bin" build -q "$spec" >/dev/null
"$bin" publish -q --output-dir "$work/published-old" "$spec" >/dev/null
echo "pinning httpx<0.28 in framework-http-client, relocking, building, publishing again ..." >&2
sed -i 's/^    "httpx",$/    "httpx<0.28",/' "$spec"
grep -q '"httpx<0.28"' "$spec" || { echo "the sample spec no longer lists httpx as expected" >&2; exit 1; }
cp -r "$work/published-old" "$work/published-new"
"$bin" lock -q "$spec" >/dev/null
"$bin" build -q "$spec" >/dev/null
"$bin" publish -q --output-dir "$work/published-new" "$spec" >/dev/null
cd "$work"
for form in "" --summary --markdown --json; do
  echo "\$ venvstacks diff ${form:+$form }published-old published-new"
  status=0
  "$bin" diff $form published-old published-new || status=$?
  echo "(exit status $status)"
  echo
done
