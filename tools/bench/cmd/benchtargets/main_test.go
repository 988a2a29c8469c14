package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
pkg: github.com/voucherify-go/segments
BenchmarkGet/transport=5ms/client=baseline-2   100   5000000 ns/op   9000 B/op   100 allocs/op
BenchmarkGet/transport=5ms/client=baseline-2   100   5100000 ns/op   9000 B/op   100 allocs/op
BenchmarkGet/transport=5ms/client=baseline-2   100   5200000 ns/op   9000 B/op   100 allocs/op
BenchmarkGet/transport=5ms/client=sdk-2        100   5050000 ns/op   9100 B/op   120 allocs/op
BenchmarkGet/transport=5ms/client=sdk-2        100   99999999 ns/op  9100 B/op   120 allocs/op
BenchmarkGet/transport=5ms/client=sdk-2        100   5150000 ns/op   9100 B/op   120 allocs/op
BenchmarkCreateStatic20000/transport=5ms/client=baseline-2  100  7000000 ns/op  640045 body-B/op  700000 B/op  100 allocs/op
BenchmarkCreateStatic20000/transport=5ms/client=sdk-2       100  7500000 ns/op  640045 body-B/op  990000 B/op  160 allocs/op
BenchmarkCreateStatic20000/transport=inproc/client=sdk-2    100  1000000 ns/op  640045 body-B/op  650000 B/op  40 allocs/op
pkg: github.com/voucherify-go/segments/internal/sandbox
BenchmarkStatic20000/handler=decode-2    10   6000000 ns/op   106.67 MB/s   4000000 B/op   20000 allocs/op
BenchmarkStatic20000/handler=sandbox-2   10  13000000 ns/op    49.23 MB/s   5000000 B/op   40000 allocs/op
PASS
`

func TestRun(t *testing.T) {
	var out strings.Builder
	ok, err := run(strings.NewReader(sample), "sample", &out)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		t.Error("run reported every target met")
	}
	want := []string{
		// medians 5150000/5100000: the outlier does not count
		"Get/transport=5ms/client=sdk sec/op vs baseline", " 1.010 (target <= 1.03): met",
		"Get/transport=5ms/client=sdk allocs/op vs baseline", " 1.200 (target <= 1.50): met",
		"CreateStatic20000/transport=5ms/client=sdk sec/op vs baseline", " 1.071 (target <= 1.03): NOT met",
		"CreateStatic20000/transport=5ms/client=sdk allocs/op vs baseline", " 1.600 (target <= 1.50): NOT met",
		"CreateStatic20000/transport=5ms/client=sdk B/op vs request body", " 1.547 (target <= 1.50): NOT met",
		"CreateStatic20000/transport=inproc/client=sdk B/op vs request body", " 1.016 ",
		"sandbox Static20000 sec/op vs plain decode", " 2.167 ",
		"Get/transport=inproc/client=sdk sec/op vs baseline", "MISSING",
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

func TestRunAllMet(t *testing.T) {
	met := `pkg: github.com/voucherify-go/segments
BenchmarkGet/transport=5ms/client=baseline-2   100   5000000 ns/op   9000 B/op   100 allocs/op
BenchmarkGet/transport=5ms/client=sdk-2        100   5000000 ns/op   9000 B/op   100 allocs/op
BenchmarkCreateStatic20000/transport=5ms/client=baseline-2  100  7000000 ns/op  640045 body-B/op  700000 B/op  100 allocs/op
BenchmarkCreateStatic20000/transport=5ms/client=sdk-2       100  7000000 ns/op  640045 body-B/op  700000 B/op  100 allocs/op
`
	ok, err := run(strings.NewReader(met), "met", &strings.Builder{})
	if err != nil || !ok {
		t.Errorf("run = %v, %v; want every target met", ok, err)
	}
}

func TestRunMalformed(t *testing.T) {
	_, err := run(strings.NewReader("BenchmarkX-2 100 abc ns/op\n"), "bad", &strings.Builder{})
	if err == nil {
		t.Error("a malformed result line was accepted")
	}
}
