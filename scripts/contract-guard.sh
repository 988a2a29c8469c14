#!/usr/bin/env bash
# Breaking-change guard for the contract.
#
# Compares openapi.yaml (the revision) with the last released contract,
# contract/released/openapi.yaml (the base), using oasdiff, pinned in tools/oasdiff/go.mod and run
# with `go tool -modfile=tools/oasdiff/go.mod oasdiff`. It prints the changelog of the difference
# and fails when:
#   - oasdiff finds a breaking change (level ERR) and the major version of info.version was not
#     raised above the released one;
#   - info.version is lower than the released version, or not MAJOR.MINOR.PATCH;
#   - info.version was raised but CHANGELOG.md has neither a `## [<version>]` section nor an
#     entry under `## [Unreleased]` (a version prepared for the next release); with --release,
#     the `## [<version>]` section is required;
#   - the contract changed while info.version is still the released one, and CHANGELOG.md has
#     no entry under `## [Unreleased]`.
# Breaking changes at WARN level (oasdiff's "may break") are printed but do not fail.
#
#   scripts/contract-guard.sh                 check openapi.yaml against the released copy
#   scripts/contract-guard.sh --release       check, then make openapi.yaml the released copy
#                                             (run when tagging a release; needs a higher version,
#                                             or ALLOW_SAME_VERSION=1 to refresh an untagged one)
#
# The files can be overridden (the self-test, scripts/contract-guard-test.sh, does):
#   GUARD_BASE (contract/released/openapi.yaml), GUARD_REVISION (openapi.yaml),
#   GUARD_CHANGELOG (CHANGELOG.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

base=${GUARD_BASE:-contract/released/openapi.yaml}
revision=${GUARD_REVISION:-openapi.yaml}
changelog=${GUARD_CHANGELOG:-CHANGELOG.md}
release=false
if [[ ${1:-} == --release ]]; then
	release=true
elif [[ $# -gt 0 ]]; then
	echo "usage: $0 [--release]" >&2
	exit 2
fi

fail() {
	echo "contract-guard: FAIL: $*" >&2
	exit 1
}

oasdiff() {
	# No .oasdiff.* config is looked up from another directory: the flags below are the config.
	go tool -modfile="$root/tools/oasdiff/go.mod" oasdiff "$@"
}

# info.version of an OpenAPI YAML file: the `version:` key directly under the top-level `info:`.
spec_version() {
	awk '
		/^info:/ { in_info = 1; next }
		in_info && /^[^[:space:]#]/ { exit }
		in_info && /^  version:/ {
			v = $0
			sub(/^  version:[[:space:]]*/, "", v)
			sub(/[[:space:]]+#.*$/, "", v)
			gsub(/["\047[:space:]]/, "", v)
			print v
			exit
		}
	' "$1"
}

semver_re='^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$'

# compare A B: prints -1, 0 or 1.
semver_cmp() {
	local -a a b
	IFS=. read -r -a a <<<"$1"
	IFS=. read -r -a b <<<"$2"
	for i in 0 1 2; do
		if ((a[i] < b[i])); then echo -1; return; fi
		if ((a[i] > b[i])); then echo 1; return; fi
	done
	echo 0
}

# The lines of CHANGELOG.md between `## [Unreleased]` and the next `## ` heading that say something.
unreleased_entries() {
	awk '
		/^## \[Unreleased\]/ { on = 1; next }
		on && /^## / { exit }
		on && /^[[:space:]]*[-*] [^[:space:]]/ { print }
	' "$changelog"
}

[[ -f $base ]] || fail "no released contract at $base"
[[ -f $revision ]] || fail "no contract at $revision"
[[ -f $changelog ]] || fail "no changelog at $changelog"

base_version=$(spec_version "$base")
rev_version=$(spec_version "$revision")
[[ $base_version =~ $semver_re ]] || fail "$base: info.version '$base_version' is not MAJOR.MINOR.PATCH"
[[ $rev_version =~ $semver_re ]] || fail "$revision: info.version '$rev_version' is not MAJOR.MINOR.PATCH"
base_major=${base_version%%.*}
rev_major=${rev_version%%.*}
version_cmp=$(semver_cmp "$rev_version" "$base_version")

echo "contract-guard: $revision (info.version $rev_version) against the released $base (info.version $base_version)"
((version_cmp >= 0)) || fail "info.version $rev_version is lower than the released $base_version"

echo
echo "== Changelog of the contract since $base_version (oasdiff changelog)"
changes=$(oasdiff changelog "$base" "$revision" --color never --format text) || fail "oasdiff changelog could not compare the contracts"
echo "$changes"

echo
echo "== Breaking changes (oasdiff breaking)"
set +e
breaking=$(oasdiff breaking "$base" "$revision" --color never --format text --fail-on ERR)
breaking_rc=$?
set -e
echo "$breaking"
case $breaking_rc in
0) has_breaking=false ;;
1) has_breaking=true ;;
*) fail "oasdiff breaking could not compare the contracts (exit $breaking_rc)" ;;
esac

echo
status_line=""
if $has_breaking; then
	if ((rev_major > base_major)); then
		status_line="breaking changes, allowed by the major version raised from $base_major to $rev_major"
	else
		fail "breaking changes against the released contract $base_version: raise the major version of info.version (to $((base_major + 1)).0.0) and record the change in $changelog, or make the change compatible"
	fi
fi

if ((version_cmp > 0)); then
	if ! grep -Eq "^## \[$(sed 's/\./\\./g' <<<"$rev_version")\]" "$changelog"; then
		$release && fail "--release: info.version is $rev_version but $changelog has no '## [$rev_version]' section: rename '## [Unreleased]' to '## [$rev_version] - <date>'"
		[[ -n $(unreleased_entries) ]] ||
			fail "info.version was raised to $rev_version but $changelog has no '## [$rev_version]' section and no entry under '## [Unreleased]'"
		status_line="${status_line:+$status_line; }$rev_version prepared under '## [Unreleased]', not released"
	fi
elif ! grep -q '^No changes detected' <<<"$changes"; then
	[[ -n $(unreleased_entries) ]] ||
		fail "the contract changed since $base_version but $changelog has no entry under '## [Unreleased]'"
fi

echo "contract-guard: OK${status_line:+ ($status_line)}: info.version $rev_version, released $base_version"

if $release; then
	if ((version_cmp == 0)) && ! cmp -s "$base" "$revision" && [[ ${ALLOW_SAME_VERSION:-} != 1 ]]; then
		fail "--release: info.version $rev_version is the released version; raise it (or set ALLOW_SAME_VERSION=1 to refresh a version that was never tagged)"
	fi
	cp "$revision" "$base"
	echo "contract-guard: $revision ($rev_version) is now the released contract $base: commit it with the release"
fi
