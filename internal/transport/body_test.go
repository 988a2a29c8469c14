package transport

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestReadBody(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 100) // 1000 bytes
	cases := []struct {
		name     string
		r        io.Reader
		limit    int64
		hint     int64
		want     int
		tooLarge bool
	}{
		{"exact hint", bytes.NewReader(data), 4096, 1000, 1000, false},
		{"no hint", bytes.NewReader(data), 4096, -1, 1000, false},
		{"wrong small hint", bytes.NewReader(data), 4096, 10, 1000, false},
		{"hint above limit", bytes.NewReader(data), 500, 1000, 500, true},
		{"at the limit", bytes.NewReader(data), 1000, -1, 1000, false},
		{"one over the limit", bytes.NewReader(data), 999, -1, 999, true},
		{"one byte at a time", iotest.OneByteReader(bytes.NewReader(data)), 4096, -1, 1000, false},
		{"data and EOF together", iotest.DataErrReader(bytes.NewReader(data)), 4096, 1000, 1000, false},
		{"empty", bytes.NewReader(nil), 10, 0, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadBody(tc.r, tc.limit, tc.hint)
			if tc.tooLarge != errors.Is(err, ErrBodyTooLarge) || (!tc.tooLarge && err != nil) {
				t.Fatalf("err = %v, tooLarge want %v", err, tc.tooLarge)
			}
			if !bytes.Equal(got, data[:tc.want]) {
				t.Errorf("got %d bytes, want the first %d", len(got), tc.want)
			}
		})
	}
	// A body cut after its first bytes: what arrived is kept with the error, so
	// that the ID of a created segment can still be read from it.
	cut := io.MultiReader(bytes.NewReader(data[:7]), iotest.ErrReader(io.ErrUnexpectedEOF))
	if got, err := ReadBody(cut, 10, -1); !errors.Is(err, io.ErrUnexpectedEOF) || !bytes.Equal(got, data[:7]) {
		t.Errorf("a cut body: %q, %v; want its first 7 bytes and the error", got, err)
	}
}

func TestReadBodyAllocatesOnceWithAnExactHint(t *testing.T) {
	data := bytes.Repeat([]byte("x"), 10000)
	r := bytes.NewReader(data)
	for _, limit := range []int64{1 << 20, int64(len(data))} { // well within the limit, and at it
		allocs := testing.AllocsPerRun(100, func() {
			r.Reset(data)
			if _, err := ReadBody(r, limit, int64(len(data))); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 1 {
			t.Errorf("limit %d: %v allocations, want 1", limit, allocs)
		}
	}
}
