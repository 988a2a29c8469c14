#!/usr/bin/env bash
# Self-test of scripts/contract-guard.sh: makes breaking and compatible changes to temporary
# copies of the contract and checks that the guard fails or passes as it should, and for the
# right reason. Nothing in the work tree is modified.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

guard=$root/scripts/contract-guard.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

released=$root/contract/released/openapi.yaml
passed=0
failed=0

# ---- mutations of a copy of the contract (plain awk/sed on the YAML layout of openapi.yaml) ----

# set_version FILE VERSION: rewrites info.version.
set_version() {
	sed -i "0,/^  version: .*/s//  version: $2/" "$1"
	grep -q "^  version: $2\$" "$1" || { echo "set_version did not apply to $1" >&2; exit 2; }
}

# Breaking (request): the optional `customers` of a static segment becomes required.
require_customers() {
	awk '
		$0 == "    StaticSegmentCreate:" { in_schema = 1 }
		{ print }
		in_schema && $0 == "        - type" { print "        - customers"; in_schema = 0 }
	' "$1" >"$1.new" && mv "$1.new" "$1"
	grep -q '^        - customers$' "$1" || { echo "require_customers did not apply" >&2; exit 2; }
}

# Breaking (response): the segment loses its `name` field.
remove_segment_name() {
	awk '
		/^    [A-Za-z]/ { in_schema = ($0 == "    Segment:") }
		in_schema && $0 == "        - name" { next }
		in_schema && $0 == "        name:" { skipping = 1; next }
		skipping && /^          / { next }
		{ skipping = 0; print }
	' "$1" >"$1.new" && mv "$1.new" "$1"
}

# Compatible (response): the segment gains an optional field.
add_segment_note() {
	awk '
		/^    [A-Za-z]/ { in_schema = ($0 == "    Segment:") }
		{ print }
		in_schema && $0 == "      properties:" {
			print "        note:"
			print "          type: string"
			print "          description: A free-form note about the segment."
			in_schema = 0
		}
	' "$1" >"$1.new" && mv "$1.new" "$1"
	grep -q '^        note:$' "$1" || { echo "add_segment_note did not apply" >&2; exit 2; }
}

# add_changelog FILE HEADING ENTRY: puts ENTRY under HEADING (`Unreleased` or a version).
add_changelog() {
	if [[ $2 == Unreleased ]]; then
		awk -v entry="$3" '{ print } /^## \[Unreleased\]/ { print ""; print "### Added"; print ""; print "- " entry }' "$1" >"$1.new"
	else
		awk -v v="$2" -v entry="$3" '
			/^## \[Unreleased\]/ { print; print ""; print "## [" v "] - 2099-01-01"; print ""; print "### Changed"; print ""; print "- " entry; next }
			{ print }
		' "$1" >"$1.new"
	fi
	mv "$1.new" "$1"
}

# ---- one case: a fresh copy, mutations, the guard, the verdict ----

# run_case NAME EXPECT(pass|fail) PATTERN SETUP...: SETUP commands run in the case's directory
# with $base, $rev and $log pointing at its copies; PATTERN must appear in the guard's output.
run_case() {
	local name=$1 expect=$2 pattern=$3
	shift 3
	local dir=$tmp/$((passed + failed))
	mkdir -p "$dir"
	cp "$released" "$dir/base.yaml"
	cp "$released" "$dir/openapi.yaml"
	# A changelog of the released version alone, so that no case depends on the
	# sections the real one gains over time.
	printf '# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-11-26\n\n- The initial contract.\n' >"$dir/CHANGELOG.md"
	(
		cd "$dir"
		base=$dir/base.yaml rev=$dir/openapi.yaml log=$dir/CHANGELOG.md
		export base rev log
		eval "$*"
	)
	local rc=0
	GUARD_BASE=$dir/base.yaml GUARD_REVISION=$dir/openapi.yaml GUARD_CHANGELOG=$dir/CHANGELOG.md \
		"$guard" ${GUARD_ARGS:-} >"$dir/out.txt" 2>&1 || rc=$?
	local got=pass
	((rc == 0)) || got=fail
	if [[ $got == "$expect" ]] && grep -Eq -- "$pattern" "$dir/out.txt"; then
		echo "ok   $name: guard ${got}ed as expected"
		passed=$((passed + 1))
	else
		echo "FAIL $name: expected the guard to $expect with output matching /$pattern/, it ${got}ed (exit $rc):"
		sed 's/^/    | /' "$dir/out.txt"
		failed=$((failed + 1))
	fi
}

