package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
pkg: github.com/voucherify-go/segments
BenchmarkGet/transport=inproc/client=baseline-2   100   10000 ns/op   4800 B/op   57 allocs/op
BenchmarkGet/transport=inproc/client=baseline-2   100   12000 ns/op   4800 B/op   57 allocs/op
BenchmarkGet/transport=inproc/client=baseline-2   100   11000 ns/op   4800 B/op   57 allocs/op
BenchmarkGet/transport=inproc/client=sdk-2        100   10500 ns/op   4600 B/op   54 allocs/op
BenchmarkGet/transport=inproc/client=sdk-2        100   99999 ns/op   4600 B/op   54 allocs/op
BenchmarkGet/transport=inproc/client=sdk-2        100   11100 ns/op   4600 B/op   54 allocs/op
BenchmarkCreateStatic20000/transport=inproc/client=baseline-2  100  1000000 ns/op  640.00 MB/s  700000 B/op  38 allocs/op
BenchmarkCreateStatic20000/transport=inproc/client=sdk-2       100  1000000 ns/op  640.00 MB/s  690000 B/op  50 allocs/op
pkg: github.com/voucherify-go/segments/internal/sandbox
BenchmarkStatic20000/handler=decode-2    10   6000000 ns/op   106.67 MB/s   4000000 B/op   20000 allocs/op
BenchmarkStatic20000/handler=sandbox-2   10  13000000 ns/op    49.23 MB/s   5000000 B/op   40000 allocs/op
PASS
`

func TestCheck(t *testing.T) {
	var out strings.Builder
	ok, err := run(strings.NewReader(sample), &out)
	if err != nil {
		t.Fatal(err)
	}
	if ok {
		t.Error("run reported every target met")
	}
	want := []string{
		// medians 11100/11000: the outlier does not count
		"Get/transport=inproc/client=sdk time/op vs baseline", " 1.009 (target <= 1.05): met",
		"Get/transport=inproc/client=sdk allocs/op vs baseline", " 0.947 (target <= 1.25): met",
		"CreateStatic20000/transport=inproc/client=sdk allocs/op vs baseline", " 1.316 (target <= 1.25): NOT met",
		"CreateStatic20000/transport=inproc/client=sdk B/op vs body (body ~640000 B)", " 1.078 (target <= 2.00): met",
		"Static20000 sandbox time/op vs plain decode", " 2.167 (target <= 2.00): NOT met",
		"Get/transport=loopback/client=sdk time/op vs baseline", "MISSING",
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

func TestMedian(t *testing.T) {
	r := results{"x": {"sec/op": {3, 1, 2, 10}}}
	if m, ok := r.median("x", "sec/op"); !ok || m != 2.5 {
		t.Errorf("median = %v, %v", m, ok)
	}
	if _, ok := r.median("y", "sec/op"); ok {
		t.Error("median of nothing")
	}
}
