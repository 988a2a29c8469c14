# Every target runs from a fresh clone: tools are pinned and installed on demand.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

GO ?= go
GOLANGCI_LINT_VERSION := v2.15.0
GOBIN := $(shell $(GO) env GOPATH)/bin
GOLANGCI_LINT := $(GOBIN)/golangci-lint

.PHONY: all generate check-generated vet lint test test-go footprint demo

all: test

## generate: regenerate api/, internal/spec and internal/sandbox/apiserver from openapi.yaml
generate:
	$(GO) generate ./...

## check-generated: fail when the committed generated code differs from what openapi.yaml produces
check-generated:
	$(GO) generate ./...
	@if [ -n "$$(git status --porcelain -- api internal/spec internal/sandbox/apiserver)" ]; then \
		echo "generated code is stale: 'go generate ./...' changed:"; \
		git status --porcelain -- api internal/spec internal/sandbox/apiserver; \
		echo "run 'make generate' and commit the result"; exit 1; \
	fi
	@echo "generated code: current"

vet:
	$(GO) vet ./...

$(GOLANGCI_LINT):
	$(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

## lint: golangci-lint on our code (generated files are excluded in .golangci.yml)
lint: $(GOLANGCI_LINT)
	@$(GOLANGCI_LINT) version | grep -q "$(patsubst v%,%,$(GOLANGCI_LINT_VERSION))" || $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)
	$(GOLANGCI_LINT) run ./...
	cd $(BENCH_DIR) && $(GOLANGCI_LINT) run --config ../../.golangci.yml ./... && $(GOLANGCI_LINT) run --config ../../.golangci.yml --build-tags kinopenapi ./cmd/bareserver
	cd tools && $(GOLANGCI_LINT) run --config ../.golangci.yml ./contractdrift/...

## test-go: unit, contract and example tests with the race detector
test-go:
	$(GO) test -race -count=1 ./...

## test-jssdk: the official JS SDK (@voucherify/sdk, pinned in tests/jssdk) against `segments serve`
.PHONY: test-jssdk
test-jssdk:
	cd tests/jssdk && npm ci --no-audit --no-fund
	tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) build -o "$$tmp/segments" ./cmd/segments; \
	cd tests/jssdk && SANDBOX_CMD="$$tmp/segments serve --addr 127.0.0.1:0" node --test sandbox.test.js

## fuzz: every fuzz target for FUZZTIME each (default 10s); CI runs them for 3s each
.PHONY: fuzz fuzz-ci
fuzz:
	./scripts/fuzz.sh

fuzz-ci:
	FUZZTIME=3s ./scripts/fuzz.sh

## mutation: gremlins (pinned in tools/go.mod) on the root package, internal/transport and customerids; fails under 90 % test efficacy or 95 % mutant coverage, mutation-equivalent.txt aside. Slow (about 10 minutes): not part of test
.PHONY: mutation
mutation:
	./scripts/mutation.sh

## footprint: a separate module importing the SDK builds without kin-openapi and has no generator in its graph
footprint:
	./scripts/footprint.sh

## test: every test, fuzz targets on their seeds (go test runs them); CI (.ci/run) then runs fuzz-ci
## and lint, which need builds of their own (instrumented test binaries, golangci-lint from source)
## The npm tools download while the generator builds: one waits on the network, the other on the CPU.
test:
	$(MAKE) -j2 --output-sync=target check-generated npm-tools
	$(MAKE) tracked-files vet test-go footprint contract test-jssdk bench-smoke

## tracked-files: no tracked file is an executable build or over 1 MB (testdata/ and lock files excepted), and the check's self-test
.PHONY: tracked-files
tracked-files:
	./scripts/tracked-files.sh
	./scripts/tracked-files-test.sh

# ---- The contract (openapi.yaml) for every language team: docs/contract.md --------------------
# npm tools (Spectral, Redocly CLI, openapi-typescript, TypeScript) are pinned in
# tools/npm/package.json + package-lock.json; oasdiff in its own tools/oasdiff/go.mod.
NPM_DIR := tools/npm
NPM_BIN := $(NPM_DIR)/node_modules/.bin
NPM_STAMP := $(NPM_DIR)/node_modules/.package-lock.json
# No telemetry or update checks from the npm tools: the network is closed.
CONTRACT_ENV := REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true SCARF_ANALYTICS=false NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1

.PHONY: contract npm-tools lint-spec ts-check ts-sandbox contract-guard contract-guard-test contract-release
.PHONY: contract-drift contract-drift-test

## contract: everything that keeps openapi.yaml a contract other teams can rely on
contract: lint-spec ts-check ts-sandbox contract-guard contract-guard-test contract-drift contract-drift-test

## npm-tools: install the pinned npm tools (npm ci) when missing or when the lockfile changed
npm-tools: $(NPM_STAMP)

$(NPM_STAMP): $(NPM_DIR)/package.json $(NPM_DIR)/package-lock.json
	cd $(NPM_DIR) && $(CONTRACT_ENV) npm ci --no-audit --no-fund
	@touch $@

