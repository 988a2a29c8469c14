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

// TestReadKeepsOnlyTheIDs: the IDs returned hold their own text only, not the
// lines they were read from (the other columns, the padding around them), so
// that what a list leaves in memory is the IDs.
//
// Not parallel, for the heap is measured for the whole process.
func TestReadKeepsOnlyTheIDs(t *testing.T) {
	const rows = 1000
	filler := strings.Repeat("x", 4<<10)
	for _, tt := range []struct{ name, header, row string }{
		{"a CSV with a wide column", "id,note\n", "cust_%04d," + filler + "\n"},
		{"a one-column list of padded IDs", "id\n", "cust_%04d" + strings.Repeat(" ", 4<<10) + "\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base := heapInUse()
			ids, _, err := customerids.Read(&generatedList{n: rows, header: tt.header, row: tt.row})
			if err != nil || len(ids) != rows {
				t.Fatalf("%d IDs, error %v", len(ids), err)
			}
			held := int64(heapInUse()) - int64(base)
			runtime.KeepAlive(ids)
			if held > rows<<10 {
				t.Errorf("%d IDs hold %d KiB once read, more than 1 KiB each: they keep their lines", rows, held>>10)
			}
		})
	}
}
