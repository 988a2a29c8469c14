package customerids_test

import (
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/voucherify-go/segments/customerids"
)

// generatedList streams a customer list of n rows: header, then row formatted
// with the row's index, without holding the list in memory.
type generatedList struct {
	n, i   int
	mod    int // when set, the row index is i modulo mod: IDs repeat
	header string
	row    string
	buf    []byte
}

func (g *generatedList) Read(p []byte) (int, error) {
	for len(g.buf) < len(p) && g.i < g.n {
		if g.i == 0 && g.header != "" && len(g.buf) == 0 {
			g.buf = append(g.buf, g.header...)
		}
		k := g.i
		if g.mod > 0 {
			k %= g.mod
		}
		g.buf = fmt.Appendf(g.buf, g.row, k)
		g.i++
	}
	if len(g.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.buf)
	g.buf = g.buf[:copy(g.buf, g.buf[n:])]
	return n, nil
}

// BenchmarkRead reads 1,000,000 lines, streamed, and reports the
// rate, the bytes allocated per line (garbage included) and the bytes still
// held per line once the list is read (the IDs returned and nothing else).
// "repeated" cycles through 1,000 IDs: what it holds does not grow with the
// number of lines, as the input is never held whole.
//
// With -short (make bench-smoke, which only checks that benchmarks run) the
// list has 10,000 lines.
func BenchmarkRead(b *testing.B) {
	lines := 1_000_000
	if testing.Short() {
		lines = 10_000
	}
	for _, bc := range []struct {
		name, header, row string
		distinct          int
	}{
		{name: "plain", row: "cust_%024d\n", distinct: lines},
		{name: "semicolon", header: "email;Customer ID;name\n", row: "someone@example.com;cust_%024d;Anna Smith\n", distinct: lines},
		{name: "repeated", row: "cust_%024d\n", distinct: min(1000, lines)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var held uint64
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				b.StopTimer()
				base := heapInUse()
				b.StartTimer()
				ids, _, err := customerids.Read(&generatedList{n: lines, mod: bc.distinct, header: bc.header, row: bc.row})
				b.StopTimer()
				if err != nil || len(ids) != bc.distinct {
					b.Fatalf("%d IDs, error %v", len(ids), err)
				}
				if h := heapInUse(); h > base {
					held = max(held, h-base)
				}
				runtime.KeepAlive(ids)
				b.StartTimer()
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(lines), "alloc-B/line")
			b.ReportMetric(float64(held)/float64(lines), "held-B/line")
		})
	}
}

// heapInUse returns the bytes of live heap objects after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
