// Package bench is the home of the maintainers' benchmark tooling, a module of its own so
// that its requirements (vegeta, golang.org/x/perf) never reach the SDK's go.mod nor the
// module graph of a service importing the SDK. Its commands:
//
//   - cmd/sandboxbench: `make bench-sandbox`, the load and start-up comparison of
//     `segments serve`, a bare net/http server (cmd/bareserver) and Prism, driven by vegeta.
//   - cmd/benchtargets: the target checks of `make bench`, read from `go test -bench`
//     output with golang.org/x/perf/benchfmt and benchmath.
//   - cmd/bareserver: the floor the sandbox is measured against.
package bench
