package main

import (
	"fmt"
	"io"
	"os"
)

// readInput reads all of the file name, or stdin when name is "-", refusing
// more than limit bytes.
func readInput(name string, stdin io.Reader, limit int64) ([]byte, error) {
	r := stdin
	label := "standard input"
	if name != "-" {
		f, err := os.Open(name) //nolint:gosec // G304: reading the file the user named is the point
		if err != nil {
			return nil, fmt.Errorf("reading: %w", err)
		}
		defer func() { _ = f.Close() }()
		r, label = f, name
	}
	if r == nil {
		return nil, fmt.Errorf("reading %s: no standard input", label)
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", label, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("reading %s: larger than %d bytes", label, limit)
	}
	return data, nil
}