echo "contract-guard self-test (base: a copy of $(basename "$released"), released $(awk '/^  version:/ { print $2; exit }' "$released"))"

run_case "unchanged contract" pass 'No changes detected' true

run_case "compatible change (optional response field added) with an Unreleased entry" pass \
	'response-optional-property-added|added the optional property' \
	'add_segment_note "$rev"; add_changelog "$log" Unreleased "Segment: optional note."'

run_case "compatible change without a changelog entry" fail "no entry under '## \[Unreleased\]'" \
	'add_segment_note "$rev"'

run_case "breaking request change (new required request field), same version" fail \
	'breaking changes against the released contract.*raise the major version' \
	'require_customers "$rev"; add_changelog "$log" Unreleased "customers required."'

run_case "breaking response change (response field removed), same version" fail \
	'breaking changes against the released contract' \
	'remove_segment_name "$rev"; add_changelog "$log" Unreleased "name removed."'

run_case "breaking response change with only a minor bump" fail \
	'breaking changes against the released contract' \
	'remove_segment_name "$rev"; set_version "$rev" 0.2.0; add_changelog "$log" 0.2.0 "name removed."'

run_case "breaking response change with a major bump" pass \
	'allowed by the major version raised from 0 to 1' \
	'remove_segment_name "$rev"; set_version "$rev" 1.0.0; add_changelog "$log" 1.0.0 "name removed."'

run_case "breaking request change with a major bump" pass \
	'allowed by the major version raised' \
	'require_customers "$rev"; set_version "$rev" 1.0.0; add_changelog "$log" 1.0.0 "customers required."'

run_case "major bump without a changelog section" fail "has no '## \[1\.0\.0\]' section" \
	'remove_segment_name "$rev"; set_version "$rev" 1.0.0'

run_case "minor bump prepared under Unreleased (compatible change, release not cut)" pass \
	"0\.2\.0 prepared under '## \[Unreleased\]', not released" \
	'add_segment_note "$rev"; set_version "$rev" 0.2.0; add_changelog "$log" Unreleased "Segment: optional note."'

run_case "version lower than the released one" fail 'lower than the released' \
	'set_version "$base" 0.2.0'

run_case "version that is not MAJOR.MINOR.PATCH" fail 'is not MAJOR.MINOR.PATCH' \
	'set_version "$rev" v0.2'

GUARD_ARGS=--release run_case "--release with a raised version makes the revision the released copy" pass \
	'is now the released contract' \
	'add_segment_note "$rev"; set_version "$rev" 0.2.0; add_changelog "$log" 0.2.0 "Segment: optional note."'
last=$tmp/$((passed + failed - 1))
if cmp -s "$last/openapi.yaml" "$last/base.yaml"; then
	echo "ok   --release copied the revision over the released copy"
	passed=$((passed + 1))
else
	echo "FAIL --release did not copy the revision over the released copy"
	failed=$((failed + 1))
fi

GUARD_ARGS=--release run_case "--release of a raised version whose entries are still under Unreleased" fail \
	"--release: .*rename '## \[Unreleased\]' to '## \[0\.2\.0\]" \
	'add_segment_note "$rev"; set_version "$rev" 0.2.0; add_changelog "$log" Unreleased "Segment: optional note."'

GUARD_ARGS=--release run_case "--release of a changed contract under the released version" fail \
	'raise it \(or set ALLOW_SAME_VERSION=1' \
	'add_segment_note "$rev"; add_changelog "$log" Unreleased "Segment: optional note."'

echo "contract-guard-test: $passed passed, $failed failed"
((failed == 0))
