#!/usr/bin/env bash
# Builds an offline Python runtime mirror for uv from the local pyenv CPython builds.
#
# Usage: misc/make-runtime-mirror.sh [--quiet] [OUTPUT_DIR]
#
#   OUTPUT_DIR defaults to <repo>/.tools/python-mirror. It receives, per CPython version,
#     cpython-X.Y.Z-<arch>-unknown-linux-gnu-install_only.tar.gz
#   (the python-build-standalone "install_only" layout: one top folder `python/`), and
#     download-metadata.json
#   the download list uv reads when UV_PYTHON_DOWNLOADS_JSON_URL points at it.
#
# Environment:
#   PYENV_ROOT                   where the pyenv builds live (else `pyenv root`, else ~/.pyenv,
#                                else /root/.pyenv)
#   VENVSTACKS_MIRROR_VERSIONS   versions to mirror, e.g. "3.11.7 3.12.1" (default: every
#                                X.Y.Z directory under $PYENV_ROOT/versions with X = 3)
#
# The archives are byte-reproducible: for the same local CPython build and the same
# patchelf/tar/gzip, every run (any umask, TZ, locale, output directory) gives the same
# sha256. download-metadata.json holds absolute file:// URLs, so it depends on OUTPUT_DIR.
# See docs/offline-runtimes.md.
set -euo pipefail

# Everything below must not depend on the caller's locale, time zone or umask.
# TAR_OPTIONS and GZIP would inject options into tar and gzip.
export LC_ALL=C TZ=UTC
unset TAR_OPTIONS GZIP
umask 022

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
script_path="$root/misc/$(basename "${BASH_SOURCE[0]}")"

# The fixed timestamp written into every archive entry: 2000-01-01T00:00:00Z. It also
# serves as the "build" field of the download list (uv shows it; it is not a real PBS tag).
fixed_epoch=946684800
build_tag=20000101

quiet=0
# Progress goes to stderr so that stdout carries only the final `export …` line.
say() { [ "$quiet" -eq 1 ] || printf 'make-runtime-mirror: %s\n' "$*" >&2; }
warn() { printf 'make-runtime-mirror: warning: %s\n' "$*" >&2; }
die() { printf 'make-runtime-mirror: ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$script_path"
}

