# Sourced by the misc/ scripts after misc/setup.sh: points venvstacks at the pinned uv and,
# unless uv is already pointed somewhere, at the offline runtime mirror misc/setup.sh made.
# Expects $root (the repository) to be set.
export VENVSTACKS_UV="$root/.tools/bin/uv"
if [ -z "${UV_PYTHON_DOWNLOADS_JSON_URL:-}" ] && [ -f "$root/.tools/python-mirror/download-metadata.json" ]; then
  export UV_PYTHON_DOWNLOADS_JSON_URL="$root/.tools/python-mirror/download-metadata.json"
fi
