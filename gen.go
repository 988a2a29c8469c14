package segments

// The generator is pinned in tools/go.mod and run from there, so that a service importing
// this module never has oapi-codegen in its module graph.
//go:generate go tool -modfile=tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
//go:generate go tool -modfile=tools/go.mod oapi-codegen -config internal/spec/oapi-codegen.yaml openapi.yaml