parse_args() {
  out=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --quiet) quiet=1 ;;
      -h|--help) usage; exit 0 ;;
      --) shift; break ;;
      -*) die "unknown option: $1 (usage: misc/make-runtime-mirror.sh [--quiet] [OUTPUT_DIR])" ;;
      *) [ -z "$out" ] || die "only one OUTPUT_DIR may be given"; out=$1 ;;
    esac
    shift
  done
  if [ $# -gt 0 ]; then
    if [ -n "$out" ] || [ $# -gt 1 ]; then die "only one OUTPUT_DIR may be given"; fi
    out=$1
  fi
  [ -n "$out" ] || out="$root/.tools/python-mirror"
}

check_tools() {
  [ "$(uname -s)" = Linux ] || die "only Linux is supported (this is $(uname -s))"
  # Only glibc builds are produced: the archives are named and listed as linux-gnu.
  # (Captured first: with pipefail, `ldd | grep -q` can fail when grep exits early.)
  local libc_info
  libc_info=$(ldd --version 2>&1 || true)
  grep -qiE 'glibc|gnu libc' <<<"$libc_info" || die "only glibc (linux-gnu) systems are supported"
  command -v patchelf >/dev/null || die "patchelf is needed (run misc/setup.sh)"
  local tool
  for tool in tar gzip sha256sum find sort ldd; do
    command -v "$tool" >/dev/null || die "$tool is needed but not on PATH"
  done
  # --sort=name and --mtime are GNU tar features; both are needed for reproducible archives.
  local tar_info
  tar_info=$(tar --version 2>/dev/null || true)
  grep -q 'GNU tar' <<<"$tar_info" || die "GNU tar is needed (for --sort=name and --mtime)"
}

# The pyenv root: $PYENV_ROOT, else what pyenv says, else the usual places.
find_pyenv_root() {
  local candidate
  if [ -n "${PYENV_ROOT:-}" ]; then
    candidate=$PYENV_ROOT
  elif command -v pyenv >/dev/null && candidate=$(pyenv root 2>/dev/null) && [ -n "$candidate" ]; then
    :
  elif [ -d "${HOME:-/nonexistent}/.pyenv/versions" ]; then
    candidate=$HOME/.pyenv
  else
    candidate=/root/.pyenv
  fi
  [ -d "$candidate/versions" ] \
    || die "no pyenv CPython builds: $candidate/versions does not exist (set PYENV_ROOT to the pyenv root)"
  pyenv_root=$(cd "$candidate" && pwd -P)
}

# Fills the array `versions` (sorted by version).
select_versions() {
  local v list=()
  if [ -n "${VENVSTACKS_MIRROR_VERSIONS:-}" ]; then
    read -r -a list <<<"$VENVSTACKS_MIRROR_VERSIONS"
    for v in "${list[@]}"; do
      [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] \
        || die "VENVSTACKS_MIRROR_VERSIONS: '$v' is not a plain X.Y.Z CPython version"
      [[ $v == 3.* ]] || die "VENVSTACKS_MIRROR_VERSIONS: $v: only CPython 3 versions can be mirrored"
      [ -d "$pyenv_root/versions/$v" ] || die "VENVSTACKS_MIRROR_VERSIONS: $v: $pyenv_root/versions/$v does not exist"
    done
  else
    for v in "$pyenv_root"/versions/*; do
      v=${v##*/}
      [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || continue
      if [[ $v != 3.* ]]; then
        say "skipping $v (only CPython 3 is mirrored)"
        continue
      fi
      list+=("$v")
    done
  fi
  [ ${#list[@]} -gt 0 ] || die "no CPython X.Y.Z builds found under $pyenv_root/versions"
  mapfile -t versions < <(printf '%s\n' "${list[@]}" | sort -u -V)
}

# Prints the paths (relative to the source prefix $1, for version $2) that go into the
# archive, one per line, directories included. The selection leaves out everything that
# is not part of a plain interpreter: third-party site-packages, the test suite, IDLE,
# byte-code caches (they are re-created at run time) and the static libpython archive.
select_sources() {
  local src=$1 xy=$2
  (
    cd "$src"
    shopt -s nullglob
    local roots=("bin/python$xy" "lib/python$xy")
    roots+=(include/python"$xy"* lib/libpython"$xy"*.so*)
    # The stable-ABI stub python-build-standalone also ships, when the build has one.
    [ ! -e lib/libpython3.so ] || roots+=(lib/libpython3.so)
    find "${roots[@]}" \
      \( -path "lib/python$xy/site-packages/*" -o -path "lib/python$xy/test" \
         -o -path "lib/python$xy/idlelib" -o -name __pycache__ \) -prune \
      -o -path "lib/python$xy/config-*/*.a" \
      -o -print
  ) | sort
}

# A digest of everything the archive for one version is made from: this script, the
# packing tools, and the names, kinds, modes and contents of the selected sources.
# When it matches the stamp of an existing archive, that archive is reused.
input_digest() {
  local src=$1 listfile=$2
  (
    sha256sum <"$script_path"
    patchelf --version; tar --version | sed -n 1p; gzip --version | sed -n 1p
    cd "$src"
    # Kind, mode, size and name (with a symlink's target) of every entry...
    tr '\n' '\0' <"$listfile" | xargs -0 -r stat -c '%F %a %s %N' --
    # ...and the contents of the regular files ('//' cannot occur in these paths).
    tr '\n' '\0' <"$listfile" | xargs -0 -r stat -c '%F//%n' -- \
      | sed -n 's|^regular file//||p' | tr '\n' '\0' | xargs -0 -r sha256sum --
  ) | sha256sum | cut -d ' ' -f 1
}

is_elf() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]; }

# Makes the ELF files of the staged tree relocatable. The pyenv builds carry an absolute
# RUNPATH (…/versions/X.Y.Z/lib) in the interpreter, in libpython and in every extension
# module. The interpreter gets `$ORIGIN/../lib` (as in python-build-standalone); a library
# or extension module that links libpython (lib-dynload of 3.6/3.7 does) gets the path to
# lib/ relative to itself; everything else loses its RUNPATH, since it only needs system
# libraries.
fix_runpaths() {
  local stage=$1 xy=$2 f needed rel sub
  # shellcheck disable=SC2016 # $ORIGIN is for the dynamic loader, not the shell.
  patchelf --set-rpath '$ORIGIN/../lib' "$stage/bin/python$xy"
  while IFS= read -r -d '' f; do
    [ -L "$f" ] && continue
    is_elf "$f" || continue
    needed=$(patchelf --print-needed "$f")
    # '$ORIGIN' plus one '/..' per directory level between the file and lib/.
    sub=${f#"$stage/lib"}
    sub=${sub%/*}
    # shellcheck disable=SC2016
    rel='$ORIGIN'
    while [ -n "$sub" ]; do rel+='/..'; sub=${sub%/*}; done
    if grep -q '^libpython' <<<"$needed"; then
      patchelf --set-rpath "$rel" "$f"
    else
      patchelf --remove-rpath "$f"
    fi
  done < <(find "$stage/lib" -type f -name '*.so*' -print0)
}

# Fails if anything in the staged tree still loads from the pyenv build, or if the
# interpreter does not start from its new place with the usual extension modules.
check_stage() {
  local stage=$1 xy=$2 src=$3 f deps prefix
  while IFS= read -r -d '' f; do
    is_elf "$f" || continue
    deps=$(env -u LD_LIBRARY_PATH -u LD_PRELOAD ldd "$f" 2>&1) || true
    if grep -qF "$src/" <<<"$deps"; then
      die "$f still loads from $src: $deps"
    fi
    if grep -q 'not found' <<<"$deps"; then
      warn "${f#"$stage"/}: missing system libraries: $(grep 'not found' <<<"$deps" | tr -s ' \t' ' ' | tr '\n' ';')"
    fi
  done < <(find "$stage/bin" "$stage/lib" -type f \( -name "python$xy" -o -name '*.so*' \) -print0)
  # -I: ignore PYTHON* variables and user site-packages; -B: leave no __pycache__ behind.
  prefix=$(env -i "$stage/bin/python3" -I -B -c \
    'import sys, ssl, sqlite3, ctypes, lzma, bz2, zlib; print(sys.prefix)') \
    || die "the staged interpreter for $xy does not run or lacks ssl/sqlite3/ctypes/lzma/bz2/zlib"
  [ "$prefix" = "$stage" ] || die "the staged interpreter reports sys.prefix=$prefix, expected $stage"
  [ -z "$(find "$stage" -name __pycache__ -print -quit)" ] || die "the check left __pycache__ in $stage"
}

# Gives every entry a mode that depends only on the source's owner-execute bit.
normalise_modes() {
  local stage=$1
  find "$stage" -type d -exec chmod 0755 {} +
  find "$stage" -type f -perm -u=x -exec chmod 0755 {} +
  find "$stage" -type f ! -perm -u=x -exec chmod 0644 {} +
}

# Packs $1/python into $2 reproducibly: sorted names, numeric owner 0:0, one fixed
# mtime, no hard links, no user/group names, gzip without name or timestamp.
pack() {
  local parent=$1 dest=$2
  tar -C "$parent" --create --format=gnu --sort=name --numeric-owner --owner=0 --group=0 \
      --mtime="@$fixed_epoch" --hard-dereference --file=- python \
    | gzip -n -6 >"$dest"
}

# Builds (or reuses) the archive for one version; sets archive_name and archive_sha.
build_version() {
  local v=$1 xy=${1%.*} src="$pyenv_root/versions/$1"
  local work="$tmp/$v" stage digest stamp
  archive_name="cpython-$v-$arch-unknown-linux-gnu-install_only.tar.gz"
  local archive="$out/$archive_name"
  stamp="$out/.stamps/$archive_name.inputs"

  [ -f "$src/bin/python$xy" ] || die "$src/bin/python$xy does not exist: not a CPython $xy build"
  [ -f "$src/lib/python$xy/os.py" ] || die "$src/lib/python$xy/os.py does not exist: not a CPython $xy build"

  mkdir -p "$work"
  select_sources "$src" "$xy" >"$work/list"
  digest=$(input_digest "$src" "$work/list")
  if [ -f "$archive" ] && [ -f "$stamp" ]; then
    local recorded_digest recorded_sha
    { read -r recorded_digest; read -r recorded_sha; } <"$stamp" || true
    if [ "$recorded_digest" = "$digest" ] && [ "$(sha256sum <"$archive" | cut -d ' ' -f 1)" = "$recorded_sha" ]; then
      say "$v: $archive_name is up to date"
      archive_sha=$recorded_sha
      rm -rf "$work"
      return
    fi
  fi

  say "$v: packing $src"
  stage="$work/python"
  mkdir -p "$stage"
  # Copy the selection (directories are listed explicitly, hence --no-recursion).
  tr '\n' '\0' <"$work/list" \
    | tar -C "$src" --create --null --no-recursion --files-from=- --file=- \
    | tar -C "$stage" --extract --no-same-owner --file=-
  mkdir -p "$stage/lib/python$xy/site-packages"
  ln -s "python$xy" "$stage/bin/python3"
  ln -s "python$xy" "$stage/bin/python"

  fix_runpaths "$stage" "$xy"
  normalise_modes "$stage"
  check_stage "$stage" "$xy" "$src"

  pack "$work" "$work/archive.tar.gz"
  archive_sha=$(sha256sum <"$work/archive.tar.gz" | cut -d ' ' -f 1)
  mv -f "$work/archive.tar.gz" "$archive"
  mkdir -p "$out/.stamps"
  printf '%s\n%s\n' "$digest" "$archive_sha" >"$stamp.tmp"
  mv -f "$stamp.tmp" "$stamp"
  rm -rf "$work"
  say "$v: $archive_name sha256 $archive_sha"
}

# Percent-encodes a path for a file:// URL (bytes other than unreserved characters and /).
url_path() {
  local s=$1 i c encoded=""
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [A-Za-z0-9._~/-]) encoded+=$c ;;
      *) encoded+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$encoded"
}

# Writes download-metadata.json: one entry per version, keys sorted, two-space indent
# (the layout of `json.dumps(..., indent=2, sort_keys=True)`).
write_metadata() {
  local json="$out/download-metadata.json" i v major minor patch key first=1
  local -a keys=() lines=()
  for i in "${!versions[@]}"; do
    keys+=("cpython-${versions[$i]}-linux-$arch-gnu"$'\t'"$i")
  done
  mapfile -t lines < <(printf '%s\n' "${keys[@]}" | sort)
  {
    printf '{\n'
    for key in "${lines[@]}"; do
      i=${key#*$'\t'}; key=${key%%$'\t'*}
      v=${versions[$i]}
      IFS=. read -r major minor patch <<<"$v"
      [ $first -eq 1 ] || printf ',\n'
      first=0
      printf '  "%s": {\n' "$key"
      printf '    "arch": {\n      "family": "%s",\n      "variant": null\n    },\n' "$arch"
      printf '    "build": "%s",\n' "$build_tag"
      printf '    "libc": "gnu",\n'
      printf '    "major": %d,\n    "minor": %d,\n' "$((10#$major))" "$((10#$minor))"
      printf '    "name": "cpython",\n    "os": "linux",\n'
      printf '    "patch": %d,\n    "prerelease": "",\n' "$((10#$patch))"
      printf '    "sha256": "%s",\n' "${shas[$i]}"
      printf '    "url": "file://%s",\n' "$(url_path "$out/${names[$i]}")"
      printf '    "variant": null\n'
      printf '  }'
    done
    printf '\n}\n'
  } >"$json.tmp"
  mv -f "$json.tmp" "$json"
}

main() {
  parse_args "$@"
  check_tools
  find_pyenv_root
  select_versions

  arch=$(uname -m)
  case "$arch" in
    x86_64|aarch64|i686|ppc64le|s390x|riscv64) ;;
    *) die "unsupported machine architecture: $arch" ;;
  esac

  mkdir -p "$out" || die "cannot create $out"
  out=$(cd "$out" && pwd -P)
  # One run at a time per output directory.
  if command -v flock >/dev/null; then
    exec 9>"$out/.lock"
    flock -n 9 || die "another make-runtime-mirror.sh is writing to $out"
  fi
  tmp=$(mktemp -d "$out/.work.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT

  say "mirroring CPython ${versions[*]} from $pyenv_root/versions into $out"
  local -a names=() shas=()
  local v
  for v in "${versions[@]}"; do
    build_version "$v"
    names+=("$archive_name")
    shas+=("$archive_sha")
  done
  write_metadata

  say "done. To install runtimes from this mirror, use:"
  printf 'export UV_PYTHON_DOWNLOADS_JSON_URL=%q\n' "$out/download-metadata.json"
}

main "$@"
