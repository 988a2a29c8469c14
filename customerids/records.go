package customerids

import (
	"bufio"
	"bytes"
	"errors"
)

// maxLine bounds a record (a line, or the lines a quoted field spans), so that
// an input without line breaks cannot fill the memory.
const maxLine = 1 << 20

// maxSeparators bounds the separators in a record, quoted or not: encoding/csv
// makes a field of each, and a line of 1 MiB of commas would otherwise take a
// million fields (tens of MiB). 16,384 is the most columns a spreadsheet
// (Excel) exports.
const maxSeparators = 16 << 10

// The bounds a recordReader refuses to pass.
var (
	errRecordTooLong     = errors.New("record too long")
	errTooManySeparators = errors.New("too many separators in one record")
)

// recordReader is the input of the CSV reader. It hands on one line at a time,
// so that the CSV reader's buffer never holds more than the record being
// parsed, and refuses to hand on more than maxLine bytes or maxSeparators
// separators of one record (from its first byte after the last mark): then the
// record the CSV reader splits is bounded, whatever the input.
type recordReader struct {
	pending  []byte // the first non-blank line, read again before br
	br       *bufio.Reader
	sep      []byte // the separator the CSV reader splits on
	n, seps  int    // bytes and separators of the record handed on
	newlines int    // line breaks handed on
	start    int    // the line the record began on, counting from 1; 0 until it did
	open     bool   // whether the last line handed on lacks its line break
	exceeded error  // the bound hit, once one is
}

func (r *recordReader) Read(p []byte) (int, error) {
	if r.exceeded != nil {
		return 0, r.exceeded
	}
	if len(p) == 0 {
		return 0, nil
	}
	chunk := r.pending
	if len(chunk) == 0 {
		if r.br.Buffered() == 0 {
			if _, err := r.br.Peek(1); err != nil {
				return 0, err
			}
		}
		chunk, _ = r.br.Peek(r.br.Buffered())
	}
	if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
		chunk = chunk[:i+1]
	}
	chunk = chunk[:min(len(chunk), len(p))]
	// The CSV reader skips the empty lines before a record: they are not part
	// of it, and count towards no bound.
	skipped := r.start == 0 && (string(chunk) == "\n" || string(chunk) == "\r\n")
	if r.start == 0 && !skipped {
		r.start = r.newlines + 1
	}
	seps := bytes.Count(chunk, r.sep)
	switch {
	case r.n+len(chunk) > maxLine:
		r.exceeded = errRecordTooLong
	case r.seps+seps > maxSeparators:
		r.exceeded = errTooManySeparators
	}
	if r.exceeded != nil {
		return 0, r.exceeded
	}
	n := copy(p, chunk)
	if len(r.pending) > 0 {
		r.pending = r.pending[n:]
	} else {
		_, _ = r.br.Discard(n)
	}
	if !skipped {
		r.n += n
		r.seps += seps
	}
	r.newlines += bytes.Count(p[:n], []byte{'\n'})
	r.open = p[n-1] != '\n'
	return n, nil
}

// mark starts a new record.
func (r *recordReader) mark() { r.n, r.seps, r.start = 0, 0, 0 }

// recordLine returns the line, of those handed on, that the record being read
// began on: set with its first byte, and so whenever a bound was hit.
func (r *recordReader) recordLine() int { return r.start }

// lines returns how many lines were handed on: the line breaks, and a last
// line without one.
func (r *recordReader) lines() int {
	if r.open {
		return r.newlines + 1
	}
	return r.newlines
}
