#!/usr/bin/env bash
# Self-test of scripts/contract-drift.sh: changes temporary copies of the upstream files and their
# record (contract/upstream), of openapi.yaml and of the deliberate list, and checks that the drift
# check fails or passes as it should, naming the difference. Nothing in the work tree is modified.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The tool's own unit tests (pattern matching, folding, a small pair of documents), then its build.
(cd tools && go test -count=1 ./contractdrift && go build -o "$tmp/contractdrift" ./contractdrift)
export DRIFT_BIN=$tmp/contractdrift

passed=0
failed=0

# ---- changes to the copies ----

sha() { sha256sum "$1" | cut -d' ' -f1; }

# upstream JQ_FILTER [FILE]: rewrites an upstream copy (segments.json unless FILE says) with jq and
# records its new SHA-256 in the copy of source.yaml, as a maintainer refreshing the copy does.
upstream() {
	local file=${2:-$up} old
	old=$(sha "$file")
	jq "$1" "$file" >"$file.new" && mv "$file.new" "$file"
	sed -i "s/sha256: $old\$/sha256: $(sha "$file")/" "$src"
	grep -q "sha256: $(sha "$file")\$" "$src" || { echo "upstream: $file is not recorded in $src" >&2; exit 2; }
}

# unrecord FILE: removes an upstream copy and its entry in the copy of source.yaml.
unrecord() {
	rm "$updir/$1"
	awk -v f="  - file: $1" '$0 == f { skip = 1; next } /^  - file: / { skip = 0 } !skip' "$src" >"$src.new" && mv "$src.new" "$src"
	! grep -q "file: $1\$" "$src" || { echo "unrecord did not apply" >&2; exit 2; }
}

# record NAME JSON: vendors a new upstream file and records it in the copy of source.yaml.
record() {
	printf '%s' "$2" >"$updir/$1"
	printf '  - file: %s\n    repository: voucherifyio/voucherify-openapi\n    path: documentation/openapi/%s\n    commit: 65c33a7a\n    date: 2026-08-21\n    sha256: %s\n' \
		"$1" "$1" "$(sha "$updir/$1")" >>"$src"
}

# The changes the issue names: an operation, a response field, an enum value.
add_operation='.paths["/v1/segments/{segmentId}"].put = {"operationId": "update-segment", "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}}, "responses": {"200": {"description": "The updated segment.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Segment"}}}}}}'
add_response_field='.components.schemas.Segment.properties.customers_count = {"type": "integer", "description": "How many customers the segment holds."}'
add_enum_value='.components.schemas.Segment.properties.type.enum += ["dynamic"]'

# More of what the report covers: a query parameter, a status code, a request field.
add_parameter='.paths["/v1/segments"].get.parameters += [{"name": "starting_after", "in": "query", "schema": {"type": "string"}}]'
add_status='.paths["/v1/segments"].post.responses["409"] = {"description": "A segment with this name exists.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}'
add_request_field='.components.schemas.SegmentsCreateRequestBodyStatic.properties.description = {"type": "string"}'

# deliberate SIDE PATTERN: lists PATTERN as a deliberate difference in the copy of the list.
deliberate() {
	printf -- '- only: %s\n  match:\n    - %s\n  reason: a self-test entry.\n' "$1" "$(jq -Rn --arg p "$2" '$p')" >>"$list"
}

# Our side: the segment type gains a value upstream does not have.
add_our_segment_type() {
	sed -i '/^    SegmentType:$/,/^    [A-Za-z]/ s/^        - passive$/&\n        - dynamic/' "$ours"
	grep -q '^        - dynamic$' "$ours" || { echo "add_our_segment_type did not apply" >&2; exit 2; }
}

# ---- one case: fresh copies, changes, the check, the verdict ----

# run_case NAME EXPECT(pass|fail) PATTERN SETUP...: SETUP runs with $updir (a copy of
# contract/upstream), $up and $oauth (its segments.json and oauth.json), $src (its source.yaml),
# $list (its deliberate.yaml) and $ours (a copy of openapi.yaml); PATTERN (grep -E) must appear in
# the check's output, and ABSENT (grep -E, when set) must not.
run_case() {
	local name=$1 expect=$2 pattern=$3
	shift 3
	local dir=$tmp/$((passed + failed))
	mkdir -p "$dir"
	cp -R contract/upstream "$dir/upstream"
	cp openapi.yaml "$dir/openapi.yaml"
	(
		updir=$dir/upstream up=$dir/upstream/segments.json oauth=$dir/upstream/oauth.json
		src=$dir/upstream/source.yaml list=$dir/upstream/deliberate.yaml ours=$dir/openapi.yaml
		eval "$*"
	)
	local rc=0
	DRIFT_SOURCE=$dir/upstream/source.yaml DRIFT_OURS=$dir/openapi.yaml \
		DRIFT_DELIBERATE=$dir/upstream/deliberate.yaml scripts/contract-drift.sh >"$dir/out.txt" 2>&1 || rc=$?
	local got=pass
	((rc == 0)) || got=fail
	if [[ $got == "$expect" ]] && grep -Eq -- "$pattern" "$dir/out.txt" && ! { [[ -n ${ABSENT:-} ]] && grep -Eq -- "$ABSENT" "$dir/out.txt"; }; then
		echo "ok   $name: the drift check ${got}ed as expected"
		passed=$((passed + 1))
	else
		echo "FAIL $name: expected the drift check to $expect with output matching /$pattern/${ABSENT:+ and not /$ABSENT/}, it ${got}ed (exit $rc):"
		sed 's/^/    | /' "$dir/out.txt"
		failed=$((failed + 1))
	fi
}

