#!/usr/bin/env bash
# Installs everything this project needs on a fresh Debian machine of the project's kind.
# Idempotent and quick when everything is present. Usage: misc/setup.sh [--quiet]
#
# - Debian packages: libarchive-dev liblzma-dev zlib1g-dev libzstd-dev (the archive writer's C
#   libraries), patchelf git, and xz-utils zstd (the xz/zstd CLIs the archive tests use to check
#   archives independently of the writer), tmux (the terminal the interactive `inspect` tests drive),
#   docker-registry (the CNCF distribution registry the registry tests run on loopback), skopeo
#   (which copies `push --oci-layout` output into it) and apache2-utils (its `htpasswd` makes the
#   bcrypt password file of the registry run with basic auth)
# - the pinned uv (version from expected-output-config.toml) into .tools/uv-<version>/,
#   linked as .tools/bin/uv (the uv the tests and demo use)
# - cyclonedx-python-lib (with its JSON schema validator, version pinned below) into
#   .tools/cyclonedx-<version>/, linked as .tools/cyclonedx (misc/validate-sbom.py, which the
#   publish tests use to check the layer SBOMs against the CycloneDX 1.5 schema)
# - when GitHub (where uv downloads Python runtimes from) is unreachable: an offline runtime
#   mirror in .tools/python-mirror/ made from the local CPython builds (see
#   docs/offline-runtimes.md); venvstacks uses it when UV_PYTHON_DOWNLOADS_JSON_URL is unset.
#   VENVSTACKS_MIRROR_VERSIONS (default "3.11.7 3.12.1", the sample project's runtimes)
#   says which versions; VENVSTACKS_RUNTIME_MIRROR=1 forces the mirror, =0 skips it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
quiet=${1:-}
say() { [ "$quiet" = "--quiet" ] || printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

command -v swift >/dev/null || die "the Swift toolchain is not on PATH (Swift 6.1 or newer is needed)"
command -v python3 >/dev/null || die "python3 is needed to install the pinned uv from PyPI"

# Debian packages.
packages=(libarchive-dev liblzma-dev zlib1g-dev libzstd-dev patchelf git xz-utils zstd tmux docker-registry skopeo apache2-utils)
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
else
  say "Debian packages present"
fi

# The pinned uv.
uv_version=$(sed -n 's/^uv *= *"\([^"]*\)".*/\1/p' "$root/expected-output-config.toml" | head -n 1)
[ -n "$uv_version" ] || die "no 'uv = \"X.Y.Z\"' pin found in expected-output-config.toml"
uv_dir="$root/.tools/uv-$uv_version"
if [ "$("$uv_dir/bin/uv" --version 2>/dev/null || true)" != "uv $uv_version" ]; then
  say "installing uv $uv_version from PyPI into .tools/"
  rm -rf "$uv_dir.partial"
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --root-user-action=ignore --target "$uv_dir.partial" "uv==$uv_version" \
    || die "pip could not install uv==$uv_version from PyPI"
  rm -rf "$uv_dir"
  mv "$uv_dir.partial" "$uv_dir"
else
  say "uv $uv_version present"
fi
mkdir -p "$root/.tools/bin"
ln -sfn "../uv-$uv_version/bin/uv" "$root/.tools/bin/uv"

# The CycloneDX schema validator the SBOM tests use.
cyclonedx_version=11.12.0
cyclonedx_dir="$root/.tools/cyclonedx-$cyclonedx_version"
if [ ! -f "$cyclonedx_dir/.complete" ]; then
  say "installing cyclonedx-python-lib $cyclonedx_version from PyPI into .tools/"
  rm -rf "$cyclonedx_dir.partial"
  # pip compares a --target install with the system's packages and reports their conflicts,
  # which do not concern a separate folder: its messages are shown only when it fails.
  pip_log=$(mktemp)
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
    --root-user-action=ignore --target "$cyclonedx_dir.partial" "cyclonedx-python-lib[json-validation]==$cyclonedx_version" \
    2>"$pip_log" || { cat "$pip_log" >&2; rm -f "$pip_log"; die "pip could not install cyclonedx-python-lib==$cyclonedx_version from PyPI"; }
  rm -f "$pip_log"
  touch "$cyclonedx_dir.partial/.complete"
  rm -rf "$cyclonedx_dir"
  mv "$cyclonedx_dir.partial" "$cyclonedx_dir"
else
  say "cyclonedx-python-lib $cyclonedx_version present"
fi
ln -sfn "cyclonedx-$cyclonedx_version" "$root/.tools/cyclonedx"

# Python runtimes: uv downloads python-build-standalone from GitHub. Without GitHub access,
# make the offline mirror from the local CPython builds instead.
mirror_mode=${VENVSTACKS_RUNTIME_MIRROR:-auto}
if [ "$mirror_mode" = "auto" ]; then
  if python3 -c "import urllib.request; urllib.request.urlopen('https://github.com', timeout=5)" >/dev/null 2>&1; then
    mirror_mode=0
  else
    mirror_mode=1
  fi
fi
if [ "$mirror_mode" = "1" ]; then
  say "GitHub is unreachable (or VENVSTACKS_RUNTIME_MIRROR=1): making the offline runtime mirror"
  VENVSTACKS_MIRROR_VERSIONS=${VENVSTACKS_MIRROR_VERSIONS:-3.11.7 3.12.1} \
    bash "$root/misc/make-runtime-mirror.sh" --quiet "$root/.tools/python-mirror" >/dev/null \
    || die "misc/make-runtime-mirror.sh failed (see above)"
else
  say "runtimes: uv downloads them from GitHub"
fi
