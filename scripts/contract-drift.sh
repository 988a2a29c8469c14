#!/usr/bin/env bash
# Drift report: Voucherify's own spec of the segments API (contract/upstream/segments.json, vendored
# unchanged, its origin and SHA-256 in contract/upstream/source.yaml) against our openapi.yaml,
# operation by operation and schema by schema (tools/contractdrift, kin-openapi). Prints what
# upstream has that we do not and what we have that upstream does not, and fails on any difference
# that contract/upstream/deliberate.yaml does not list, or on a listed pattern that matches nothing.
#
# The files can be overridden (the self-test, scripts/contract-drift-test.sh, does):
#   DRIFT_UPSTREAM (contract/upstream/segments.json), DRIFT_SOURCE (contract/upstream/source.yaml;
#   empty skips the SHA-256 check), DRIFT_OURS (openapi.yaml), DRIFT_DELIBERATE
#   (contract/upstream/deliberate.yaml), DRIFT_BIN (a prebuilt tools/contractdrift binary).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bin=${DRIFT_BIN:-}
if [[ -z $bin ]]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	bin=$tmp/contractdrift
	(cd tools && go build -o "$bin" ./contractdrift)
fi

"$bin" \
	-upstream "${DRIFT_UPSTREAM-contract/upstream/segments.json}" \
	-source "${DRIFT_SOURCE-contract/upstream/source.yaml}" \
	-ours "${DRIFT_OURS-openapi.yaml}" \
	-deliberate "${DRIFT_DELIBERATE-contract/upstream/deliberate.yaml}"
