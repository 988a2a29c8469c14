# Every target runs from a fresh clone: tools are pinned and installed on demand.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

GO ?= go
GOLANGCI_LINT_VERSION := v2.15.0
GOBIN := $(shell $(GO) env GOPATH)/bin
GOLANGCI_LINT := $(GOBIN)/golangci-lint

.PHONY: all generate check-generated vet lint test test-go footprint demo

all: test

## generate: regenerate api/ and internal/spec from openapi.yaml
generate:
	$(GO) generate ./...

## check-generated: fail when the committed generated code differs from what openapi.yaml produces
check-generated:
	$(GO) generate ./...
	@if [ -n "$$(git status --porcelain -- api internal/spec)" ]; then \
		echo "generated code is stale: 'go generate ./...' changed:"; \
		git status --porcelain -- api internal/spec; \
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

## test-go: unit, contract and example tests with the race detector
test-go:
	$(GO) test -race -count=1 ./...

## footprint: a separate module importing the SDK builds without kin-openapi and has no generator in its graph
footprint:
	./scripts/footprint.sh

## test: everything CI checks
test: check-generated vet lint test-go footprint
