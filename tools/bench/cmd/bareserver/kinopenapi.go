//go:build kinopenapi

package main

// Built with -tags kinopenapi, the bare server links kin-openapi's openapi3 package,
// which the sandbox needs to load its contract, and does nothing with it: its start is
// the floor of any server that validates with kin-openapi, whose package
// initialisation (santhosh-tekuri/jsonschema compiling its meta-schemas) runs before
// main. sandboxbench -bare-kin times it beside the others (BENCHMARKS.md).
import _ "github.com/getkin/kin-openapi/openapi3"
