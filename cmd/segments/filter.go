package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/voucherify-go/segments"
)

// maxFilterFileBytes bounds a filter read with --filter @FILE.
const maxFilterFileBytes = 1 << 20

// parseFilter returns the filter given to --filter: JSON, or @FILE to read the
// JSON from FILE (@- for stdin). Numbers are kept as written (json.Number), so
// the filter is sent as given. A file that cannot be read is an ordinary error;
// JSON that is not an object is a *usageError. Whether the object is a filter
// in the API's format is the SDK's check.
func parseFilter(value string, stdin io.Reader) (segments.Filter, error) {
	src := []byte(value)
	if name, ok := strings.CutPrefix(value, "@"); ok {
		data, err := readInput(name, stdin, maxFilterFileBytes)
		if err != nil {
			return nil, fmt.Errorf("--filter: %w", err)
		}
		src = data
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, usageErrorf("--filter: empty; give a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var f segments.Filter
	if err := dec.Decode(&f); err != nil {
		return nil, usageErrorf("--filter: not a JSON object: %w", err)
	}
	if err := dec.Decode(new(json.RawMessage)); !errors.Is(err, io.EOF) {
		return nil, usageErrorf("--filter: unexpected data after the JSON object")
	}
	if f == nil {
		return nil, usageErrorf("--filter: not a JSON object: null")
	}
	return f, nil // checked by the SDK, before it sends anything
}
