#!/usr/bin/env bash
# What a service inherits by importing the SDK: the generator must be absent from
# its module graph, kin-openapi absent from its build. Shown with a real
# consumer module (examples/consumer), which also runs a create/get/delete round
# trip against a server that enforces Voucherify's official spec.
set -euo pipefail
cd "$(dirname "$0")/.."

fail=0
check_absent() { # what, pattern, output
	if grep -E "$2" <<<"$3" >/dev/null; then
		echo "footprint: $1:"; grep -E "$2" <<<"$3" | sed 's/^/  /'; fail=1
	fi
}

root_deps=$(go list -deps .)
check_absent "the root package builds with kin-openapi" 'getkin/kin-openapi' "$root_deps"
check_absent "the root package builds with the generator" 'oapi-codegen/oapi-codegen' "$root_deps"
check_absent "the module graph holds the generator" 'oapi-codegen/oapi-codegen/v2' "$(go mod graph)"

# The modules in a consumer's graph, now and at BASE (default: where this branch left
# main), so that a change to what every service inherits shows here. The benchmark
# tooling (vegeta, golang.org/x/perf) lives in tools/bench/go.mod and must never appear.
modules() { go mod graph | tr ' ' '\n' | sed 's/@.*//' | grep -vx -e go -e toolchain | sort -u; }
base=${BASE:-$(git merge-base HEAD main 2>/dev/null || true)}
now_modules=$(cd examples/consumer && modules)
echo "footprint: modules in a consumer's graph ($(wc -l <<<"$now_modules")):"
sed 's/^/  /' <<<"$now_modules"
if [ -n "$base" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	git archive "$base" | tar -x -C "$tmp"
	base_modules=$(cd "$tmp/examples/consumer" && modules)
	echo "footprint: against $(git rev-parse --short "$base") ($(wc -l <<<"$base_modules") modules):"
	diff <(echo "$base_modules") <(echo "$now_modules") | sed -n 's/^[<>]/  &/p' || true
	[ "$base_modules" = "$now_modules" ] && echo "  (unchanged)"
fi
check_absent "a consumer's module graph holds the benchmark tooling" 'tsenart/vegeta|golang.org/x/perf' "$now_modules"

cd examples/consumer
consumer_deps=$(go list -deps .)
check_absent "a consumer builds with kin-openapi" 'getkin/kin-openapi' "$consumer_deps"
check_absent "a consumer's module graph holds the generator" 'oapi-codegen/oapi-codegen/v2' "$(go mod graph)"
third_party=$(go list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' . | grep -v -e '^example.com/consumer$' -e '^github.com/voucherify-go/segments' || true)
echo "footprint: third-party packages in a consumer's build:"
sed 's/^/  /' <<<"${third_party:-  (none)}"
# Allowed: oapi-codegen/runtime, golang.org/x/oauth2's clientcredentials (WithOAuth),
# golang.org/x/net/http/httpguts (WithHeader's checks, net/http's own), jsontext
# (encoding/json/v2's token stream, for the answers' key checks), and what they need.
allowed=$(go list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' github.com/oapi-codegen/runtime github.com/oapi-codegen/runtime/types \
	golang.org/x/oauth2/clientcredentials golang.org/x/net/http/httpguts github.com/go-json-experiment/json/jsontext)
check_absent "a consumer builds with a package that is neither the SDK's nor oapi-codegen/runtime's" '.' "$(grep -vxF -f <(echo "$allowed") <<<"$third_party" || true)"
go build -o /dev/null .
go test -race -count=1 .
[ "$fail" = 0 ] && echo "footprint: ok"
exit "$fail"
