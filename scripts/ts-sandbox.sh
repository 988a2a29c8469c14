#!/usr/bin/env bash
# Runs the TypeScript client (tools/npm/ts/client.ts, typed from openapi.yaml) against the Go
# sandbox: builds and starts `segments serve` on a free loopback port, compiles client.ts and
# sandbox-run.ts with tsc into a temporary folder, runs them with node, and stops the sandbox.
# Expects tools/npm/ts/schema.d.ts to exist (`make ts-sandbox` runs `make ts-check` first).
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
pid=""
cleanup() {
	if [[ -n $pid ]]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/segments" ./cmd/segments

export VOUCHERIFY_APP_ID="ts-sandbox-app-$$" VOUCHERIFY_SECRET_KEY="ts-sandbox-key-$RANDOM$RANDOM"
# The log exists before the sandbox starts: the background process opens it on its own schedule.
: >"$tmp/sandbox.log"
"$tmp/segments" serve --addr 127.0.0.1:0 >>"$tmp/sandbox.log" 2>&1 &
pid=$!

url=""
for _ in $(seq 1 100); do
	url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$tmp/sandbox.log" | head -n 1)
	[[ -n $url ]] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if [[ -z $url ]]; then
	echo "ts-sandbox: the sandbox did not start:" >&2
	cat "$tmp/sandbox.log" >&2
	exit 1
fi
echo "ts-sandbox: sandbox at $url"

mkdir -p "$tmp/js"
echo '{"type": "module"}' >"$tmp/js/package.json"
tools/npm/node_modules/.bin/tsc --project tools/npm/ts/tsconfig.json --strict --noEmit false --outDir "$tmp/js"

status=0
SANDBOX_URL=$url node "$tmp/js/sandbox-run.js" || status=$?
if ((status != 0)); then
	echo "ts-sandbox: sandbox log:" >&2
	cat "$tmp/sandbox.log" >&2
fi
exit "$status"
