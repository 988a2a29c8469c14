#!/usr/bin/env bash
# Lints the contract with Spectral (spectral:oas, .spectral.yaml) and Redocly CLI (recommended,
# redocly.yaml). Fails on any problem: errors, warnings, and with Spectral infos and hints too.
# The tools are pinned in tools/npm; `make lint-spec` installs them with `npm ci` when missing.
#
#   scripts/lint-spec.sh [SPEC]     SPEC defaults to openapi.yaml
set -euo pipefail
cd "$(dirname "$0")/.."

spec=${1:-openapi.yaml}
bin=tools/npm/node_modules/.bin

# The network is closed: no telemetry, no update checks, no install analytics.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true SCARF_ANALYTICS=false
export NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1

for tool in spectral redocly; do
	if [[ ! -x $bin/$tool ]]; then
		echo "lint-spec: $bin/$tool is missing: run 'make npm-tools' (npm ci in tools/npm)" >&2
		exit 2
	fi
done

status=0

echo "== Spectral $("$bin/spectral" --version) (spectral:oas via .spectral.yaml) on $spec"
if ! "$bin/spectral" lint --ruleset .spectral.yaml --fail-severity hint --format stylish "$spec"; then
	echo "lint-spec: Spectral reported problems" >&2
	status=1
fi

echo "== Redocly CLI (recommended via redocly.yaml) on $spec"
# `redocly lint` exits 0 on warnings, so the verdict comes from its JSON totals; the readable
# report is printed only when there is something to read.
report=$(mktemp)
trap 'rm -f "$report"' EXIT
"$bin/redocly" lint --config redocly.yaml --format json "$spec" >"$report" 2>/dev/null || true
read -r errors warnings ignored < <(node -e '
	const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).totals;
	console.log(t.errors, t.warnings, t.ignored);
' "$report") || { echo "lint-spec: Redocly produced no report" >&2; exit 2; }
if ((errors + warnings + ignored > 0)); then
	"$bin/redocly" lint --config redocly.yaml --format codeframe "$spec" 2>&1 | grep -v '[║╔╗╚╝]' || true
	echo "lint-spec: Redocly: $errors error(s), $warnings warning(s), $ignored ignored (an ignore file hides problems: fix them instead)" >&2
	status=1
else
	echo "Redocly: 0 errors, 0 warnings, 0 ignored"
fi

if ((status == 0)); then
	echo "lint-spec: $spec is clean (Spectral and Redocly: 0 errors, 0 warnings)"
fi
exit "$status"
