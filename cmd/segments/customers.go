package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/voucherify-go/segments/customerids"
)

// maxCustomersFileBytes bounds a customers file: room for far more IDs than a
// static segment may hold, so that the SDK's own refusal of more than
// segments.MaxStaticCustomers is what the user sees, while a wrong file (a
// database dump) is refused before it fills the memory.
const maxCustomersFileBytes = 64 << 20

// readCustomers reads the customer IDs of the file name ("-" for stdin) with
// customerids.Read, and returns them with its report.
func readCustomers(name string, stdin io.Reader) ([]string, customerids.Report, error) {
	var report customerids.Report
	r, label := stdin, "standard input"
	if name != "-" {
		f, err := os.Open(name) //nolint:gosec // G304: reading the file the user named is the point
		if err != nil {
			return nil, report, fmt.Errorf("--customers-file: %w", err)
		}
		defer func() { _ = f.Close() }()
		r, label = f, name
	}
	if r == nil {
		return nil, report, fmt.Errorf("--customers-file %s: no standard input", label)
	}
	ids, report, err := customerids.Read(&boundedReader{r: r, left: maxCustomersFileBytes + 1})
	var le *customerids.Error
	switch {
	case errors.As(err, &le):
		// The SDK's message, with the file's name instead of its prefix.
		return nil, report, fmt.Errorf("--customers-file %s: line %d: %s", label, le.Line, le.Reason)
	case err != nil:
		return nil, report, fmt.Errorf("--customers-file %s: %w", label, err)
	case len(ids) == 0:
		return nil, report, fmt.Errorf("--customers-file %s: no customer IDs in it (%s)", label, linesRead(report))
	}
	return ids, report, nil
}

// describeList says what was read: how many IDs, from how many lines, what was
// dropped.
func describeList(ids []string, report customerids.Report) string {
	return fmt.Sprintf("%d %s (%s, %d %s dropped, %d blank %s skipped)",
		len(ids), plural(len(ids), "customer", "customers"),
		linesRead(report),
		report.Duplicates, plural(report.Duplicates, "duplicate", "duplicates"),
		report.Blanks, plural(report.Blanks, "line", "lines"))
}

// linesRead says how many lines were read, and from which column.
func linesRead(report customerids.Report) string {
	s := fmt.Sprintf("%d %s read", report.Lines, plural(report.Lines, "line", "lines"))
	if report.Column != "" {
		s += fmt.Sprintf(", column %q", report.Column)
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// boundedReader reads r, failing once left bytes were read.
type boundedReader struct {
	r    io.Reader
	left int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, fmt.Errorf("larger than %d MiB", maxCustomersFileBytes>>20)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}
