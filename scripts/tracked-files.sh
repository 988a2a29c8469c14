#!/usr/bin/env bash
# No build output is ever committed: fails when a tracked file is an executable
# build (ELF, Mach-O, PE, a Go archive) or larger than 1 MB. Fixtures under
# testdata/ and npm lock files are the only large files allowed, by name.
set -euo pipefail
cd "${TRACKED_ROOT:-$(dirname "$0")/..}"

limit=$((1 << 20))
fail=0
while IFS= read -r -d '' f; do
	[ -f "$f" ] || continue # deleted in the work tree, not yet in the index
	case "$f" in
	testdata/* | */testdata/* | package-lock.json | */package-lock.json) large_ok=1 ;;
	*) large_ok=0 ;;
	esac
	size=$(stat -c %s -- "$f")
	if [ "$large_ok" = 0 ] && [ "$size" -gt "$limit" ]; then
		echo "tracked-files: $f is $size bytes, over 1 MB: a build output or data that belongs elsewhere"
		fail=1
	fi
	magic=$(head -c 8 -- "$f" | od -An -tx1 | tr -d ' \n')
	case "$magic" in
	7f454c46* | cffaedfe* | cefaedfe* | feedface* | feedfacf* | 4d5a* | 213c617263683e0a*)
		echo "tracked-files: $f is an executable build or archive; build outputs are never committed (.gitignore)"
		fail=1
		;;
	esac
done < <(git ls-files -z)
if [ "$fail" != 0 ]; then
	exit 1
fi
echo "tracked-files: no build output, nothing over 1 MB outside testdata/ and lock files"
