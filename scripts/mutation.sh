#!/usr/bin/env bash
# Mutation testing (make mutation) of the packages where the SDK decides whether
# a request is retried, whether a segment was made and what the caller is told:
# gremlins (pinned in tools/go.mod) changes one operator at a time and runs the
# package's tests, which must notice. Each package must reach 90 % test efficacy
# and 95 % mutant coverage, the mutants listed in mutation-equivalent.txt aside.
# MUTATION_PACKAGES (default: all three) runs fewer while working on tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# package directory and gremlins' --timeout-coefficient: a mutant's test run may
# take that many times the package's coverage run before it counts as TIMED OUT.
# The root package's coverage run is the whole module's tests (gremlins covers
# ./... from the module root, about 15 s), ample at 1; the others' take under a
# second, less than a mutant's build when both workers compile at once: 20 gives
# their tests (of 1 s at most) room, and an endless loop 15 to 20 s.
declare -A coefficient=([.]=1 [internal/transport]=20 [customerids]=20)
packages=${MUTATION_PACKAGES:-. internal/transport customerids}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/bin" "$work/out"

# gremlins copies the module once per worker: copy what git tracks (with new,
# unignored files) and nothing else, such as tools' node_modules. The copy also
# keeps edits made during the run out of it.
git ls-files -z -co --exclude-standard |
	tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$work/src"

go build -o "$work/bin/mutation" ./scripts/mutation
# gremlins runs go from PATH; this go completes the coverage profile it asks for
# with the switch conditions the tests reach (see scripts/mutation/cover.go).
# go tool would put GOROOT/bin before it on gremlins' PATH: the pinned gremlins
# is built by go tool -n and run directly.
gremlins=$(go tool -modfile=tools/go.mod -n gremlins)
real_go=$(command -v go)
cat >"$work/bin/go" <<EOF
#!/usr/bin/env bash
"$real_go" "\$@" || exit
prev=
for arg in "\$@"; do
	if [ "\$prev" = -coverprofile ]; then exec "$work/bin/mutation" cover "\$arg"; fi
	prev=\$arg
done
EOF
chmod +x "$work/bin/go"
export PATH="$work/bin:$PATH"
# -short skips the tests that run go generate in a copy of the module (see
# chain_test.go): they test the generator's output, which no mutant changes.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-short"

results=()
for pkg in $packages; do
	name=${pkg//\//-}
	[ "$pkg" != . ] || name=root
	start=$SECONDS
	echo "mutation: $pkg (timeout coefficient ${coefficient[$pkg]})..."
	# -E /: the files of this package only, not of the packages below it.
	if ! (cd "$work/src/$pkg" && "$gremlins" unleash \
		--workers 2 --timeout-coefficient "${coefficient[$pkg]}" -E / \
		-o "$work/out/$name.json" "$PWD") >"$work/out/$name.log" 2>&1; then
		cat "$work/out/$name.log"
		echo "mutation: gremlins failed on $pkg"
		exit 1
	fi
	echo "mutation: $pkg done in $((SECONDS - start)) s"
	results+=("$pkg=$work/out/$name.json")
done
# MUTATION_OUT=dir keeps gremlins' logs and results.
if [ -n "${MUTATION_OUT:-}" ]; then
	mkdir -p "$MUTATION_OUT" && cp "$work"/out/* "$MUTATION_OUT"/
fi
echo
"$work/bin/mutation" report -equivalent mutation-equivalent.txt -efficacy 90 -coverage 95 "${results[@]}"
