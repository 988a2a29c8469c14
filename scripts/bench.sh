#!/usr/bin/env bash
# make bench: the Go benchmarks of the SDK (root package: SDK against the hand-written
# baseline), of the customer-list reader (customerids) and of the sandbox, ROUNDS times
# (default 10), then benchstat tables and the target checks (tools/bench/cmd/benchtargets,
# which reads the results with golang.org/x/perf/benchfmt; BENCHMARKS.md).
#
# The test binaries are built once and run in ROUNDS interleaved rounds (every benchmark
# once per round), not with -count: on a shared machine the load drifts, and a drift
# then spreads over every benchmark instead of landing on one of a pair.
#
# Raw results go to OUT (default bench/latest.txt), the tables and checks to
# bench/latest-benchstat.txt. BENCHTIME (default 1500ms) is each benchmark's -benchtime.
# The tools come from the bench module (tools/bench/go.mod), never from the SDK's.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-10}
benchtime=${BENCHTIME:-1500ms}
out=${OUT:-bench/latest.txt}
report=${out%.txt}-benchstat.txt

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/segments.test" .
go test -c -o "$tmp/customerids.test" ./customerids
go test -c -o "$tmp/sandbox.test" ./internal/sandbox
(cd tools/bench && go build -o "$tmp/benchstat" golang.org/x/perf/cmd/benchstat && go build -o "$tmp/benchtargets" ./cmd/benchtargets)

mkdir -p "$(dirname "$out")"
{
	echo "goversion: $(go version | cut -d' ' -f3)"
	echo "cpu-model: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1 | tr ' ' '_')"
	echo "cores: $(nproc)"
} >"$tmp/raw.txt"
for i in $(seq "$rounds"); do
	echo "bench: round $i of $rounds" >&2
	"$tmp/segments.test" -test.run '^$' -test.bench . -test.benchmem -test.benchtime "$benchtime" >>"$tmp/raw.txt"
	(cd customerids && "$tmp/customerids.test" -test.run '^$' -test.bench . -test.benchmem -test.benchtime "$benchtime") >>"$tmp/raw.txt"
	(cd internal/sandbox && "$tmp/sandbox.test" -test.run '^$' -test.bench . -test.benchmem -test.benchtime "$benchtime") >>"$tmp/raw.txt"
done
mv "$tmp/raw.txt" "$out"

{
	echo "# SDK against the hand-written baseline (root package)"
	"$tmp/benchstat" -filter 'pkg:github.com/voucherify-go/segments' -col /client "$out"
	echo
	echo "# Customer lists: customerids.Read of 1,000,000 lines"
	"$tmp/benchstat" -filter 'pkg:github.com/voucherify-go/segments/customerids' "$out"
	echo
	echo "# Sandbox: validated create of 20,000 customers against a plain encoding/json decode"
	"$tmp/benchstat" -filter '.name:Static20000' -col /handler "$out"
	echo
	echo "# Sandbox: get of a stored segment; a new server (the contract shared); loading the contract"
	"$tmp/benchstat" -filter '.name:(GetSegment OR New OR LoadContract)' "$out"
	echo
} >"$report"
cat "$report"
echo "bench: raw results in $out, tables in $report" >&2
# Fails (after printing) when a target is missed.
"$tmp/benchtargets" "$out" | tee -a "$report"
