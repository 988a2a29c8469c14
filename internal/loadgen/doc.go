// Package loadgen is a small closed-loop HTTP load generator for loopback servers:
// a fixed number of workers send the same request back to back for a fixed time
// (and at most a fixed number of times), and the run is summed up as requests per
// second and latency percentiles. `make bench-sandbox` uses it to compare the sandbox
// with Prism (internal/cmd/loadgen).
//
// It only ever sends to loopback addresses: Run refuses any other URL.
package loadgen
