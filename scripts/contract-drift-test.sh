#!/usr/bin/env bash
# Self-test of scripts/contract-drift.sh: changes temporary copies of the upstream spec, of
# openapi.yaml and of the deliberate list, and checks that the drift check fails or passes as it
# should, naming the difference. Nothing in the work tree is modified.
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

# upstream JQ_FILTER: rewrites the upstream copy with jq and records its new SHA-256 in the copy of
# source.yaml, as a maintainer refreshing the copy does.
upstream() {
	jq "$1" "$up" >"$up.new" && mv "$up.new" "$up"
	sed -i "s/^sha256: .*/sha256: $(sha256sum "$up" | cut -d' ' -f1)/" "$src"
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

# run_case NAME EXPECT(pass|fail) PATTERN SETUP...: SETUP runs with $up, $src, $ours and $list
# pointing at the case's copies; PATTERN (grep -E) must appear in the check's output.
run_case() {
	local name=$1 expect=$2 pattern=$3
	shift 3
	local dir=$tmp/$((passed + failed))
	mkdir -p "$dir"
	cp contract/upstream/segments.json "$dir/segments.json"
	cp contract/upstream/source.yaml "$dir/source.yaml"
	cp contract/upstream/deliberate.yaml "$dir/deliberate.yaml"
	cp openapi.yaml "$dir/openapi.yaml"
	(
		up=$dir/segments.json src=$dir/source.yaml list=$dir/deliberate.yaml ours=$dir/openapi.yaml
		eval "$*"
	)
	local rc=0
	DRIFT_UPSTREAM=$dir/segments.json DRIFT_SOURCE=$dir/source.yaml DRIFT_OURS=$dir/openapi.yaml \
		DRIFT_DELIBERATE=$dir/deliberate.yaml scripts/contract-drift.sh >"$dir/out.txt" 2>&1 || rc=$?
	local got=pass
	((rc == 0)) || got=fail
	if [[ $got == "$expect" ]] && grep -Eq -- "$pattern" "$dir/out.txt"; then
		echo "ok   $name: the drift check ${got}ed as expected"
		passed=$((passed + 1))
	else
		echo "FAIL $name: expected the drift check to $expect with output matching /$pattern/, it ${got}ed (exit $rc):"
		sed 's/^/    | /' "$dir/out.txt"
		failed=$((failed + 1))
	fi
}

echo "contract-drift self-test (copies of contract/upstream/segments.json, openapi.yaml, contract/upstream/deliberate.yaml)"

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

echo "contract-drift-test: $passed passed, $failed failed"
((failed == 0))
