#!/usr/bin/env bash
# make bench: the Go benchmarks of the SDK (root package: SDK against the hand-written
# baseline) and of the sandbox, ROUNDS times (default 10) for benchstat, then benchstat
# tables and the target checks (internal/cmd/benchtargets; BENCHMARKS.md).
#
# The test binaries are built once and run in ROUNDS interleaved rounds (every benchmark
# once per round), not with -count: on a shared machine the load drifts, and a drift
# then spreads over every benchmark instead of landing on one of a pair.
#
# Raw results go to OUT (default bench/latest.txt), the tables and checks to
# bench/latest-benchstat.txt. BENCHTIME (default 500ms) is each benchmark's -benchtime.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-10}
benchtime=${BENCHTIME:-500ms}
out=${OUT:-bench/latest.txt}
report=${out%.txt}-benchstat.txt
benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/segments.test" .
go test -c -o "$tmp/sandbox.test" ./internal/sandbox
"${benchstat[@]}" -h >/dev/null 2>&1 || true # fetch and build benchstat before measuring

mkdir -p "$(dirname "$out")"
{
	echo "goversion: $(go version | cut -d' ' -f3)"
	echo "cpu-model: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1 | tr ' ' '_')"
	echo "cores: $(nproc)"
} >"$tmp/raw.txt"
for i in $(seq "$rounds"); do
	echo "bench: round $i of $rounds" >&2
	"$tmp/segments.test" -test.run '^$' -test.bench . -test.benchmem -test.benchtime "$benchtime" >>"$tmp/raw.txt"
	(cd internal/sandbox && "$tmp/sandbox.test" -test.run '^$' -test.bench . -test.benchmem -test.benchtime "$benchtime") >>"$tmp/raw.txt"
done
mv "$tmp/raw.txt" "$out"

{
	echo "# SDK against the hand-written baseline (root package)"
	"${benchstat[@]}" -filter 'pkg:github.com/voucherify-go/segments' -col /client "$out"
	echo
	echo "# Sandbox: validated create of 20,000 customers against a plain encoding/json decode"
	"${benchstat[@]}" -filter '.name:Static20000' -col /handler "$out"
	echo
	echo "# Sandbox: get of a stored segment, loading the contract"
	"${benchstat[@]}" -filter '.name:(GetSegment OR New)' "$out"
	echo
	echo "# Targets (medians)"
} >"$report"
cat "$report"
echo "bench: raw results in $out, tables in $report" >&2
# Fails (after printing) when a target is missed.
go run ./internal/cmd/benchtargets "$out" | tee -a "$report"