echo "contract-drift self-test (copies of contract/upstream, its files, record and deliberate list, and of openapi.yaml)"

run_case "the committed copies" pass '^contract-drift: OK' true

run_case "upstream adds an operation" fail \
	'only upstream: PUT /v1/segments/\{segmentId\}$' \
	'upstream "$add_operation"'

run_case "upstream adds a response field" fail \
	'only upstream: GET /v1/segments/\{segmentId\} response 200 application/json customers_count$' \
	'upstream "$add_response_field"'

run_case "upstream adds an enum value" fail \
	'only upstream: GET /v1/segments/\{segmentId\} response 200 application/json type: enum "dynamic"$' \
	'upstream "$add_enum_value"'

run_case "upstream adds a query parameter" fail \
	'only upstream: GET /v1/segments query starting_after$' \
	'upstream "$add_parameter"'

run_case "upstream adds a status code" fail \
	'only upstream: POST /v1/segments response 409$' \
	'upstream "$add_status"'

run_case "upstream adds a request field" fail \
	'only upstream: POST /v1/segments request application/json \(type=static\)\.description$' \
	'upstream "$add_request_field"'

run_case "the three listed as deliberate" pass \
	'\[deliberate [0-9]+\] PUT /v1/segments/\{segmentId\}( |$)' \
	'upstream "$add_operation"; upstream "$add_response_field"; upstream "$add_enum_value"
	 deliberate upstream "PUT /v1/segments/{segmentId}"
	 deliberate upstream "* application/json customers_count"
	 deliberate upstream "* application/json type: enum \"dynamic\""'

run_case "a deliberate pattern that matches nothing" fail \
	'^  GET /v1/segments/\{segmentId\} response 200 application/json colour$' \
	'deliberate upstream "GET /v1/segments/{segmentId} response 200 application/json colour"'

run_case "openapi.yaml adds an enum value upstream does not have" fail \
	'only ours: GET /v1/segments/\{segmentId\} response 200 application/json type: enum "dynamic"$' \
	'add_our_segment_type'

run_case "an edited upstream copy whose source.yaml was not updated" fail \
	"must be Voucherify's file unchanged" \
	'jq ".info.version = \"edited\"" "$up" >"$up.new" && mv "$up.new" "$up"'

# ---- several upstream files ----

run_case "oauth.json adds a field to the token answer, reported with its file" fail \
	'\[NEW\] POST /v1/oauth/token response 200 application/json refresh_token \(and 1 statements under it\) in oauth\.json$' \
	'upstream ".components.schemas.OAuthToken.properties.refresh_token = {\"type\": \"string\"}" "$oauth"'

# Each file has its own Error: a field added to oauth.json's is drift on the token answer only,
# never on the segment operations, whose answers use segments.json's Error.
ABSENT='/v1/segments.* hint' run_case "oauth.json's Error is not segments.json's Error" fail \
	'only upstream: POST /v1/oauth/token response 400 application/json hint$' \
	'upstream ".components.schemas.Error.properties.hint = {\"type\": \"string\"}" "$oauth"'

# Our operations count as ours only when no upstream file has them: without oauth.json, the token
# operation is drift (and the entries about oauth.json match nothing).
run_case "an operation of ours that no upstream file has" fail \
	'only ours: POST /v1/oauth/token$' \
	'unrecord oauth.json'

run_case "a new upstream file, recorded, with an operation we lack" fail \
	'\[NEW\] GET /v1/vouchers \(and [0-9]+ statements under it\) in vouchers\.json$' \
	'record vouchers.json "{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {\"/v1/vouchers\": {\"get\": {\"responses\": {\"200\": {\"description\": \"ok\"}}}}}}"'

run_case "a JSON file beside the record that it does not list" fail \
	'extra\.json is not listed in .*source\.yaml' \
	'cp "$up" "$updir/extra.json"'

run_case "an edited oauth.json whose record was not updated" fail \
	"oauth\.json has SHA-256 .* must be Voucherify's file unchanged" \
	'jq ".info.version = \"edited\"" "$oauth" >"$oauth.new" && mv "$oauth.new" "$oauth"'

echo "contract-drift-test: $passed passed, $failed failed"
((failed == 0))
