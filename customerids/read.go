package customerids

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Report says what Read read, for telling the person who gave the list what
// will be sent.
type Report struct {
	// Lines is how many lines were read, header and blank lines included.
	Lines int
	// Duplicates is how many IDs were dropped because they appeared on an
	// earlier line; the first occurrence of each ID is kept, in order.
	Duplicates int
	// Blanks is how many blank lines (empty, white space only, or only
	// separators) were skipped.
	Blanks int
	// Delimiter separates the columns: ',', ';' or '\t'; 0 for a list of one
	// column.
	Delimiter rune
	// Column is the header of the column the IDs were read from, as written
	// (such as "Customer ID"); "" when the list has no header.
	Column string
}

// Read reads a list of customer IDs and returns the IDs in the order of the
// list, without duplicates, with a report of what it read. A list it cannot
// read without guessing is refused with an [*Error] naming the line and the
// reason, and no ID is returned. The package documentation says what a list
// may hold and what is refused.
func Read(r io.Reader) ([]string, Report, error) {
	var l reader
	ids, err := l.read(r)
	if err != nil {
		return nil, l.report, err
	}
	l.report.Blanks = l.report.Lines - l.covered
	return ids, l.report, nil
}

// peekBuffer is the size of the buffer the first non-blank line is found in;
// a header longer than that is refused.
const peekBuffer = 64 << 10

// The byte order marks Read recognises.
const (
	bomUTF8    = "\xEF\xBB\xBF"
	bomUTF16LE = "\xFF\xFE"
	bomUTF16BE = "\xFE\xFF"
)

// reader is the state of one Read call.
type reader struct {
	report Report
	layout listLayout
	ids    []string
	seen   map[string]struct{}
	// covered counts the lines that held the header or an ID; the others were
	// blank.
	covered int
}

// read reads the whole list.
func (l *reader) read(r io.Reader) ([]string, error) {
	br := bufio.NewReaderSize(r, peekBuffer)
	if err := skipBOM(br); err != nil {
		return nil, err
	}
	first, lineNo, err := firstLine(br)
	if err != nil {
		return nil, err
	}
	if first == nil {
		l.report.Lines = lineNo
		return nil, nil
	}
	if l.layout, err = detectLayout(string(first), lineNo); err != nil {
		return nil, err
	}
	l.report.Delimiter, l.report.Column = l.layout.delimiter, l.layout.name

	// The CSV reader reads the first line again, then the rest; its line
	// numbers start there.
	offset := lineNo - 1
	in := &recordReader{pending: first, br: br, sep: []byte(string(l.layout.comma()))}
	cr := csv.NewReader(in)
	cr.Comma = l.layout.comma()
	cr.FieldsPerRecord = -1 // checked in record, with a message saying what differs
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = l.layout.delimiter != '\t' // it would eat empty tab-separated fields
	l.seen = make(map[string]struct{})
	next := lineNo // where the next record starts, at the earliest
	for {
		in.mark()
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if in.exceeded != nil {
				next = offset + in.recordLine()
			}
			return nil, readError(err, next, offset, in.exceeded)
		}
		line, _ := cr.FieldPos(0)
		line += offset
		if err := l.record(rec, line); err != nil {
			return nil, err
		}
		next = line + 1 + countNewlines(rec)
	}
	l.report.Lines = offset + in.lines()
	return l.ids, nil
}

// record takes one CSV record starting on line.
func (l *reader) record(rec []string, line int) error {
	for _, f := range rec {
		if err := checkText(f, line); err != nil {
			return err
		}
	}
	if blankRecord(rec) {
		return nil // counted as blank lines at the end
	}
	l.covered += 1 + countNewlines(rec)
	if l.layout.header && line == l.layout.headerLine {
		return nil
	}
	if len(rec) != l.layout.width {
		if l.layout.width == 1 {
			return &Error{Line: line, Reason: fmt.Sprintf("%q holds a ',': a list without a header holds one customer ID per line; a CSV file needs a header naming its ID column (id, customer_id)", cut(strings.Join(rec, ","), 60))}
		}
		return &Error{Line: line, Reason: fmt.Sprintf("%d fields, but the header on line %d has %d", len(rec), l.layout.headerLine, l.layout.width)}
	}
	id := strings.TrimSpace(rec[l.layout.column])
	if _, dup := l.seen[id]; dup {
		l.report.Duplicates++ // checked where it was first seen
		return nil
	}
	if err := l.checkID(id, line); err != nil {
		return err
	}
	if len(rec) > 1 || len(id) != len(rec[0]) {
		// The field is a slice of the whole record's string: keep the ID alone.
		id = strings.Clone(id)
	}
	l.seen[id] = struct{}{}
	l.ids = append(l.ids, id)
	return nil
}

