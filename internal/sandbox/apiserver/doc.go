// Package apiserver is the sandbox's server, generated from openapi.yaml by oapi-codegen
// with oapi-codegen.yaml and overlay.yaml: the routes, the binding of parameters, the strict
// handler interface with a request and a response type per operation, and the models. Only
// doc.go and timestamp.go are written by hand.
//
// The generator runs with `go generate ./...` from the repository's root, pinned in
// tools/go.mod as for api/ and internal/spec; `make check-generated` fails when the
// committed code is stale.
package apiserver

//go:generate go tool -modfile=../../../tools/go.mod oapi-codegen -config oapi-codegen.yaml ../../../openapi.yaml
