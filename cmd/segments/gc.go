package main

// serveGCPercent is the GOGC that `segments serve` runs with when the environment
// sets none.
//
// The sandbox's live heap is under 1 MB until segments are stored, most of it what
// kin-openapi and its JSON Schema library build at start, so at Go's default (100) a
// collection comes every 3 MB or so of garbage, each marking that heap: under GET
// load the collector was most of what the sandbox spent beyond a bare net/http server
// (BENCHMARKS.md). At 400, a collection comes four times less often; the cost is
// memory: with a store at its default bound (a million customers) the process peaked
// at 109 MB instead of 71 MB. GOGC in the environment overrides it.
const serveGCPercent = 400

// gcPercentFor returns the GC percent to set before running the command line args,
// and whether to set one: serveGCPercent for serve when getenv("GOGC") is empty.
func gcPercentFor(args []string, getenv func(string) string) (int, bool) {
	if len(args) == 0 || args[0] != "serve" || getenv("GOGC") != "" {
		return 0, false
	}
	return serveGCPercent, true
}
