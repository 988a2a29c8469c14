#!/usr/bin/env bash
# Self-test of tracked-files.sh: in a scratch repository, a committed binary and a
# file over 1 MB fail the check; the same large file under testdata/ and a lock
# file pass it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
git init -q .
echo 'package main' >main.go
git add main.go
check() { # want (pass|fail), what
	if TRACKED_ROOT="$tmp" "$here/tracked-files.sh" >"$tmp/out" 2>&1; then got=pass; else got=fail; fi
	if [ "$got" != "$1" ]; then
		echo "tracked-files-test: $2: the check would $got, want $1"; cat "$tmp/out"; exit 1
	fi
}
check pass "sources only"
cp "$(type -P true)" segments
git add segments
check fail "a committed binary"
git rm -q --cached segments
head -c 1100000 /dev/zero | tr '\0' 'x' >big.txt
git add big.txt
check fail "a file over 1 MB"
mkdir -p testdata sub
git mv big.txt testdata/big.txt
head -c 1100000 /dev/zero | tr '\0' 'x' >sub/package-lock.json
git add sub/package-lock.json
check pass "a large fixture under testdata/ and a lock file"
echo "tracked-files-test: ok"
