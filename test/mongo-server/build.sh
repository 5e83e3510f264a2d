#!/usr/bin/env bash
# Builds the FerretDB-based MongoDB test server into a cache folder outside the
# repository and prints the binary's path. The build is skipped while the
# binary is newer than the sources it comes from.
#
# MONGO_TEST_SERVER_CACHE overrides the cache folder.
set -euo pipefail

src_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_dir="${MONGO_TEST_SERVER_CACHE:-${HOME:-/tmp}/.cache/jti-mongo-server}"
bin="${cache_dir}/ferretdb-test-server"

up_to_date() {
  [[ -x "$bin" ]] || return 1
  local f
  for f in main.go go.mod go.sum; do
    [[ "$bin" -nt "${src_dir}/${f}" ]] || return 1
  done
}

if ! up_to_date; then
  if ! command -v go >/dev/null 2>&1; then
    echo "build.sh: the go toolchain is not on PATH" >&2
    exit 1
  fi
  mkdir -p "$cache_dir"
  tmp="$(mktemp "${cache_dir}/.build.XXXXXX")"
  trap 'rm -f "$tmp"' EXIT
  echo "build.sh: building ${bin} (a first build takes a minute or two)" >&2
  (
    cd "$src_dir"
    CGO_ENABLED=0 go build -trimpath -tags ferretdb_no_postgresql -o "$tmp" .
  ) >&2
  mv -f "$tmp" "$bin"
  trap - EXIT
fi

echo "$bin"