## lint-spec: Spectral (spectral:oas) and Redocly CLI (recommended): 0 errors, 0 warnings on openapi.yaml
lint-spec: $(NPM_STAMP)
	./scripts/lint-spec.sh openapi.yaml

## ts-check: generate TypeScript types from openapi.yaml and compile tools/npm/ts/client.ts with tsc --strict
ts-check: $(NPM_STAMP)
	$(CONTRACT_ENV) $(NPM_BIN)/openapi-typescript openapi.yaml --output $(NPM_DIR)/ts/schema.d.ts
	$(NPM_BIN)/tsc --project $(NPM_DIR)/ts/tsconfig.json --strict --noEmit
	@echo "ts-check: client.ts compiles against the types of openapi.yaml (tsc --strict)"

## ts-sandbox: run the TypeScript client (tools/npm/ts) against the Go sandbox on a free loopback port
ts-sandbox: ts-check
	./scripts/ts-sandbox.sh

## contract-guard: no breaking change against contract/released/openapi.yaml unless the major version was raised
contract-guard:
	./scripts/contract-guard.sh

## contract-guard-test: the guard fails on breaking changes, passes compatible ones and major bumps
contract-guard-test:
	./scripts/contract-guard-test.sh

## contract-release: when tagging a release, make openapi.yaml the released contract (after the guard)
contract-release:
	./scripts/contract-guard.sh --release

## contract-drift: Voucherify's own spec (contract/upstream) against openapi.yaml; fails on a difference not listed in contract/upstream/deliberate.yaml
contract-drift:
	./scripts/contract-drift.sh

## contract-drift-test: the drift check fails on an added operation, response field or enum value, and passes them once listed
contract-drift-test:
	./scripts/contract-drift-test.sh

# ---- Performance (issue 5): BENCHMARKS.md ------------------------------------------------------
# Prism (@stoplight/prism-cli), the usual OpenAPI mock server, is pinned in tools/prism.
PRISM_DIR := tools/prism
PRISM_STAMP := $(PRISM_DIR)/node_modules/.package-lock.json
# The benchmark tooling (vegeta, golang.org/x/perf) is a module of its own: tools/bench/go.mod.
BENCH_DIR := tools/bench

.PHONY: bench bench-smoke bench-sandbox

## bench: the Go benchmarks in ROUNDS (default 10) interleaved rounds; benchstat tables and target checks (bench/latest*.txt, not committed)
bench:
	./scripts/bench.sh

## bench-smoke: every benchmark compiles and runs once (on small inputs where it has a -short size), the bench module's tests and a short sandboxbench run without Prism; no timing (CI)
bench-smoke:
	$(GO) test -short -run '^$$' -bench . -benchtime=1x ./...
	cd $(BENCH_DIR) && $(GO) vet ./... && $(GO) vet -tags kinopenapi ./cmd/bareserver && $(GO) test -count=1 ./...
	tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) build -o "$$tmp/segments" ./cmd/segments; \
	(cd $(BENCH_DIR) && $(GO) build -o "$$tmp/bareserver" ./cmd/bareserver && $(GO) build -tags kinopenapi -o "$$tmp/bareserver-kin" ./cmd/bareserver && $(GO) build -o "$$tmp/sandboxbench" ./cmd/sandboxbench); \
	"$$tmp/sandboxbench" -segments "$$tmp/segments" -bare "$$tmp/bareserver" -bare-kin "$$tmp/bareserver-kin" -rounds 1 -duration 200ms -warmup 0 -starts 2 -check=false

$(PRISM_STAMP): $(PRISM_DIR)/package.json $(PRISM_DIR)/package-lock.json
	cd $(PRISM_DIR) && $(CONTRACT_ENV) npm ci --no-audit --no-fund
	@touch $@

## bench-sandbox: req/s, p50/p99, errors, server CPU a request and readiness of `segments serve`, a bare net/http server (and its start when it links kin-openapi) and Prism, with vegeta, in interleaved rounds (SANDBOXBENCH_FLAGS: -rounds, -duration, -concurrency, -starts)
bench-sandbox: $(PRISM_STAMP)
	tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) build -o "$$tmp/segments" ./cmd/segments; \
	(cd $(BENCH_DIR) && $(GO) build -o "$$tmp/bareserver" ./cmd/bareserver && $(GO) build -tags kinopenapi -o "$$tmp/bareserver-kin" ./cmd/bareserver && $(GO) build -o "$$tmp/sandboxbench" ./cmd/sandboxbench); \
	$(CONTRACT_ENV) "$$tmp/sandboxbench" -segments "$$tmp/segments" -bare "$$tmp/bareserver" -bare-kin "$$tmp/bareserver-kin" -prism $(PRISM_DIR)/node_modules/.bin/prism -spec openapi.yaml $(SANDBOXBENCH_FLAGS) | { mkdir -p bench && tee bench/latest-sandbox.txt; }
