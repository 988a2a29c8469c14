#!/usr/bin/env bash
# Drift report: Voucherify's own spec (the files listed in contract/upstream/source.yaml, each
# vendored unchanged with its origin and SHA-256: segments.json, oauth.json and an extract of
# customers.json) against our openapi.yaml, operation by operation and schema by schema
# (tools/contractdrift, kin-openapi). The upstream files count as one: it prints what any of them
# has that we do not, and what we have that none of them has, and fails on any difference that
# contract/upstream/deliberate.yaml does not list, or on a listed pattern that matches nothing.
#
# The files can be overridden (the self-test, scripts/contract-drift-test.sh, does):
#   DRIFT_SOURCE (contract/upstream/source.yaml; the upstream files are the ones it lists, beside
#   it), DRIFT_OURS (openapi.yaml), DRIFT_DELIBERATE (contract/upstream/deliberate.yaml), DRIFT_BIN
#   (a prebuilt tools/contractdrift binary).
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
	-source "${DRIFT_SOURCE:-contract/upstream/source.yaml}" \
	-ours "${DRIFT_OURS:-openapi.yaml}" \
	-deliberate "${DRIFT_DELIBERATE:-contract/upstream/deliberate.yaml}"
