package customerids_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/voucherify-go/segments/customerids"
)

// TestReadBoundsFieldsPerRecord reads records of about 1 MiB of separators. They
// are refused on their line, and reading one allocates a bounded amount, not a
// field for every separator.
//
// Not parallel: the bytes allocated are counted for the whole process, so no
// other test may run meanwhile (parallel tests wait for the others to end).
func TestReadBoundsFieldsPerRecord(t *testing.T) {
	const budget = 4 << 20 // bytes allocated by one Read, input aside
	separators := strings.Repeat(",", 1<<20-10)
	for _, tt := range []struct {
		name string
		in   string
		line int
	}{
		{name: "a plain list", in: "cust_1\n" + separators + "\ncust_2\n", line: 2},
		{name: "a CSV", in: "id,email\ncust_1,a@x\n" + separators + "\n", line: 3},
		{name: "a CSV, with a quoted field", in: "id,email\ncust_1,\"a\n" + separators + "\"\n", line: 2},
		{name: "a semicolon export", in: "id;email\n\n" + strings.Repeat(";", 1<<20-10) + "\n", line: 3},
		{name: "a semicolon export, fields not empty", in: "id;email\n" + strings.Repeat("x;", 1<<19-10) + "\n", line: 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			allocated := bytesAllocated(func() { _, _, err = customerids.Read(strings.NewReader(tt.in)) })
			var le *customerids.Error
			if !errors.As(err, &le) || le.Line != tt.line || !strings.Contains(le.Reason, "separators") {
				t.Errorf("error %v; want a *customerids.Error on line %d about the separators", err, tt.line)
			}
			t.Logf("reading %d KiB allocated %d KiB", len(tt.in)>>10, allocated>>10)
			if allocated > budget {
				t.Errorf("reading %d KiB allocated %d KiB, over %d KiB", len(tt.in)>>10, allocated>>10, budget>>10)
			}
		})
	}
}

// bytesAllocated returns the bytes f allocates on the heap.
func bytesAllocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
