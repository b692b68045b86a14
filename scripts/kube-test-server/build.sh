#!/usr/bin/env bash
# Builds the real kube-apiserver and etcd the tests start (README.md beside this file), or finds
# them already built. The binaries live in a cache outside the repository, keyed by this module's
# inputs, so a second run and a fresh clone on the same machine do not rebuild; .tools/kube in the
# repository links to the current one. Prints the folder; exits non-zero if the build fails.
#   scripts/kube-test-server/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
go_bin="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[ -x "$go_bin" ] || { echo "kube-test-server: no Go toolchain (looked for go on PATH and /usr/local/go/bin/go)" >&2; exit 1; }

cd "$here"
key="$( (cat go.mod go.sum build.sh cmd/*/main.go; "$go_bin" version) | sha256sum | cut -c1-16)"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/bookstore-portal"
dir="$cache_root/kube-test-server-$key"
link="$repo/.tools/kube"

if [ ! -x "$dir/kube-apiserver" ] || [ ! -x "$dir/etcd" ]; then
  k8s_version="$("$go_bin" list -m -f '{{.Version}}' k8s.io/kubernetes)"
  minor="${k8s_version#v1.}"
  minor="${minor%%.*}"
  # What the API server reports at /version; without it a built-from-modules server says v0.0.0.
  v=k8s.io/component-base/version
  ldflags="-s -w -X $v.gitVersion=$k8s_version -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
  work="$(mktemp -d "$cache_root.build.XXXXXX" 2>/dev/null || { mkdir -p "$cache_root" && mktemp -d "$cache_root.build.XXXXXX"; })"
  trap 'rm -rf "$work"' EXIT
  echo "kube-test-server: building kube-apiserver $k8s_version and etcd into $dir (a cold build takes several minutes)" >&2
  start=$(date +%s)
  CGO_ENABLED=0 "$go_bin" build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$work/" ./cmd/kube-apiserver ./cmd/etcd
  mkdir -p "$cache_root"
  # Another run may have finished the same build meanwhile: keep the first, drop ours.
  mv -T "$work" "$dir" 2>/dev/null || true
  echo "kube-test-server: built in $(($(date +%s) - start)) s" >&2
fi

mkdir -p "$repo/.tools"
ln -sfn "$dir" "$link"
echo "$dir"