// checkID refuses what cannot be a customer ID, on line.
func (l *reader) checkID(id string, line int) error {
	if id == "" {
		return &Error{Line: line, Reason: fmt.Sprintf("no customer ID in column %q", l.layout.name)}
	}
	if l.layout.width == 1 {
		if i := strings.IndexAny(id, delimiters); i >= 0 {
			return &Error{Line: line, Reason: fmt.Sprintf("%q holds a %q: a list without a header holds one customer ID per line; a CSV file needs a header naming its ID column (id, customer_id)", cut(id, 60), id[i])}
		}
	}
	if isIDColumnName(id) {
		return &Error{Line: line, Reason: fmt.Sprintf("%q is a column name, not a customer ID: were two files joined?", id)}
	}
	return checkVisible(id, line)
}

// skipBOM drops a UTF-8 byte order mark at the start and refuses UTF-16.
func skipBOM(br *bufio.Reader) error {
	peeked, _ := br.Peek(len(bomUTF8))
	start := string(peeked)
	switch {
	case start == bomUTF8:
		_, _ = br.Discard(len(bomUTF8))
	case strings.HasPrefix(start, bomUTF16LE), strings.HasPrefix(start, bomUTF16BE):
		return &Error{Line: 1, Reason: "the file is UTF-16: save it as UTF-8"}
	}
	return nil
}

// firstLine skips blank lines (white space and separators only) up to the
// first line holding more, and returns a copy of it and its number. At the
// end of the input without one, line is nil and lineNo the number of lines.
// A blank line may be as long as any record (maxLine); the first line holding
// more is at most peekBuffer long.
func firstLine(br *bufio.Reader) (line []byte, lineNo int, err error) {
	for {
		b, err := br.ReadSlice('\n')
		n, isBlank := len(b), blankBytes(b)
		for isBlank && errors.Is(err, bufio.ErrBufferFull) && n <= maxLine {
			b, err = br.ReadSlice('\n')
			n, isBlank = n+len(b), blankBytes(b)
		}
		switch {
		case n > maxLine:
			return nil, 0, &Error{Line: lineNo + 1, Reason: fmt.Sprintf("a line longer than %d KiB", maxLine>>10)}
		case errors.Is(err, bufio.ErrBufferFull) || !isBlank && n > len(b):
			return nil, 0, &Error{Line: lineNo + 1, Reason: fmt.Sprintf("the first line is longer than %d KiB", peekBuffer>>10)}
		}
		if n > 0 {
			lineNo++
			if !isBlank {
				if err := checkText(string(b), lineNo); err != nil {
					return nil, 0, err
				}
				return bytes.Clone(b), lineNo, nil
			}
		}
		if errors.Is(err, io.EOF) {
			return nil, lineNo, nil
		}
		if err != nil {
			return nil, 0, readError(err, lineNo+1, 0, nil)
		}
	}
}

// readError turns an error of the CSV reader (or of the input under it) into an
// *Error. line is where the failed read started; the CSV reader's own line
// numbers are offset lines short. exceeded is the bound of recordReader the
// read hit, if it hit one.
func readError(err error, line, offset int, exceeded error) error {
	var pe *csv.ParseError
	switch {
	case errors.Is(exceeded, errRecordTooLong):
		return &Error{Line: line, Reason: fmt.Sprintf("a line (or a quoted field spanning lines) longer than %d KiB", maxLine>>10)}
	case errors.Is(exceeded, errTooManySeparators):
		return &Error{Line: line, Reason: fmt.Sprintf("more than %d separators in one record (quoted or not): no list of customer IDs has that many columns", maxSeparators)}
	case errors.As(err, &pe):
		reason := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
			reason = "a double quote that does not open or close a quoted field: " + reason
		}
		return &Error{Line: pe.StartLine + offset, Reason: reason, Err: err}
	default:
		return &Error{Line: line, Reason: "reading: " + err.Error(), Err: err}
	}
}

// countNewlines counts the line breaks inside the quoted fields of rec.
func countNewlines(rec []string) int {
	n := 0
	for _, f := range rec {
		n += strings.Count(f, "\n")
	}
	return n
}
